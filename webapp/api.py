"""The JSON API: the same search as the page, rendered as JSON."""

from flask import Blueprint, abort, current_app, jsonify, url_for

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


def run_search(q: str, page: int, per_page: int, as_notice: bool = False) -> SearchResult:
    """The shared search call. A query that cannot be searched (only stopwords,
    past the last result) is a 400, or with as_notice an empty result whose
    notice says why: the API's answer to a well-formed request."""
    searcher = index_handle(current_app).searcher()
    try:
        return search(searcher, q, page=page, per_page=per_page)
    except QueryError as err:
        if not as_notice:
            abort(400, description=str(err))
        return SearchResult(query=q, total=0, page=page, per_page=per_page, took_ms=0.0,
                            hits=[], notices=[str(err)])


@bp.get("/search")
@conditional()
def api_search():
    q = text_param("q")
    if not q:
        abort(400, description="q ontbreekt: geef een zoekvraag mee, bijvoorbeeld ?q=netwerken")
    page, per_page = paging()
    return jsonify(result_json(run_search(q, page, per_page, as_notice=True)))
