"""Building an index from a source folder, crash-safe and atomic.

The build takes a lock, writes a new generation in a temporary folder,
records how it was built, renames it into place and swaps `current`. A build
killed half-way leaves the live generation untouched; the next build removes
its leftovers (a killed process also releases its lock).
"""

import fcntl
import json
import os
import shutil
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import whoosh.index

from indexer import analysis
from indexer.index import companion, schema, segments, store
from indexer.index.vocabulary import write_vocabulary
from indexer.plural import plural
from indexer.sources import documents, formats, listing, named, sourcefile

DEFAULT_MAX_FILE_BYTES = 50_000_000
KEEP_OLD_GENERATIONS = 2


class BuildError(Exception):
    """A build that could not be done; the message is for the operator."""


@dataclass
class BuildSummary:
    indexed: int = 0
    skipped: list = field(default_factory=list)   # documents.Skipped
    warnings: list = field(default_factory=list)  # (path, message)
    seconds: float = 0.0
    bytes: int = 0
    generation: str = ""
    vocabulary: Counter = field(default_factory=Counter)  # word -> documents it is in
    unsupported: list = field(default_factory=list)  # paths of files of formats zoek does not read
    indexed_paths: list = field(default_factory=list)
    languages: Counter = field(default_factory=Counter)  # documents per `lang`, where known

    def add(self, result: "segments.ChunkResult") -> None:
        self.indexed += result.indexed
        self.bytes += result.bytes
        self.skipped += result.skipped
        self.warnings += result.warnings
        self.vocabulary.update(result.vocabulary)
        self.indexed_paths += result.indexed_paths
        self.languages.update(result.languages)

    def account(self, found: listing.Listing, source: Path) -> None:
        """The files that are not documents: hidden ones skipped, others unsupported."""
        self.skipped += [documents.Skipped(rel_path(p, source), HIDDEN) for p in found.hidden]
        self.unsupported = [rel_path(p, source) for p in found.unsupported]

    def unsupported_counts(self) -> Counter:
        return Counter(listing.unsupported_extension(p) for p in self.unsupported)

    def line(self) -> str:
        return f"indexed {plural(self.indexed, 'document')}, {self.tail()}{self.languages_part()}"

    def languages_part(self) -> str:
        """'; languages: 120 nl, 14 en, 2 und' (documents per language); '' for none."""
        counts = ", ".join(f"{n} {lang}" for lang, n in self.languages.most_common())
        return f"; languages: {counts}" if counts else ""

    def tail(self) -> str:
        """'skipped N (reasons), U not a supported format (extensions), W warnings (reasons), in S s'."""
        skipped = f"skipped {len(self.skipped)}" + by_reason(s.reason for s in self.skipped)
        unsupported = (f", {len(self.unsupported)} {UNSUPPORTED}" + by_reason(self.unsupported_counts())
                       if self.unsupported else "")
        warnings = plural(len(self.warnings), "warning")
        return f"{skipped}{unsupported}, {warnings}{by_reason(self.warning_counts())}, in {self.seconds:.2f} s"

    def warning_counts(self) -> Counter:
        # A warning's reason is its text before any detail: "not a readable PDF file: ..."
        return Counter(w.split(": ", 1)[0] for _, w in self.warnings)

    def counts(self) -> dict:
        """What build.json, /healthz and /api/stats report about the files."""
        return {"documents": self.indexed,
                "skipped": ordered(Counter(s.reason for s in self.skipped)),
                "unsupported": ordered(self.unsupported_counts()),
                "warnings": ordered(self.warning_counts()),
                "languages": ordered(self.languages)}


HIDDEN = "hidden"
UNSUPPORTED = "not a supported format"


def rel_path(path: Path, source: Path) -> str:
    return sourcefile.printable(listing.relative_path(path, source))


def ordered(counts: Counter) -> dict:
    """Counts as a dict, most frequent first (ties in the order first met)."""
    return dict(counts.most_common())


def by_reason(reasons) -> str:
    """' (2 empty, 1 binary file)': how many of each, most frequent first; '' for none."""
    counts = ordered(Counter(reasons))
    return f" ({', '.join(f'{n} {r}' for r, n in counts.items())})" if counts else ""


@contextmanager
def build_lock(index_dir: Path):
    """An exclusive lock on the index folder; released by the OS if we die."""
    with open(index_dir / ".lock", "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build is running on {index_dir}") from None
        _held_locks.append(f)
        try:
            yield
        finally:
            _held_locks.remove(f)


# The lock files this process holds open. A forked worker closes its copies at once:
# an flock belongs to the open file, so a worker outliving its parent would hold the
# lock on. (Closing a copy leaves the parent's lock in place; unlocking would not.)
_held_locks: list = []


def _close_inherited_locks() -> None:
    for f in _held_locks:
        f.close()
    _held_locks.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


def remove_leftovers(index_dir: Path) -> None:
    """Temporary folders of builds that died, and generations no longer needed."""
    for tmp in index_dir.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    for name in index_dir.glob(f".{store.CURRENT_FILE}.*"):  # a publish that died mid-way
        name.unlink(missing_ok=True)
    live = store.current_generation(index_dir)
    gens = sorted(g for g in index_dir.glob("gen-*") if g != live)
    # Keep a few old ones: a server may still be reading them for a moment.
    for old in gens[:-KEEP_OLD_GENERATIONS] if KEEP_OLD_GENERATIONS else gens:
        shutil.rmtree(old, ignore_errors=True)


def new_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def write_build_info(gen: Path, summary: BuildSummary, source: Path,
                     document_count: int | None = None) -> dict:
    info = {
        **schema.expected_build(),
        "stemmer_library": analysis.stemmer_library(),
        "document_count": summary.indexed if document_count is None else document_count,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "build_seconds": round(summary.seconds, 3),
        "languages": dict(summary.languages.most_common()),
        "source": str(source),
        "files": summary.counts(),
    }
    if named.describe(source):
        info["sources"] = named.describe(source)  # NAME=DIR sources, read through links
    (gen / store.BUILD_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info


def find_sources(source: Path, counted=None) -> listing.Listing:
    """Every file under the source; refuses a missing source folder or one without documents.
    counted: `listing.list_source`'s."""
    if not source.is_dir():
        raise BuildError(f"source folder {source} does not exist")
    found = listing.list_source(source, counted)
    if not found.documents:
        known = ", ".join(sorted(ext for ext in formats.READERS if ext))
        raise BuildError(f"no documents ({known}) under {source}"
                         + (f"; {len(found.unsupported)} {UNSUPPORTED}" if found.unsupported else ""))
    return found


def build_index(source, index_dir, progress=None, max_file_bytes=DEFAULT_MAX_FILE_BYTES,
                procs: int = 0) -> BuildSummary:
    """Index every document under `source` into a new generation of `index_dir`.

    procs: worker processes (0: one per core; small sources use one).
    """
    source, index_dir = Path(source), Path(index_dir)
    with segments.Workers(procs) as workers:  # they start as the files are listed
        found = find_sources(source, workers.expect)  # fail before creating the index folder
        return build_listed(found, source, index_dir, progress, max_file_bytes, workers)


def build_listed(found: listing.Listing, source: Path, index_dir: Path, progress, max_file_bytes: int,
                 workers: segments.Workers) -> BuildSummary:
    paths = found.documents
    index_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with build_lock(index_dir):
        remove_leftovers(index_dir)
        stamp = new_stamp()
        tmp = index_dir / f".tmp-{stamp}"
        tmp.mkdir()
        summary = BuildSummary(generation=f"gen-{stamp}")
        summary.account(found, source)
        ix = whoosh.index.create_in(str(tmp), schema.make_schema())
        try:
            results = segments.write_segments(ix, source, paths, max_file_bytes, workers, progress)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        for result in results:
            summary.add(result)
        if summary.indexed == 0:
            shutil.rmtree(tmp, ignore_errors=True)
            raise BuildError(f"none of the {len(paths)} files under {source} could be indexed")
        write_vocabulary(tmp, summary.vocabulary)
        companion.write(tmp, segments.recorded_postings(results))
        go_live(index_dir, tmp, summary, source, started)
    return summary


def go_live(index_dir: Path, tmp: Path, summary: BuildSummary, source: Path, started: float,
            document_count: int | None = None) -> None:
    """Record the build, move the finished folder into place and swap `current` to it."""
    summary.seconds = time.perf_counter() - started
    write_build_info(tmp, summary, source, document_count)
    gen = index_dir / summary.generation
    tmp.rename(gen)
    store.publish(index_dir, gen)
    remove_leftovers(index_dir)
