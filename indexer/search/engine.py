"""The search engine: a parsed Whoosh query tree evaluated over the columnar
companion with numpy.

Every node gives the documents it matches as a sorted array of docnums and
their scores beside it, combined the way Whoosh's matchers combine them:
Term scores its precomputed BM25F score times its boost, And and Or add the
scores of their parts, AndMaybe adds its optional part where present,
AndNot, Require and the title bonus keep the score of their first part, and
a Not inside an And counts 1.0 (Whoosh's InverseMatcher). So the ranking is
Whoosh's own, and the total is exact. A node the companion cannot answer
(a phrase needs positions) is run by Whoosh's matchers, whose scores slot in
the same way.

The one departure from Whoosh: a term of the exact-form field (PRESENCE_FIELDS)
scores by presence, its boost times its idf whatever the page's length, and
only when some page with the word has another form of it (`presence`).
"""

from dataclasses import dataclass
from math import log

import numpy as np
from whoosh import query as wq

try:  # the merges in C (setup.py builds it where a compiler is)
    from indexer import _native
except ImportError:  # not built: numpy does the same
    _native = None

EMPTY_IDS = np.zeros(0, dtype=np.int64)
EMPTY_SCORES = np.zeros(0, dtype=np.float64)
NOT_SCORE = 1.0   # what Whoosh's InverseMatcher scores a document a Not part lets through
MAX_MERGED = 4      # an OR of up to this many parts is merged by one sort (engine.merged)
DENSE_FRACTION = 8  # a wider OR over more postings than docs/8 is summed in a dense array
SAMPLE_STEP = 64    # every 64th page of a stem is checked first for the exact form's gate
# The exact-form field -> the fields of the stems of its words (index/schema.py).
PRESENCE_FIELDS = {"exact": ("title", "body", "parts")}
# How an exact-form term scores: "gated" presence (zoek), plain "presence", or Whoosh's
# "bm25" (`python -m benchmarks.relevance --exact-scoring gated,presence,bm25`).
EXACT_SCORING = "gated"


@dataclass
class Matches:
    ids: np.ndarray      # sorted, unique docnums
    scores: np.ndarray   # float64, one per docnum

    def __len__(self) -> int:
        return len(self.ids)


NONE = Matches(EMPTY_IDS, EMPTY_SCORES)


class Engine:
    """Query evaluation over one generation's companion (and its Whoosh searcher,
    for what needs positions)."""

    def __init__(self, companion, searcher):
        self.companion, self.searcher = companion, searcher
        self.doc_count = companion.doc_count
        self.live = companion.live_for(searcher.reader())
        self.all_live = self.live is companion.live and companion.all_live

    # ---- the query tree ----------------------------------------------------------------

    def matches(self, q: wq.Query) -> Matches:
        """Every live document `q` matches, with Whoosh's BM25F score."""
        found = self.node(q)
        if not self.all_live and len(found):
            keep = self.live[found.ids]
            found = Matches(found.ids[keep], found.scores[keep])
        return found

    def node(self, q: wq.Query) -> Matches:
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return NONE
        kind = type(q)
        if kind is wq.Term and q.fieldname in PRESENCE_FIELDS and EXACT_SCORING != "bm25":
            return self.presence(q)
        if kind is wq.Term and q.fieldname in self.companion.fields:
            return self.term(q)
        if kind in (wq.Or, wq.DefaultOr, wq.PreloadedOr):
            return boosted(self.union(self.alternatives(q.subqueries)), q.boost)
        if kind is wq.And:
            return boosted(self.conjunction(q.subqueries), q.boost)
        if kind is wq.Not:
            return self.inverse(self.node(q.query))
        if kind is wq.AndNot:
            return without(self.node(q.a), self.node(q.b))
        if kind is wq.AndMaybe:
            return plus_optional(self.node(q.a), self.node(q.b))
        if kind is wq.Require:
            a = self.node(q.a)
            kept = contains(self.node(q.b).ids, a.ids)
            return Matches(a.ids[kept], a.scores[kept])
        return self.whoosh(q)

    def term(self, q: wq.Term) -> Matches:
        found = self.companion.postings(q.fieldname, q.text)
        if found is None:
            return NONE
        docs, scores = found
        if q.boost != 1.0:
            scores *= q.boost
        return Matches(docs, scores)

    def alternatives(self, subqueries) -> list[Matches]:
        """The parts of an OR; an exact-form term among them (the word as typed, beside
        its stem in other fields) is scored knowing the stem's matches."""
        if EXACT_SCORING == "bm25" or not any(is_presence(c) for c in subqueries):
            return [self.node(c) for c in subqueries]
        parts = [None if is_presence(c) else self.node(c) for c in subqueries]
        return [self.presence(c, [p for s, p in zip(subqueries, parts) if is_stem_of(s, c)])
                if part is None else part for c, part in zip(subqueries, parts)]

    def presence(self, q: wq.Term, stems: list[Matches] = ()) -> Matches:
        """The pages with the form typed, each scored its boost times its idf, whatever
        its length or how often it has the form: BM25's length normalisation made the
        form nearly nothing in a long page that has it once.

        Gated: nothing (the pages still match) where every page with the word's stem
        (`stems`, of the same OR) has this very form, so the form tells those pages
        apart from none; scored, it would only weigh the word twice against the other
        words and readings of the query (a Dutch page with the English words typed
        above the English page)."""
        found = self.companion.postings(q.fieldname, q.text)
        if found is None:
            return NONE
        docs, _ = found
        if EXACT_SCORING == "gated" and stems and not other_forms(docs, stems):
            if any(len(p) == len(docs) for p in stems):
                return NONE  # that stem's pages are the form's: the OR gains no page, no score
            return Matches(docs, np.zeros(len(docs)))
        return Matches(docs, np.full(len(docs), q.boost * self.idf(q.fieldname, len(docs))))

    def idf(self, fieldname: str, df: int) -> float:
        """Whoosh's idf over the documents of the field's language (scoring.LanguageBM25F)."""
        documents_of = getattr(self.searcher.weighting, "documents_of", None)
        documents = documents_of(self.searcher, fieldname) if documents_of else self.doc_count
        return log(documents / (df + 1)) + 1

    def union(self, parts: list[Matches]) -> Matches:
        parts = [p for p in parts if len(p)]
        if len(parts) <= 1:
            return parts[0] if parts else NONE
        if len(parts) <= MAX_MERGED:
            return merged(sorted(parts, key=len, reverse=True))
        total = sum(len(p) for p in parts)
        if total * DENSE_FRACTION > self.doc_count:
            summed = np.zeros(self.doc_count)
            hit = np.zeros(self.doc_count, dtype=bool)
            for p in parts:
                summed[p.ids] += p.scores  # ids are unique within a part
                hit[p.ids] = True
            ids = np.flatnonzero(hit)
            return Matches(ids, summed[ids])
        ids, where = np.unique(np.concatenate([p.ids for p in parts]), return_inverse=True)
        return Matches(ids, np.bincount(where, weights=np.concatenate([p.scores for p in parts])))

    def conjunction(self, subqueries) -> Matches:
        positive = []
        for c in subqueries:
            if not isinstance(c, wq.Not):
                positive.append(self.node(c))
                if not len(positive[-1]):  # the rest cannot add a document
                    return NONE
        negated = [self.node(c.query) for c in subqueries if isinstance(c, wq.Not)]
        if positive:
            found = intersect(positive)
        else:  # only exclusions: everything else
            found = self.everything()
        for excluded in negated:
            found = without(found, excluded)
        if negated and len(found):
            found = Matches(found.ids, found.scores + NOT_SCORE * len(negated))
        return found

    def everything(self) -> Matches:
        ids = np.flatnonzero(self.live)
        return Matches(ids, np.zeros(len(ids)))

    def inverse(self, excluded: Matches) -> Matches:
        everything = self.everything()
        kept = ~contains(excluded.ids, everything.ids)
        return Matches(everything.ids[kept], np.full(int(kept.sum()), NOT_SCORE))

    def whoosh(self, q: wq.Query) -> Matches:
        """A node run by Whoosh's own matchers (phrases, and anything unforeseen)."""
        ids, scores = [], []
        context = self.searcher.context()
        for leaf, offset in self.searcher.leaf_searchers():
            m = q.matcher(leaf, context)
            while m.is_active():
                ids.append(offset + m.id())
                scores.append(m.score())
                m.next()
        if not ids:
            return NONE
        ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        return Matches(ids[order], np.asarray(scores, dtype=np.float64)[order])


def is_presence(q: wq.Query) -> bool:
    return type(q) is wq.Term and q.fieldname in PRESENCE_FIELDS


def is_stem_of(q: wq.Query, exact: wq.Term) -> bool:
    """Whether q is a term of the word's stem beside the exact form `exact`."""
    return type(q) is wq.Term and q.fieldname in PRESENCE_FIELDS[exact.fieldname]


def other_forms(docs: np.ndarray, stems: list[Matches]) -> bool:
    """Whether some page of the stem's matches lacks the form (whose pages are docs).
    A sample of each stem's pages is looked up first: one missing page answers."""
    return any(len(p) > len(docs) or not contains(docs, p.ids[::SAMPLE_STEP]).all()
               or not contains(docs, p.ids).all() for p in stems)


# ---- set algebra over sorted docnums ------------------------------------------------------

def contains(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """For each needle, whether the sorted haystack holds it."""
    if not len(haystack) or not len(needles):
        return np.zeros(len(needles), dtype=bool)
    at = np.searchsorted(haystack, needles)
    at[at == len(haystack)] = 0
    return haystack[at] == needles


def intersect(parts: list[Matches]) -> Matches:
    """Documents in every part, scores added; the shortest part leads."""
    parts = sorted(parts, key=len)
    if _native is not None and len(parts) > 1:
        return native_merge(_native.intersect_sum, parts, len(parts[0]))
    ids, scores = parts[0].ids, parts[0].scores
    for other in parts[1:]:
        if not len(ids):
            break
        at = np.searchsorted(other.ids, ids)
        at[at == len(other.ids)] = 0
        found = other.ids[at] == ids if len(other.ids) else np.zeros(len(ids), dtype=bool)
        ids, scores = ids[found], scores[found] + other.scores[at[found]]
    return Matches(ids, scores)


def merged(parts: list[Matches]) -> Matches:
    """The union of a few parts, in their order: one stable sort of all their docnums,
    each document's scores added in the parts' order (as adding them one part after the
    other would). Fewer numpy calls than merging part by part, for the short lists a
    word's fields give."""
    if _native is not None:
        return native_merge(_native.union_sum, parts, sum(map(len, parts)))
    ids = np.concatenate([p.ids for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    order = np.argsort(ids, kind="stable")
    ids, scores = ids[order], scores[order]
    first = np.empty(len(ids), dtype=bool)
    first[0] = True
    np.not_equal(ids[1:], ids[:-1], out=first[1:])
    # bincount adds each document's scores in this order, one after the other (as the
    # parts' order would; reduceat would add the first to the pairwise sum of the rest).
    return Matches(ids[first], np.bincount(np.cumsum(first) - 1, weights=scores))


def native_merge(merge, parts: list[Matches], most: int) -> Matches:
    """The parts merged by _native's union_sum or intersect_sum, into arrays of at most
    `most` documents."""
    ids, scores = np.empty(most, dtype=np.int64), np.empty(most, dtype=np.float64)
    n = merge([p.ids for p in parts], [p.scores for p in parts], ids, scores)
    return Matches(ids[:n], scores[:n])


def without(a: Matches, b: Matches) -> Matches:
    if not len(b) or not len(a):
        return a
    kept = ~contains(b.ids, a.ids)
    return Matches(a.ids[kept], a.scores[kept])


def plus_optional(a: Matches, b: Matches) -> Matches:
    """a's documents; b's score added where b matches too (AndMaybe). b's documents are
    looked up in a: the optional part (the title bonus) is nearly always the shorter."""
    if not len(b) or not len(a):
        return a
    at = np.searchsorted(a.ids, b.ids)
    at[at == len(a.ids)] = 0
    found = a.ids[at] == b.ids
    scores = a.scores.copy()
    scores[at[found]] += b.scores[found]
    return Matches(a.ids, scores)


def boosted(found: Matches, boost: float) -> Matches:
    return found if boost == 1.0 else Matches(found.ids, found.scores * boost)


# ---- filters, facets and the top of the ranking -------------------------------------------

def filtered(companion, found: Matches, filters: dict[str, list[str]]) -> Matches:
    """Only the documents with one of the given values in every filtered field."""
    for name, values in filters.items():
        facet = companion.facets.get(name)
        codes = [c for c in (facet.code(v) for v in values) if c >= 0] if facet else []
        if not codes:
            return NONE
        keep = np.isin(facet.codes[found.ids], codes)
        found = Matches(found.ids[keep], found.scores[keep])
    return found


def facet_counts(companion, ids: np.ndarray, names) -> dict[str, dict[str, int]]:
    """{field: {value: documents}} over the given docnums, by bincount of value codes."""
    out = {}
    for name in names:
        facet = companion.facets.get(name)
        if facet is None or not len(ids):
            out[name] = {}
            continue
        if facet.everywhere and facet.values.count == 1:  # one value (all .txt, say): no counting
            out[name] = {facet.names[0]: len(ids)}
            continue
        codes = facet.codes[ids]
        if facet.everywhere:  # no -1 to shift past
            counted = np.bincount(codes, minlength=facet.values.count).tolist()
        else:
            counted = np.bincount(codes + 1, minlength=facet.values.count + 1).tolist()[1:]
        out[name] = {value: n for value, n in zip(facet.names, counted) if n}
    return out


def top(found: Matches, k: int, date_codes=None) -> np.ndarray:
    """Positions (into found) of the best k: by score, or by date and then score;
    ties go to the lower docnum, as in Whoosh."""
    n = len(found)
    if not n or k <= 0:
        return EMPTY_IDS
    keys = found.scores if date_codes is None else date_codes[found.ids]
    if n > k:  # everything tied with the k-th stays in, so ties break exactly
        threshold = np.partition(keys, n - k)[n - k]
        candidates = np.flatnonzero(keys >= threshold)
    else:
        candidates = np.arange(n)
    order = [found.ids[candidates], -found.scores[candidates]]
    if date_codes is not None:
        order.append(-keys[candidates])
    return candidates[np.lexsort(order)[:k]]
