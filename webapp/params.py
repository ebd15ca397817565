"""Reading request parameters: one place for their rules and error messages."""

import re

from flask import abort, request

from indexer.search import MAX_PER_PAGE
from indexer.search.facets import FACET_FIELDS, MAX_FILTER_VALUES

# A request line is at most 8190 bytes (gunicorn's limit) and a character takes up
# to 12 bytes percent-encoded: 600 characters always fit, whatever the script.
MAX_PARAM_CHARS = 600
MAX_PAGE = 10_000
DEFAULT_PER_PAGE = 10
DIGITS_RE = re.compile(r"[0-9]{1,9}")  # int() would also take '+1', '1_0', ' 1' and other scripts' digits


def text_param(name: str, default: str = "") -> str:
    value = request.args.get(name, default)
    if len(value) > MAX_PARAM_CHARS:
        abort(400, description=f"{name} is langer dan {MAX_PARAM_CHARS} tekens")
    return value


def int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not DIGITS_RE.fullmatch(raw):
        abort(400, description=f"{name} moet een geheel getal zijn, niet {raw[:40]!r}")
    value = int(raw)
    if not low <= value <= high:
        abort(400, description=f"{name} moet tussen {low} en {high} liggen")
    return value


def paging() -> tuple[int, int]:
    per_page = int_param("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = int_param("page", 1, 1, MAX_PAGE)
    return page, per_page


def filters() -> dict[str, list[str]]:
    """collection=, year=, type=: repeat a parameter for alternatives (type=pdf&type=html)."""
    out = {}
    for name in FACET_FIELDS:
        values = request.args.getlist(name)
        if len(values) > MAX_FILTER_VALUES:
            abort(400, description=f"hoogstens {MAX_FILTER_VALUES} waarden voor {name}")
        for value in values:
            if len(value) > MAX_PARAM_CHARS:
                abort(400, description=f"{name} is langer dan {MAX_PARAM_CHARS} tekens")
            if value == "":
                reject_empty_for_programs(name)
        out[name] = values
    return out


def sort_param() -> str:
    sort = text_param("sort", "relevance")
    if sort == "":
        reject_empty_for_programs("sort")
    return sort or "relevance"


def reject_empty_for_programs(name: str) -> None:
    """An empty parameter: programs (under /api/) are told; the page simply ignores it."""
    if request.path.startswith("/api/"):
        abort(400, description=f"{name} is leeg: laat het weg of geef een waarde")
