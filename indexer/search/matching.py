"""Which documents a query matches, as a set of docnums.

Whoosh counts a total by stepping its matcher tree one document at a time,
which costs more than finding the top 10; sets of docnums read a posting
block at a time and combined with set algebra are many times faster. Facet
counts use the same sets.
"""

from whoosh import query as wq

from indexer.index.whoosh_internals import posting_ids


def matching_docs(searcher, q: wq.Query) -> set[int]:
    """Every document a query matches, by set algebra over posting lists."""
    if isinstance(q, wq.And):
        positive = [c for c in q.subqueries if not isinstance(c, wq.Not)]
        sets = sorted((matching_docs(searcher, c) for c in positive), key=len)
        found = set.intersection(*sets) if sets else set()
        for negated in (c for c in q.subqueries if isinstance(c, wq.Not)):
            found -= matching_docs(searcher, negated.query)
        return found
    if isinstance(q, wq.Or):
        return set().union(*(matching_docs(searcher, c) for c in q.subqueries))
    if isinstance(q, wq.AndNot):
        return matching_docs(searcher, q.a) - matching_docs(searcher, q.b)
    if isinstance(q, wq.AndMaybe):
        return matching_docs(searcher, q.a)
    if isinstance(q, wq.Term):
        return term_docs(searcher, q.fieldname, q.text)
    return set(q.docs(searcher))


def term_docs(searcher, fieldname: str, text: str) -> set[int]:
    """Docnums of one term, read a posting block at a time (not one by one)."""
    found = set()
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if not reader.doc_frequency(fieldname, text):
            continue
        ids = posting_ids(reader.postings(fieldname, text))
        deleted = reader.deleted_docs_set
        found.update(i + offset for i in ids if i not in deleted) if deleted else \
            found.update(i + offset for i in ids)
    return found


def value_docs(searcher, fieldname: str, value: str) -> frozenset[int]:
    """Docnums with one facet value (cached per generation by search.generation.Generation)."""
    return frozenset(term_docs(searcher, fieldname, value))

