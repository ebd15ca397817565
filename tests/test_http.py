"""HTTP behaviour around the answers: caching, ETags, CORS, methods, self-contained assets."""

import http.client
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

from conftest import SEEDS, SOMO, LiveServer

from indexer.index.build import build_index
from webapp import create_app

STATIC = Path(__file__).resolve().parent.parent / "webapp" / "static"
PAGES = ["/", "/?q=netwerken", "/?q=walvisvaart", f"/doc/{SOMO}?q=netwerken", "/api", "/doc/nope",
         "/?q=de+het"]


def test_etag_and_304_on_if_none_match(client):
    for url in ["/api/search?q=netwerken", "/api/suggest?q=netw", f"/doc/{SOMO}?q=netwerken",
                "/api/openapi.json", "/?q=netwerken", "/"]:
        first = client.get(url)
        tag = first.headers["ETag"]
        assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache", url
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == tag, url
    a = client.get("/api/search?q=netwerken").headers["ETag"]
    b = client.get("/api/search?q=netwerken&page=2").headers["ETag"]
    assert a != b


def test_a_rebuild_changes_the_etag(tmp_path):
    index_dir = tmp_path / "index"
    build_index(SEEDS, index_dir)
    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    tag = client.get("/api/search?q=netwerken").headers["ETag"]
    assert client.get("/api/search?q=netwerken", headers={"If-None-Match": tag}).status_code == 304
    build_index(SEEDS, index_dir)  # a new generation goes live
    fresh = client.get("/api/search?q=netwerken", headers={"If-None-Match": tag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != tag


def test_errors_and_health_are_not_cached(client):
    assert "ETag" not in client.get("/api/search?q=x&page=0").headers
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"


def test_cors_allows_any_origin_by_default(client):
    r = client.get("/api/search?q=netwerken", headers={"Origin": "https://elders.example"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in r.headers["Access-Control-Expose-Headers"]
    pre = client.options("/api/search", headers={"Origin": "https://elders.example",
                                                 "Access-Control-Request-Method": "GET",
                                                 "Access-Control-Request-Headers": "if-none-match"})
    assert pre.status_code == 200 and pre.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in pre.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/?q=netwerken").headers  # pages are not shared


def test_cors_with_a_list_of_origins(seed_index):
    config = {"INDEX_DIR": str(seed_index), "CORS_ORIGINS": "https://a.example, https://b.example"}
    client = create_app(config).test_client()
    ok = client.get("/api/search?q=netwerken", headers={"Origin": "https://b.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://b.example" and "Origin" in ok.headers["Vary"]
    other = client.get("/api/search?q=netwerken", headers={"Origin": "https://c.example"})
    assert "Access-Control-Allow-Origin" not in other.headers and other.status_code == 200
    none = create_app({**config, "CORS_ORIGINS": ""}).test_client()
    assert "Access-Control-Allow-Origin" not in none.get("/api/search?q=netwerken",
                                                         headers={"Origin": "https://a.example"}).headers


def test_other_methods_are_405_with_allow(client):
    for method in ["post", "put", "delete", "patch"]:
        r = getattr(client, method)("/api/search?q=netwerken")
        assert r.status_code == 405 and r.get_json()["status"] == 405
        assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


class AssetParser(HTMLParser):
    """Collects what a page loads, and anything that would need 'unsafe-inline'."""

    def __init__(self):
        super().__init__()
        self.assets, self.inline = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on") or name == "style":
                self.inline.append(f"<{tag} {name}>")
        if tag == "script":
            if "src" not in attrs:
                self.inline.append("<script> without src")
            self.assets.append(attrs.get("src") or "")
        elif tag == "style":
            self.inline.append("<style>")
        elif tag in ("img", "iframe", "audio", "video", "source") or (
                tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload", "manifest")):
            self.assets.append(attrs.get("src") or attrs.get("href") or "")


def test_pages_are_self_contained_and_csp_clean(client):
    for url in PAGES:
        parser = AssetParser()
        parser.feed(client.get(url).text)
        assert parser.inline == [], (url, parser.inline)
        for asset in parser.assets:
            assert asset.startswith("/static/") and not asset.startswith("//"), (url, asset)
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "unsafe" not in csp


def test_css_and_js_fit_in_50_kb():
    total = sum(p.stat().st_size for p in STATIC.iterdir() if p.suffix in (".css", ".js"))
    assert total <= 50_000, f"{total} bytes of CSS and JS"


def test_static_assets_are_versioned_and_cacheable(client):
    html = client.get("/").text
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert {u.split("?")[0] for u in urls} == {"/static/style.css", "/static/app.js", "/static/favicon.svg"}
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        with client.get(url) as r:  # a file response: close it
            assert r.status_code == 200
            assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    with client.get("/static/app.js") as r:
        assert r.headers["Cache-Control"] == "public, max-age=3600"


def test_the_servers_own_refusals_use_the_error_shape(live_server):
    """A request line past gunicorn's limit is refused by gunicorn itself: still as JSON."""
    conn = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    conn.request("GET", "/api/search?q=" + "x" * 9000)
    r = conn.getresponse()
    body = json.loads(r.read())
    assert r.status == 400 and r.getheader("Content-Type") == "application/json"
    assert body["ok"] is False and body["status"] == 400 and body["error"]
    conn.close()


def test_longest_allowed_query_reaches_the_app(live_server):
    """600 four-byte characters, percent-encoded, still fit in the request line."""
    from urllib.parse import quote
    conn = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    conn.request("GET", "/api/search?page=10000&per_page=100&q=" + quote("𝔑" * 600))
    r = conn.getresponse()
    body = json.loads(r.read())
    assert r.status == 200 and body["total"] == 0 and body["notices"]
    conn.close()


def test_favicon_answers_where_browsers_look_for_it(client):
    with client.get("/favicon.ico") as r:
        assert r.status_code == 200 and r.mimetype == "image/svg+xml" and b"<svg" in r.data


def connection_header_and_reuse(conn: http.client.HTTPConnection, path: str) -> tuple[str, bool]:
    """A request's Connection header, and whether a second request on the same connection
    was answered."""
    conn.request("GET", path)
    first = conn.getresponse()
    first.read()
    header = first.getheader("Connection", "").lower()
    conn.auto_open = 0  # no silent reconnect: a closed connection must show
    try:
        conn.request("GET", path)
        return header, conn.getresponse().status == 200
    except (http.client.HTTPException, OSError):
        return header, False


def connect(server: LiveServer) -> http.client.HTTPConnection:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.connect()
    return conn


def test_a_worker_with_more_connections_than_threads_sends_clients_elsewhere(tmp_path):
    """Kept-alive connections stay with the worker that accepted them; one holding more
    of them than it has threads closes each after its response, so that the client
    reconnects to a worker that is free. Below that, keep-alive stays."""
    server = LiveServer(tmp_path / "index", extra=("--threads", "2"))
    try:
        alone = connect(server)
        assert connection_header_and_reuse(alone, "/api/search?q=lonen") == ("keep-alive", True)
        alone.close()
        crowd = [connect(server) for _ in range(3)]
        time.sleep(0.5)  # the worker accepts all three before any request arrives
        answers = [connection_header_and_reuse(conn, "/api/search?q=lonen") for conn in crowd]
        assert answers[0] == ("close", False)
        for conn in crowd:
            conn.close()
    finally:
        server.stop()
    closing = LiveServer(tmp_path / "index", extra=("--keepalive", "0"))
    try:
        conn = connect(closing)
        assert connection_header_and_reuse(conn, "/") == ("close", False)
        conn.close()
    finally:
        closing.stop()
