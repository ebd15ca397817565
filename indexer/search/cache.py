"""Recent search results, kept per worker process for repeated queries.

People page back and forth, share links and repeat popular searches; a
result computed for the live index generation is reused until a rebuild
makes a new generation (the generation is part of the key, so a rebuild
never serves stale results, and the search service clears the cache when a
new generation goes live). Bounded in entries; errors are not cached.
"""

import threading
import time
from collections import OrderedDict

import msgspec


class ResultCache:
    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(generation, q: str, page: int, per_page: int, filters: dict | None, sort: str, *extra):
        chosen = tuple(sorted((k, tuple(v)) for k, v in (filters or {}).items()))
        return (str(generation), q, page, per_page, chosen, sort, *extra)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get_or_compute(self, key, compute):
        """The cached result for key, or compute() stored under it; took_ms is this call's."""
        if self.size <= 0:
            return compute()
        started = time.perf_counter()
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
        if found is not None:
            took = round((time.perf_counter() - started) * 1000, 2)
            return msgspec.structs.replace(found, took_ms=took)
        result = compute()
        with self._lock:
            self._items[key] = result
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return result
