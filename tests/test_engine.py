"""The numpy engine against Whoosh's own scorer, on an index with multi-block
posting lists (3,000 generated documents: common words have thousands of
postings, Whoosh writes them 128 to a block), in several segments, before and
after an update that deletes and changes documents.

The exact-form field is the engine's own (presence, not BM25): the engine is
compared with Whoosh on the query without it, and its scores are checked on
their own (`presence_bonus`)."""

import math
import random
import re
from collections import Counter

import numpy as np
import pytest
from whoosh import query as wq
from whoosh import scoring, sorting

from indexer.index.build import build_index
from indexer.index.companion import open_companion
from indexer.index.store import IndexHandle
from indexer.index.update import update_index
from indexer.search import core, engine, facets
from indexer.search.core import engine_for, run, with_title_bonus
from indexer.search.query import QueryError, parse
from tests.corpus import make_corpus, seed_sentences

pytestmark = pytest.mark.slow
DOCS = 3000
WORD_RE = re.compile(r"[a-zà-ÿ]{4,}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("engine")
    source = make_corpus(root / "src", DOCS, seed=7)
    build_index(source, root / "ix", procs=2)
    return source, root / "ix"


def make_queries(n: int, seed: int = 3) -> list[str]:
    """Words, pairs and triples from the corpus, with OR, NOT, -, phrases, prefixes
    and field terms mixed in."""
    rng = random.Random(seed)
    words = sorted({w for s in seed_sentences() for w in WORD_RE.findall(s.lower())})
    out = []
    for i in range(n):
        picked = rng.sample(words, rng.randint(1, 3))
        kind = i % 8
        if kind == 1 and len(picked) > 1:
            out.append(" OR ".join(picked))
        elif kind == 2 and len(picked) > 1:
            out.append(f"{picked[0]} NOT {picked[1]}")
        elif kind == 3 and len(picked) > 1:
            out.append(f"{picked[0]} -{picked[1]}")
        elif kind == 4:
            sentence = rng.choice(seed_sentences()).split()
            start = rng.randrange(max(1, len(sentence) - 2))
            out.append('"' + " ".join(sentence[start:start + 2]) + '"')
        elif kind == 5:
            out.append(picked[0][:3] + "*")
        elif kind == 6:
            out.append("title:" + picked[0])
        else:
            out.append(" ".join(picked))
    return out


def excluded_parts(q: wq.Query):
    """The parts a query excludes (the b of AndNot, the query of a Not)."""
    if isinstance(q, wq.AndNot):
        yield q.b
    elif isinstance(q, wq.Not):
        yield q.query
    if not q.is_leaf():
        for child in q.children():
            if not isinstance(child, wq.Not):
                yield from excluded_parts(child)


def whoosh_all(searcher, q, filter_q=None):
    """Whoosh's own ranking of every match: [(docnum, score)].

    Whoosh's AndNotMatcher lets an excluded document through now and then (in
    `gecoordineerd -keten` one whose body has `ket`, just past a segment
    boundary), so what Whoosh itself finds for an excluded part is taken out."""
    excluded = set()
    for part in excluded_parts(q):
        excluded.update(hit.docnum for hit in searcher.search(part, limit=None))
    results = searcher.search(q, limit=None, filter=filter_q)
    return [(hit.docnum, hit.score) for hit in results if hit.docnum not in excluded]


def parsed_query(searcher, text):
    parsed = parse(text, searcher.schema, searcher.reader(), match_all=True)
    return with_title_bonus(parsed.query, text)


def without_exact(q: wq.Query) -> wq.Query:
    """The query without its exact-form terms (what Whoosh's BM25F still scores)."""
    if engine.is_presence(q):
        return wq.NullQuery
    return q if q.is_leaf() else q.apply(without_exact)


SEEN = Counter()  # exact-form terms checked: "scored" or "gated"


def presence_bonus(searcher, q: wq.Query, factor: float = 1.0) -> dict[int, float]:
    """docnum -> what the exact-form terms of q add, by the rule written out again:
    boost x idf over the Dutch documents, for a page with the form, where a page with
    the word's stem (a term beside it in the same OR) lacks it; 0 where none does."""
    companion = core.companion_for(searcher)
    bonus: dict[int, float] = {}
    if isinstance(q, wq.Not):
        return bonus
    if isinstance(q, (wq.AndNot, wq.Require)):
        return presence_bonus(searcher, q.a, factor * q.boost)
    if isinstance(q, wq.AndMaybe):
        kids = [q.a, q.b]
    elif q.is_leaf():
        return bonus
    else:
        kids = [c for c in q.children() if not isinstance(c, wq.Not)]
    factor *= q.boost
    for child in kids:
        if engine.is_presence(child):
            found = companion.postings(child.fieldname, child.text)
            docs = set() if found is None else set(found[0].tolist())
            stems = [c for c in kids if isinstance(c, wq.Term) and c.fieldname in ("title", "body", "parts")]
            # every posting, deleted pages too, as a term's doc frequency counts them
            stem_docs = set().union(*(set((companion.postings(c.fieldname, c.text) or ([],))[0])
                                      for c in stems))
            gated = bool(stems) and stem_docs <= docs
            SEEN["gated" if gated else "scored"] += bool(docs)
            dutch = searcher.weighting.documents_of(searcher, "exact")
            score = 0.0 if gated else child.boost * (math.log(dutch / (len(docs) + 1)) + 1)
            for d in docs:
                bonus[d] = bonus.get(d, 0.0) + factor * score
        else:
            for d, b in presence_bonus(searcher, child, factor).items():
                bonus[d] = bonus.get(d, 0.0) + b
    return bonus


def compare(searcher, queries):
    """(overlap of the top 10 over all queries, queries compared); totals must agree."""
    shared = wanted = compared = 0
    for text in queries:
        try:
            full = parsed_query(searcher, text)
        except QueryError:
            continue
        q = without_exact(full).normalize()
        expected = whoosh_all(searcher, q)
        hits, matched = run(searcher, q, 1, 10)
        assert len(matched) == len(expected), text
        assert sorted(matched.tolist()) == sorted(d for d, _ in expected), text
        found = engine_for(searcher).matches(q)
        mine = dict(zip(found.ids.tolist(), found.scores.tolist()))
        for docnum, score in expected:
            assert mine[docnum] == pytest.approx(score, rel=1e-5), text
        check_presence(searcher, full, found, text)
        top = {d for d, _ in expected[:10]}
        shared += len(top & {h.docnum for h in hits})
        wanted += len(top)
        compared += 1
    return shared / max(wanted, 1), compared


def check_presence(searcher, full, stripped, text):
    """The full query matches what it matches without the exact-form terms (the form
    implies its stem), each page scored that plus its bonus."""
    found = engine_for(searcher).matches(full)
    assert found.ids.tolist() == stripped.ids.tolist(), text
    bonus = presence_bonus(searcher, full)
    for docnum, score, base in zip(found.ids.tolist(), found.scores.tolist(), stripped.scores.tolist()):
        assert score == pytest.approx(base + bonus.get(docnum, 0.0), rel=1e-5, abs=1e-9), text


def test_postings_span_many_blocks(corpus):
    _, index_dir = corpus
    handle = IndexHandle(index_dir)
    companion = open_companion(handle.generation)
    ptr = np.asarray(companion.fields["body"].ptr)
    assert np.diff(ptr).max() > 4 * 128
    assert len(handle.searcher().reader().leaf_readers()) >= 2  # several segments


def test_companion_knows_the_terms_every_segment_knows(corpus):
    """has_term (what query parsing asks to split unknown compounds) is Whoosh's
    doc_frequency > 0 over all segments, for terms of each field and for unknown ones
    (the fields Whoosh holds: the exact forms are the companion's alone)."""
    _, index_dir = corpus
    handle = IndexHandle(index_dir)
    companion, reader = open_companion(handle.generation), handle.searcher().reader()
    assert not list(reader.lexicon("exact")) and companion.fields["exact"].lexicon.count > 50
    for field in ("title", "body", "parts"):
        terms = [t.decode("utf-8") for t in reader.lexicon(field)]
        sample = terms[::max(1, len(terms) // 300)] + [t + "qx" for t in terms[:50]] + ["", "zzzz"]
        assert len(terms) > 50
        for term in sample:
            assert companion.has_term(field, term) == (reader.doc_frequency(field, term) > 0), (field, term)
    assert not companion.has_term("no_such_field", "netwerk")


def test_engine_agrees_with_whoosh_before_and_after_update(corpus):
    source, index_dir = corpus
    queries = make_queries(200)
    handle = IndexHandle(index_dir)
    overlap, compared = compare(handle.searcher(), queries)
    assert compared >= 190 and overlap >= 0.95
    assert SEEN["scored"] >= 20 and SEEN["gated"] >= 5, SEEN  # both sides of the rule were checked
    # Delete some documents, change others, then compare on the updated index.
    files = sorted(source.rglob("*.txt"))
    for path in files[::7]:
        path.unlink()
    for path in files[3::11]:
        if path.exists():
            path.write_text("Gewijzigd rapport\n\nnetwerk beleid " + path.read_text(), encoding="utf-8")
    summary = update_index(source, index_dir)
    assert summary.deleted and summary.changed
    handle.refresh()
    searcher = handle.searcher()
    assert searcher.reader().has_deletions()
    overlap, compared = compare(searcher, queries[:100])
    assert compared >= 90 and overlap >= 0.95


def test_filters_facets_and_date_sort(corpus):
    _, index_dir = corpus
    searcher = IndexHandle(index_dir).searcher()
    reader = searcher.reader()
    years = sorted(v.decode() for v in reader.lexicon("year"))
    assert len(years) >= 1
    for text in ("netwerk", "beleid OR gemeente", "onderzoek -netwerk"):
        q = without_exact(parsed_query(searcher, text)).normalize()  # what Whoosh ranks alike
        expected = whoosh_all(searcher, q)
        # Facet counts: the engine's bincount against counting Whoosh's stored fields.
        result = core.search(searcher, text)
        counted = {name: {} for name in facets.FACET_FIELDS}
        for docnum, _ in expected:
            stored = searcher.stored_fields(docnum)
            for name in facets.FACET_FIELDS:
                if stored.get(name):
                    counted[name][stored[name]] = counted[name].get(stored[name], 0) + 1
        assert result.total == len(expected)
        assert {k: dict(v) for k, v in result.facets.items()} == counted
        # A filter is Whoosh's filter query.
        year = years[0]
        filtered = whoosh_all(searcher, q, filter_q=wq.Term("year", year))
        hits, matched = run(searcher, q, 1, 10, {"year": [year]})
        assert len(matched) == len(filtered)
        assert [h.docnum for h in hits] == [d for d, _ in sorted(filtered, key=lambda x: (-x[1], x[0]))[:10]]
        # sort=date: newest first, then score, as Whoosh sorts.
        by_date = searcher.search(q, limit=10, sortedby=[sorting.FieldFacet("date", reverse=True),
                                                        sorting.ScoreFacet()])
        hits, _ = run(searcher, q, 1, 10, sort="date")
        assert [searcher.stored_fields(h.docnum).get("date") for h in hits] == \
               [hit.fields().get("date") for hit in by_date]


def test_unknown_filter_value_matches_nothing(corpus):
    _, index_dir = corpus
    searcher = IndexHandle(index_dir).searcher()
    hits, matched = run(searcher, parsed_query(searcher, "netwerk"), 1, 10, {"year": ["1901"]})
    assert hits == [] and len(matched) == 0


def test_reference_scorer_is_bm25f(corpus):
    """The comparison above is against BM25F, the searcher's weighting."""
    _, index_dir = corpus
    assert isinstance(IndexHandle(index_dir).searcher().weighting, scoring.BM25F)


def test_a_generation_without_its_companion_is_refused_clearly(seeds, tmp_path):
    import shutil

    from indexer.index.store import IndexUnavailable, current_generation, open_generation
    build_index(seeds, tmp_path / "ix")
    shutil.rmtree(current_generation(tmp_path / "ix") / "companion")
    with pytest.raises(IndexUnavailable, match="search companion"):
        open_generation(tmp_path / "ix")
