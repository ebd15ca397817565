"""What belongs to one live index generation: its vocabulary (its facet values are
columns of the generation's search companion, opened once per process).

The search service keeps one of these for the generation that is live and
replaces it when a rebuild swaps in a new one, so these caches go with the
generation they describe (nothing keyed by a searcher keeps old ones alive).
"""

import gc
from functools import cached_property
from pathlib import Path

from indexer.search.suggest import Vocabulary


class Generation:
    def __init__(self, path: Path | None, synonyms: dict | None = None):
        self.path = path
        self.synonyms = synonyms          # the service's table (None: the shipped file)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        if not self.path:
            return Vocabulary({})
        vocabulary = Vocabulary.load(self.path)
        # Its lists hold every word of the index and live as long as the generation:
        # out of the collector's full passes, which walked them in a 115 ms pause every
        # few hundred queries at x10 (p99). Freed as usual when the generation goes.
        gc.freeze()
        return vocabulary

