"""HTML pages: search, document view, health. Rendered on the server, no JS needed."""

from flask import Blueprint, abort, current_app, jsonify, render_template, url_for
from werkzeug.exceptions import BadRequest

from indexer.search import document_count, get_document

from . import index_handle
from .api import run_search
from .params import paging, text_param

bp = Blueprint("pages", __name__)


def nl_number(value) -> str:
    """12345.6 -> '12.345,6' (Dutch grouping and decimal comma)."""
    if isinstance(value, float):
        text = f"{value:,.2f}"
    else:
        text = f"{value:,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@bp.app_template_filter("nl")
def nl_filter(value):
    return nl_number(value)


@bp.get("/")
def search_page():
    q = text_param("q").strip()
    page, per_page = paging()
    if not q:
        return render_template("search.html", q="", result=None, error=None)
    json_url = url_for("api.api_search", q=q, page=page, per_page=per_page)
    try:
        result, error, status = run_search(q, page, per_page), None, 200
    except BadRequest as err:  # an unusable query: say why on the page itself
        result, error, status = None, err.description, 400
    response = current_app.make_response(
        (render_template("search.html", q=q, result=result, error=error, json_url=json_url), status))
    response.headers["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response


@bp.get("/doc/<path:doc_id>")
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
    return jsonify(ok=True, documents=document_count(searcher), index=handle.info,
                   generation=handle.generation.name if handle.generation else None)

