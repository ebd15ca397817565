"""The benchmark of issues 4 and 11: zoek against stock Whoosh and SQLite FTS5 on
Debian's Dutch documentation.

    python -m benchmarks.run [--copies 10] [--scale 100] [--skip-stock] [--skip-http]
                             [--http-seconds 20] [--json out.json] [--quick]

Prepares the corpus (apt-get download, extract, x<copies> hard-linked copies)
and the fixed query set, then measures, for zoek, stock Whoosh with the same
Dutch stemming and SQLite FTS5 (unicode61, no stemmer): index builds (each in
a child process), single-thread in-process query latency with snippets, `zoek serve` under HTTP load, and
optionally a scale point built by zoek alone. Prints a table with the issue's
targets and writes every figure to --json.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import corpus, http_load, indexing, report, searching, snippets
from benchmarks.queries import make_queries
from indexer import analysis

ROOT = Path(__file__).resolve().parent.parent
QUICK = {"copies": 1, "rounds": 1, "http_seconds": 5, "http_threads": "4", "http_requests": 2000}
DEFAULTS = {"copies": 10, "rounds": 3, "http_seconds": 20, "http_threads": "1,2,3,4",
            "http_requests": 100_000}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                 description="zoek vs stock Whoosh and SQLite FTS5: "
                                             "indexing, queries, HTTP, scale.")
    ap.add_argument("--copies", type=int, help="corpus copies to measure (default 10; --quick: 1)")
    ap.add_argument("--scale", type=int, default=0, metavar="N",
                    help="also build x<N> copies (100: ~270k documents) with zoek; opt-in, slow")
    ap.add_argument("--scale-stock", action="store_true", help="build the scale point with stock too")
    ap.add_argument("--skip-stock", action="store_true",
                    help="measure zoek only (no stock Whoosh, no SQLite FTS5)")
    ap.add_argument("--skip-http", action="store_true", help="no HTTP load test")
    ap.add_argument("--rounds", type=int, help="timed passes over the queries (default 3)")
    ap.add_argument("--http-seconds", type=float, help="time limit of each HTTP run (default 20)")
    ap.add_argument("--http-requests", type=int, help="request limit of each HTTP run (default 100000)")
    ap.add_argument("--http-threads", help="`zoek serve --threads` values to try (default 1,2,3,4)")
    ap.add_argument("--http-connections", type=int, default=16)
    ap.add_argument("--client", choices=["auto", "wrk", "python"], default="auto",
                    help="HTTP load client (auto: wrk, installed with apt-get if missing, else Python)")
    ap.add_argument("--build-timeout", type=float, default=1800, help="seconds before a build is killed")
    ap.add_argument("--corpus", type=Path, help="corpus folder (default $ZOEK_CORPUS_DIR or "
                    "~/.cache/zoek/corpus)")
    ap.add_argument("--work", type=Path, help="folder for the indexes and logs "
                    "(default: bench/ beside the corpus folder)")
    ap.add_argument("--json", type=Path, help="write every figure to this file")
    ap.add_argument("--quick", action="store_true",
                    help="a few minutes: base corpus, 1 round, one 5 s HTTP run with 4 threads")
    args = ap.parse_args(argv)
    for key, value in (QUICK if args.quick else DEFAULTS).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    args.corpus = args.corpus or corpus.default_dest()
    args.work = args.work or args.corpus.parent / "bench"
    try:
        args.http_threads = [int(t) for t in str(args.http_threads).split(",")]
    except ValueError:
        ap.error(f"--http-threads takes numbers separated by commas, not {args.http_threads!r}")
    if args.copies < 1 or args.rounds < 1 or min(args.http_threads) < 1:
        ap.error("--copies, --rounds and --http-threads must be 1 or more")
    if args.scale == 1 or args.scale < 0:
        ap.error("--scale takes a number of copies of 2 or more (100: ~270k documents), or 0 for none")
    return args


def git_commit() -> str:
    out = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                         capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def corpus_info(folder: Path, copies: int, base: Path) -> dict:
    files, size = indexing.source_size(folder)
    versions = {p.name[1:].removesuffix(".version"): p.read_text().strip()
                for p in sorted(base.glob(".*.version"))}
    return {"copies": copies, "folder": str(folder), "files": files, "bytes": size,
            "packages": versions}


def build_and_query(source: Path, work: Path, engines: list[str], queries: list[str],
                    args, label: str) -> dict:
    """Index with each engine, then time the queries on each index."""
    out = {"index": {}, "queries": {}}
    for engine in engines:
        say(f"== {label}: building the {engine} index of {source}")
        out["index"][engine] = result = indexing.measure_build(
            engine, source, work / f"{label}-{engine}", args.build_timeout)
        say(f"   {result}")
    for engine in engines:
        if "error" not in out["index"][engine]:
            say(f"== {label}: {len(queries)} queries x {args.rounds} rounds on {engine}")
            out["queries"][engine] = result = searching.measure_queries(
                engine, work / f"{label}-{engine}", queries, args.rounds)
            say(f"   {result}")
    return out


def http_runs(index_dir: Path, queries: list[str], args) -> list[dict]:
    wrk = None if args.client == "python" else http_load.find_wrk()
    if args.client == "wrk" and not wrk:
        sys.exit("wrk is not installed and could not be installed: use --client python")
    paths = http_load.api_paths(queries)
    runs = []
    for threads in args.http_threads:
        say(f"== HTTP: zoek serve --workers 2 --threads {threads}, {wrk or 'Python client'}, "
            f"{args.http_connections} connections, {args.http_seconds:.0f} s / {args.http_requests} requests")
        try:
            result = http_load.measure_http(
                index_dir, paths, threads, args.work, wrk=wrk, connections=args.http_connections,
                seconds=args.http_seconds, max_requests=args.http_requests)
        except (RuntimeError, OSError, subprocess.SubprocessError) as err:
            result = {"workers": 2, "threads": threads, "error": str(err)}
        say(f"   {result}")
        runs.append(result)
    return runs


def scale_point(args, queries: list[str], base: Path) -> dict:
    say(f"== scale: preparing x{args.scale} (hard links)")
    source = corpus.prepare(args.corpus, copies=args.scale)
    engines = ["zoek", "stock"] if args.scale_stock else ["zoek"]
    out = {"corpus": corpus_info(source, args.scale, base),
           **build_and_query(source, args.work, engines, queries, args, f"x{args.scale}")}
    if "error" not in out["index"]["zoek"]:
        say(f"== x{args.scale}: a serving worker's private memory (2 workers x 2 threads)")
        try:
            out["memory"] = http_load.measure_memory(args.work / f"x{args.scale}-zoek",
                                                     http_load.api_paths(queries), args.work)
        except (RuntimeError, OSError, subprocess.SubprocessError) as err:
            out["memory"] = {"error": str(err)}
        say(f"   {out['memory']}")
        if not args.skip_http:  # the load people put on a large collection
            out["http"] = http_runs(args.work / f"x{args.scale}-zoek", queries, args)
    return out


def growth(res: dict, scale: dict, copies: int) -> dict:
    """How index time and query latency grow from the main corpus to the scale point."""
    small, big = res["index"].get("zoek", {}), scale["index"].get("zoek", {})
    qs, qb = res["queries"].get("zoek", {}), scale["queries"].get("zoek", {})
    if not (small.get("seconds") and big.get("seconds") and qs and qb):
        return {}
    ratio = lambda a, b: round(b / a, 1)  # noqa: E731
    return {"base": copies, "copies": scale["corpus"]["copies"],
            "seconds": ratio(small["seconds"], big["seconds"]),
            "p50_ms": ratio(qs["p50_ms"], qb["p50_ms"]), "p99_ms": ratio(qs["p99_ms"], qb["p99_ms"])}


def main(argv=None) -> int:
    args = parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "zoek_commit": git_commit(), "cpus": os.cpu_count(), "load_start": load(),
            "python": platform.python_version(), "stemmer": analysis.stemmer_library(),
            "note": "the client of the HTTP runs shares the machine's CPUs with the server"}
    say(f"== corpus: x{args.copies} in {args.corpus}")
    base = corpus.prepare(args.corpus)
    source = corpus.prepare(args.corpus, copies=args.copies)
    queries = make_queries(corpus.page_records(base))
    (args.work / "queries.txt").write_text("\n".join(queries) + "\n", encoding="utf-8")
    engines = ["zoek"] if args.skip_stock else ["zoek", "stock", "sqlite"]
    res = {"meta": meta, "settings": {k: (str(v) if isinstance(v, Path) else v)
                                      for k, v in vars(args).items()},
           "corpus": corpus_info(source, args.copies, base), "query_set": queries,
           **build_and_query(source, args.work, engines, queries, args, f"x{args.copies}")}
    if "error" not in res["index"]["zoek"]:  # issue 12: do snippets show the match, how fast
        say("== snippets")
        res["snippets"] = snippets.measure(args.work / f"x{args.copies}-zoek", base)
    res["http"] = [] if args.skip_http or "error" in res["index"]["zoek"] else \
        http_runs(args.work / f"x{args.copies}-zoek", queries, args)
    if args.scale:
        res["scale"] = scale_point(args, queries, base)
        res["scale"]["growth"] = growth(res, res["scale"], args.copies)
    meta["load_end"], meta["seconds"] = load(), round(time.perf_counter() - started)
    res["targets"] = report.check_targets(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False), encoding="utf-8")
    print(report.render(res))
    if "snippets" in res:
        print(snippets.render(res["snippets"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
