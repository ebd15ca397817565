"""Dutch search quality on the seeds: compounds, synonyms, stem overrides, did-you-mean."""

import pytest
from conftest import CAU, ISV, SOMO

from indexer import analysis
from indexer.index.build import build_index
from indexer.index.store import IndexHandle
from indexer.search import search, suggest, synonyms


@pytest.fixture(scope="module")
def handle(seed_index):
    return IndexHandle(seed_index)


def find(handle, q):
    return search(handle.searcher(), q, generation=handle.generation)


def ids(result):
    return [h.id for h in result.hits]


@pytest.mark.parametrize("q, doc, compound", [
    ("arbeid", CAU, "kinderarbeid"),
    ("arbeid", ISV, "arbeidsomstandigheden"),
    ("ontwijking", SOMO, "belastingontwijking"),
    ("leverancier", ISV, "natuursteenleverancier"),
])
def test_compound_heads_and_modifiers_find_the_compound(handle, q, doc, compound):
    r = find(handle, q)
    assert doc in ids(r)
    hit = next(h for h in r.hits if h.id == doc)
    assert f"<mark>{compound}</mark>" in hit.snippet.html().lower()


def test_compound_parts_come_from_the_lexicon_with_linking_s():
    assert analysis.part_terms("convenantspartijen") == (analysis.term_for("convenant"),
                                                          analysis.term_for("partijen"))
    assert analysis.part_terms("toetsenbord") == ()
    assert analysis.part_terms("netwerken") == ()


def test_whole_word_match_ranks_above_part_match(tmp_path):
    (tmp_path / "a.txt").write_text("Rapport een\n\nHet gaat over kinderarbeid in de mijnen.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rapport twee\n\nHet gaat over arbeid in de mijnen.", encoding="utf-8")
    build_index(tmp_path, tmp_path / "ix")
    r = search(IndexHandle(tmp_path / "ix").searcher(), "arbeid")
    assert ids(r) == ["b", "a"]
    assert r.hits[0].score > r.hits[1].score


def test_synonyms_find_the_other_spelling(handle):
    r = find(handle, "OECD")
    assert ISV in ids(r)  # 003 only says OESO
    isv = next(h for h in r.hits if h.id == ISV)
    assert "<mark>OESO</mark>" in isv.snippet.html()
    assert ids(find(handle, "uganda")) == [CAU]  # 000 only says Oeganda


def test_multi_word_synonym_is_a_phrase(handle):
    r = find(handle, "mvo")
    som = next(h for h in r.hits if h.id == SOMO)
    assert "<mark>maatschappelijk verantwoord ondernemen</mark>" in som.snippet.html()


def test_excluding_a_word_excludes_its_synonym(handle):
    assert CAU not in ids(find(handle, "project -uganda"))


def test_synonym_file_is_configurable(tmp_path, monkeypatch, seed_index):
    from indexer.search.service import SearchService
    from indexer.settings import Settings
    custom = tmp_path / "syn.txt"
    custom.write_text("# test\nwalvis, somo\n", encoding="utf-8")
    monkeypatch.setenv("ZOEK_SYNONYMS", str(custom))
    service = SearchService(Settings.load(index=seed_index))  # the environment is read here, once
    monkeypatch.delenv("ZOEK_SYNONYMS")
    assert ids(service.search("walvis")) == [SOMO]
    assert service.search("oecd").total == 1  # the shipped groups are not in this file
    assert ids(search(IndexHandle(seed_index).searcher(), "walvis")) == []  # no setting: shipped groups


def test_synonym_groups_are_analysed():
    groups = synonyms.parse_groups("Oeganda, Uganda\nIMVO, internationaal maatschappelijk verantwoord ondernemen\n")
    assert groups[0] == [("oeganda",), ("uganda",)]
    assert groups[1][1] == tuple(analysis.query_terms("internationaal maatschappelijk verantwoord ondernemen"))


@pytest.mark.parametrize("a, b", [("fiets", "fietsen"), ("kind", "kinderen"),
                                  ("leefbaar", "leefbare"), ("coordineren", "coordinatie"),
                                  ("woord", "woorden"), ("veld", "velden"), ("open", "openen"),
                                  ("bladen", "blad"), ("tekens", "teken"), ("scripts", "script")])
def test_stem_overrides_join_what_snowball_splits(a, b):
    assert analysis.term_for(a) == analysis.term_for(b)


@pytest.mark.parametrize("a, b", [("gegevens", "geven"), ("waarde", "waar"),
                                  ("venster", "ven"), ("getal", "tal")])
def test_stem_overrides_part_what_snowball_conflates(a, b):
    assert analysis.term_for(a) != analysis.term_for(b)


def test_stem_exclusion_keeps_the_word():
    assert analysis.term_for("fiets") == "fiets"  # Snowball alone gives "fiet"


def test_did_you_mean(handle, client):
    assert find(handle, "kinderarbied").suggestion == "kinderarbeid"
    assert find(handle, "kinderarbeid").suggestion is None
    data = client.get("/api/search?q=kinderarbied").get_json()
    assert data["suggestion"] == "kinderarbeid"
    html = client.get("/?q=kinderarbied").text
    assert "Bedoelde u" in html and 'href="/?q=kinderarbeid"' in html


def test_did_you_mean_keeps_the_rest_of_the_query(handle):
    assert find(handle, "netwerkn kinderarbeid").suggestion == "netwerk kinderarbeid"


def test_completions_are_words_then_titles(handle):
    out = suggest.completions(handle.searcher(), handle.generation, "isv aca")
    assert out[0] == {"text": "isv academie", "kind": "term", "id": None}
    assert {"kind": "title", "id": ISV} .items() <= out[-1].items()
    words = [c["text"] for c in suggest.completions(handle.searcher(), handle.generation, "netw")]
    assert "netwerk" in words and "netwerken" in words
