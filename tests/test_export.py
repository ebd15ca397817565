"""Exporting the whole result set as CSV and JSON downloads."""

import csv
import io

from indexer.index.build import build_index
from indexer.search.export import ExportRow, export, safe_cell, slug, to_csv
from webapp import create_app

BROAD = "netwerk OR loon OR software OR academie"


def rows_of(r):
    assert r.data.startswith("\ufeff".encode("utf-8"))  # a BOM, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))


def test_csv_export_is_a_download_of_all_hits_with_the_filters(collection_client):
    r = collection_client.get("/api/export", query_string={"q": BROAD, "format": "csv", "collection": "web"})
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.headers["Content-Disposition"] == \
        'attachment; filename="zoek-netwerk-or-loon-or-software-or-academie.csv"'
    rows = rows_of(r)
    assert list(rows[0]) == ["id", "title", "score", "date", "collection", "type", "lang", "source_url", "url"]
    assert len(rows) == 4 and {row["collection"] for row in rows} == {"web"}
    isv = next(row for row in rows if row["id"] == "web/isv-academie")
    assert isv["date"] == "2019-12-02" and isv["type"] == "html"
    assert isv["source_url"] == "https://www.pianoo.nl/nl/isv-academie-2019-2020"
    assert isv["url"].startswith("http://localhost/doc/web/isv-academie?q=")
    assert float(isv["score"]) > 0


def test_json_export(collection_client):
    r = collection_client.get("/api/export", query_string={"q": BROAD, "format": "json", "sort": "date"})
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert r.headers["Content-Disposition"].endswith('.json"')
    data = r.get_json()
    assert data["total"] == data["exported"] == 7 and data["truncated"] is False
    assert data["sort"] == "date" and data["filters"] == {}
    dates = [row["date"] for row in data["results"]]
    assert dates == sorted(dates, reverse=True)
    assert set(data["results"][0]) == {"id", "title", "score", "date", "collection", "type",
                                       "lang", "source_url", "url"}


def test_export_is_bounded_and_says_so(collection_searcher):
    result = export(collection_searcher, BROAD, limit=3)
    assert result.total == 7 and len(result.rows) == 3 and result.truncated


def test_export_errors_use_the_error_shape(collection_client):
    for qs in ["q=netwerk&format=xlsx", "q=", "q=netwerk&year=abc"]:
        r = collection_client.get(f"/api/export?{qs}")
        assert r.status_code == 400 and r.get_json()["ok"] is False


def test_csv_cells_cannot_become_formulas(tmp_path):
    src = tmp_path / "src"
    (src / "@intern").mkdir(parents=True)
    (src / "@intern" / "som.txt").write_text("=2+3 netwerkkosten\n\nHet netwerk rekent.", encoding="utf-8")
    (src / "@intern" / "min.txt").write_text("-netwerk begroting\n\nOver het netwerk.", encoding="utf-8")
    build_index(src, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True}).test_client()
    rows = rows_of(client.get("/api/export?q=netwerk&format=csv"))
    assert {row["title"] for row in rows} == {"'=2+3 netwerkkosten", "'-netwerk begroting"}
    assert {row["collection"] for row in rows} == {"'@intern"}


def test_safe_cell_and_to_csv():
    assert [safe_cell(v) for v in ["=SUM(A1)", "+31", "-x", "@a", "\tx", "Café", None]] == \
        ["'=SUM(A1)", "'+31", "'-x", "'@a", "'\tx", "Café", ""]
    text = to_csv([ExportRow(id="a", title="Coördinatie, \"netwerk\"", score=1.5)], ("id", "title", "score"))
    assert text == '\ufeffid,title,score\r\na,"Coördinatie, ""netwerk""",1.5\r\n'


def test_slug():
    assert slug('Leefbaar loon (ISV) "coördinatie"') == "leefbaar-loon-isv-coordinatie"
    assert slug("***") == "resultaten"


def test_results_page_links_the_downloads(collection_client):
    html = collection_client.get("/", query_string={"q": BROAD, "type": "txt"}).text
    assert 'href="/api/export?q=netwerk+OR+loon+OR+software+OR+academie&amp;type=txt&amp;format=csv" download>CSV' in html
    assert "&amp;format=json\" download>JSON" in html


def test_export_of_an_unsearchable_query_is_empty_and_says_why(collection_client):
    r = collection_client.get("/api/export?q=de+het&format=json")
    data = r.get_json()
    assert r.status_code == 200 and data["results"] == [] and data["total"] == 0
    assert "stopwoorden" in data["notices"][0]
