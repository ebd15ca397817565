"""The JSON API: the same search as the page, rendered as JSON."""

from flask import Blueprint, abort, current_app, jsonify, url_for
from werkzeug.exceptions import BadRequest

from indexer.search import QueryError, SearchResult, search

from . import index_handle
from .caching import conditional
from .params import paging, text_param

bp = Blueprint("api", __name__, url_prefix="/api")


def result_json(result: SearchResult) -> dict:
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "took_ms": result.took_ms,
        "match": result.match,
        "results": [{
            "id": hit.id,
            "title": hit.title,
            "score": hit.score,
            "snippet": hit.snippet.html(),
            "url": url_for("pages.document", doc_id=hit.id, q=result.query),
        } for hit in result.hits],
        "suggestion": result.suggestion,
        "notices": result.notices,
    }


def run_search(q: str, page: int, per_page: int) -> SearchResult:
    """The shared search call, with query errors as 400s."""
    searcher = index_handle(current_app).searcher()
    try:
        return search(searcher, q, page=page, per_page=per_page)
    except QueryError as err:
        abort(400, description=str(err))


def run_search_or_notice(q: str, page: int, per_page: int) -> SearchResult:
    """For programs, a well-formed query that cannot be searched (only stopwords,
    past result 1000) is no error: no results, and a notice saying why."""
    try:
        return run_search(q, page, per_page)
    except BadRequest as err:
        return SearchResult(query=q, total=0, page=page, per_page=per_page, took_ms=0.0,
                            hits=[], notices=[err.description])


@bp.get("/search")
@conditional()
def api_search():
    q = text_param("q")
    if not q:
        abort(400, description="q ontbreekt: geef een zoekvraag mee, bijvoorbeeld ?q=netwerken")
    page, per_page = paging()
    return jsonify(result_json(run_search_or_notice(q, page, per_page)))
