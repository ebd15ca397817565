"""The HTML pages, rendered on the server (no JavaScript needed)."""

import re
from html import unescape

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
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())
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
    nxt = re.search(r'<a rel="next" href="([^"]+)"', html).group(1)
    assert "page=2" in nxt and "per_page=1" in nxt  # keeps per_page


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


def test_start_page_says_what_is_indexed_in_dutch(client):
    text = " ".join(re.sub(r"<[^>]+>", "", client.get("/").text).split())
    assert re.search(r"De index bevat 3 documenten, bijgewerkt op \d{1,2} "
                     r"(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                     r"november|december) \d{4}, \d\d:\d\d\.", text)


def test_dutch_numbers_dates_and_times():
    from webapp.dutch import nl_datetime, nl_number
    assert nl_number(12345) == "12.345" and nl_number(1234.5) == "1.234,50"
    assert nl_datetime("2025-11-23T21:23:00+00:00") == "23 november 2025, 22:23"  # CET
    assert nl_datetime("2025-07-01T09:05:00+00:00") == "1 juli 2025, 11:05"  # CEST
    assert nl_datetime("gisteren") == "" and nl_datetime(None) == ""


def with_suggestion(monkeypatch, suggestion):
    """The shared search, with a spelling suggestion added as the suggestion engine would."""
    from indexer.search import core
    real = core.search

    def search(*args, **kwargs):
        result = real(*args, **kwargs)
        result.suggestion = suggestion
        return result
    monkeypatch.setattr(core, "search", search)  # the service looks it up on each call


def test_did_you_mean_link_renders_whenever_there_is_a_suggestion(client, monkeypatch):
    with_suggestion(monkeypatch, "kinderarbeid <b>")
    html = client.get("/?q=kinderarbied").text
    assert 'Bedoelde u <a href="/?q=kinderarbeid+%3Cb%3E">kinderarbeid &lt;b&gt;</a>?' in html
    assert client.get("/api/search?q=kinderarbied").get_json()["suggestion"] == "kinderarbeid <b>"


def test_page_and_api_agree_on_suggestions(client):
    for q in ["kinderarbied", "netwerkn", "coordineeren", "netwerken"]:
        suggestion = client.get("/api/search", query_string={"q": q}).get_json()["suggestion"]
        html = client.get("/", query_string={"q": q}).text
        assert ("Bedoelde u" in html) == bool(suggestion), q


def test_hit_navigation_is_hidden_until_its_script_runs(client):
    html = client.get(f"/doc/{SOMO}?q=netwerken").text
    assert '<div class="hitnav" hidden>' in html and 'id="next-hit"' in html
