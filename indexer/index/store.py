"""The index folder: build record, generations and the live searcher.

Layout of an index folder:
    current          name of the live generation (replaced atomically)
    gen-<stamp>/     a complete Whoosh index plus build.json
    .tmp-<stamp>/    a build in progress (removed by the next build if left over)
    .lock            held by the running build

A rebuild writes a new generation and then swaps `current`, so a reader
always sees one whole index; `IndexHandle` notices the swap and reopens.
"""

import json
import os
import threading
from pathlib import Path

import whoosh.index

from indexer.index import companion, whoosh_internals
from indexer.index.schema import expected_build
from indexer.index.scoring import LanguageBM25F

BUILD_FILE = "build.json"
CURRENT_FILE = "current"


class IndexUnavailable(Exception):
    """The index is missing, unreadable or built by an incompatible version.

    `reason` says which, for code (MISSING, UNREADABLE, INCOMPATIBLE, DAMAGED),
    `where` the folder and `detail` what differs; the message is for people.
    """
    MISSING, UNREADABLE, INCOMPATIBLE, DAMAGED = "missing", "unreadable", "incompatible", "damaged"
    SUMMARIES = {MISSING: "no index in {where}", UNREADABLE: "cannot read the build record in {where}",
                 INCOMPATIBLE: "the index in {where} was built with {detail}",
                 DAMAGED: "cannot open the index in {where}"}

    def __init__(self, message: str, reason: str = "", where: Path | None = None, detail: str = ""):
        super().__init__(message)
        self.reason, self.where, self.detail = reason, where, detail

    def summary(self) -> str:
        """The problem in one short phrase, without advice: 'no index in index/'."""
        template = self.SUMMARIES.get(self.reason, "{message}")
        return template.format(where=self.where, detail=self.detail, message=self)


def check_compatible(info: dict, where: Path) -> None:
    for key, want in expected_build().items():
        have = info.get(key)
        if have != want:
            raise IndexUnavailable(
                f"the index in {where} was built with {key} {have!r}, this zoek needs {want!r}: "
                f"rebuild it with `zoek index --index {where}`",
                IndexUnavailable.INCOMPATIBLE, where, f"{key} {have!r}, this zoek needs {want!r}")


def current_generation(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    gen = index_dir / name
    return gen if name and gen.is_dir() else None


def read_build_info(gen: Path) -> dict:
    try:
        return json.loads((gen / BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise IndexUnavailable(f"cannot read the build record in {gen}: {err}",
                               IndexUnavailable.UNREADABLE, gen) from None


def exists(index_dir: Path) -> bool:
    return current_generation(Path(index_dir)) is not None


def open_generation(index_dir: Path) -> tuple[whoosh.index.Index, dict, Path]:
    """The live Whoosh index of a folder, checked for compatibility."""
    index_dir = Path(index_dir)
    gen = current_generation(index_dir)
    if gen is None:
        raise IndexUnavailable(f"no index in {index_dir}: build one with `zoek index --index {index_dir}`",
                               IndexUnavailable.MISSING, index_dir)
    info = read_build_info(gen)
    check_compatible(info, index_dir)
    whoosh_internals.check_version()
    try:
        ix = whoosh.index.open_dir(str(gen))
    except Exception as err:  # Whoosh raises a variety of errors on damaged folders
        raise IndexUnavailable(f"cannot open the index in {gen}: {err}",
                               IndexUnavailable.DAMAGED, gen) from None
    try:
        companion.open_companion(gen)  # opened once here, so a broken one never goes live
    except (companion.CompanionMissing, OSError, ValueError, KeyError) as err:
        raise IndexUnavailable(f"cannot open the search companion in {gen}: {err}",
                               IndexUnavailable.DAMAGED, gen) from None
    return ix, info, gen


def publish(index_dir: Path, gen: Path) -> None:
    """Make `gen` the live generation with one atomic rename."""
    tmp = index_dir / f".{CURRENT_FILE}.{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(gen.name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / CURRENT_FILE)


class IndexHandle:
    """Searchers that follow rebuilds: one per thread, reopened when a rebuild
    swaps the generation.

    Opening a searcher is slow, so requests reuse it; a cheap stat of the
    `current` file on each call tells when a new generation went live. A
    Whoosh searcher reads through shared file objects (seek, then read), so
    two threads searching with one can read each other's positions and fail:
    each thread gets its own.
    """

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self.current_file = str(self.index_dir / CURRENT_FILE)  # stat()ed on every search
        self._lock = threading.Lock()
        self._local = threading.local()
        self._stamp = None
        self._index = None
        self.info: dict = {}
        self.generation: Path | None = None
        self.refresh()

    def _current_stamp(self):
        try:
            st = os.stat(self.current_file)
            return st.st_ino, st.st_mtime_ns
        except OSError:
            return None

    def refresh(self) -> None:
        """Reopen if the live generation changed; keep the old one on failure."""
        stamp = self._current_stamp()
        if stamp == self._stamp and self._index is not None:
            return
        with self._lock:
            if stamp == self._stamp and self._index is not None:
                return
            try:
                ix, info, gen = open_generation(self.index_dir)
            except IndexUnavailable:
                if self._index is None:
                    raise
                return  # a bad swap must not take search down: keep serving
            self._index, self.info, self.generation, self._stamp = ix, info, gen, stamp

    def searcher(self):
        """This thread's searcher on the live generation.

        Searchers of older generations are not closed: a request in flight
        may still use one; each is dropped when its thread moves on.
        """
        self.refresh()
        index, local = self._index, self._local
        if getattr(local, "index", None) is not index:
            local.searcher, local.index = index.searcher(weighting=LanguageBM25F()), index
        return local.searcher
