"""The issue's targets, checked against the figures, and the table printed at the end.

    python -m benchmarks.report out.json     # the table again, from a run's --json
"""

import json
import operator
import sys

OPS = {"≥": operator.ge, "≤": operator.le, "=": operator.eq}
SCALE_COPIES = 100  # the scale targets are for ~250k documents: x100, not smaller points

# (key, label, op, target); a target of "stock" compares with stock Whoosh's figure.
TARGETS = [
    ("index_mb_per_s", "indexing MB/s", "≥", 6.7),
    ("index_size", "index size vs stock Whoosh", "≤", "stock"),
    ("query_p50_ms", "in-process query p50 ms", "≤", 2),
    ("query_p99_ms", "in-process query p99 ms", "≤", 10),
    ("http_requests_per_s", "HTTP requests/s", "≥", 400),
    ("http_p99_ms", "HTTP p99 ms", "≤", 50),
    ("http_errors", "HTTP errors", "=", 0),
    ("scale_build_s", "x100 build s", "≤", 600),
    ("scale_query_p99_ms", "x100 query p99 ms", "≤", 50),
]


def best_http(runs: list[dict]) -> dict | None:
    """The thread setting with the most requests/s among runs without errors (else any)."""
    clean = [r for r in runs if "error" not in r and r["errors"] == 0] or \
        [r for r in runs if "error" not in r]
    return max(clean, key=lambda r: r["requests_per_s"], default=None)


def target_values(res: dict) -> dict:
    """The zoek figure each target is judged on (None: not measured in this run)."""
    zoek, stock = res["index"].get("zoek", {}), res["index"].get("stock", {})
    q = res["queries"].get("zoek", {})
    http, scale = best_http(res.get("http", [])), res.get("scale", {})
    if scale.get("corpus", {}).get("copies", 0) < SCALE_COPIES:
        scale = {}
    scale_index = scale.get("index", {}).get("zoek", {})
    return {
        "index_mb_per_s": zoek.get("mb_per_s"),
        "index_size": (zoek.get("index_bytes"), stock.get("index_bytes")),
        "query_p50_ms": q.get("p50_ms"), "query_p99_ms": q.get("p99_ms"),
        "http_requests_per_s": http and http["requests_per_s"],
        "http_p99_ms": http and http["p99_ms"], "http_errors": http and http["errors"],
        "scale_build_s": scale_index.get("seconds"),
        "scale_query_p99_ms": scale.get("queries", {}).get("zoek", {}).get("p99_ms"),
    }


def check_targets(res: dict) -> list[dict]:
    values = target_values(res)
    out = []
    for key, label, op, target in TARGETS:
        value = values[key]
        if target == "stock":
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


def row(label: str, zoek: str, stock: str = "", target: str = "", met: str = "") -> str:
    return f"  {label:<30} {zoek:>14} {stock:>14}   {target:<10} {met}"


def index_rows(index: dict, targets: dict) -> list[str]:
    """Build rows; targets maps a figure (seconds, mb_per_s...) to (target text, verdict)."""
    z, s = index.get("zoek", {}), index.get("stock", {})
    if "error" in z or "error" in s:
        return [f"  {e['engine']}: {e['error']}" for e in (z, s) if "error" in e]

    def line(label, key, show=num):
        return row(label, show(z.get(key)) if z else "", show(s.get(key)) if s else "",
                   *targets.get(key, ()))
    return [
        line("documents", "documents"), line("index time s", "seconds"),
        line("  CPU s (user+sys)", "cpu_seconds"), line("MB/s (source .txt bytes)", "mb_per_s", lambda v: num(v, 2)),
        line("docs/s", "docs_per_s"), line("index size MB", "index_bytes", mb),
        line("peak RSS MB (process tree)", "peak_rss_bytes", mb),
    ]


def query_rows(queries: dict, targets: dict) -> list[str]:
    """Latency rows; targets maps a figure (p50_ms, p99_ms) to (target text, verdict)."""
    z, s = queries.get("zoek", {}), queries.get("stock", {})
    get = lambda d, k, digits=2: num(d.get(k), digits) if d else ""  # noqa: E731

    def latency(label, key):
        return row(label, get(z, key), get(s, key), *targets.get(key, ()))

    def count(d, key):
        return f"{d[key]}/{d['queries']}" if d else ""
    return [
        latency("p50 ms", "p50_ms"), latency("p95 ms", "p95_ms"), latency("p99 ms", "p99_ms"),
        latency("mean ms", "mean_ms"),
        row("queries/s (1 thread)", get(z, "queries_per_s", 0), get(s, "queries_per_s", 0)),
        row("  CPU ms/query", get(z, "cpu_ms_per_query"), get(s, "cpu_ms_per_query")),
        row("queries with hits", count(z, "with_hits"), count(s, "with_hits")),
        row("  with all their words", count(z, "all_words_matched"), count(s, "all_words_matched")),
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
                     f"   {'      '.join(mark(m) for m in met)}")
    return lines


def render(res: dict) -> str:
    verdicts = {t["key"]: mark(t["met"]) for t in res["targets"]}
    c, meta = res["corpus"], res["meta"]
    out = [f"zoek benchmark, {meta['date']}, zoek {meta['zoek_commit']}, "
           f"{meta['cpus']} CPUs, load average {meta['load_start']} at start, {meta['load_end']} at end",
           f"corpus x{c['copies']}: {c['files']:,} documents, {c['bytes'] / 1e6:.1f} MB of .txt "
           f"({', '.join(f'{k} {v}' for k, v in c['packages'].items())})",
           *busy_note(meta), "", row("", "zoek", "stock Whoosh", "target", "met"),
           "Indexing (each engine in a child process; stock with procs=2)"]
    out += index_rows(res["index"], {"mb_per_s": ("≥ 6.7", verdicts["index_mb_per_s"]),
                                     "index_bytes": ("≤ stock", verdicts["index_size"])})
    q = res["queries"].get("zoek") or res["queries"].get("stock") or {}
    out += ["", f"Queries in-process ({q.get('queries', '?')} queries x {q.get('rounds', '?')} rounds "
            "after a warm-up, top 10 with a snippet each, one thread)"]
    out += query_rows(res["queries"], {"p50_ms": ("≤ 2", verdicts["query_p50_ms"]),
                                       "p99_ms": ("≤ 10", verdicts["query_p99_ms"])})
    if res.get("http"):
        h = res["http"][0]
        out += ["", f"HTTP: zoek serve, {h['workers']} workers; {h.get('client', '?')} with "
                f"{h.get('connections', '?')} keep-alive connections for {res['settings']['http_seconds']} s "
                f"or {res['settings']['http_requests']:,} requests; the client shares the CPUs with the server"]
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
    out += index_rows(scale["index"], {"seconds": ("≤ 600", verdicts["scale_build_s"])})
    out += query_rows(scale.get("queries", {}), {"p99_ms": ("≤ 50", verdicts["scale_query_p99_ms"])})
    growth = scale.get("growth", {})
    if growth:
        out.append("  growth from x{base} to x{copies}: index time x{seconds}, query p50 x{p50_ms}, "
                   "p99 x{p99_ms}".format(**growth))
    return out


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(render(json.load(f)))
