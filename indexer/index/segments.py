"""Writing documents into Whoosh segments, on every core.

Each worker process reads, analyses and indexes its share of the files into a
segment of its own (what Whoosh's MpWriter does, minus pickling every document
through a queue); the parent then lists all segments in one table of contents.
Workers are forked, which spares each the half second of importing zoek again
(a process with threads spawns them instead: forking one is unsafe); a forked
worker closes its copy of the build lock (`build.build_lock`). Workers die with
the parent: a killed build leaves no orphans writing on.
"""

import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import whoosh.index

from indexer import analysis
from indexer.analysis import languages
from indexer.index import companion
from indexer.index.schema import add_document
from indexer.index.whoosh_internals import SegmentOnlyWriter, commit_segments
from indexer.sources import documents, language

# A worker starts a new segment past this many postings: the writer keeps a
# segment's postings in memory (about 60 bytes each) until it writes them.
MAX_SEGMENT_POSTINGS = 3_000_000
MIN_FILES_PER_WORKER = 400  # below this a worker costs more to start than it saves


@dataclass
class ChunkResult:
    """What one worker did."""
    segments: list = field(default_factory=list)  # the Whoosh segments it wrote, in docnum order
    indexed: int = 0
    bytes: int = 0
    skipped: list = field(default_factory=list)   # documents.Skipped
    warnings: list = field(default_factory=list)  # (path, message)
    vocabulary: Counter = field(default_factory=Counter)
    indexed_paths: list = field(default_factory=list)  # for `zoek index --verbose`
    languages: Counter = field(default_factory=Counter)  # a document's `lang`, where it has one
    postings: dict = field(default_factory=dict)  # segment id -> the companion's fields' postings
    postings_file: str = ""  # from a worker: where `postings` wait for the parent (`spill`)


def tally_indexed(tally, doc, shown: str) -> None:
    tally.indexed += 1
    tally.indexed_paths.append(shown)
    lang = getattr(doc, "lang", "")
    if lang:
        tally.languages[lang] += 1


def read_all(path: Path, doc_id: str, source: Path, tally, max_bytes: int) -> list:
    """(Document, path to show) of a file: itself and, for a mail, its attachments
    (`mail.eml#bijlage.pdf`); each skip and warning goes to `tally`, like read_one's."""
    doc = read_one(path, doc_id, source, tally, max_bytes)
    if doc is None:
        return []
    found = [(doc, doc.path)]
    for attachment, warning, rel in doc.attachments:
        if warning:
            tally.warnings.append((rel, warning))
        if isinstance(attachment, documents.Skipped):
            tally.skipped.append(attachment)
        else:
            tally.bytes += len(attachment.body.encode("utf-8"))
            found.append((attachment, rel))
    doc.attachments = []
    return found


def read_one(path: Path, doc_id: str, source: Path, tally, max_bytes: int):
    """The Document of a file, or None when it is skipped; `tally` (a ChunkResult or a
    build summary) gets the warning, the skip or the bytes read."""
    doc, warning = documents.read_document(path, source, max_bytes, id=doc_id)
    if warning:
        tally.warnings.append((doc.path, warning))
    if isinstance(doc, documents.Skipped):
        tally.skipped.append(doc)
        return None
    tally.bytes += len(doc.body.encode("utf-8"))
    return doc


def new_writer(ix) -> SegmentOnlyWriter:
    return SegmentOnlyWriter(ix, record=companion.recorded_fields(ix.schema),
                             unwritten=companion.COMPANION_ONLY_FIELDS, _lk=False)


def finish_segment(writer: SegmentOnlyWriter, result: ChunkResult) -> None:
    segment = writer.finish_segment()
    if segment is not None:
        result.segments.append(segment)
        result.postings[segment.segment_id()] = writer.recorded()


def index_chunk(index_dir: str, source: str, files: list[tuple[str, str]], max_bytes: int,
                tick=None) -> ChunkResult:
    """Index (path, id) files into new segments of the index at index_dir."""
    result = ChunkResult()
    ix = whoosh.index.open_dir(index_dir)
    writer = new_writer(ix)
    source_path = Path(source)
    lexicons = analysis.lexicons()
    try:
        for path, doc_id in files:
            for doc, shown in read_all(Path(path), doc_id, source_path, result, max_bytes):
                add_document(writer, doc, lexicons)
                tally_indexed(result, doc, shown)
            if writer.pool.postings >= MAX_SEGMENT_POSTINGS:
                finish_segment(writer, result)
                writer = new_writer(ix)
            if tick:
                tick()
        finish_segment(writer, result)
    except BaseException:
        writer.abandon()
        raise
    result.vocabulary = analysis.vocabulary(lexicons)
    # The temporary folder for sorting runs (MAIN.tmp) is shared by all workers:
    # the parent's commit removes it once every worker is done.
    return result


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def balance(files: list[tuple[Path, str]], workers: int) -> list[list[tuple[str, str]]]:
    """Split (path, id) files into `workers` lists of about equal total size."""
    sized = sorted(((file_size(p), str(p), i) for p, i in files), reverse=True)
    chunks: list[list[tuple[str, str]]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for size, path, doc_id in sized:
        i = loads.index(min(loads))
        chunks[i].append((path, doc_id))
        loads[i] += size
    return [sorted(c) for c in chunks if c]


_done = None  # in a worker: the count of files done, shared with the parent


def _tick() -> None:
    with _done.get_lock():
        _done.value += 1


def _init_worker(done) -> None:
    global _done
    _done = done
    try:  # Linux: die with the parent, so a killed build leaves nothing running
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except OSError:
        pass
    warm_up()
    # A worker makes millions of small objects that live till its segment is written:
    # Python's default collector (a young-generation pass every 700 allocations, full
    # passes over an ever larger heap) spent about 5 % of its time finding no garbage.
    # The loaded analysis data is frozen out of the passes, and they run less often.
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def warm_up() -> None:
    """Load what a worker's first documents would: the analyses' data files and the
    language models (most of a second), while the parent still lists the files."""
    languages.load_data()
    language.detector().compute_language_confidence_values("warm up")


def _run_chunk(args) -> ChunkResult:
    return spill(index_chunk(*args, tick=_tick), args[0])


def spill(result: ChunkResult, index_dir: str) -> ChunkResult:
    """The result with its recorded postings in a file of the (temporary) index folder:
    through the pool's pipe, a worker's 23 MB of them at x10 reached the parent 0.3-0.4 s
    after the worker was done, while the parent waited for them."""
    with tempfile.NamedTemporaryFile(dir=index_dir, prefix=".postings-", suffix=".pickle",
                                     delete=False) as f:
        pickle.dump(result.postings, f, protocol=pickle.HIGHEST_PROTOCOL)
    result.postings, result.postings_file = {}, f.name
    return result


def postings_of(result: ChunkResult) -> dict:
    """A result's recorded postings, read back (and the file removed) if spilled."""
    if not result.postings_file:
        return result.postings
    path = Path(result.postings_file)
    with path.open("rb") as f:
        postings = pickle.load(f)
    path.unlink()
    return postings


def worker_count(requested: int, files: int) -> int:
    wanted = requested or os.cpu_count() or 1
    return max(1, min(wanted, files // MIN_FILES_PER_WORKER))


def write_segments(ix, source: Path, paths: list[Path], max_bytes: int, workers: "Workers",
                   progress=None) -> list[ChunkResult]:
    """Index all files into segments of ix (one per worker) and commit them."""
    files = documents.assign_ids(paths, source)
    count = worker_count(workers.procs, len(files))
    if count == 1:
        results = [index_chunk(ix.storage.folder, str(source), [(str(p), i) for p, i in files],
                               max_bytes, tick=local_ticker(progress, len(files)))]
    else:
        args = [(ix.storage.folder, str(source), chunk, max_bytes) for chunk in balance(files, count)]
        results = workers.run(args, progress, len(files))
    commit_segments(ix, [segment for r in results for segment in r.segments])
    return results


def recorded_postings(results: list[ChunkResult]) -> dict:
    """segment id -> the postings its worker recorded, for `companion.write`."""
    return {segment_id: postings for r in results for segment_id, postings in postings_of(r).items()}


class Workers:
    """A build's worker processes. They start while the parent still lists the files, as
    soon as it has found enough for all of them (`expect`), so that their start (imports,
    `warm_up`: a second or so) overlaps the rest of the listing; for a source too small
    to keep them all busy, after the listing (`run`), if at all."""

    def __init__(self, procs: int = 0):
        self.procs, self.pool, self.done = procs, None, None
        self.wanted = procs or os.cpu_count() or 1

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()

    def expect(self, files: int) -> None:
        """The listing has found this many documents so far."""
        if self.pool is None and self.wanted > 1 and worker_count(self.procs, files) == self.wanted:
            self.start(self.wanted)

    def start(self, count: int) -> None:
        ctx = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
        self.done = ctx.Value("i", 0)
        self.pool = ctx.Pool(count, initializer=_init_worker, initargs=(self.done,))

    def run(self, args: list, progress, total: int) -> list[ChunkResult]:
        """index_chunk(*a) for each of `args`, each in a worker of its own."""
        if self.pool is None:
            self.start(len(args))
        pending = self.pool.map_async(_run_chunk, args)
        while not pending.ready():
            pending.wait(0.2)
            if progress:
                progress(min(self.done.value, total), total)
        return pending.get()


def local_ticker(progress, total):
    """A tick callback reporting progress from this process, at most 10 times a second."""
    if not progress:
        return None
    state = {"done": 0, "shown": 0.0}

    def tick():
        state["done"] += 1
        now = time.monotonic()
        if now - state["shown"] > 0.1 or state["done"] == total:
            state["shown"] = now
            progress(state["done"], total)
    return tick
