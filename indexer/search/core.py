"""The one search function: the page, the JSON API and the CLI all call it.

It returns plain data (hits with snippets as text + ranges, totals, timing,
notices); rendering to HTML or JSON happens at the edges.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq

from indexer import analysis
from indexer.index.companion import open_companion
from indexer.index.whoosh_internals import index_folder
from indexer.search import facets, highlight, suggest
from indexer.search.engine import Engine, filtered, top
from indexer.search.query import QueryError, parse
from indexer.sources.documents import page_at

MAX_PER_PAGE = 100
MAX_RESULT_DEPTH = 1000  # page * per_page: deep paging costs memory and CPU


@dataclass
class Hit:
    id: str
    title: str
    score: float
    snippet: highlight.Marked
    title_marked: highlight.Marked
    date: str = ""
    collection: str = ""
    type: str = ""
    page: int | None = None        # page of the snippet's first match, for paged documents
    source_url: str | None = None


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
    filters: dict = field(default_factory=dict)   # {field: [values]} applied
    sort: str = "relevance"
    facets: dict = field(default_factory=dict)    # {field: {value: count}} over the filtered hits

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
    date: str = ""
    collection: str = ""
    type: str = ""
    source_url: str | None = None
    pages: list[highlight.Marked] = field(default_factory=list)  # the body per page (PDF)


def check_paging(page: int, per_page: int) -> None:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page moet tussen 1 en {MAX_PER_PAGE} liggen")
    if page < 1:
        raise QueryError("page moet 1 of meer zijn")
    if page * per_page > MAX_RESULT_DEPTH:
        raise QueryError(f"er zijn hoogstens {MAX_RESULT_DEPTH} resultaten op te vragen: "
                         f"pagina {page} van {per_page} ligt daarachter")


@dataclass
class StoredHit:
    """A ranked document; its stored fields are read when asked for."""
    searcher: object
    docnum: int
    score: float

    def fields(self) -> dict:
        return self.searcher.stored_fields(self.docnum)


def engine_for(searcher) -> Engine:
    """The engine over the companion of the generation the searcher reads."""
    return Engine(open_companion(index_folder(searcher)), searcher)


def run(searcher, q, page, per_page, filters=None, sort="relevance"):
    """The hits of one page, and the sorted docnums of all matching documents."""
    engine = engine_for(searcher)
    found = filtered(engine.companion, engine.matches(q), filters or {})
    dates = engine.companion.facets["date"].codes if sort == "date" else None
    best = top(found, page * per_page, dates)[(page - 1) * per_page:]
    hits = [StoredHit(searcher, int(found.ids[i]), float(found.scores[i])) for i in best]
    return hits, found.ids


TITLE_MATCH_BOOST = 10.0


def with_title_bonus(q: wq.Query, text: str) -> wq.Query:
    """The query, with a document whose whole title is what was typed ranked first
    ("Rijen invoegen" above "Rij invoegen", which stems the same). Matches no more."""
    key = analysis.title_key(text)
    return wq.AndMaybe(q, wq.Term("title_key", key, boost=TITLE_MATCH_BOOST)) if key else q


def matching(searcher, text: str, page: int, per_page: int, filters=None, sort="relevance"):
    """(parsed query, hits of the page, matching docnums, match): all words first;
    any word if no document has all."""
    schema, reader = searcher.schema, searcher.reader()
    parsed = parse(text, schema, reader, match_all=True)
    hits, matched = run(searcher, with_title_bonus(parsed.query, text), page, per_page, filters, sort)
    match = "all"
    if not len(matched):
        loose = parse(text, schema, reader, match_all=False)
        if loose.query != parsed.query:
            parsed, match = loose, "any"
            hits, matched = run(searcher, with_title_bonus(parsed.query, text), page, per_page,
                                filters, sort)
    return parsed, hits, matched, match


def search(searcher, text: str, page: int = 1, per_page: int = 10, filters: dict | None = None,
           sort: str = "relevance", generation: Path | None = None) -> SearchResult:
    """Ranked hits for a query, within the filters, with facet counts.

    With the index generation given, misspelled words get a suggestion.
    """
    started = time.perf_counter()
    check_paging(page, per_page)
    filters, sort = facets.check_filters(filters), facets.check_sort(sort)
    parsed, results, matched, match = matching(searcher, text, page, per_page, filters, sort)
    hits = [make_hit(r, parsed.wanted) for r in results]
    counts = facets.facet_counts(engine_for(searcher).companion, matched)
    suggestion = suggest.did_you_mean(searcher, generation, text) if generation else None
    took = (time.perf_counter() - started) * 1000
    return SearchResult(query=text, total=len(matched), page=page, per_page=per_page,
                        took_ms=round(took, 2), hits=hits, match=match, suggestion=suggestion,
                        notices=parsed.notices, filters=filters, sort=sort, facets=counts)


def make_hit(result, wanted) -> Hit:
    fields = result.fields()
    snippet = highlight.snippet(fields.get("body", ""), wanted)
    return Hit(id=fields["id"], title=fields.get("title", ""),
               score=round(facets.relevance(result.score), 4), snippet=snippet,
               title_marked=highlight.mark_all(fields.get("title", ""), wanted),
               date=fields.get("date", ""), collection=fields.get("collection", ""),
               type=fields.get("type", ""), source_url=fields.get("source_url"),
               page=snippet_page(fields.get("pages"), snippet))


def snippet_page(starts, snippet: highlight.Marked) -> int | None:
    """The page of the snippet's first match (None without pages, or without a match:
    a match beyond the part of a long text that snippets scan)."""
    if not snippet.ranges:
        return None
    return page_at(starts, snippet.start + snippet.ranges[0][0])


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
                        hits=len(body.ranges), date=fields.get("date", ""),
                        collection=fields.get("collection", ""), type=fields.get("type", ""),
                        source_url=fields.get("source_url"),
                        pages=highlight.split(body, fields.get("pages") or []))


def document_count(searcher) -> int:
    return searcher.doc_count()

