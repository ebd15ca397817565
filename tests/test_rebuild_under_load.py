"""Rebuilds under load: clients search a real server (2 workers) while
`zoek index` rebuilds the same index three times in a row. Not one request
may fail, and afterwards the server answers from the new index, unrestarted.

Three rebuilds, because the build keeps only the last KEEP_OLD_GENERATIONS
old generations: the first one is deleted while workers may still hold it.
"""

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import ROOT, LiveServer, zoek_command
from corpus import make_corpus

from indexer.index.build import KEEP_OLD_GENERATIONS, build_index
from indexer.index.store import IndexHandle
from indexer.search import search as run_search

CLIENTS = 4
PER_REBUILD = 2000        # requests all clients together may send per rebuild: the load is bounded...
AFTER_SECONDS = 1.0       # ...and so is its time: it stops shortly after the last rebuild
PAUSE_SECONDS = 0.01      # between a client's requests: load, but leave the build a core
NEW_WORD = "kabeljauwvangst"
PATHS = ["/api/search?q=netwerken", "/api/search?q=leefbaar+loon", "/api/search?q=coordineren",
         "/api/search?q=samenwerk*", "/api/search?q=%22leefbaar+loon%22&page=2",
         "/api/search?q=rapport+-oeganda", "/?q=netwerken", "/healthz"]


class Clients:
    def __init__(self, url: str):
        self.url, self.stop = url, threading.Event()
        self.lock = threading.Lock()
        self.done, self.failures = 0, []
        self.limit = 0  # raised by `allow` before each rebuild
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(CLIENTS)]

    def run(self, n: int):
        i = n
        while not self.stop.is_set():
            with self.lock:
                spent = self.done >= self.limit
                self.done += not spent
            if spent:  # this rebuild's share is used up: wait for the next one
                self.stop.wait(PAUSE_SECONDS)
                continue
            path = PATHS[i % len(PATHS)]
            i += 1
            try:
                with urllib.request.urlopen(self.url + path, timeout=30) as r:
                    r.read()
            except (urllib.error.URLError, OSError) as err:
                with self.lock:
                    self.failures.append((path, repr(err)))
            self.stop.wait(PAUSE_SECONDS)

    def allow(self, requests: int) -> None:
        """Let the clients send up to `requests` more (a faster server must not use up
        the budget of later rebuilds)."""
        with self.lock:
            self.limit = self.done + requests

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def search(url: str, q: str) -> dict:
    with urllib.request.urlopen(f"{url}/api/search?q={urllib.parse.quote(q)}", timeout=30) as r:
        return json.load(r)


@pytest.mark.slow
def test_rebuilds_under_load_fail_no_request(tmp_path):
    src = make_corpus(tmp_path / "src", 800)
    index_dir = tmp_path / "index"
    build_index(src, index_dir)
    server = LiveServer(index_dir, source=src, workers=2)
    try:
        assert search(server.url, NEW_WORD)["total"] == 0
        with Clients(server.url) as clients:
            counts = []
            for n in range(3):
                if n == 2:
                    make_corpus(tmp_path / "src", 800, seed=n, extra=NEW_WORD)
                before = clients.done
                clients.allow(PER_REBUILD)
                r = subprocess.run(zoek_command() + ["index", "--source", str(src),
                                                     "--index", str(index_dir)],
                                   cwd=ROOT, capture_output=True, text=True, timeout=300)
                assert r.returncode == 0, r.stderr
                counts.append(clients.done - before)
            time.sleep(AFTER_SECONDS)
        print("requests during each rebuild", counts, "in all", clients.done)
        assert clients.failures == [], clients.failures[:5]
        assert all(c > 0 for c in counts), f"no load during some rebuild: {counts}"
        assert server.proc.poll() is None
        for _ in range(6):  # whichever worker answers, it answers from the new index
            hits = search(server.url, NEW_WORD)["results"]
            assert [h["id"] for h in hits] == ["deel-01/rapport-00799"]
        assert len(list(index_dir.glob("gen-*"))) <= 1 + KEEP_OLD_GENERATIONS
    finally:
        server.stop()


@pytest.mark.slow
def test_threads_sharing_a_handle_never_read_each_others_positions(tmp_path):
    """Whoosh searchers seek then read shared files; the handle gives each thread its own.
    A tiny GIL switch interval makes threads interleave between seek and read."""
    index_dir = tmp_path / "index"
    build_index(make_corpus(tmp_path / "src", 600), index_dir)
    handle = IndexHandle(index_dir)
    queries = ["netwerken", "leefbaar loon", "samenwerk*", "rapport -oeganda", '"leefbaar loon"']
    errors = []

    def run(n):
        for i in range(25):
            try:
                run_search(handle.searcher(), queries[(i + n) % len(queries)], page=1 + i % 2)
            except Exception as err:  # noqa: BLE001 - any failure counts
                errors.append(repr(err))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
