"""Index builds, each in a child process of its own, timed and measured.

    python -m benchmarks.indexing {zoek,stock,sqlite} SOURCE INDEX_DIR [--procs N]

The child builds and prints one JSON line (seconds, documents, its own peak
RSS). The parent samples the RSS of the child's whole process tree (stock
Whoosh with procs=2 forks writers) and kills a build that overruns its time.
Source size is the bytes of the .txt files read (title line + body, UTF-8).
"""

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks import sqlite_fts, stock
from benchmarks.corpus import page_records
from indexer.index.build import build_index

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
STOCK_PROCS = 2  # as in the table


def source_size(source: Path) -> tuple[int, int]:
    """(number of .txt files, their total bytes); hard links count once per name."""
    files = list(Path(source).rglob("*.txt"))
    return len(files), sum(f.stat().st_size for f in files)


def folder_bytes(folder: Path) -> int:
    """Apparent size of everything under folder (as `du -sb`)."""
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())


def process_rss() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, resident bytes) of every process, from /proc."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        table[int(name)] = (int(fields[1]), int(fields[21]) * PAGE_SIZE)
    return table


def tree_rss(root: int) -> int:
    """Sum of the RSS of root and all its descendants (shared pages count twice)."""
    table = process_rss()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += table.get(pid, (0, 0))[1]
        todo += children.get(pid, [])
    return total


def measure_build(engine: str, source: Path, index_dir: Path, timeout: float,
                  progress: bool = True) -> dict:
    """Build one engine's index of source in a child; its figures, or an 'error'."""
    shutil.rmtree(index_dir, ignore_errors=True)
    files, size = source_size(source)
    cmd = [sys.executable, "-m", "benchmarks.indexing", engine, str(source), str(index_dir)]
    if not progress:
        cmd.append("--quiet")
    # A session of its own, so that a build that overruns can be killed with its forks.
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                             start_new_session=True)
    peak = [0]

    def sample():
        while child.poll() is None:
            peak[0] = max(peak[0], tree_rss(child.pid))
            time.sleep(0.1)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, _ = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)  # the group of our own child, by its id
        child.communicate()
        return {"engine": engine, "error": f"build did not finish in {timeout:.0f} s"}
    sampler.join()
    if child.returncode:
        return {"engine": engine, "error": f"build failed with exit status {child.returncode}"}
    result = json.loads(out.strip().splitlines()[-1])
    seconds = result["seconds"]
    return {
        "engine": engine, "files": files, "source_bytes": size, "documents": result["documents"],
        "seconds": round(seconds, 2),
        "cpu_seconds": round(result["cpu_seconds"], 2),  # less sensitive to a busy machine
        "mb_per_s": round(size / 1e6 / seconds, 2),
        "docs_per_s": round(result["documents"] / seconds, 1),
        "index_bytes": folder_bytes(index_dir),
        "peak_rss_bytes": max(peak[0], result["maxrss_bytes"]),
        "maxrss_self_bytes": result["maxrss_bytes"],
        "maxrss_children_bytes": result["maxrss_children_bytes"],
    }


# ------------------------------------------------------------ the child -----

def progress_printer(label: str, every: int = 5000):
    started = time.perf_counter()

    def report(done: int, total: int | None) -> None:
        if done % every == 0 or done == total:
            of = f"/{total}" if total else ""
            print(f"  {label}: {done}{of} documents, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    return report


def build_zoek(source: Path, index_dir: Path, quiet: bool) -> int:
    summary = build_index(source, index_dir, progress=None if quiet else progress_printer("zoek"))
    return summary.indexed


def build_stock(source: Path, index_dir: Path, quiet: bool) -> int:
    count = [0]

    def records():  # counted on the way in; read lazily, inside the timed build
        report = None if quiet else progress_printer("stock")
        for count[0], record in enumerate(page_records(source), 1):
            if report and count[0] % 5000 == 0:
                report(count[0], None)
            yield record
    stock.build(records(), index_dir, procs=STOCK_PROCS)
    return count[0]


def build_sqlite(source: Path, index_dir: Path, quiet: bool) -> int:
    count = [0]

    def records():
        for count[0], record in enumerate(page_records(source), 1):
            yield record
    sqlite_fts.build(records(), index_dir)
    return count[0]


BUILDERS = {"zoek": build_zoek, "stock": build_stock, "sqlite": build_sqlite}


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (stock's forked writers)."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Build one engine's index (a benchmark child).")
    ap.add_argument("engine", choices=sorted(BUILDERS))
    ap.add_argument("source", type=Path)
    ap.add_argument("index_dir", type=Path)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    build = BUILDERS[args.engine]
    started, cpu_started = time.perf_counter(), cpu_seconds()
    documents = build(args.source, args.index_dir, args.quiet)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "seconds": seconds, "documents": documents, "cpu_seconds": cpu_seconds() - cpu_started,
        "maxrss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "maxrss_children_bytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    main()
