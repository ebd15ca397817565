"""Snippets that show why a document matched, from anywhere in it (issue 12).

The documents are generated here: a long HTML page whose only match is in its
last 1%, a PDF whose contents page lists the chapter with dot leaders, pages
with navigation, phrases, compounds. The index is a real build of them.
"""

import re

import pytest
from corpus import make_corpus
from docgen import filler, wrap, write_html, write_pdf

from indexer.index.build import build_index
from indexer.index.store import IndexHandle
from indexer.search import get_document, search
from indexer.search.highlight import Finder
from indexer.search.query import parse
from indexer.search.results import to_json
from indexer.search.suggest import vocabulary

AVOID = ("zeekoe", "risicobeheer", "geluid", "opnemen", "financieel", "beheer", "servic",
         "walvis", "coordin", "coördin", "agreement", "level")
MARK_RE = re.compile(r"<mark>(.*?)</mark>")


@pytest.fixture(scope="module")
def handle(tmp_path_factory):
    src = tmp_path_factory.mktemp("snippet-src")
    make_corpus(src / "filler", 40, seed=3)
    tail = filler(300_000, seed=1, avoid=AVOID)
    write_html(src / "long.html", "Een lange handleiding",
               tail[:-1] + ["Tot slot de zeekoeientelling van dit jaar, met een korte uitleg."] + tail[-1:])
    chapter = filler(2_500, seed=2, avoid=AVOID)
    toc = ["Inhoud"] + [f"{n}.1 Hoofdstuk {n} . . . . . . . . . . . . . . {n * 3}" for n in range(1, 5)]
    toc[3:3] = ["4.4.4 Risicobeheer . . . . . . . . . . . . . . . . 31",
                "4.4.5 Risicobeheer in de keten . . . . 32"]
    body = wrap(" ".join(chapter)) + ["4.4.4 Risicobeheer"] + wrap(
        "Het risicobeheer van de organisatie is een taak van iedereen: elke afdeling legt vast welke "
        "risico's zij loopt en hoe zij die beperkt. " + " ".join(chapter[:2]))
    write_pdf(src / "handleiding.pdf", [toc, wrap(" ".join(chapter)), body])
    phrase_text = " ".join(filler(800, seed=4, avoid=AVOID))
    (src / "beheer.txt").write_text(
        "Jaarverslag\n\nHet beheer van de website ligt bij de redactie. " + phrase_text +
        " Financieel gezien was het een goed jaar. " + phrase_text +
        " Het financieel beheer is in handen van de penningmeester; financieel beheer vraagt precisie.\n",
        encoding="utf-8")
    (src / "sla.txt").write_text(
        "Afspraken\n\nBel de Servicedesk bij een storing. " + " ".join(filler(600, seed=5, avoid=AVOID)) +
        " In de service level agreement staat hoe snel een storing wordt verholpen.\n", encoding="utf-8")
    write_html(src / "menu.html", "Geluid", filler(1_500, seed=6, avoid=AVOID)[:3] + [
        "Wie geluid wil opnemen, sluit eerst de microfoon aan en kiest dan het opnameniveau."],
        nav=["Start", "Geluid opnemen", "Geluid bewerken", "Opnemen", "Contact"])
    far = filler(6_000, seed=7, avoid=AVOID)
    (src / "ver.txt").write_text("Ver uit elkaar\n\nDe walvissen trekken naar het zuiden. " + " ".join(far) +
                                 " Het is een groot raadsel hoe ze daarbij hun zeekoeientelling bijhouden.\n",
                                 encoding="utf-8")
    (src / "accent.txt").write_text(
        "Accenten\n\n" + " ".join(filler(20_000, seed=8, avoid=AVOID)) +
        " Wij coördineren het werk; zij coordineerden het vroeger.\n", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("snippet-index")
    build_index(src, index_dir)
    return IndexHandle(index_dir)


def find(handle, q, **kw):
    return search(handle.searcher(), q, generation=handle.generation, **kw)


def hit(handle, q, doc_id):
    return next(h for h in find(handle, q).hits if h.id == doc_id)


def document(handle, doc_id, q):
    return get_document(handle.searcher(), doc_id, q, generation=handle.generation)


def test_a_match_in_the_last_percent_of_a_long_page_is_shown(handle):
    doc = handle.searcher().document(id="long")
    at = doc["body"].lower().index("zeekoeientelling")
    assert len(doc["body"]) > 290_000 and at > 0.99 * len(doc["body"])
    h = hit(handle, "zeekoeientelling", "long")
    assert MARK_RE.findall(h.snippet.html()) == ["zeekoeientelling"]
    assert to_json(h.matched) == [{"form": "zeekoeientelling", "from": "zeekoeientelling", "via": "word"}]
    view = document(handle, "long", "zeekoeientelling")
    assert view.hits == 1 and view.body.text[slice(*view.body.ranges[0])] == "zeekoeientelling"


def test_contents_page_leaders_lose_to_the_chapter_text(handle):
    h = hit(handle, "risicobeheer", "handleiding")
    assert "<mark>risicobeheer</mark> van de organisatie" in h.snippet.html()
    assert ". . ." not in h.snippet.text and h.page == 3


def test_navigation_loses_to_running_text(handle):
    h = hit(handle, "geluid opnemen", "menu")
    assert "Wie <mark>geluid</mark> wil <mark>opnemen</mark>" in h.snippet.html()


def test_a_phrase_is_marked_as_one_and_only_where_its_words_stand_together(handle):
    h = hit(handle, '"financieel beheer"', "beheer")
    assert set(MARK_RE.findall(h.snippet.html())) == {"financieel beheer"}
    assert {"form": "financieel beheer", "from": "financieel beheer", "via": "phrase"} in to_json(h.matched)
    view = document(handle, "beheer", '"financieel beheer"')
    marked = [view.body.text[s:e] for s, e in view.body.ranges]
    assert marked == ["financieel beheer", "financieel beheer"] and view.hits == 2


def test_without_quotes_every_word_is_marked(handle):
    view = document(handle, "beheer", "financieel beheer")
    assert view.hits == 6  # beheer, Financieel, and the words of the phrase twice


def test_two_fragments_when_the_words_are_far_apart(handle):
    h = hit(handle, "walvissen zeekoeientelling", "ver")
    html = h.snippet.html()
    assert " … " in h.snippet.text and MARK_RE.findall(html) == ["walvissen", "zeekoeientelling"]
    assert html.index("walvissen") < html.index(" … ") < html.index("zeekoeientelling")


def test_no_mark_on_a_compound_of_a_word_the_text_has_itself(handle):
    h = hit(handle, "service level agreement", "sla")
    assert "Servicedesk" not in " ".join(MARK_RE.findall(h.snippet.html()))
    view = document(handle, "sla", "service level agreement")
    assert [view.body.text[s:e] for s, e in view.body.ranges] == ["service", "level", "agreement"]
    assert all(m.form != "servicedesk" for m in h.matched)


def test_a_compound_is_marked_when_it_is_the_only_reason(handle):
    h = hit(handle, "desk", "sla")  # only inside Servicedesk, and desk is its head
    assert MARK_RE.findall(h.snippet.html()) == ["Servicedesk"]
    assert to_json(h.matched) == [{"form": "servicedesk", "from": "desk", "via": "compound"}]


def test_long_text_diacritics_and_stems(handle):
    h = hit(handle, "coordineren", "accent")
    assert MARK_RE.findall(h.snippet.html()) == ["coördineren", "coordineerden"]
    assert to_json(h.matched) == [{"form": "coördineren", "from": "coordineren", "via": "word"},
                         {"form": "coordineerden", "from": "coordineren", "via": "stem"}]


@pytest.mark.parametrize("q", ["coordineren", "zeekoeientelling walvissen", "tijd*", '"de organisatie"',
                               "organisatie -werk", "netwerken kinderarbeid", "risicobeheer"])
def test_the_vocabulary_scan_finds_what_word_by_word_analysis_finds(handle, q):
    """The fast path (prefixes of the vocabulary's forms) against the exact one."""
    searcher = handle.searcher()
    wanted = parse(q, searcher.schema, searcher.reader()).wanted
    fast, exact = Finder(wanted, vocabulary(handle.generation).forms_of), Finder(wanted)
    assert fast.prefixes is not None
    for doc_id in ("long", "ver", "accent", "handleiding", "sla", "beheer", "menu"):
        for text in searcher.document(id=doc_id).values():
            if isinstance(text, str):
                assert fast.find(text) == exact.find(text)


def test_decomposed_accents_fall_back_to_word_by_word(handle):
    searcher = handle.searcher()
    wanted = parse("kopieren", searcher.schema, searcher.reader()).wanted
    text = "x " * 5000 + "Wij kopie\u0308ren alles."
    found = Finder(wanted, vocabulary(handle.generation).forms_of).find(text)
    assert [text[f.start:f.end] for f in found] == ["kopie\u0308ren"]


def test_every_hit_of_a_paged_document_is_marked_on_its_page(handle):
    view = document(handle, "handleiding", "risicobeheer")
    assert [p.text[s:e].lower() for p in view.pages for s, e in p.ranges] == ["risicobeheer"] * 4
    assert [i for i, p in enumerate(view.pages, 1) if p.ranges] == [1, 3]


def test_did_you_mean_leaves_field_names_operators_and_phrases_alone(seed_index):
    seeds = IndexHandle(seed_index)

    def suggestion(q):
        return search(seeds.searcher(), q, generation=seeds.generation).suggestion

    assert suggestion("title:isv") is None
    assert suggestion('"netwerkn" kinderarbeid') is None
    assert suggestion("netwerkn OR kinderarbeid") == "netwerk OR kinderarbeid"
    assert suggestion('kinderarbied "due diligence" title:isv') == 'kinderarbeid "due diligence" title:isv'
    assert suggestion("title:kinderarbied") == "title:kinderarbeid"
    assert suggestion("netw* NOT kinderarbeid") is None


def test_prefixes_cover_every_form_once():
    from indexer.search.highlight import anchors
    forms = {"lat": ["laat", "laten", "gelaten"], "eu": ["eu", "eus", "euro"], "privet": ["привет"]}
    # gelaten holds laten, which is looked for inside words too; a two-letter
    # prefix is looked for at word starts only, so euro keeps its own
    assert anchors(["lat", "eu"], forms.get) == [("eu", False), ("euro", True), ("laat", True),
                                                 ("laten", True)]
    assert anchors(["lat", "privet"], forms.get) is None  # beyond Latin-1: analysed word by word
