"""The issue's targets, checked against the figures, and the table printed at the end.

    python -m benchmarks.report out.json     # the table again, from a run's --json
"""

import json
import operator
import sys

OPS = {"≥": operator.ge, "≤": operator.le, "=": operator.eq, "<": operator.lt}
SCALE_COPIES = 100  # the scale targets are for ~250k documents: x100, not smaller points

MAX_SIZE_VS_STOCK = 1.3
# (key, label, op, target); a target of "other" compares with another engine's figure.
TARGETS = [
    ("index_mb_per_s", "indexing MB/s", "≥", 4),
    ("index_size", f"index size vs {MAX_SIZE_VS_STOCK}x stock Whoosh's", "≤", "other"),
    ("query_p50_ms", "in-process query p50 ms", "≤", 1.5),
    ("query_p99_ms", "in-process query p99 ms", "≤", 8),
    ("query_vs_sqlite", "in-process p50 ms vs SQLite FTS5's", "<", "other"),
    ("http_requests_per_s", "HTTP requests/s", "≥", 400),
    ("http_p99_ms", "HTTP p99 ms", "≤", 50),
    ("http_errors", "HTTP errors", "=", 0),
    ("scale_build_s", "x100 build s", "≤", 300),
    ("scale_query_p50_ms", "x100 query p50 ms", "≤", 5),
    ("scale_query_p99_ms", "x100 query p99 ms", "≤", 30),
    ("scale_worker_mb", "x100 serving worker's private MB", "≤", 500),
]
ENGINES = (("zoek", "zoek"), ("stock", "stock Whoosh"), ("sqlite", "SQLite FTS5"))


def best_http(runs: list[dict]) -> dict | None:
    """The thread setting with the most requests/s among runs without errors (else any)."""
    clean = [r for r in runs if "error" not in r and r["errors"] == 0] or \
        [r for r in runs if "error" not in r]
    return max(clean, key=lambda r: r["requests_per_s"], default=None)


def target_values(res: dict) -> dict:
    """The zoek figure each target is judged on (None: not measured in this run)."""
    zoek, stock = res["index"].get("zoek", {}), res["index"].get("stock", {})
    q, lite = res["queries"].get("zoek", {}), res["queries"].get("sqlite", {})
    http, scale = best_http(res.get("http", [])), res.get("scale", {})
    if scale.get("corpus", {}).get("copies", 0) < SCALE_COPIES:
        scale = {}
    scale_index = scale.get("index", {}).get("zoek", {})
    return {
        "index_mb_per_s": zoek.get("mb_per_s"),
        "index_size": (zoek.get("index_bytes"),
                       stock.get("index_bytes") and int(stock["index_bytes"] * MAX_SIZE_VS_STOCK)),
        "query_p50_ms": q.get("p50_ms"), "query_p99_ms": q.get("p99_ms"),
        "query_vs_sqlite": (q.get("p50_ms"), lite.get("p50_ms")),
        "http_requests_per_s": http and http["requests_per_s"],
        "http_p99_ms": http and http["p99_ms"], "http_errors": http and http["errors"],
        "scale_build_s": scale_index.get("seconds"),
        "scale_query_p50_ms": scale.get("queries", {}).get("zoek", {}).get("p50_ms"),
        "scale_query_p99_ms": scale.get("queries", {}).get("zoek", {}).get("p99_ms"),
        "scale_worker_mb": max(scale.get("memory", {}).get("private_mb") or [None]),
    }


def check_targets(res: dict) -> list[dict]:
    values = target_values(res)
    out = []
    for key, label, op, target in TARGETS:
        value = values[key]
        if target == "other":
            value, target = value
        met = None if value is None or target is None else OPS[op](value, target)
        out.append({"key": key, "label": label, "value": value, "op": op, "target": target,
                    "met": met})
    return out


# ---------------------------------------------------------------- table -----

def mark(met) -> str:
    return {True: "✓", False: "✗", None: "–"}[met]


def num(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def mb(n) -> str:
    return "–" if n is None else f"{n / 1e6:,.1f}"


def row(label: str, zoek: str, stock: str = "", sqlite: str = "", target: str = "",
        met: str = "") -> str:
    return f"  {label:<30} {zoek:>14} {stock:>14} {sqlite:>14}   {target:<10} {met}"


def index_rows(index: dict, targets: dict) -> list[str]:
    """Build rows; targets maps a figure (seconds, mb_per_s...) to (target text, verdict)."""
    engines = [index.get(name, {}) for name, _ in ENGINES]
    errors = [f"  {e['engine']}: {e['error']}" for e in engines if "error" in e]
    engines = [{} if "error" in e else e for e in engines]

    def line(label, key, show=num):
        return row(label, *(show(e.get(key)) if e else "" for e in engines), *targets.get(key, ()))
    return [
        line("documents", "documents"), line("index time s", "seconds"),
        line("  CPU s (user+sys)", "cpu_seconds"), line("MB/s (source .txt bytes)", "mb_per_s", lambda v: num(v, 2)),
        line("docs/s", "docs_per_s"), line("index size MB", "index_bytes", mb),
        line("peak RSS MB (process tree)", "peak_rss_bytes", mb),
    ] + errors


def query_rows(queries: dict, targets: dict) -> list[str]:
    """Latency rows; targets maps a figure (p50_ms, p99_ms) to (target text, verdict)."""
    engines = [queries.get(name, {}) for name, _ in ENGINES]
    get = lambda d, k, digits=2: num(d.get(k), digits) if d and k in d else ""  # noqa: E731

    def line(label, key, digits=2):
        return row(label, *(get(e, key, digits) for e in engines), *targets.get(key, ()))

    def count(d, key):
        return f"{d[key]}/{d['queries']}" if d else ""
    return [
        line("p50 ms", "p50_ms"), line("p95 ms", "p95_ms"), line("p99 ms", "p99_ms"),
        line("mean ms", "mean_ms"),
        line("  of which snippets ms", "snippets_ms_mean", 3),
        line("  of which did-you-mean ms", "suggest_ms_mean", 3),
        line("queries/s (1 thread)", "queries_per_s", 0),
        line("  CPU ms/query", "cpu_ms_per_query"),
        row("queries with hits", *(count(e, "with_hits") for e in engines)),
        row("  with all their words", *(count(e, "all_words_matched") for e in engines)),
    ]


def http_rows(runs: list[dict]) -> list[str]:
    lines = [f"  {'threads':>7} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
             "   ≥400/s ≤50ms 0 err"]
    for r in runs:
        if "error" in r:
            lines.append(f"  {r['threads']:>7}  {r['error']}")
            continue
        met = [r["requests_per_s"] >= 400, r["p99_ms"] <= 50, r["errors"] == 0]
        lines.append(f"  {r['threads']:>7} {r['requests']:>9,} {r['requests_per_s']:>8,.1f} "
                     f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['errors']:>7,}"
                     f"   {'      '.join(mark(m) for m in met)}"
                     + (f"   workers' CPU s {', '.join(map(str, r['worker_cpu_s']))}; steal {r['steal_s']} s"
                        if "worker_cpu_s" in r else "")
                     + ("   (request limit reached: req/s is a lower bound)" if r.get("capped") else ""))
    return lines


def render(res: dict) -> str:
    verdicts = {t["key"]: mark(t["met"]) for t in res["targets"]}
    c, meta = res["corpus"], res["meta"]
    out = [f"zoek benchmark, {meta['date']}, zoek {meta['zoek_commit']}, "
           f"{meta['cpus']} CPUs, load average {meta['load_start']} at start, {meta['load_end']} at end",
           f"corpus x{c['copies']}: {c['files']:,} documents, {c['bytes'] / 1e6:.1f} MB of .txt "
           f"({', '.join(f'{k} {v}' for k, v in c['packages'].items())})",
           *busy_note(meta), "", row("", *(label for _, label in ENGINES), "target", "met"),
           "Indexing (each engine in a child process; stock with procs=2; zoek's size includes "
           "its companion)"]
    out += index_rows(res["index"], {"mb_per_s": ("≥ 4", verdicts["index_mb_per_s"]),
                                     "index_bytes": (f"≤ {MAX_SIZE_VS_STOCK}x stock", verdicts["index_size"])})
    q = res["queries"].get("zoek") or res["queries"].get("stock") or {}
    out += ["", f"Queries in-process ({q.get('queries', '?')} queries x {q.get('rounds', '?')} rounds "
            "after a warm-up, top 10 with a snippet each, one thread; zoek with totals, facets "
            "and did-you-mean, no results cache)"]
    out += query_rows(res["queries"], {"p50_ms": ("≤ 1.5, < SQLite", verdicts["query_p50_ms"]
                                                  + verdicts["query_vs_sqlite"]),
                                       "p99_ms": ("≤ 8", verdicts["query_p99_ms"])})
    if res.get("http"):
        h = res["http"][0]
        out += ["", f"HTTP: zoek serve, {h['workers']} workers; {h.get('client', '?')} with "
                f"{h.get('connections', '?')} keep-alive connections for {res['settings']['http_seconds']} s "
                f"or {res['settings']['http_requests']:,} requests, results cache off; the client shares "
                "the CPUs with the server"]
        out += http_rows(res["http"])
    if res.get("scale"):
        out += scale_lines(res["scale"], verdicts)
    out += ["", "Targets (zoek; HTTP judged on its fastest error-free thread setting)"]
    out += [f"  {mark(t['met'])} {t['label']}: {fmt(t, 'value')} (target {t['op']} {fmt(t, 'target')})"
            for t in res["targets"]]
    return "\n".join(out)


def busy_note(meta: dict) -> list[str]:
    """A warning when other work competed for the CPUs during the run."""
    loads = [float(x) for x in f"{meta['load_start']} {meta.get('load_end', '')}".split()]
    if max(loads) <= meta["cpus"]:
        return []
    return [f"NOTE: the machine was busy (load average up to {max(loads):.1f} on {meta['cpus']} CPUs): "
            "wall-clock figures are noisy; the CPU-time rows are steadier."]


def fmt(target: dict, which: str) -> str:
    if target["key"] == "index_size" and target[which] is not None:
        return f"{mb(target[which])} MB"
    return num(target[which], 2)


def scale_lines(scale: dict, verdicts: dict) -> list[str]:
    c = scale["corpus"]
    out = ["", f"Scale x{c['copies']}: {c['files']:,} documents, {c['bytes'] / 1e6:,.1f} MB"]
    out += index_rows(scale["index"], {"seconds": ("≤ 300", verdicts["scale_build_s"])})
    out += query_rows(scale.get("queries", {}), {"p50_ms": ("≤ 5", verdicts["scale_query_p50_ms"]),
                                                 "p99_ms": ("≤ 30", verdicts["scale_query_p99_ms"])})
    memory = scale.get("memory", {})
    if memory.get("private_mb"):
        out.append(f"  serving workers' private memory after {memory['requests']} requests "
                   f"({memory['workers']} workers x {memory['threads']} threads): "
                   f"{', '.join(f'{mb:.0f}' for mb in memory['private_mb'])} MB "
                   f"(≤ 500 {verdicts['scale_worker_mb']})")
    if scale.get("http"):
        out += ["  HTTP on this index, as on the main corpus (the marks are the main corpus's targets)"]
        out += http_rows(scale["http"])
    growth = scale.get("growth", {})
    if growth:
        out.append("  growth from x{base} to x{copies}: index time x{seconds}, query p50 x{p50_ms}, "
                   "p99 x{p99_ms}".format(**growth))
    return out


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(render(json.load(f)))
