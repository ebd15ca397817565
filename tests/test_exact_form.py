"""The exact form first (issue 15): a page with the very form typed, once in a long
body, ranks above a short page with only another form of the word, on a generated
corpus of 600 pages; and where every page with the word has the form typed, the
form adds nothing."""

import pytest
from corpus import make_corpus, seed_sentences

from indexer.index.build import build_index
from indexer.index.store import IndexHandle
from indexer.search import engine, query, search

AVOID = ("invert", "kleur", "fourier", "notitie")  # words of the pages below, kept out of the filler


def filler(words: int, skip: int = 0) -> str:
    """Seed sentences (none with a word searched here) up to `words` words."""
    taken, count = [], 0
    sentences = seed_sentences()
    for sentence in sentences[skip:] + sentences[:skip]:
        if count >= words:
            break
        if not any(w in sentence.lower() for w in AVOID):
            taken.append(sentence)
            count += len(sentence.split())
    return " ".join(taken)


# The very form once in a 300-word page, against a 60-word page with another form
# of the word: how the trema words of the relevance set were lost (geinverteerd,
# varierend) while the exact field was scored by BM25.
DOCS = {
    "fourier.txt": f"Fourieranalyse\n\n{filler(150)} De reeks wordt eerst geïnverteerd. "
                   f"{filler(150, skip=40)}\n",
    "kleurknoppen.txt": f"Kleurknoppen\n\n{filler(60, skip=90)} Met deze knop kunt u de kleuren van "
                        "de afbeelding inverteren.\n",
    "notitie-a.txt": f"Notitieblok\n\n{filler(40, skip=120)} Schrijf een notitie bij de dia.\n",
    "notitie-b.txt": f"Dia's\n\n{filler(200, skip=140)} Elke dia kan een notitie hebben.\n",
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    src = make_corpus(tmp_path_factory.mktemp("exact-src"), 600, seed=5)
    for name, text in DOCS.items():
        (src / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("exact-index")
    build_index(src, index_dir)
    return IndexHandle(index_dir).searcher()


def titles(searcher, text: str) -> list[str]:
    return [hit.title for hit in search(searcher, text).hits]


def test_the_form_typed_once_in_a_long_page_ranks_above_another_form(searcher):
    for typed in ("geinverteerd", "geïnverteerd"):
        assert titles(searcher, typed)[:2] == ["Fourieranalyse", "Kleurknoppen"], typed
    # The short page's own form finds it first.
    assert titles(searcher, "inverteren")[:2] == ["Kleurknoppen", "Fourieranalyse"]


def test_scored_by_bm25_the_long_page_loses(searcher, monkeypatch):
    # What the test above guards: BM25's length normalisation on the exact field.
    monkeypatch.setattr(engine, "EXACT_SCORING", "bm25")
    assert titles(searcher, "geinverteerd")[:2] == ["Kleurknoppen", "Fourieranalyse"]


def test_a_form_every_page_with_the_word_has_adds_nothing(searcher, monkeypatch):
    # Both pages say notitie: the form tells them apart from no page, so it is not
    # counted (gated), and the ranking and scores are those without the exact field.
    gated = search(searcher, "notitie")
    assert [h.title for h in gated.hits] == ["Notitieblok", "Dia's"]
    monkeypatch.setattr(engine, "EXACT_SCORING", "presence")
    plain = search(searcher, "notitie")
    assert all(g < p for g, p in zip([h.score for h in gated.hits], [h.score for h in plain.hits]))
    monkeypatch.delitem(query.FIELD_BOOSTS, "exact")
    without = search(searcher, "notitie")
    assert [h.score for h in gated.hits] == pytest.approx([h.score for h in without.hits])
