"""In-process query latency: one thread, top 10 with one snippet per hit.

Each engine gets a function query -> (hits, all words matched?); one warm-up
pass over the queries, then `rounds` timed passes, each query timed alone.
zoek is timed as the API calls it (its SearchService, with the results cache
off: search() with totals, facets and did-you-mean, snippets rendered to
HTML), and the time spent in snippets and did-you-mean is reported apart;
stock Whoosh with its own highlighter; SQLite FTS5 with snippet().
"""

import time
from pathlib import Path

from benchmarks.queries import latency_summary
from benchmarks.sqlite_fts import SqliteSearcher
from benchmarks.stock import StockSearcher
from indexer.search import highlight, passages, suggest
from indexer.search.service import SearchService
from indexer.settings import Settings

TOP = 10


class PartTimer:
    """Time spent in a few functions search() calls (snippets, did-you-mean), so
    that their share of the latency shows; the functions are wrapped in place."""

    PARTS = {"snippets": ((highlight.Finder, "find"), (passages, "snippet")),
             "suggest": ((suggest, "did_you_mean"),)}

    def __init__(self):
        self.seconds = dict.fromkeys(self.PARTS, 0.0)
        for part, places in self.PARTS.items():
            for owner, name in places:
                setattr(owner, name, self.timed(part, getattr(owner, name)))

    def timed(self, part: str, fn):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[part] += time.perf_counter() - t0
        wrapper.original = fn
        return wrapper

    def restore(self) -> None:
        for places in self.PARTS.values():
            for owner, name in places:
                setattr(owner, name, getattr(owner, name).original)


def zoek_runner(index_dir: Path):
    service = SearchService(Settings.load(index=index_dir, result_cache=0))  # repeats must not be free

    def run(text: str) -> tuple[int, bool]:
        result = service.search(text, per_page=TOP)
        for hit in result.hits:
            hit.snippet.html()
        return len(result.hits), result.match == "all"
    return run


def stock_runner(index_dir: Path):
    searcher = StockSearcher(index_dir)

    def run(text: str) -> tuple[int, bool]:
        hits = searcher.search(text, limit=TOP, snippets=True)
        return len(hits), True  # AND only: any hit has all the words
    return run


def sqlite_runner(index_dir: Path):
    searcher = SqliteSearcher(index_dir)

    def run(text: str) -> tuple[int, bool]:
        return len(searcher.search(text, limit=TOP)), True  # AND only, snippets included
    return run


RUNNERS = {"zoek": zoek_runner, "stock": stock_runner, "sqlite": sqlite_runner}


def measure_queries(engine: str, index_dir: Path, queries: list[str], rounds: int) -> dict:
    """Latency percentiles, queries/s and hit counts of one engine over the query set."""
    run = RUNNERS[engine](index_dir)
    for text in queries:
        run(text)  # warm-up: caches, lazily opened files, first-call costs
    parts = PartTimer() if engine == "zoek" else None
    samples, hits = [], {}
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for text in queries:
            t0 = time.perf_counter()
            hits[text] = run(text)
            samples.append((time.perf_counter() - t0) * 1000)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    shares = {}
    if parts:
        parts.restore()
        shares = {f"{part}_ms_mean": round(s * 1000 / len(samples), 3) for part, s in parts.seconds.items()}
    return {
        "engine": engine, "queries": len(queries), "rounds": rounds, **latency_summary(samples),
        "queries_per_s": round(len(samples) / seconds, 1),
        "cpu_ms_per_query": round(cpu * 1000 / len(samples), 3),
        "with_hits": sum(1 for n, _ in hits.values() if n),
        "all_words_matched": sum(1 for n, everything in hits.values() if n and everything),
        **shares,
    }
