"""The Dutch analysis pipeline on sentences from the seeds."""

import pickle
import unicodedata

import pytest

from indexer.analysis import analyze, fold, query_terms, term_for
from indexer.index.schema import DutchAnalyzer, make_schema


def terms(text):
    return [t for t, _, _, _ in analyze(text)]


def test_seed_sentence_tokens_with_positions_and_offsets():
    text = "We coördineren verschillende (inter)nationale netwerken van NGO’s."
    out = analyze(text)
    assert [(t, p) for t, p, _, _ in out] == [
        ("we", 0), ("coordiner", 1), ("verschil", 2), ("inter", 3),
        ("national", 4), ("netwerk", 5), ("ngo", 7)]
    # offsets point at the word as written, diacritics and all
    assert [text[s:e] for _, _, s, e in out][1] == "coördineren"
    assert [text[s:e] for _, _, s, e in out][-1] == "NGO’s"


def test_diacritics_fold_both_ways():
    assert fold("Coördineren") == "coordineren"
    assert term_for("potentiéle") == term_for("potentiële") == term_for("potentiele")
    assert term_for("coördineren") == term_for("coordineren")
    assert term_for("beïnvloeden") == term_for("beinvloeden")


def test_decomposed_accents_stay_in_the_word():
    # NFD text (macOS, some PDFs): "coo" + U+0308 + "rdineren" is one word.
    text = unicodedata.normalize("NFD", "We coördineren en beïnvloeden")
    out = analyze(text)
    assert [t for t, _, _, _ in out] == ["we", "coordiner", "beinvloed"]
    assert [text[s:e] for _, _, s, e in out][1] == unicodedata.normalize("NFD", "coördineren")


@pytest.mark.parametrize("a, b", [("netwerk", "netwerken"), ("lonen", "loon"),
                                  ("partijen", "partij"), ("bedrijven", "bedrijf")])
def test_stemming_joins_inflections(a, b):
    assert term_for(a) == term_for(b)


def test_stopwords_are_dropped_but_keep_positions():
    assert terms("de werkgroep en het project") == ["werkgroep", "project"]
    assert [p for _, p, _, _ in analyze("de werkgroep en het project")] == [1, 4]


def test_hyphens_and_digits():
    assert terms("ISV-A 2019-2020 Covid-19") == ["isv", "2019", "2020", "covid", "19"]


def test_query_and_index_use_the_same_pipeline():
    schema = make_schema()
    assert schema["body"].analyzer is not None
    indexed = [t.text for t in schema["body"].analyzer("Netwerken gecoördineerd", mode="index")]
    assert indexed == query_terms("netwerken gecoordineerd")


def test_analyzer_survives_pickling_with_the_schema():
    schema = pickle.loads(pickle.dumps(make_schema()))
    assert [t.text for t in schema["title"].analyzer("Leefbare lonen")] == terms("Leefbare lonen")


def test_wildcard_text_is_folded_not_stemmed():
    tokens = [t.text for t in DutchAnalyzer()("Netwerk*", tokenize=False)]
    assert tokens == ["netwerk*"]


def test_fast_index_path_gives_the_analyzer_terms(seeds):
    """The indexer's Lexicon gives the terms the query-side analyzer yields."""
    from indexer.analysis import Lexicon, analyze_exact, analyze_parts, title_key
    lexicon = Lexicon()
    for path in seeds.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        analysed = lexicon.document("", text)
        postings = analysed.body.postings()
        tokens = [(t.text, t.pos) for t in DutchAnalyzer()(text, positions=True, mode="index")]
        assert sorted((term, pos) for term, poss in postings.items() for pos in poss) == sorted(tokens)
        assert all(poss == sorted(poss) for poss in postings.values())  # Whoosh stores deltas
        assert not analysed.title.postings() and analysed.title_key == ""
        assert lexicon.document(text, "").title_key == title_key(text)
        counted = {}
        for term, _, _, _ in analyze_parts(text):
            counted[term] = counted.get(term, 0) + 1
        assert analysed.parts.postings() == counted
        exact = {}
        for term, _, _, _ in analyze_exact(text):
            exact[term] = exact.get(term, 0) + 1
        assert analysed.exact.postings() == exact
        words = set(lexicon.strings(analysed.words))
        assert len(words) == len(analysed.words)
        if path.name.startswith("004"):
            assert {"netwerken", "coordineren"} <= words  # the vocabulary keeps words as written