"""A rebuild killed with SIGKILL half-way leaves the old index serving; the
next rebuild removes what was left and succeeds. The build lock dies with
its process."""

import fcntl
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, SEEDS, SOMO, LiveServer, zoek_command
from corpus import make_corpus

from indexer.index import store
from indexer.index.build import BuildError, build_index, build_lock
from indexer.index.store import IndexHandle


def index_cmd(src, index_dir) -> list[str]:
    return zoek_command() + ["index", "--source", str(src), "--index", str(index_dir)]


def wait_until(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def lock_is_free(index_dir) -> bool:
    with open(index_dir / ".lock", "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(f, fcntl.LOCK_UN)
        return True


def search_json(server, q):
    with urllib.request.urlopen(f"{server.url}/api/search?q={q}", timeout=10) as r:
        return json.load(r)


@pytest.mark.slow
def test_kill_9_half_way_keeps_the_old_index_and_the_next_build_cleans_up(tmp_path):
    index_dir = tmp_path / "index"
    build_index(SEEDS, index_dir)
    live = store.current_generation(index_dir)
    server = LiveServer(index_dir, workers=1)
    try:
        big = make_corpus(tmp_path / "big", 2000)
        build = subprocess.Popen(index_cmd(big, index_dir), cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Well into adding documents: a segment writer has opened its term and posting files
        # (seconds before the build can finish: its segments are not written yet).
        wait_until(lambda: any(index_dir.glob(".tmp-*/*.trm")), 60, "a segment writer adding documents")
        assert build.poll() is None, "the build finished before it could be killed"
        build.send_signal(signal.SIGKILL)
        assert build.wait(timeout=10) == -signal.SIGKILL

        leftovers = list(index_dir.glob(".tmp-*"))
        assert leftovers, "a killed build leaves its temporary folder"
        assert store.current_generation(index_dir) == live
        assert IndexHandle(index_dir).searcher().doc_count() == 3
        assert search_json(server, "netwerken")["results"][0]["id"] == SOMO
        assert lock_is_free(index_dir), "the kernel releases the lock of a killed build"

        r = subprocess.run(index_cmd(big, index_dir), cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert "indexed 2000 documents" in r.stdout
        assert not any(t.exists() for t in leftovers) and not list(index_dir.glob(".tmp-*"))
        assert search_json(server, "rapport")["total"] == 2000  # the server follows, no restart
        assert IndexHandle(index_dir).searcher().doc_count() == 2000
    finally:
        server.stop()


HOLD_LOCK = """
import fcntl, sys, time
f = open(sys.argv[1], "a+")
fcntl.flock(f, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(120)
"""


def test_lock_of_a_running_build_refuses_a_second_one_until_its_holder_dies(tmp_path):
    index_dir = tmp_path / "index"
    build_index(SEEDS, index_dir)
    with subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(index_dir / ".lock")],
                          stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout.readline().strip() == "locked"
            with pytest.raises(BuildError, match="another build is running"):
                build_index(SEEDS, index_dir)
            r = subprocess.run(index_cmd(SEEDS, index_dir), cwd=ROOT, capture_output=True,
                               text=True, timeout=60)
            assert r.returncode == 1 and "another build is running" in r.stderr
            assert "Traceback" not in r.stderr
        finally:
            holder.send_signal(signal.SIGKILL)
    assert (index_dir / ".lock").exists()  # the stale file stays; the lock on it is gone
    assert build_index(SEEDS, index_dir).indexed == 3


def open_lock_files(index_dir) -> list[str]:
    """This process's file descriptors open on the index folder's lock file."""
    lock = os.path.realpath(index_dir / ".lock")
    return [fd for fd in os.listdir("/proc/self/fd")
            if os.path.realpath(f"/proc/self/fd/{fd}") == lock]


def report_open_lock_files(index_dir, answers) -> None:
    answers.put(open_lock_files(index_dir))


def test_a_worker_forked_during_a_build_does_not_hold_its_lock(tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    ctx = multiprocessing.get_context("fork")  # how build workers start
    answers = ctx.Queue()
    with build_lock(index_dir):
        assert open_lock_files(index_dir)  # the parent has it open
        child = ctx.Process(target=report_open_lock_files, args=(index_dir, answers))
        child.start()
        assert answers.get(timeout=30) == []
        child.join(30)
        # The child closing its copy left the parent's lock in place.
        with pytest.raises(BuildError, match="another build is running"):
            build_index(SEEDS, index_dir)
    assert build_index(SEEDS, index_dir).indexed == 3


def test_leftovers_of_a_killed_publish_are_removed(tmp_path):
    index_dir = tmp_path / "index"
    build_index(SEEDS, index_dir)
    stale = index_dir / ".current.99999"
    stale.write_text("gen-half-written")
    (index_dir / ".tmp-20000101T000000000000Z").mkdir()
    build_index(SEEDS, index_dir)
    assert not stale.exists() and not list(index_dir.glob(".tmp-*"))
