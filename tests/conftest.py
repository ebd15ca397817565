"""Shared fixtures: a temporary index built from the seeds, the app, a live server."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from indexer.index.build import build_index
from indexer.index.store import IndexHandle
from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SOMO = "004_196958b4e3f56949"
CAU = "000_6ac86d6e3eb5e683"
ISV = "003_cdb6cea62ffad741"


@pytest.fixture(scope="session")
def seeds() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the seeds, built once per test session, outside the repo."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(SEEDS, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def searcher(seed_index):
    return IndexHandle(seed_index).searcher()


@pytest.fixture()
def app(seed_index):
    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def zoek_command() -> list[str]:
    return [sys.executable, "-m", "indexer.cli"]


class LiveServer:
    """`zoek serve` in a subprocess on a free port of 127.0.0.1."""

    def __init__(self, index_dir: Path, source: Path = SEEDS, workers: int = 1, extra: tuple = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(index_dir.parent / f"serve-{self.port}.log", "wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            zoek_command() + ["serve", "--index", str(index_dir), "--source", str(source),
                              "--port", str(self.port), "--workers", str(workers), *extra],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(self.url + "/healthz", seconds=60)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """A real server over an index it builds itself from the seeds."""
    index_dir = tmp_path_factory.mktemp("live") / "index"
    server = LiveServer(index_dir)
    yield server
    server.stop()


# ------------------------------------------------------- a mixed collection -----

DATA = ROOT / "tests" / "data"
LILYPOND_PDF = DATA / "lilypond-web-nl.pdf"  # 3 pages of LilyPond's Dutch manual (GFDL)

HTML_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="windows-1252">
<title>ISV Academie: tweede ronde van start</title>
<link rel="canonical" href="https://www.pianoo.nl/nl/isv-academie-2019-2020">
<meta property="article:published_time" content="2019-12-02T09:00:00+01:00">
<style>.menu { color: red }</style><script>var tracking = "volgcode";</script>
</head><body>
<nav class="menu"><a href="/">Home</a> <a href="/inkoop">Inkoopmenu</a></nav>
<header><p>Kopregel van de website</p></header>
<main><h1>ISV Academie 2019-2020</h1>
<p>In december start PIANOo met de tweede <b>Internationale Sociale Voorwaarden</b> Academie.
Deelnemers leren due diligence toe te passen op inkoop- en aanbestedingsprocessen; er is een
netwerkdag met de deelnemers van vorig jaar. Zie <a href="https://www.pianoo.nl/isv">de site</a>.</p>
<p>Caf\u00e9 &amp; co\u00f6rdinatie: &lt;geen markup&gt;.</p></main>
<footer>Voettekst met cookiebeleid</footer>
</body></html>
"""

MARKDOWN_NOTE = """---
title: Overleg netwerken
---
# Verslag overleg

Op **donderdag** sprak het *netwerk* over [leefbaar loon](https://example.org/leefbaar-loon)
in de keten. Volgende bijeenkomst: januari 2020.

- eerste punt: `coördinatie`
- tweede punt
"""


def make_docx(path: Path, title: str, paragraphs: list[str], created=None, table=None) -> None:
    """A real Word document, written by python-docx."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    if created:
        document.core_properties.created = created
    document.save(path)


def write_collection(root: Path) -> Path:
    """Three collections of real-format Dutch documents: PDF, Word, HTML, Markdown, text."""
    from datetime import datetime

    (root / "jaarverslagen").mkdir(parents=True)
    (root / "web").mkdir()
    (root / "notities").mkdir()
    import shutil
    shutil.copy(LILYPOND_PDF, root / "jaarverslagen" / "lilypond.pdf")
    make_docx(root / "jaarverslagen" / "jaarverslag-2021.docx", "Jaarverslag 2021",
              ["Amsterdam, 15 maart 2022", "Dit jaarverslag beschrijft hoe het netwerk werkt aan een "
               "leefbaar loon voor arbeiders in de keten."],
              created=datetime(2022, 3, 1), table=[["Thema", "Uitgaven"], ["Leefbaar loon", "12.000"]])
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, root / "web" / seed.name)
    os.utime(root / "web" / f"{SOMO}.txt", (1525132800, 1525132800))  # 1 May 2018: no date in its text
    (root / "web" / "isv-academie.html").write_bytes(HTML_PAGE.encode("cp1252"))
    (root / "notities" / "overleg.md").write_text(MARKDOWN_NOTE, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def collection_source(tmp_path_factory) -> Path:
    return write_collection(tmp_path_factory.mktemp("collection") / "src")


@pytest.fixture(scope="session")
def collection_index(collection_source, tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("collection-index")
    build_index(collection_source, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def collection_searcher(collection_index):
    return IndexHandle(collection_index).searcher()


@pytest.fixture()
def collection_client(collection_index):
    return create_app({"INDEX_DIR": str(collection_index), "TESTING": True}).test_client()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (never a downloaded browser)."""
    if os.environ.get("ZOEK_SKIP_BROWSER") == "1":
        pytest.skip("ZOEK_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/test does)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class BrowserTab:
    """A page on the live server that records console errors, CSP violations and outside requests."""

    def __init__(self, browser, base_url: str, **context_options):
        self.context = browser.new_context(base_url=base_url, locale="nl-NL", **context_options)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._only_local)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))

    def _only_local(self, route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:")):
            route.continue_()
        else:  # a closed network has no CDN: any outside request is a bug
            self.outside.append(url)
            route.abort()

    def close(self):
        self.context.close()


@pytest.fixture()
def tab(browser, live_server):
    """A fresh browser tab; the test fails on a console error or an outside request."""
    t = BrowserTab(browser, live_server.url)
    yield t
    t.close()
    assert t.errors == [], f"console errors: {t.errors}"
    assert t.outside == [], f"requests outside the server: {t.outside}"

