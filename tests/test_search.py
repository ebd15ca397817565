"""Ranked search over the seed index, through the one search function."""

import pytest
from conftest import CAU, ISV, SOMO

from indexer.search import get_document, search
from indexer.search.query import QueryError


def ids(result):
    return [h.id for h in result.hits]


def test_netwerken_finds_somo_with_marked_word_as_written(searcher):
    r = search(searcher, "netwerken")
    assert ids(r)[0] == SOMO and r.match == "all"
    html = r.hits[0].snippet.html()
    assert "<mark>Netwerken</mark>" in html or "<mark>netwerken</mark>" in html


def test_missing_diacritics_still_match(searcher):
    r = search(searcher, "coordineren")
    assert SOMO in ids(r)
    assert "<mark>coördineren</mark>" in r.hits[0].snippet.html()
    r = search(searcher, "potentiele")
    assert ids(r) == [CAU] and "<mark>potentiéle</mark>" in r.hits[0].snippet.html()


def test_inflections_match(searcher):
    assert ISV in ids(search(searcher, "lonen"))
    assert ISV in ids(search(searcher, "leefbaar loon"))


def test_title_outranks_body(searcher):
    # "invloed" is in 000's title and in the bodies of 000 and 003.
    r = search(searcher, "invloed")
    assert ids(r) == [CAU, ISV] and r.hits[0].score > 2 * r.hits[1].score
    r = search(searcher, "title:collectief")
    assert ids(r) == [CAU]


def test_all_words_first_then_any_and_says_so(searcher):
    r = search(searcher, "somo oeganda")
    assert r.match == "any" and set(ids(r)) == {SOMO, CAU}
    r = search(searcher, "somo netwerken")
    assert r.match == "all" and ids(r) == [SOMO]


def test_phrase_exclusion_or_prefix(searcher):
    assert ids(search(searcher, '"leefbaar loon"')) == [ISV]
    assert search(searcher, '"loon leefbaar"').total == 0
    assert CAU in ids(search(searcher, "netwerk"))
    assert CAU not in ids(search(searcher, "netwerk -oeganda"))
    assert set(ids(search(searcher, "oeganda OR kahoot"))) == {CAU, ISV}
    r = search(searcher, "netwerkorg*")
    assert ids(r) == [SOMO] and "<mark>netwerkorganisatie</mark>" in r.hits[0].snippet.html()


def test_hyphen_inside_a_word_is_not_an_exclusion(searcher):
    # 003 writes "OESO-richtlijnen", 004 has both words too; "-richtlijnen"
    # would exclude them.
    both = {ISV, SOMO}
    assert set(ids(search(searcher, "OESO-richtlijnen"))) == both
    assert search(searcher, "oeso -richtlijnen").total == 0
    # Dutch elision ("HTML-import en -export"): -word after en/of is a word.
    assert set(ids(search(searcher, "OESO en -richtlijnen"))) == both
    assert set(ids(search(searcher, "OESO Of -richtlijnen"))) == both
    assert ids(search(searcher, "netwerk - oeganda")) == [CAU]


def test_url_junk_is_not_searchable(searcher):
    assert search(searcher, "20zijn").total == 0
    for junk in ["sharearticle", "h5mag", "facebook"]:
        assert search(searcher, junk).total == 0
    # Not a word of the index: only its parts are searched, and the page says so.
    junk = search(searcher, "collectiefinvloed")
    assert "gezocht als: collectief invloed" in junk.notices
    assert not any("collectiefinvloed" in h.snippet.text.lower() for h in junk.hits)
    assert ids(search(searcher, "linkedin")) == [ISV]  # 003 names it in its text


@pytest.mark.parametrize("q", ['"leefbaar loon', "(netwerk", "NOT NOT NOT netwerk", "netwerk AND",
                               "OR", "titel:netwerk", "netwerk^", "{a TO z}", "-", "+", "~"])
def test_bad_syntax_is_read_leniently(searcher, q):
    try:
        r = search(searcher, q)
    except QueryError as err:
        assert str(err)  # a clear message, and never another exception
    else:
        assert r.total >= 0


def test_only_stopwords_or_empty_is_a_query_error(searcher):
    for q in ["de het een", "", "   "]:
        with pytest.raises(QueryError):
            search(searcher, q)


def test_paging(searcher):
    r1 = search(searcher, "netwerk OR loon OR oeganda", per_page=2, page=1)
    r2 = search(searcher, "netwerk OR loon OR oeganda", per_page=2, page=2)
    assert r1.total == r2.total == 3 and len(r1.hits) == 2 and len(r2.hits) == 1
    assert not set(ids(r1)) & set(ids(r2))
    with pytest.raises(QueryError):
        search(searcher, "netwerk", per_page=101)
    with pytest.raises(QueryError):
        search(searcher, "netwerk", page=500, per_page=100)


def test_document_view_highlights_every_hit(searcher):
    view = get_document(searcher, SOMO, "netwerken")
    marked = [view.body.text[s:e].lower() for s, e in view.body.ranges]
    assert len(marked) == view.hits >= 10
    assert {"netwerk", "netwerken"} <= set(marked)
    assert all("netwerk" in word for word in marked)  # also compounds: netwerkorganisatie
    assert get_document(searcher, "../etc/passwd") is None


@pytest.mark.parametrize("q", ["netwerk", "netwerk -oeganda", "oeganda OR kahoot", '"leefbaar loon"',
                               "arbeid", "netw*", "oecd", "somo netwerken"])
def test_total_equals_whoosh_count(searcher, q):
    from indexer.search.query import parse
    parsed = parse(q, searcher.schema, searcher.reader())
    assert search(searcher, q).total == len(searcher.search(parsed.query, limit=None))


def test_total_ignores_deleted_documents(seeds, tmp_path):
    import whoosh.index

    from indexer.index.build import build_index
    from indexer.index.store import current_generation
    build_index(seeds, tmp_path / "ix")
    ix = whoosh.index.open_dir(str(current_generation(tmp_path / "ix")))
    with ix.writer() as w:
        w.delete_by_term("id", SOMO)
    searcher = ix.searcher()
    r = search(searcher, "netwerk")
    assert r.total == 1 and ids(r) == [CAU]


def test_exact_title_ranks_first_among_titles_that_stem_the_same(tmp_path):
    from indexer.index.build import build_index
    from indexer.index.store import IndexHandle
    (tmp_path / "a.txt").write_text("Rij invoegen\n\nHoe u een rij invoegt in een tabel.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rijen invoegen\n\nHoe u rijen invoegt in een tabel.", encoding="utf-8")
    build_index(tmp_path, tmp_path / "ix")
    searcher = IndexHandle(tmp_path / "ix").searcher()
    assert ids(search(searcher, "Rijen invoegen"))[0] == "b"
    assert ids(search(searcher, "rij invoegen"))[0] == "a"
    assert search(searcher, "Rijen invoegen").total == 2  # a bonus, not a filter
