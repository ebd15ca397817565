"""Building an index from a source folder, crash-safe and atomic.

The build takes a lock, writes a new generation in a temporary folder,
records how it was built, renames it into place and swaps `current`. A build
killed half-way leaves the live generation untouched; the next build removes
its leftovers (a killed process also releases its lock).
"""

import fcntl
import json
import shutil
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import whoosh.index

from . import analysis, documents, store

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

    def line(self) -> str:
        skipped = f"skipped {len(self.skipped)}" + by_reason(s.reason for s in self.skipped)
        warnings = f"{len(self.warnings)} warning{'' if len(self.warnings) == 1 else 's'}"
        return (f"indexed {self.indexed} documents, {skipped}, "
                f"{warnings}{by_reason(w for _, w in self.warnings)}, in {self.seconds:.2f} s")


def by_reason(reasons) -> str:
    """' (2 empty, 1 binary file)': how many of each, most frequent first; '' for none."""
    counts = Counter(reasons)
    return f" ({', '.join(f'{n} {r}' for r, n in counts.most_common())})" if counts else ""


@contextmanager
def build_lock(index_dir: Path):
    """An exclusive lock on the index folder; released by the OS if we die."""
    with open(index_dir / ".lock", "a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another build is running on {index_dir}") from None
        yield


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


def write_build_info(gen: Path, summary: BuildSummary, source: Path) -> dict:
    info = {
        **store.expected_build(),
        "stemmer_library": analysis.stemmer_library(),
        "document_count": summary.indexed,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "build_seconds": round(summary.seconds, 3),
        "source": str(source),
    }
    (gen / store.BUILD_FILE).write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info


def add_documents(writer, paths, source: Path, summary: BuildSummary, max_bytes: int, progress):
    for n, path in enumerate(paths, 1):
        doc, warning = documents.read_document(path, source, max_bytes)
        if warning:
            summary.warnings.append((doc.path, warning))
        if isinstance(doc, documents.Skipped):
            summary.skipped.append(doc)
        else:
            writer.add_document(id=doc.id, path=doc.path, title=doc.title,
                                body=doc.body, links=doc.links)
            summary.indexed += 1
            summary.bytes += len(doc.body.encode("utf-8"))
        if progress:
            progress(n, len(paths))


def build_index(source, index_dir, progress=None, max_file_bytes=DEFAULT_MAX_FILE_BYTES) -> BuildSummary:
    """Index every document under `source` into a new generation of `index_dir`."""
    source, index_dir = Path(source), Path(index_dir)
    if not source.is_dir():
        raise BuildError(f"source folder {source} does not exist")
    index_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with build_lock(index_dir):
        remove_leftovers(index_dir)
        paths = list(documents.source_files(source))
        if not paths:
            raise BuildError(f"no .txt documents under {source}")
        stamp = new_stamp()
        tmp = index_dir / f".tmp-{stamp}"
        tmp.mkdir()
        summary = BuildSummary(generation=f"gen-{stamp}")
        writer = whoosh.index.create_in(str(tmp), store.make_schema()).writer(limitmb=256)
        try:
            add_documents(writer, paths, source, summary, max_file_bytes, progress)
        except BaseException:
            writer.cancel()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if summary.indexed == 0:
            writer.cancel()
            shutil.rmtree(tmp, ignore_errors=True)
            raise BuildError(f"none of the {len(paths)} files under {source} could be indexed")
        writer.commit()
        summary.seconds = time.perf_counter() - started
        write_build_info(tmp, summary, source)
        gen = index_dir / summary.generation
        tmp.rename(gen)
        store.publish(index_dir, gen)
        remove_leftovers(index_dir)
    return summary
