"""The one search function: the page, the JSON API and the CLI all call it.

It returns plain data (hits with snippets as text + ranges, totals, timing,
notices); rendering to HTML or JSON happens at the edges.
"""

import time
from dataclasses import dataclass, field

from pathlib import Path

from whoosh import query as wq

from . import highlight, suggest
from .query import QueryError, parse

MAX_PER_PAGE = 100
MAX_RESULT_DEPTH = 1000  # page * per_page: deep paging costs memory and CPU


@dataclass
class Hit:
    id: str
    title: str
    score: float
    snippet: highlight.Marked
    title_marked: highlight.Marked


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    hits: list[Hit]
    match: str = "all"            # "all" words matched, or only "any" of them
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return min(-(-self.total // self.per_page), MAX_RESULT_DEPTH // self.per_page)


@dataclass
class DocumentView:
    id: str
    title: highlight.Marked
    body: highlight.Marked
    links: list[str]
    path: str
    hits: int


def check_paging(page: int, per_page: int) -> None:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page moet tussen 1 en {MAX_PER_PAGE} liggen")
    if page < 1:
        raise QueryError("page moet 1 of meer zijn")
    if page * per_page > MAX_RESULT_DEPTH:
        raise QueryError(f"er zijn hoogstens {MAX_RESULT_DEPTH} resultaten op te vragen: "
                         f"pagina {page} van {per_page} ligt daarachter")


def run(searcher, q, page, per_page):
    """The hits of one page, and the exact number of matching documents."""
    results = searcher.search(q, limit=page * per_page)
    hits = list(results[(page - 1) * per_page:page * per_page])
    return hits, len(matching_docs(searcher, q))


def matching_docs(searcher, q: wq.Query) -> set[int]:
    """Every document a query matches, by set algebra over posting lists.

    Whoosh counts a total by stepping its matcher tree one document at a time,
    which costs more than the top-10 search itself; sets of docnums are fast.
    """
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
        matcher = reader.postings(fieldname, text)
        inner = getattr(matcher, "child", matcher)  # unwrapped from the deletions filter
        ids = []
        while inner.is_active():
            if inner._ids is None:
                inner._read_ids()
            ids.extend(inner._ids[inner._i:])
            inner._next_block()
        deleted = reader.deleted_docs_set
        found.update(i + offset for i in ids if i not in deleted) if deleted else \
            found.update(i + offset for i in ids)
    return found


def search(searcher, text: str, page: int = 1, per_page: int = 10,
           generation: Path | None = None) -> SearchResult:
    """Ranked hits for a query: all words first; any word if none has all.

    With the index generation given, misspelled words get a suggestion.
    """
    started = time.perf_counter()
    check_paging(page, per_page)
    schema, reader = searcher.schema, searcher.reader()
    parsed = parse(text, schema, reader, match_all=True)
    results, total = run(searcher, parsed.query, page, per_page)
    match = "all"
    if total == 0:
        loose = parse(text, schema, reader, match_all=False)
        if loose.query != parsed.query:
            parsed, match = loose, "any"
            results, total = run(searcher, parsed.query, page, per_page)
    hits = [make_hit(r, parsed.wanted) for r in results] if total else []
    suggestion = suggest.did_you_mean(searcher, generation, text) if generation else None
    took = (time.perf_counter() - started) * 1000
    return SearchResult(query=text, total=total, page=page, per_page=per_page,
                        took_ms=round(took, 2), hits=hits, match=match,
                        suggestion=suggestion, notices=parsed.notices)


def make_hit(result, wanted) -> Hit:
    fields = result.fields()
    return Hit(id=fields["id"], title=fields.get("title", ""), score=round(result.score, 4),
               snippet=highlight.snippet(fields.get("body", ""), wanted),
               title_marked=highlight.mark_all(fields.get("title", ""), wanted))


def get_document(searcher, doc_id: str, text: str = "") -> DocumentView | None:
    """A whole document with every hit of the query highlighted."""
    fields = searcher.document(id=doc_id)
    if fields is None:
        return None
    wanted = highlight.Wanted()
    if text.strip():
        try:
            wanted = parse(text, searcher.schema, searcher.reader()).wanted
        except QueryError:
            pass  # an unusable query still shows the document, unhighlighted
    body = highlight.mark_all(fields.get("body", ""), wanted)
    return DocumentView(id=doc_id, title=highlight.mark_all(fields.get("title", ""), wanted),
                        body=body, links=fields.get("links") or [], path=fields.get("path", ""),
                        hits=len(body.ranges))


def document_count(searcher) -> int:
    return searcher.doc_count()

