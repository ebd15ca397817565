"""Escaping end to end, security headers, no debug, and URLs that try to escape.

A document full of markup is indexed; its text must come back escaped in
snippets, the result page, the document view and the JSON, and so must the
query the user typed.
"""

import re
import socket
from html.parser import HTMLParser

import pytest
from conftest import SOMO

from indexer.index.build import build_index
from webapp import create_app
from webapp.params import MAX_PARAM_CHARS

HOSTILE_DOC = (
    "Rapport <script>alert('titel')</script> & \"loon\"\n\n"
    "De leefbare lonen <img src=x onerror=alert(1)> in de keten & \"meer\" 'nog' "
    "<script>alert(2)</script> en <b onmouseover=alert(3)>vet</b> over samenwerking.\n"
)
MARKUP = ["<script", "<img", "<b "]  # as tags; escaped as text they are fine


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    src = tmp_path_factory.mktemp("hostile-src")
    (src / "xss.txt").write_text(HOSTILE_DOC, encoding="utf-8")
    (src / "gewoon.txt").write_text("Gewoon\n\nLeefbare lonen in de keten.", encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("hostile") / "index"
    build_index(src, index_dir)
    return create_app({"INDEX_DIR": str(index_dir)}).test_client()


def assert_no_markup(text: str):
    for bad in MARKUP:
        assert bad not in text, bad


def test_json_snippet_is_escaped_and_the_bytes_hold_no_markup(hostile_client):
    r = hostile_client.get("/api/search?q=lonen")
    raw = r.get_data(as_text=True)
    assert "<" not in raw and ">" not in raw  # <mark> too is \u003cmark\u003e in the bytes
    hit = next(h for h in r.get_json()["results"] if h["id"] == "xss")
    assert "&lt;img src=x onerror=alert(1)&gt;" in hit["snippet"] and "<mark>lonen</mark>" in hit["snippet"]
    assert_no_markup(hit["snippet"].replace("<mark>", "").replace("</mark>", ""))
    assert "&amp;" in hit["snippet"] and "&quot;meer&quot;" in hit["snippet"]
    assert hit["title"] == "Rapport <script>alert('titel')</script> & \"loon\""  # data, as text


def test_echoed_query_is_escaped_in_json_and_page(hostile_client):
    q = "<script>alert(9)</script> lonen"
    raw = hostile_client.get("/api/search", query_string={"q": q}).get_data(as_text=True)
    assert "<script" not in raw and "\\u003cscript\\u003e" in raw
    page = hostile_client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert "alert(9)" in page and "<script>alert(9)" not in page
    assert "&lt;script&gt;alert(9)" in page


OWN_SCRIPT_RE = re.compile(r'<script src="/static/[^"<>]*" defer></script>')


def test_result_page_and_document_view_escape_document_text(hostile_client):
    for url in ["/?q=lonen", "/?q=samenwerking", "/doc/xss?q=lonen", "/doc/xss"]:
        page = hostile_client.get(url).get_data(as_text=True)
        assert OWN_SCRIPT_RE.search(page), url
        assert_no_markup(OWN_SCRIPT_RE.sub("", page))
        assert "&lt;img src=x onerror=alert(1)&gt;" in page or "&lt;script&gt;" in page, url


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, handlers, styles."""

    def __init__(self):
        super().__init__()
        self.found, self._in_script = [], False

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script":
            self._in_script = True
            if "src" not in names:
                self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {n}" for n in names if n.startswith("on") or n == "style"]

    def handle_endtag(self, tag):
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append("script body")


PAGES = ["/", "/?q=lonen", "/?q=de+het", "/doc/xss?q=lonen", "/doc/nope", "/nope",
         "/healthz", "/api/search?q=lonen", "/api/search?q=", "/api/nope", "/static/style.css"]


@pytest.mark.parametrize("url", PAGES)
def test_security_headers_on_every_response(hostile_client, url):
    r = hostile_client.get(url)
    r.close()  # static files are streamed
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    if r.mimetype == "text/html":
        checker = InlineCode()
        checker.feed(r.get_data(as_text=True))
        assert checker.found == [], url


def test_no_debug_mode_and_no_traceback_on_errors(seed_index, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INDEX_DIR": str(seed_index)})
    assert app.debug is False

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret detail /etc/zoek")

    r = app.test_client().get("/api/boom")
    assert r.status_code == 500 and r.get_json()["ok"] is False
    assert "secret" not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)


def raw_get(server, target: bytes) -> tuple[int, dict, bytes]:
    """A GET sent byte for byte (no client-side normalising or quoting)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def test_doc_urls_cannot_read_outside_the_index(live_server, seeds):
    targets = [b"/doc/../../etc/passwd", b"/doc/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
               b"/doc/..%2f..%2fbuild.json", b"/doc/%2fetc%2fpasswd", b"/doc//etc/passwd",
               b"/doc/" + str(seeds / f"{SOMO}.txt").encode(), b"/doc/" + SOMO.encode() + b".txt",
               b"/doc/%00", b"/doc/" + b"a" * 3000, b"/doc/\xff\xfe",
               b"/static/..%2f..%2findexer%2fconfig.py", b"/static/../pyproject.toml"]
    for target in targets:
        status, headers, body = raw_get(live_server, target)
        assert status in (400, 404) or (status == 308 and "/doc/" in headers["location"]), target
        assert b"root:" not in body and b"analysis_version" not in body and b"SETTINGS" not in body
        assert "content-security-policy" in headers
    assert raw_get(live_server, b"/doc/" + SOMO.encode())[0] == 200


def test_odd_bytes_in_urls_get_a_clean_answer(live_server):
    status, headers, body = raw_get(live_server, b"/api/search?q=netwerken&page=\xff")
    assert status == 400 and b'"ok":false' in body and headers["content-type"] == "application/json"
    assert raw_get(live_server, b"/api/search?q=net%00werken")[0] == 200
    assert raw_get(live_server, b"/api/search?q=%ff%fe%zz")[0] in (200, 400)
    assert raw_get(live_server, b"/?q=netwerken\xff")[0] == 400


def test_long_queries_reach_the_app_and_get_its_answer(live_server):
    """Up to the parameter limit a query is the app's to answer, not the HTTP server's."""
    status, _, body = raw_get(live_server, b"/api/search?q=" + b"netwerken+" * (MAX_PARAM_CHARS // 10))
    assert status == 200 and b'"results"' in body
    status, headers, body = raw_get(live_server, b"/api/search?q=" + b"a" * (MAX_PARAM_CHARS + 1))
    assert status == 400 and headers["content-type"] == "application/json"
    assert str(MAX_PARAM_CHARS).encode() in body
