"""What belongs to one live index generation: its vocabulary and its facet sets.

The search service keeps one of these for the generation that is live and
replaces it when a rebuild swaps in a new one, so these caches go with the
generation they describe (nothing keyed by a searcher keeps old ones alive).
"""

import threading
from collections import OrderedDict
from functools import cached_property
from pathlib import Path

from indexer.search.matching import value_docs
from indexer.search.suggest import Vocabulary

MAX_CACHED_VALUES = 512  # facet values whose document sets are kept


class Generation:
    def __init__(self, path: Path | None, synonyms: dict | None = None):
        self.path = path
        self.synonyms = synonyms          # the service's table (None: the shipped file)
        self._values: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.load(self.path) if self.path else Vocabulary({})

    def value_docs(self, searcher, fieldname: str, value: str) -> frozenset[int]:
        """Docnums with one facet value (the same in every searcher of this generation)."""
        key = (fieldname, value)
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
                return found
        found = value_docs(searcher, fieldname, value)
        with self._lock:
            self._values[key] = found
            while len(self._values) > MAX_CACHED_VALUES:
                self._values.popitem(last=False)
        return found
