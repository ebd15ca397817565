"""The one search function: the page, the JSON API and the CLI all call it.

It returns plain data (hits with snippets as text + ranges, totals, timing,
notices); rendering to HTML or JSON happens at the edges.
"""

import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import query as wq

from indexer import analysis
from indexer.index import whoosh_internals
from indexer.index.companion import open_companion
from indexer.search import facets, highlight, passages, suggest, why
from indexer.search.engine import Engine, filtered, top
from indexer.search.generation import Generation
from indexer.search.query import QueryError, parse
from indexer.search.results import (
    MAX_PER_PAGE,
    MAX_RESULT_DEPTH,
    DocumentView,
    Hit,
    SearchResult,
    document_path,
    query_string,
    empty_result,
)
from indexer.sources.documents import page_at

__all__ = ["MAX_PER_PAGE", "MAX_RESULT_DEPTH", "DocumentView", "Hit", "SearchResult", "search",
           "get_document", "document_count"]

SCAN_CHARS = 200_000     # a snippet without a vocabulary analyses this much of a long text


def check_paging(page: int, per_page: int) -> None:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"per_page moet tussen 1 en {MAX_PER_PAGE} liggen",
                         f"--per-page must be from 1 to {MAX_PER_PAGE}")
    if page < 1:
        raise QueryError("page moet 1 of meer zijn", "--page must be 1 or more")
    if page * per_page > MAX_RESULT_DEPTH:
        raise QueryError(f"er zijn hoogstens {MAX_RESULT_DEPTH} resultaten op te vragen: "
                         f"pagina {page} van {per_page} ligt daarachter",
                         f"at most {MAX_RESULT_DEPTH} results can be asked for: "
                         f"page {page} of {per_page} lies beyond")


@dataclass
class StoredHit:
    """A ranked document; its stored fields are read when asked for."""
    searcher: object
    docnum: int
    score: float

    def fields(self) -> dict:
        return whoosh_internals.stored_fields(self.searcher, self.docnum)


def companion_for(searcher):
    """The companion of the generation the searcher reads (opened once per generation)."""
    return open_companion(whoosh_internals.index_folder(searcher))


def engine_for(searcher) -> Engine:
    """The engine over the companion of the generation the searcher reads."""
    return Engine(companion_for(searcher), searcher)


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


def matching(searcher, text: str, page: int, per_page: int, filters=None, sort="relevance",
             synonyms: dict | None = None):
    """(parsed query, hits of the page, matching docnums, match): all words first;
    any word if no document has all."""
    schema, reader = searcher.schema, searcher.reader()
    has_term = companion_for(searcher).has_term
    parsed = parse(text, schema, reader, match_all=True, synonym_table=synonyms, has_term=has_term)
    hits, matched = run(searcher, with_title_bonus(parsed.query, text), page, per_page, filters, sort)
    match = "all"
    if not len(matched):
        loose = parse(text, schema, reader, match_all=False, synonym_table=synonyms, has_term=has_term)
        if loose.query != parsed.query:
            parsed, match = loose, "any"
            hits, matched = run(searcher, with_title_bonus(parsed.query, text), page, per_page,
                                filters, sort)
    return parsed, hits, matched, match


def search(searcher, text: str, page: int = 1, per_page: int = 10, filters: dict | None = None,
           sort: str = "relevance", generation: Path | Generation | None = None,
           lenient: bool = False) -> SearchResult:
    """Ranked hits for a query, within the filters, with facet counts.

    Filters and sort are checked here (a QueryError names what would be valid).
    With the index generation given, misspelled words get a suggestion; a
    `Generation` also brings its caches and the service's synonyms. Lenient, a
    query that cannot be searched (only stopwords, past the deepest page) is an
    empty result with a notice saying why, not a QueryError.
    """
    started = time.perf_counter()
    filters, sort = facets.check_filters(filters), facets.check_sort(sort)
    live = generation if isinstance(generation, Generation) else None
    try:
        check_paging(page, per_page)
        parsed, results, matched, match = matching(searcher, text, page, per_page, filters, sort,
                                                   live.synonyms if live else None)
    except QueryError as err:
        if lenient:
            return empty_result(text, page, per_page, filters, sort, str(err))
        raise
    finder = highlight.Finder(parsed.wanted, forms_of(generation))
    suffix = query_string(text)
    hits = [make_hit(r, finder, suffix) for r in results]
    counts = facets.facet_counts(companion_for(searcher), matched)
    suggestion = suggestion_for(searcher, generation, text)
    took = (time.perf_counter() - started) * 1000
    return SearchResult(query=text, total=len(matched), page=page, per_page=per_page,
                        took_ms=round(took, 2), hits=hits, match=match, suggestion=suggestion,
                        notices=parsed.notices, filters=filters, sort=sort, facets=counts)


def suggestion_for(searcher, generation, text: str) -> str | None:
    if isinstance(generation, Generation):
        return suggest.did_you_mean(searcher, generation.path, text, generation.vocabulary) \
            if generation.path else None
    return suggest.did_you_mean(searcher, generation, text) if generation else None


def forms_of(generation: Path | Generation | None):
    """term -> its written forms in the generation's vocabulary (None without one),
    so texts are searched for those forms instead of analysed word by word."""
    if isinstance(generation, Generation):
        return generation.vocabulary.forms_of if generation.path else None
    return suggest.vocabulary(generation).forms_of if generation else None


def make_hit(result, finder: highlight.Finder, url_query: str) -> Hit:
    """A hit with its snippet; `url_query` is the query part of its document URL."""
    fields = result.fields()
    body, title = fields.get("body", ""), fields.get("title", "")
    lang = fields.get("lang", "und")
    found = finder.find(body, limit=SCAN_CHARS, lang=lang)
    title_found = finder.find(title, lang=lang)
    snippet = passages.snippet(body, found, finder.wanted, memo=finder.memo)
    return Hit(id=fields["id"], title=title, lang=lang,
               score=round(facets.relevance(result.score), 4), snippet=snippet,
               title_marked=highlight.Marked(title, [(f.start, f.end) for f in title_found]),
               url=document_path(fields["id"]) + url_query,
               date=fields.get("date", ""), collection=fields.get("collection", ""),
               type=fields.get("type", ""), source_url=fields.get("source_url"),
               page=snippet_page(fields.get("pages"), snippet),
               matched=why.reasons([(title, title_found), (body, found)], finder.wanted, finder.memo))


def snippet_page(starts, snippet: highlight.Marked) -> int | None:
    """The page of the snippet's first match (None without pages or without a match)."""
    if not starts or snippet.match_at is None:
        return None
    return page_at(starts, snippet.match_at)


def get_document(searcher, doc_id: str, text: str = "", synonyms: dict | None = None,
                 generation: Path | Generation | None = None) -> DocumentView | None:
    """A whole document with every hit of the query highlighted."""
    fields = searcher.document(id=doc_id)
    if fields is None:
        return None
    wanted = highlight.Wanted()
    if text.strip():
        try:
            wanted = parse(text, searcher.schema, searcher.reader(), synonym_table=synonyms).wanted
        except QueryError:
            pass  # an unusable query still shows the document, unhighlighted
    lang = fields.get("lang", "und")
    finder = highlight.Finder(wanted, forms_of(generation))
    body = highlight.mark_all(fields.get("body", ""), finder, lang)
    return DocumentView(id=doc_id, title=highlight.mark_all(fields.get("title", ""), finder, lang),
                        lang=lang,
                        body=body, links=fields.get("links") or [], path=fields.get("path", ""),
                        hits=len(body.ranges), date=fields.get("date", ""),
                        collection=fields.get("collection", ""), type=fields.get("type", ""),
                        source_url=fields.get("source_url"),
                        pages=highlight.split(body, fields.get("pages") or []))


def document_count(searcher) -> int:
    return searcher.doc_count()

