"""The search service: one object per process that owns what searching needs.

It holds the settings' synonym table, the handle on the live index, the
results cache and the live generation's caches (vocabulary, facet sets).
When a rebuild swaps in a new generation it drops the old generation's caches
and the cached results together. The web app keeps one in app.extensions;
the CLI makes one for its single search. Nothing here reads the environment:
everything comes from the Settings it is given.
"""

import threading
from pathlib import Path

from indexer.index.store import IndexHandle
from indexer.search import core, export, suggest, synonyms
from indexer.search.cache import ResultCache
from indexer.search.generation import Generation
from indexer.search.results import DocumentView, Export, SearchResult
from indexer.settings import Settings


class SearchService:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.synonyms = synonyms.table(settings.synonyms)
        self.results = ResultCache(settings.result_cache)
        self._handle: IndexHandle | None = None
        self._live: Generation | None = None
        self._lock = threading.Lock()

    @property
    def handle(self) -> IndexHandle:
        """The live index; opened on first use, so a server starts without an index."""
        if self._handle is None:
            with self._lock:
                if self._handle is None:
                    self._handle = IndexHandle(self.settings.index)
        return self._handle

    def live(self) -> tuple[object, Generation]:
        """This thread's searcher and the live generation's state, renewed after a swap."""
        handle = self.handle
        while True:  # a swap by another thread in between: ask again, so the two match
            before = handle.generation
            searcher = handle.searcher()
            path = handle.generation
            if path == before:
                break
        live = self._live
        if live is None or live.path != path:
            with self._lock:
                if self._live is None or self._live.path != path:
                    self._live = Generation(path, self.synonyms)
                    self.results.clear()  # results of the old generation can never be asked again
                live = self._live
        return searcher, live

    @property
    def generation(self) -> Path | None:
        return self.handle.generation

    def search(self, text: str, page: int = 1, per_page: int = 10, filters: dict | None = None,
               sort: str = "relevance", lenient: bool = False) -> SearchResult:
        """core.search through the results cache; lenient as in core.search."""
        searcher, live = self.live()
        key = self.results.key(live.path, text, page, per_page, filters, sort, lenient)
        return self.results.get_or_compute(
            key, lambda: core.search(searcher, text, page=page, per_page=per_page, filters=filters,
                                     sort=sort, generation=live, lenient=lenient))

    def export(self, text: str, filters: dict | None = None, sort: str = "relevance",
               lenient: bool = False) -> Export:
        searcher, _ = self.live()
        return export.export(searcher, text, filters, sort, synonyms=self.synonyms, lenient=lenient)

    def document(self, doc_id: str, text: str = "") -> DocumentView | None:
        searcher, live = self.live()
        return core.get_document(searcher, doc_id, text, synonyms=self.synonyms, generation=live)

    def completions(self, typed: str) -> list[dict]:
        searcher, live = self.live()
        return suggest.completions(searcher, live.path, typed, vocab=live.vocabulary)

    def document_count(self) -> int:
        searcher, _ = self.live()
        return core.document_count(searcher)
