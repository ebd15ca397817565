"""The JSON API: the same search as the page, rendered as JSON; exports as downloads."""

import json

from flask import Blueprint, Response, abort, current_app, jsonify, url_for
from werkzeug.exceptions import BadRequest

from indexer.search import QueryError, SearchResult, facets, search
from indexer.search import export as exporting

from . import index_handle
from .caching import conditional
from .params import filters, paging, sort_param, text_param
from .results_cache import ResultCache

bp = Blueprint("api", __name__, url_prefix="/api")
EXPORT_FORMATS = ("csv", "json")


def result_json(result: SearchResult) -> dict:
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "took_ms": result.took_ms,
        "match": result.match,
        "sort": result.sort,
        "filters": result.filters,
        "results": [{
            "id": hit.id,
            "title": hit.title,
            "score": hit.score,
            "snippet": hit.snippet.html(),
            "url": url_for("pages.document", doc_id=hit.id, q=result.query),
            "page": hit.page,
            "date": hit.date,
            "collection": hit.collection,
            "type": hit.type,
            "source_url": hit.source_url,
            "matched": hit.matched,
        } for hit in result.hits],
        "facets": result.facets,
        "suggestion": result.suggestion,
        "notices": result.notices,
    }


def run_search(q: str, page: int, per_page: int, filters=None, sort="relevance") -> SearchResult:
    """The shared search call (through the results cache), with query errors as 400s."""
    handle = index_handle(current_app)
    searcher = handle.searcher()
    generation = handle.generation
    cache = results_cache(current_app)
    try:
        return cache.get_or_compute(
            cache.key(generation, q, page, per_page, filters, sort),
            lambda: search(searcher, q, page=page, per_page=per_page, filters=filters, sort=sort,
                           generation=generation))
    except QueryError as err:
        abort(400, description=str(err))


def results_cache(app) -> ResultCache:
    cache = app.extensions.get("zoek.results")
    if cache is None:
        cache = app.extensions["zoek.results"] = ResultCache(int(app.config["RESULT_CACHE"]))
    return cache


def run_search_or_notice(q: str, page: int, per_page: int, chosen: dict, sort: str) -> SearchResult:
    """For programs, a well-formed query that cannot be searched (only stopwords,
    past result 1000) is no error: no results, and a notice saying why. Bad filters
    or sort orders stay 400s."""
    try:
        chosen, sort = facets.check_filters(chosen), facets.check_sort(sort)
    except QueryError as err:
        abort(400, description=str(err))
    try:
        return run_search(q, page, per_page, chosen, sort)
    except BadRequest as err:
        return SearchResult(query=q, total=0, page=page, per_page=per_page, took_ms=0.0,
                            hits=[], notices=[err.description], filters=chosen, sort=sort,
                            facets={name: {} for name in facets.FACET_FIELDS})


@bp.get("/search")
@conditional()
def api_search():
    q = text_param("q")
    if not q:
        abort(400, description="q ontbreekt: geef een zoekvraag mee, bijvoorbeeld ?q=netwerken")
    page, per_page = paging()
    return jsonify(result_json(run_search_or_notice(q, page, per_page, filters(), sort_param())))


@bp.get("/export")
@conditional()
def api_export():
    """The whole result set (up to EXPORT_LIMIT hits) as a CSV or JSON download."""
    q, fmt = text_param("q"), text_param("format", "csv")
    if not q:
        abort(400, description="q ontbreekt: geef een zoekvraag mee, bijvoorbeeld ?q=netwerken")
    if fmt not in EXPORT_FORMATS:
        abort(400, description=f"format moet csv of json zijn, niet {fmt[:20]!r}")
    try:
        chosen, sort = facets.check_filters(filters()), facets.check_sort(sort_param())
    except QueryError as err:
        abort(400, description=str(err))
    try:
        result = exporting.export(index_handle(current_app).searcher(), q, chosen, sort)
    except QueryError as err:  # nothing searchable: an empty export that says why
        result = exporting.Export(query=q, total=0, rows=[], filters=chosen, sort=sort,
                                  notices=[str(err)])
    for row in result.rows:
        row["url"] = url_for("pages.document", doc_id=row["id"], q=q, _external=True)
    if fmt == "csv":
        body, mimetype = exporting.to_csv(result.rows), "text/csv; charset=utf-8"
    else:
        body = json.dumps({"query": q, "total": result.total, "exported": len(result.rows),
                           "truncated": result.truncated, "match": result.match,
                           "filters": result.filters, "sort": result.sort, "results": result.rows,
                           "notices": result.notices},
                          ensure_ascii=False, indent=1)
        mimetype = "application/json; charset=utf-8"
    name = f"zoek-{exporting.slug(q)}.{fmt}"
    return Response(body, content_type=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
