"""The one search function: the page, the JSON API and the CLI all call it.

It returns plain data (hits with snippets as text + ranges, totals, timing,
notices); rendering to HTML or JSON happens at the edges.
"""

import time
from dataclasses import dataclass, field

from . import highlight
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
    results = searcher.search_page(q, page, pagelen=per_page)
    return results, results.total


def search(searcher, text: str, page: int = 1, per_page: int = 10) -> SearchResult:
    """Ranked hits for a query: all words first; any word if none has all."""
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
    hits = [make_hit(r, parsed.terms) for r in results] if total else []
    took = (time.perf_counter() - started) * 1000
    return SearchResult(query=text, total=total, page=page, per_page=per_page,
                        took_ms=round(took, 2), hits=hits, match=match,
                        notices=parsed.notices)


def make_hit(result, terms) -> Hit:
    fields = result.fields()
    return Hit(id=fields["id"], title=fields.get("title", ""), score=round(result.score, 4),
               snippet=highlight.snippet(fields.get("body", ""), terms),
               title_marked=highlight.mark_all(fields.get("title", ""), terms))


def get_document(searcher, doc_id: str, text: str = "") -> DocumentView | None:
    """A whole document with every hit of the query highlighted."""
    fields = searcher.document(id=doc_id)
    if fields is None:
        return None
    terms = frozenset()
    if text.strip():
        try:
            terms = parse(text, searcher.schema, searcher.reader()).terms
        except QueryError:
            pass  # an unusable query still shows the document, unhighlighted
    body = highlight.mark_all(fields.get("body", ""), terms)
    return DocumentView(id=doc_id, title=highlight.mark_all(fields.get("title", ""), terms),
                        body=body, links=fields.get("links") or [], path=fields.get("path", ""),
                        hits=len(body.ranges))


def document_count(searcher) -> int:
    return searcher.doc_count()

