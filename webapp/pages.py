"""HTML pages: search, document view, health. Rendered on the server, no JS needed."""

from flask import Blueprint, abort, current_app, jsonify, render_template, url_for
from werkzeug.exceptions import BadRequest

from indexer.search import document_count, get_document
from indexer.store import IndexUnavailable

from . import index_handle
from .api import run_search
from .caching import conditional
from .params import DEFAULT_PER_PAGE, paging, text_param

bp = Blueprint("pages", __name__)


@bp.get("/")
@conditional()
def search_page():
    q = text_param("q").strip()
    page, per_page = paging()
    if not q:
        return render_template("search.html", q="", result=None, error=None, about=index_summary())
    json_url = url_for("api.api_search", q=q, page=page, per_page=per_page)
    try:
        result, error, status = run_search(q, page, per_page), None, 200
    except BadRequest as err:  # an unusable query: say why on the page itself
        result, error, status = None, err.description, 400
    response = current_app.make_response(
        (render_template("search.html", q=q, result=result, error=error, json_url=json_url,
                         default_per_page=DEFAULT_PER_PAGE), status))
    response.headers["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response


def index_summary() -> dict | None:
    """Document count and build time for the start page; None while there is no index."""
    try:
        handle = index_handle(current_app)
        return {"documents": document_count(handle.searcher()), "built_at": handle.info.get("built_at")}
    except IndexUnavailable:
        return None


@bp.get("/doc/<path:doc_id>")
@conditional()
def document(doc_id):
    q = text_param("q")
    view = get_document(index_handle(current_app).searcher(), doc_id, q)
    if view is None:
        abort(404, description=f"geen document met id {doc_id!r}")
    return render_template("document.html", doc=view, q=q)


@bp.get("/healthz")
def healthz():
    handle = index_handle(current_app)
    searcher = handle.searcher()
    response = jsonify(ok=True, documents=document_count(searcher), index=handle.info,
                       generation=handle.generation.name if handle.generation else None)
    response.headers["Cache-Control"] = "no-store"  # a status must be live
    return response

