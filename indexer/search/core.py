"""The one search function: the page, the JSON API and the CLI all call it.

It returns plain data (hits with snippets as text + ranges, totals, timing,
notices); rendering to HTML or JSON happens at the edges.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import query as wq

from indexer import analysis
from indexer.search import facets, highlight, passages, provenance, suggest
from indexer.search.matching import matching_docs
from indexer.search.query import QueryError, parse
from indexer.sources.documents import page_at

MAX_PER_PAGE = 100
MAX_RESULT_DEPTH = 1000  # page * per_page: deep paging costs memory and CPU
SCAN_CHARS = 200_000     # a snippet without a vocabulary analyses this much of a long text


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
    matched: list[dict] = field(default_factory=list)  # {form, from, via} per form found


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


def run(searcher, q, page, per_page, filters=None, sort="relevance"):
    """The hits of one page, and the set of all matching docnums."""
    allowed = facets.filter_query(filters or {})
    results = searcher.search(q, limit=page * per_page, filter=allowed,
                              sortedby=facets.sort_facet(sort))
    hits = list(results[(page - 1) * per_page:page * per_page])
    matched = matching_docs(searcher, q)
    if allowed is not None:
        matched &= matching_docs(searcher, allowed)
    return hits, matched


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
    if not matched:
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
    finder = highlight.Finder(parsed.wanted, forms_of(generation))
    hits = [make_hit(r, finder) for r in results]
    counts = facets.facet_counts(searcher, matched)
    suggestion = suggest.did_you_mean(searcher, generation, text) if generation else None
    took = (time.perf_counter() - started) * 1000
    return SearchResult(query=text, total=len(matched), page=page, per_page=per_page,
                        took_ms=round(took, 2), hits=hits, match=match, suggestion=suggestion,
                        notices=parsed.notices, filters=filters, sort=sort, facets=counts)


def forms_of(generation: Path | None):
    """term -> its written forms in the generation's vocabulary (None without one),
    so long texts are scanned for those forms instead of analysed word by word."""
    return suggest.vocabulary(generation).forms_of if generation else None


def make_hit(result, finder: highlight.Finder) -> Hit:
    fields = result.fields()
    body, title = fields.get("body", ""), fields.get("title", "")
    found, title_found = finder.find(body, limit=SCAN_CHARS), finder.find(title)
    snippet = passages.snippet(body, found, finder.wanted)
    return Hit(id=fields["id"], title=title,
               score=round(facets.relevance(result.score), 4), snippet=snippet,
               title_marked=highlight.Marked(title, [(f.start, f.end) for f in title_found]),
               date=fields.get("date", ""), collection=fields.get("collection", ""),
               type=fields.get("type", ""), source_url=fields.get("source_url"),
               page=snippet_page(fields.get("pages"), snippet),
               matched=provenance.reasons([(title, title_found), (body, found)], finder.wanted))


def snippet_page(starts, snippet: highlight.Marked) -> int | None:
    """The page of the snippet's first match (None without pages or without a match)."""
    if not starts or snippet.match_at is None:
        return None
    return page_at(starts, snippet.match_at)


def get_document(searcher, doc_id: str, text: str = "",
                 generation: Path | None = None) -> DocumentView | None:
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
    finder = highlight.Finder(wanted, forms_of(generation))
    body = highlight.mark_all(fields.get("body", ""), finder)
    return DocumentView(id=doc_id, title=highlight.mark_all(fields.get("title", ""), finder),
                        body=body, links=fields.get("links") or [], path=fields.get("path", ""),
                        hits=len(body.ranges), date=fields.get("date", ""),
                        collection=fields.get("collection", ""), type=fields.get("type", ""),
                        source_url=fields.get("source_url"),
                        pages=highlight.split(body, fields.get("pages") or []))


def document_count(searcher) -> int:
    return searcher.doc_count()

