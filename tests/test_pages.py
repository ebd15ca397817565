"""The HTML pages, rendered on the server (no JavaScript needed)."""

import re

from conftest import SOMO


def test_start_page(client):
    r = client.get("/")
    assert r.status_code == 200 and 'lang="nl"' in r.text
    assert 'name="q"' in r.text and "<label" in r.text


def test_results_page(client):
    r = client.get("/?q=netwerken")
    html = r.text
    assert r.status_code == 200
    assert 'value="netwerken"' in html  # the query stays in the box
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert re.search(r"2 resultaten \(\d+,\d\d s\)", text)
    assert f'href="/doc/{SOMO}?q=netwerken"' in html
    assert "<mark>" in html
    assert 'href="/api/search?q=netwerken' in html  # the JSON twin
    assert 'rel="alternate"' in r.headers["Link"]


def test_no_results_page(client):
    r = client.get("/?q=walvisvaart")
    assert r.status_code == 200 and "Geen resultaten voor" in r.text


def test_pagination_links(client):
    html = client.get("/?q=netwerk+OR+loon+OR+oeganda&per_page=1").text
    assert "Pagina 1 van 3" in html and 'rel="next"' in html
    assert 'href="/?q=netwerk+OR+loon+OR+oeganda&amp;page=2&amp;per_page=1"' in html  # keeps per_page


def test_query_is_escaped_on_the_page(client):
    r = client.get("/", query_string={"q": '<script>alert("x")</script> netwerk'})
    assert "<script>alert" not in r.text and "&lt;script&gt;" in r.text


def test_bad_query_shows_message_not_crash(client):
    r = client.get("/", query_string={"q": "de het"})
    assert r.status_code == 400 and "stopwoorden" in r.text


def test_document_view(client):
    r = client.get(f"/doc/{SOMO}?q=netwerken")
    assert r.status_code == 200
    assert r.text.count("<mark>") >= 10 and "treffers" in r.text


def test_document_view_shows_links(client):
    r = client.get("/doc/000_6ac86d6e3eb5e683")
    assert "Links in dit document" in r.text and "h5mag.com" in r.text


def test_missing_document_is_a_plain_404_page(client):
    r = client.get("/doc/nope")
    assert r.status_code == 404 and r.mimetype == "text/html" and "Niet gevonden" in r.text


def test_security_headers(client):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]
