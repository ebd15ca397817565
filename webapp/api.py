"""The JSON API: the same search as the page, rendered as JSON; exports as downloads.

The JSON is the result model's (indexer.search.results.to_json); a query that
cannot be searched is answered by the core's lenient mode (no results, a
notice); bad filters or sort orders are 400s.
"""

import json

from flask import Blueprint, Response, abort, jsonify, request

from indexer.search import QueryError, SearchResult
from indexer.search import export as exporting
from indexer.search.results import to_json

from .caching import conditional
from .params import filters, paging, sort_param, text_param
from .state import service

bp = Blueprint("api", __name__, url_prefix="/api")
EXPORT_FORMATS = ("csv", "json")
MISSING_Q = "q ontbreekt: geef een zoekvraag mee, bijvoorbeeld ?q=netwerken"


def result_json(result: SearchResult) -> dict:
    """The API's JSON of a result; document URLs under the app's mount point."""
    data = to_json(result)
    for hit in data["results"]:
        hit["url"] = request.script_root + hit["url"]
    return data


@bp.get("/search")
@conditional()
def api_search():
    q = text_param("q")
    if not q:
        abort(400, description=MISSING_Q)
    page, per_page = paging()
    try:
        result = service().search(q, page, per_page, filters(), sort_param(), lenient=True)
    except QueryError as err:  # lenient still refuses bad filters and sort orders
        abort(400, description=str(err))
    return jsonify(result_json(result))


@bp.get("/export")
@conditional()
def api_export():
    """The whole result set (up to EXPORT_LIMIT hits) as a CSV or JSON download."""
    q, fmt = text_param("q"), text_param("format", "csv")
    if not q:
        abort(400, description=MISSING_Q)
    if fmt not in EXPORT_FORMATS:
        abort(400, description=f"format moet csv of json zijn, niet {fmt[:20]!r}")
    try:
        result = service().export(q, filters(), sort_param(), lenient=True)
    except QueryError as err:
        abort(400, description=str(err))
    for row in result.rows:
        row.url = request.url_root.rstrip("/") + row.url
    if fmt == "csv":
        body, mimetype = exporting.to_csv(result.rows), "text/csv; charset=utf-8"
    else:
        body = json.dumps(to_json(result), ensure_ascii=False, indent=1)
        mimetype = "application/json; charset=utf-8"
    name = f"zoek-{exporting.slug(q)}.{fmt}"
    return Response(body, content_type=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
