"""The fixed query set of the benchmark, and the statistics of its timings.

Queries are drawn from the corpus itself so that AND queries have hits: pick
a document at random (fixed seed), then 1, 2 or 3 of its words of 4+ letters
that are neither stopwords nor too rare nor too common (a mid-frequency band
of document frequency). Every query therefore matches at least the document
it came from, in any engine that indexes the words as written.
"""

import math
import random
import re
from collections import Counter

from indexer.analysis import STOPWORDS
from indexer.sources.documents import extract_links

SEED = 20_240_404
COUNT = 200
MIN_LETTERS = 4
# Document frequency band, as a share of the documents: rarer words are typos
# and code, commoner ones behave like stopwords.
BAND = (0.002, 0.10)
WORD_RE = re.compile(r"[^\W\d_]{%d,}" % MIN_LETTERS)


def content_words(text: str) -> set[str]:
    """Lowercased words of 4+ letters (no digits), minus the Dutch stopwords and URLs."""
    text, _ = extract_links(text)  # nobody searches for the words of a share link
    return {w.lower() for w in WORD_RE.findall(text)} - STOPWORDS


def make_queries(records, count: int = COUNT, seed: int = SEED, band=BAND) -> list[str]:
    """`count` distinct queries of 1, 2 and 3 words in turn, from (id, title, body) records."""
    docs = [sorted(content_words(f"{title}\n{body}")) for _, title, body in records]
    df = Counter(w for words in docs for w in words)
    low, high = max(1.0, band[0] * len(docs)), max(1.0, band[1] * len(docs))
    eligible = [[w for w in words if low <= df[w] <= high] for words in docs]
    rng = random.Random(seed)
    queries: dict[str, None] = {}  # ordered and quick to look up
    for _ in range(count * 20 if any(eligible) else 0):  # a tiny corpus may not have enough
        if len(queries) == count:
            return list(queries)
        size = len(queries) % 3 + 1
        words = rng.choice(eligible)
        if len(words) >= size:
            queries.setdefault(" ".join(rng.sample(words, size)))
    raise ValueError(f"the corpus ({len(docs)} documents) yields only {len(queries)} distinct "
                     f"queries in the frequency band {band}; {count} are needed")


def percentile(values, p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between ranks, as numpy's default."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    below, above = math.floor(rank), math.ceil(rank)
    return ordered[below] + (ordered[above] - ordered[below]) * (rank - below)


def latency_summary(samples_ms) -> dict:
    """p50/p95/p99/mean/max of latencies in milliseconds, rounded for reports."""
    return {
        "count": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 3),
        "p95_ms": round(percentile(samples_ms, 95), 3),
        "p99_ms": round(percentile(samples_ms, 99), 3),
        "mean_ms": round(sum(samples_ms) / len(samples_ms), 3),
        "max_ms": round(max(samples_ms), 3),
    }
