"""The JSON API: the same search as the page, rendered as JSON; exports as downloads."""

import json

from flask import Blueprint, Response, abort, current_app, jsonify, url_for

from indexer import export as exporting
from indexer.search import QueryError, SearchResult, search

from . import index_handle
from .params import filters, paging, sort_param, text_param

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
        } for hit in result.hits],
        "facets": result.facets,
        "suggestion": result.suggestion,
        "notices": result.notices,
    }


def run_search(q: str, page: int, per_page: int, filters=None, sort="relevance") -> SearchResult:
    """The shared search call, with query errors as 400s."""
    handle = index_handle(current_app)
    searcher = handle.searcher()
    try:
        return search(searcher, q, page=page, per_page=per_page, filters=filters, sort=sort,
                      generation=handle.generation)
    except QueryError as err:
        abort(400, description=str(err))


@bp.get("/search")
def api_search():
    q = text_param("q")
    page, per_page = paging()
    return jsonify(result_json(run_search(q, page, per_page, filters(), sort_param())))


@bp.get("/export")
def api_export():
    """The whole result set (up to EXPORT_LIMIT hits) as a CSV or JSON download."""
    q, fmt = text_param("q"), text_param("format", "csv")
    if fmt not in EXPORT_FORMATS:
        abort(400, description=f"format moet csv of json zijn, niet {fmt[:20]!r}")
    try:
        result = exporting.export(index_handle(current_app).searcher(), q, filters(), sort_param())
    except QueryError as err:
        abort(400, description=str(err))
    for row in result.rows:
        row["url"] = url_for("pages.document", doc_id=row["id"], q=q, _external=True)
    if fmt == "csv":
        body, mimetype = exporting.to_csv(result.rows), "text/csv; charset=utf-8"
    else:
        body = json.dumps({"query": q, "total": result.total, "exported": len(result.rows),
                           "truncated": result.truncated, "match": result.match,
                           "filters": result.filters, "sort": result.sort, "results": result.rows},
                          ensure_ascii=False, indent=1)
        mimetype = "application/json; charset=utf-8"
    name = f"zoek-{exporting.slug(q)}.{fmt}"
    return Response(body, content_type=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
