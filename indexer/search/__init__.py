"""The search layer: query parsing, matching, facets, snippets, suggestions,
exports. `search()` is the one function the page, the API and the CLI call."""

from indexer.search.core import (
                                 MAX_PER_PAGE,
                                 MAX_RESULT_DEPTH,
                                 DocumentView,
                                 Hit,
                                 SearchResult,
                                 document_count,
                                 get_document,
                                 search,
)
from indexer.search.query import QueryError

__all__ = ["MAX_PER_PAGE", "MAX_RESULT_DEPTH", "DocumentView", "Hit", "SearchResult", "QueryError",
           "document_count", "get_document", "search"]
