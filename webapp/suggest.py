"""Search-as-you-type: `GET /api/suggest?q=<what is typed so far>`.

    {"query": "...", "suggestions": [{"text": "...", "kind": "term"|"title", "url": null|"/doc/..."}]}

`text` is the whole query to search with the last word completed from the
index vocabulary (kind "term"), or a document's title (kind "title", with
`url` opening it). The work is done by indexer.search.suggest.completions;
the shape is results.Suggestions.
"""

from flask import Blueprint, jsonify, url_for

from indexer.search.results import Suggestion, Suggestions, to_json

from .caching import conditional
from .params import text_param
from .state import service

bp = Blueprint("suggest", __name__, url_prefix="/api")


@bp.get("/suggest")
@conditional()
def api_suggest():
    typed = text_param("q")
    found = service().completions(typed)
    return jsonify(to_json(Suggestions(query=typed, suggestions=[
        Suggestion(text=s["text"], kind=s["kind"],
                   url=url_for("pages.document", doc_id=s["id"]) if s["id"] else None)
        for s in found])))
