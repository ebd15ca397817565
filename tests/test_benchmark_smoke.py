"""The benchmark harness on the seeds: query set, statistics, targets, HTTP client. No timings asserted."""

import pytest

from benchmarks import http_load, report
from benchmarks.corpus import page_records
from benchmarks.queries import latency_summary, make_queries, percentile
from indexer.analysis import STOPWORDS
from indexer.search import search


@pytest.fixture(scope="module")
def seed_queries(seeds):
    return make_queries(page_records(seeds), count=30)


def test_queries_are_fixed_and_shaped(seeds, seed_queries):
    assert make_queries(page_records(seeds), count=30) == seed_queries  # fixed seed
    assert make_queries(page_records(seeds), count=30, seed=1) != seed_queries
    assert len(set(seed_queries)) == 30
    assert [len(q.split()) for q in seed_queries[:6]] == [1, 2, 3, 1, 2, 3]
    words = {w for q in seed_queries for w in q.split()}
    assert all(len(w) >= 4 and w.isalpha() and w == w.lower() for w in words)
    assert not words & STOPWORDS
    assert "internationalrbc" not in words  # only in share links, which are not text


def test_every_query_finds_all_its_words_in_zoek(searcher, seed_queries):
    for text in seed_queries:
        result = search(searcher, text)
        assert result.total >= 1 and result.match == "all", text


def test_too_small_a_corpus_is_a_clear_error(seeds):
    with pytest.raises(ValueError, match="only 0 distinct queries"):
        make_queries(page_records(seeds), count=30, band=(0.5, 0.6))  # no df between 1.5 and 1.8
    with pytest.raises(ValueError, match="only .* distinct queries"):
        make_queries(page_records(seeds), count=5000)


def test_percentiles_interpolate_like_numpy():
    values = list(range(1, 101))  # 1..100, shuffled order must not matter
    assert percentile(values[::-1], 50) == 50.5
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile([7.0], 99) == 7.0
    summary = latency_summary([1.0, 2.0, 3.0, 10.0])
    assert (summary["p50_ms"], summary["max_ms"], summary["mean_ms"], summary["count"]) == (2.5, 10.0, 4.0, 4)
    with pytest.raises(ValueError):
        percentile([], 50)


def figures(mb_per_s, zoek_bytes, stock_bytes, http_runs):
    return {"index": {"zoek": {"mb_per_s": mb_per_s, "index_bytes": zoek_bytes},
                      "stock": {"index_bytes": stock_bytes}},
            "queries": {"zoek": {"p50_ms": 1.5, "p99_ms": 12.0}, "sqlite": {"p50_ms": 1.8}},
            "http": http_runs}


def test_targets_are_judged_on_zoek_figures():
    runs = [{"threads": 1, "requests_per_s": 450.0, "p99_ms": 40.0, "errors": 3},
            {"threads": 2, "requests_per_s": 420.0, "p99_ms": 45.0, "errors": 0}]
    met = {t["key"]: t["met"] for t in report.check_targets(figures(4.5, 125, 100, runs))}
    assert met == {"index_mb_per_s": True, "index_size": True, "query_p50_ms": True,
                   "query_p99_ms": False, "query_vs_sqlite": True,
                   "http_requests_per_s": True, "http_p99_ms": True,
                   "http_errors": True,  # the best run without errors: threads=2
                   "scale_build_s": None, "scale_query_p50_ms": None, "scale_query_p99_ms": None,
                   "scale_worker_mb": None}
    met = {t["key"]: t["met"] for t in report.check_targets(figures(3.9, 131, 100, []))}
    assert (met["index_mb_per_s"], met["index_size"], met["http_errors"]) == (False, False, None)
    scaled = {**figures(4.5, 125, 100, runs), "scale": {
        "corpus": {"copies": 100}, "index": {"zoek": {"seconds": 280}},
        "queries": {"zoek": {"p50_ms": 4.0, "p99_ms": 31.0}}, "memory": {"private_mb": [90.5, 510.0]}}}
    met = {t["key"]: t["met"] for t in report.check_targets(scaled)}
    assert (met["scale_build_s"], met["scale_query_p99_ms"], met["scale_worker_mb"]) == (True, False, False)


def test_the_scale_point_shows_its_http_load():
    scale = {"corpus": {"copies": 100, "files": 270_400, "bytes": 603_600_000},
             "index": {"zoek": {"seconds": 70.0}}, "queries": {},
             "http": [{"threads": 2, "requests": 18_388, "requests_per_s": 915.9, "p50_ms": 4.2,
                       "p99_ms": 10.6, "errors": 0}]}
    verdicts = dict.fromkeys(["scale_build_s", "scale_query_p50_ms", "scale_query_p99_ms",
                              "scale_worker_mb"], "✓")
    lines = report.scale_lines(scale, verdicts)
    assert any("HTTP on this index" in line for line in lines)
    assert any("915.9" in line and "18,388" in line for line in lines)
    assert not any("HTTP" in line for line in report.scale_lines({**scale, "http": []}, verdicts))


def test_serving_workers_private_memory_is_read(seed_index, seed_queries, tmp_path):
    memory = http_load.measure_memory(seed_index, http_load.api_paths(seed_queries), tmp_path)
    assert memory["requests"] == 2 * len(seed_queries)
    # Workers fork from a preloaded master: what they share with it copy-on-write is not
    # private, so a worker that has written little since the fork holds a few MB only.
    assert len(memory["private_mb"]) == 2 and all(0 < mb < 1000 for mb in memory["private_mb"])


def test_python_client_drives_the_live_server(live_server, seed_queries):
    result = http_load.run_python_clients(live_server.url, http_load.api_paths(seed_queries),
                                          connections=1, seconds=20, max_requests=30)
    assert result["requests"] == 30
    assert result["errors"] == 0
    assert http_load.check_answer(live_server.url, http_load.api_paths(seed_queries)[2]) >= 1


def test_a_load_run_stopped_by_its_request_limit_is_marked_as_a_lower_bound(seed_index, seed_queries,
                                                                             tmp_path):
    paths = http_load.api_paths(seed_queries)
    run = http_load.measure_http(seed_index, paths, 1, tmp_path, wrk=None, connections=1, seconds=20,
                                 max_requests=30)
    assert run["requests"] == 30 and run["capped"] and run["errors"] == 0
    assert len(run["worker_cpu_s"]) == 2 and sum(run["worker_cpu_s"]) > 0 and run["steal_s"] >= 0
    assert "workers' CPU s" in report.http_rows([run])[1]
    assert "lower bound" in report.http_rows([run])[1]
    assert "lower bound" not in report.http_rows([{**run, "capped": False}])[1]


def test_the_snippet_benchmark_on_the_seeds(seeds, seed_index, seed_queries):
    from benchmarks import snippets
    from indexer.index.store import IndexHandle
    handle, records = IndexHandle(seed_index), list(page_records(seeds))
    phrases = snippets.phrase_queries(records, count=5)
    assert len(phrases) == 5 and all(p.startswith('"') and p.count(" ") == 1 for p in phrases)
    res = snippets.measure_results(handle, seed_queries[:10] + phrases)
    assert res["with_query_word"] >= 10 and res["marked_share"] == 1.0 and res["misses"] == []
    big = snippets.measure_big(handle, records, ["kinderarbeid"], rounds=1)
    row = big["texts"][0]
    assert row["chars"] > 1000 and row["vocabulary_scan_marked"] and row["word_by_word_marked"]
