"""The search layer: query parsing, matching, facets, snippets, suggestions,
exports, the result model. `search()` is the one function the page, the API
and the CLI call (through search.service.SearchService, which owns the caches)."""

from indexer.search.core import document_count, get_document, search
from indexer.search.query import QueryError
from indexer.search.results import MAX_PER_PAGE, MAX_RESULT_DEPTH, DocumentView, Hit, SearchResult

__all__ = ["MAX_PER_PAGE", "MAX_RESULT_DEPTH", "DocumentView", "Hit", "SearchResult", "QueryError",
           "document_count", "get_document", "search"]
