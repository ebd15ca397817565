"""GET /api/stats: what the live index holds and what its build made of the source files."""

from flask import Blueprint, jsonify

from .state import service

bp = Blueprint("stats", __name__, url_prefix="/api")
NO_COUNTS = {"skipped": {}, "unsupported": {}, "warnings": {}, "languages": {}}


def file_counts(info: dict) -> dict:
    """The build record's file counts; an index built before they were recorded has none."""
    files = info.get("files") or {}
    return {key: dict(files.get(key) or {}) for key in NO_COUNTS}


@bp.get("/stats")
def stats():
    search = service()
    handle = search.handle
    info = handle.info or {}
    response = jsonify(documents=search.document_count(), **file_counts(info),
                       generation=handle.generation.name if handle.generation else None,
                       built_at=info.get("built_at"))
    response.headers["Cache-Control"] = "no-store"  # counts change with every build
    return response
