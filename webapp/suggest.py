"""Search-as-you-type: `GET /api/suggest?q=<what is typed so far>`.

A minimal stand-in that the search page's combobox is built against: it
completes the last word from the index's own terms and offers documents
whose title has a word starting with it. The JSON shape is the contract:

    {"query": "...", "suggestions": [{"text": "...", "kind": "term"|"title", "url": null|"/doc/..."}]}

`text` is the whole query to search with the last word completed (kind
"term"), or a document's title (kind "title", with `url` opening it).
"""

from flask import Blueprint, current_app, jsonify, url_for
from whoosh import query as wq

from indexer import analysis

from . import index_handle
from .caching import conditional
from .params import text_param

bp = Blueprint("suggest", __name__, url_prefix="/api")

MAX_TERMS = 6
MAX_TITLES = 3
MIN_PREFIX = 2
TERM_SCAN = 2000          # index terms looked at per field
SURFACE_SCAN_CHARS = 20_000


@bp.get("/suggest")
@conditional()
def api_suggest():
    typed = text_param("q")
    return jsonify(query=typed, suggestions=suggestions(typed))


def suggestions(typed: str) -> list[dict]:
    head, word = split_last_word(typed)
    prefix = analysis.fold(word)
    if len(prefix) < MIN_PREFIX:
        return []
    searcher = index_handle(current_app).searcher()
    terms = [{"text": head + completed, "kind": "term", "url": None}
             for completed in completions(searcher, prefix)]
    return terms + title_matches(searcher, prefix, word)


def split_last_word(typed: str) -> tuple[str, str]:
    """'leefbaar lo' -> ('leefbaar ', 'lo'); a trailing space means no word is being typed."""
    if not typed or typed[-1].isspace():
        return typed, ""
    words = list(analysis.words(typed))
    if not words or words[-1][2] != len(typed):
        return typed, ""
    return typed[:words[-1][1]], words[-1][0]


def completions(searcher, prefix: str) -> list[str]:
    """The most frequent index terms starting with prefix, as words people write."""
    reader = searcher.reader()
    freq: dict[str, int] = {}
    for field in ("title", "body"):
        for n, term in enumerate(reader.expand_prefix(field, prefix)):
            if n >= TERM_SCAN:
                break
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            freq[text] = freq.get(text, 0) + reader.doc_frequency(field, term)
    top = sorted(freq, key=lambda t: (-freq[t], t))[:MAX_TERMS]
    words = [surface_word(searcher, term, prefix) for term in top]
    return list(dict.fromkeys(words))


def surface_word(searcher, term: str, prefix: str) -> str:
    """A word as written in a document that indexes as `term` (terms are stems)."""
    hits = searcher.search(wq.Term("body", term), limit=1)
    if hits:
        for word, _, _ in analysis.words(hits[0].get("body", "")[:SURFACE_SCAN_CHARS]):
            if analysis.term_for(word) == term and analysis.fold(word).startswith(prefix):
                return word.lower()
    return term


def title_matches(searcher, prefix: str, word: str) -> list[dict]:
    """Documents with a title word starting with the prefix (or, typed in full, that word)."""
    options = [wq.Prefix("title", prefix)]
    term = analysis.term_for(word)
    if term:
        options.append(wq.Term("title", term))
    hits = searcher.search(wq.Or(options), limit=MAX_TITLES)
    return [{"text": hit["title"], "kind": "title",
             "url": url_for("pages.document", doc_id=hit["id"])} for hit in hits if hit.get("title")]
