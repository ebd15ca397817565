"""Filters, facet counts and date sort over a mixed collection: search, API and page."""

import re

import pytest

from indexer.search import get_document, search
from indexer.search.query import QueryError

# The collection (conftest.write_collection):
#   jaarverslagen/jaarverslag-2021 (docx, 2022), jaarverslagen/lilypond (pdf, 2023)
#   notities/overleg (md, 2020)
#   web/000.. (txt, 2021), web/003.. (txt, 2019), web/004.. (txt, 2018), web/isv-academie (html, 2019)
CAU, ISV, SOMO = "web/000_6ac86d6e3eb5e683", "web/003_cdb6cea62ffad741", "web/004_196958b4e3f56949"
BROAD = "netwerk OR loon OR software OR academie"


def ids(result):
    return {h.id for h in result.hits}


def test_facet_counts_over_all_hits(collection_searcher):
    r = search(collection_searcher, BROAD, per_page=2)
    assert r.total == 7 and len(r.hits) == 2
    assert r.facets == {
        "collection": {"web": 4, "jaarverslagen": 2, "notities": 1},
        "year": {"2023": 1, "2022": 1, "2021": 1, "2020": 1, "2019": 2, "2018": 1},
        "type": {"txt": 3, "docx": 1, "html": 1, "md": 1, "pdf": 1},
        "lang": {"nl": 7},
    }


def test_facet_counts_add_up(collection_searcher):
    r = search(collection_searcher, BROAD)
    for name in ("collection", "year", "type"):
        assert sum(r.facets[name].values()) == r.total, name
    assert list(r.facets["year"]) == sorted(r.facets["year"], reverse=True)


def test_each_filter(collection_searcher):
    r = search(collection_searcher, BROAD, filters={"collection": ["jaarverslagen"]})
    assert ids(r) == {"jaarverslagen/jaarverslag-2021", "jaarverslagen/lilypond"}
    assert r.facets["collection"] == {"jaarverslagen": 2}
    r = search(collection_searcher, BROAD, filters={"year": ["2019"]})
    assert ids(r) == {ISV, "web/isv-academie"}
    r = search(collection_searcher, BROAD, filters={"type": ["pdf"]})
    assert ids(r) == {"jaarverslagen/lilypond"} and r.hits[0].page


def test_filters_combine(collection_searcher):
    r = search(collection_searcher, BROAD, filters={"collection": ["web"], "year": ["2019", "2021"]})
    assert ids(r) == {ISV, "web/isv-academie", CAU}
    r = search(collection_searcher, BROAD, filters={"collection": ["web"], "type": ["html"]})
    assert ids(r) == {"web/isv-academie"} and r.filters == {"collection": ["web"], "type": ["html"]}
    r = search(collection_searcher, BROAD, filters={"collection": ["notities"], "type": ["pdf"]})
    assert r.total == 0 and r.hits == []


def test_sort_by_date_newest_first(collection_searcher):
    r = search(collection_searcher, BROAD, sort="date", per_page=20)
    dates = [h.date for h in r.hits]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2023-02-24"
    assert all(h.score > 0 for h in r.hits)  # scores stay scores under a date sort
    relevance = search(collection_searcher, BROAD, per_page=20)
    assert [h.id for h in relevance.hits] != [h.id for h in r.hits]
    assert ids(relevance) == ids(r)


def test_bad_filters_and_sort_are_query_errors(collection_searcher):
    for kwargs in [{"filters": {"year": ["19x9"]}}, {"filters": {"type": ["exe"]}},
                   {"filters": {"kleur": ["rood"]}}, {"sort": "titel"}]:
        with pytest.raises(QueryError):
            search(collection_searcher, "netwerk", **kwargs)


def test_pdf_hits_and_document_view_say_the_page(collection_searcher):
    r = search(collection_searcher, "kopiëren")
    assert [(h.id, h.page) for h in r.hits] == [("jaarverslagen/lilypond", 3)]
    assert search(collection_searcher, "muzieknotatieprogramma").hits[0].page == 1
    view = get_document(collection_searcher, "jaarverslagen/lilypond", "kopiëren")
    assert len(view.pages) == 3 and view.hits == 1
    assert [len(p.ranges) for p in view.pages] == [0, 0, 1]
    page3 = view.pages[2]
    assert page3.text[page3.ranges[0][0]:page3.ranges[0][1]] == "kopiëren"


def test_api_filters_facets_and_page_numbers(collection_client):
    data = collection_client.get("/api/search", query_string={"q": BROAD, "collection": "web",
                                                              "type": ["txt", "html"]}).get_json()
    assert data["filters"] == {"collection": ["web"], "type": ["txt", "html"]}
    assert data["total"] == 4 and data["facets"]["type"] == {"txt": 3, "html": 1}
    assert all(r["collection"] == "web" for r in data["results"])
    data = collection_client.get("/api/search?q=kopi%C3%ABren").get_json()
    assert data["results"][0]["page"] == 3 and data["results"][0]["type"] == "pdf"
    data = collection_client.get(f"/api/search?q={BROAD}&sort=date&year=2019").get_json()
    assert data["sort"] == "date" and [r["date"] for r in data["results"]] == ["2019-12-02", "2019-06-13"]


@pytest.mark.parametrize("bad", ["year=20x9", "type=exe", "sort=titel"])
def test_api_bad_filter_is_a_400(collection_client, bad):
    r = collection_client.get(f"/api/search?q=netwerk&{bad}")
    assert r.status_code == 400 and r.get_json()["ok"] is False and r.get_json()["error"]


def text_of(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_page_shows_facets_with_counts_in_dutch(collection_client):
    html = collection_client.get("/", query_string={"q": BROAD}).text
    text = text_of(html)
    for label in ["Collectie", "Jaar", "Type", "web 4", "jaarverslagen 2", "PDF 1", "Word 1", "2019 2"]:
        assert label in text, label
    assert 'href="/?q=netwerk+OR+loon+OR+software+OR+academie&amp;collection=web"' in html


def test_page_filters_combine_stay_in_the_url_and_can_be_removed(collection_client):
    html = collection_client.get("/", query_string={"q": BROAD, "collection": "web", "year": "2019",
                                                    "per_page": 1}).text
    assert "2 resultaten" in text_of(html)
    # pagination keeps the filters
    assert re.search(r'rel="next" href="/\?q=[^"]*collection=web&amp;year=2019&amp;per_page=1&amp;page=2"', html)
    # a chip removes one filter and keeps the other
    assert '<a class="chip" href="/?q=netwerk+OR+loon+OR+software+OR+academie&amp;year=2019&amp;per_page=1">' in html
    assert "alle filters weghalen" in html
    # a new query from the search box keeps them too
    assert '<input type="hidden" name="collection" value="web">' in html
    # the JSON twin and the downloads carry them
    assert 'href="/api/search?q=netwerk+OR+loon+OR+software+OR+academie&amp;collection=web&amp;year=2019' in html
    assert '/api/export?q=netwerk+OR+loon+OR+software+OR+academie&amp;collection=web&amp;year=2019' in html


def test_page_marks_the_page_of_a_pdf_hit(collection_client):
    html = collection_client.get("/?q=kopi%C3%ABren").text
    assert 'href="/doc/jaarverslagen/lilypond?q=kopi%C3%ABren#p3">p. 3</a>' in html
    doc = collection_client.get("/doc/jaarverslagen/lilypond?q=kopi%C3%ABren").text
    assert 'id="p3" data-page="3"' in doc and "— pagina 3 —" in doc
    assert "24 februari 2023" in doc and "3 pagina&#39;s" in doc


def test_page_bad_filter_shows_a_message(collection_client):
    r = collection_client.get("/?q=netwerk&type=exe")
    assert r.status_code == 400 and "onbekend type" in r.text
    assert 'name="type"' not in r.text  # the next query does not carry the bad filter
