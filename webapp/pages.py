"""HTML pages: search, document view, health. Rendered on the server, no JS needed."""

from flask import Blueprint, abort, current_app, jsonify, render_template, url_for

from indexer.index.store import IndexUnavailable
from indexer.search import QueryError
from indexer.search.facets import FACET_FIELDS
from indexer.sources.metadata import display_date

from .caching import conditional
from .params import DEFAULT_PER_PAGE, filters, paging, sort_param, text_param
from .state import service
from .stats import file_counts

bp = Blueprint("pages", __name__)


FACET_LABELS = {"collection": "Collectie", "year": "Jaar", "type": "Type", "lang": "Taal"}
TYPE_LABELS = {"pdf": "PDF", "docx": "Word", "html": "HTML", "md": "Markdown", "txt": "tekst"}
LANG_LABELS = {"nl": "Nederlands", "en": "Engels", "und": "onbepaald"}
VALUE_LABELS = {"type": TYPE_LABELS, "lang": LANG_LABELS}
FOREIGN_LANGUAGES = ("en",)  # a result in one of these says so ("Engels")


@bp.app_template_filter("nl_date")
def nl_date(iso: str) -> str:
    return display_date(iso) if iso else ""


@bp.app_template_filter("type_label")
def type_label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind)


@bp.app_template_filter("facet_label")
def facet_label(value: str, name: str) -> str:
    """How a facet value reads on the page: pdf -> PDF, en -> Engels."""
    return VALUE_LABELS.get(name, {}).get(value, value)


def state_args(q: str, chosen: dict, sort: str, per_page: int) -> dict:
    """The URL parameters of a result page: query, filters, sort, page size."""
    args = {"q": q, **{name: values for name, values in chosen.items() if values}}
    if sort != "relevance":
        args["sort"] = sort
    if per_page != DEFAULT_PER_PAGE:
        args["per_page"] = per_page
    return args


def toggled(chosen: dict, name: str, value: str) -> dict:
    """The filters with one value added, or removed when it was on."""
    values = list(chosen.get(name, []))
    values = [v for v in values if v != value] if value in values else values + [value]
    return {**chosen, name: values}


@bp.app_template_global()
def search_url(state: dict, endpoint: str = "pages.search_page", toggle=None, clear=False,
               **changes) -> str:
    """A link to the same search with a filter toggled, filters cleared, or other changes."""
    chosen = {} if clear else state["filters"]
    if toggle:
        chosen = toggled(chosen, *toggle)
    args = state_args(state["q"], chosen, changes.pop("sort", state["sort"]), state["per_page"])
    return url_for(endpoint, **args, **changes)


@bp.get("/")
@conditional()
def search_page():
    q = text_param("q").strip()
    page, per_page = paging()
    chosen, sort = filters(), sort_param()
    if not q:
        return render_template("search.html", q="", result=None, error=None, about=index_summary())
    state = {"q": q, "filters": {k: v for k, v in chosen.items() if v}, "sort": sort,
             "per_page": per_page}
    json_url = search_url(state, "api.api_search", page=page)
    try:
        result, error, status = service().search(q, page, per_page, chosen, sort), None, 200
        state["filters"] = result.filters
    except QueryError as err:  # an unusable query or filter: say why on the page itself
        result, error, status = None, str(err), 400
        state = None  # a new query from the box starts without the bad filter
    response = current_app.make_response(
        (render_template("search.html", q=q, result=result, error=error, json_url=json_url,
                         state=state, facet_labels=FACET_LABELS, facet_fields=FACET_FIELDS,
                         foreign_languages=FOREIGN_LANGUAGES,
                         default_per_page=DEFAULT_PER_PAGE), status))
    response.headers["Link"] = f'<{json_url}>; rel="alternate"; type="application/json"'
    return response


def index_summary() -> dict | None:
    """Document count and build time for the start page; None while there is no index."""
    try:
        search = service()
        return {"documents": search.document_count(), "built_at": search.handle.info.get("built_at")}
    except IndexUnavailable:
        return None


@bp.get("/doc/<path:doc_id>")
@conditional()
def document(doc_id):
    q = text_param("q")
    view = service().document(doc_id, q)
    if view is None:
        abort(404, description=f"geen document met id {doc_id!r}")
    return render_template("document.html", doc=view, q=q)


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on pages without a <link rel="icon"> (JSON): no 404."""
    return current_app.send_static_file("favicon.svg")


@bp.get("/healthz")
def healthz():
    search = service()
    handle = search.handle
    response = jsonify(ok=True, documents=search.document_count(), index=handle.info,
                       files=file_counts(handle.info or {}),
                       generation=handle.generation.name if handle.generation else None)
    response.headers["Cache-Control"] = "no-store"  # a status must be live
    return response

