"""Shared fixtures: a temporary index built from the seeds, the app, a live server."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.store import IndexHandle
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

    def __init__(self, index_dir: Path, source: Path = SEEDS, workers: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(index_dir.parent / f"serve-{self.port}.log", "wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            zoek_command() + ["serve", "--index", str(index_dir), "--source", str(source),
                              "--port", str(self.port), "--workers", str(workers)],
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

