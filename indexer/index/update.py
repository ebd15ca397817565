"""Incremental updates: re-index only the files that were added, changed or deleted.

The same guarantees as a rebuild: under the build lock, the live generation
is copied to a temporary folder, the changes are written there, and the copy
goes live with the same atomic swap of `current`. A killed update leaves the
live generation serving; the next build removes the copy.

A file is unchanged when its size and modification time match what the index
stored; when they differ its content hash decides, so touching a file costs a
read but no re-indexing.
"""

import shutil
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import whoosh.index

from indexer import analysis
from indexer.index import companion, store, whoosh_internals
from indexer.index.build import (
    DEFAULT_MAX_FILE_BYTES,
    BuildError,
    BuildSummary,
    build_index,
    build_lock,
    find_sources,
    go_live,
    new_stamp,
    remove_leftovers,
)
from indexer.index.schema import add_document, document_words
from indexer.index.segments import read_all, tally_indexed
from indexer.index.vocabulary import read_counts, write_vocabulary
from indexer.plural import plural
from indexer.sources import documents, listing


@dataclass
class UpdateSummary(BuildSummary):
    added: int = 0
    changed: int = 0
    deleted: int = 0
    unchanged: int = 0
    total: int = 0           # documents in the index afterwards
    rebuilt: str = ""        # why a full rebuild was done instead, if it was

    def counts(self) -> dict:
        return {**super().counts(), "documents": self.total}

    def line(self) -> str:
        if self.rebuilt:
            return f"{self.rebuilt}: rebuilt instead; " + super().line()
        return (f"updated index: {self.added} added, {self.changed} changed, {self.deleted} deleted, "
                f"{self.unchanged} unchanged ({plural(self.total, 'document')}), {self.tail()}")

    @property
    def changes(self) -> int:
        return self.added + self.changed + self.deleted


def indexed_files(ix) -> tuple[dict[str, dict], dict[str, int]]:
    """id -> the stored file facts (path, mtime_ns, size, hash) of every indexed document,
    and id -> its docnum (for what the companion carries over), read in one pass."""
    facts, docnums = {}, {}
    with ix.searcher() as searcher:
        for docnum, f in searcher.reader().iter_docs():
            facts[f["id"]] = {k: f.get(k) for k in ("path", "mtime_ns", "size", "hash", "lang")}
            docnums[f["id"]] = docnum
        return facts, docnums


def same_file(facts: dict, path: Path, rel: str) -> bool:
    """Cheap check: the same path, size and modification time as when it was indexed."""
    try:
        st = path.stat()
    except OSError:
        return False
    return facts["path"] == rel and facts["size"] == st.st_size and facts["mtime_ns"] == st.st_mtime_ns


def same_content(facts: dict, path: Path) -> bool:
    try:
        return facts["hash"] == documents.content_hash(path.read_bytes())
    except OSError:
        return False


def unchanged(facts: dict, path: Path, rel: str) -> bool:
    """The same file as indexed: by size and time, else (touched or copied) by content."""
    return same_file(facts, path, rel) or (facts["path"] == rel and same_content(facts, path))


def forget(writer, searcher, doc_id: str, vocabulary: Counter, forgotten: set, lexicons: dict) -> None:
    """Delete a document, and take its words out of the vocabulary counts; its id goes
    to `forgotten` (the companion carries none of its postings over)."""
    forgotten.add(doc_id)
    stored = searcher.document(id=doc_id)
    if stored:
        old = documents.Document(id=doc_id, title=stored.get("title", ""),
                                 body=stored.get("body", ""), path=stored.get("path", ""))
        vocabulary.subtract(document_words(old, lexicons))
    writer.delete_by_term("id", doc_id)


def by_path(known: dict) -> dict[str, list[str]]:
    """path -> the ids stored with it: a file's own, and those of a mail's attachments."""
    out: dict[str, list[str]] = {}
    for doc_id, facts in known.items():
        out.setdefault(facts["path"], []).append(doc_id)
    return out


def count_languages(summary: UpdateSummary, facts: list[dict]) -> None:
    summary.languages.update(f["lang"] for f in facts if f.get("lang"))


def apply_changes(writer, searcher, known: dict, ids, source: Path, summary: UpdateSummary,
                  max_bytes: int, progress) -> set:
    """Write what changed into `writer`; `known` is left with the ids whose files are gone.
    Returns the ids of the documents deleted or rewritten."""
    forgotten = set()
    vocabulary = summary.vocabulary
    lexicons = analysis.lexicons()
    stored_with = by_path(known)
    for n, (path, doc_id) in enumerate(ids, 1):
        rel = listing.relative_path(path, source)
        facts = known.pop(doc_id, None)
        attached = {i: known.pop(i) for i in stored_with.get(rel, []) if i != doc_id and i in known}
        if facts and unchanged(facts, path, rel):
            summary.unchanged += 1
            summary.indexed_paths.append(rel)
            count_languages(summary, [facts, *attached.values()])  # a mail's attachments stay with it
        else:
            docs = read_all(path, doc_id, source, summary, max_bytes)
            for old in ([doc_id] if facts else []) + list(attached):  # the old versions go
                forget(writer, searcher, old, vocabulary, forgotten, lexicons)
            for doc, shown in docs:
                add_document(writer, doc, lexicons)
                tally_indexed(summary, doc, shown)
            if docs:
                summary.changed += bool(facts)
                summary.added += not facts
            elif facts:
                summary.deleted += 1
        if progress:
            progress(n, len(ids))
    for doc_id in known:
        forget(writer, searcher, doc_id, vocabulary, forgotten, lexicons)
    vocabulary.update(analysis.vocabulary(lexicons))  # the words of the documents added
    summary.deleted += len({facts["path"] for facts in known.values()})  # a mail with its attachments: 1
    return forgotten


def live_index_problem(index_dir: Path) -> str:
    """Why the live index cannot be updated in place ('' when it can)."""
    try:
        store.open_generation(index_dir)
    except store.IndexUnavailable as err:
        return err.summary()
    return ""


def write_changes(tmp: Path, ids, source: Path, summary: UpdateSummary,
                  max_bytes: int, progress) -> bool:
    """Apply the changes to the index copy in `tmp`; False when there were none."""
    ix = whoosh.index.open_dir(str(tmp))
    known, before = indexed_files(ix)
    summary.vocabulary = read_counts(tmp)
    with ix.reader() as reader:
        doc_count = reader.doc_count_all()
    writer = ix.writer(limitmb=128)
    try:
        with ix.searcher() as searcher:
            forgotten = apply_changes(writer, searcher, known, ids, source, summary, max_bytes, progress)
    except BaseException:
        writer.cancel()
        raise
    if not summary.changes:
        writer.cancel()
        summary.total = summary.unchanged
        return False
    writer.commit()
    write_vocabulary(tmp, +summary.vocabulary)  # + drops words no document has any more
    # Rewritten whole: Whoosh may have merged segments, and idf changed.
    companion.write(tmp, carried=carried_over(tmp, before, doc_count, forgotten))
    summary.total = ix.doc_count()
    if summary.total == 0:
        raise BuildError(f"none of the {len(ids)} files under {source} could be indexed")
    return True


def carried_over(gen: Path, before: dict[str, int], doc_count: int, forgotten: set) -> companion.Carried:
    """The old companion's documents the update left alone, by their new docnums."""
    with whoosh.index.open_dir(str(gen)).reader() as reader:
        after = whoosh_internals.live_docnums(reader)
    docnums = np.full(doc_count, -1, dtype=np.int64)
    for doc_id, old in before.items():
        if doc_id not in forgotten and doc_id in after:
            docnums[old] = after[doc_id]
    return companion.Carried(gen / companion.COMPANION_DIR, docnums)


def update_index(source, index_dir, progress=None, max_file_bytes=DEFAULT_MAX_FILE_BYTES,
                 procs: int = 0) -> UpdateSummary:
    """Bring the live index of `index_dir` up to date with `source`, as a new generation.

    Without a usable live index (none yet, or built by another version) it rebuilds.
    """
    source, index_dir = Path(source), Path(index_dir)
    found = find_sources(source)
    ids = documents.assign_ids(found.documents, source)
    problem = live_index_problem(index_dir)
    if problem:
        full = build_index(source, index_dir, progress, max_file_bytes, procs)
        return UpdateSummary(**vars(full), total=full.indexed, rebuilt=problem)
    started = time.perf_counter()
    with build_lock(index_dir):
        remove_leftovers(index_dir)
        stamp = new_stamp()
        tmp = index_dir / f".tmp-{stamp}"
        summary = UpdateSummary(generation=f"gen-{stamp}")
        summary.account(found, source)
        try:
            shutil.copytree(store.current_generation(index_dir), tmp)
            changed = write_changes(tmp, ids, source, summary, max_file_bytes, progress)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if not changed:  # the live generation stays; nothing to swap
            shutil.rmtree(tmp, ignore_errors=True)
            summary.generation = store.current_generation(index_dir).name
            summary.seconds = time.perf_counter() - started
            return summary
        go_live(index_dir, tmp, summary, source, started, document_count=summary.total)
    return summary
