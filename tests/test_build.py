"""Building the index: build record, atomic swap, refusal of incompatible indexes."""

import json
import shutil

import pytest

from indexer.index import segments, store
from indexer.index.build import BuildError, build_index
from indexer.index.store import IndexHandle, IndexUnavailable


def test_build_records_how_it_was_built(seeds, tmp_path):
    summary = build_index(seeds, tmp_path / "ix")
    assert summary.indexed == 3 and not summary.skipped
    gen = store.current_generation(tmp_path / "ix")
    info = json.loads((gen / "build.json").read_text())
    assert info["analysis_version"] and info["schema_version"]
    assert info["stemmer"] == "dutch" and "PyStemmer" in info["stemmer_library"]
    assert info["document_count"] == 3 and info["built_at"]


def test_rebuild_swaps_generation_and_handle_follows(seeds, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(seeds, src)
    ix = tmp_path / "ix"
    build_index(src, ix)
    handle = IndexHandle(ix)
    first = handle.generation
    assert handle.searcher().doc_count() == 3
    (src / "nieuw.txt").write_text("Nieuw rapport\n\nOver leefbare lonen in de keten.", encoding="utf-8")
    build_index(src, ix)
    assert handle.searcher().doc_count() == 4
    assert handle.generation != first
    assert not list(ix.glob(".tmp-*"))


def test_failed_build_keeps_the_live_index(seeds, tmp_path):
    ix = tmp_path / "ix"
    build_index(seeds, ix)
    live = store.current_generation(ix)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BuildError, match="no documents"):
        build_index(empty, ix)
    with pytest.raises(BuildError, match="does not exist"):
        build_index(tmp_path / "missing", ix)
    assert store.current_generation(ix) == live
    assert IndexHandle(ix).searcher().doc_count() == 3


def test_incompatible_index_is_refused_with_a_rebuild_message(seeds, tmp_path):
    ix = tmp_path / "ix"
    build_index(seeds, ix)
    record = store.current_generation(ix) / "build.json"
    info = json.loads(record.read_text())
    info["analysis_version"] = "0-old"
    record.write_text(json.dumps(info))
    with pytest.raises(IndexUnavailable, match="rebuild it with `zoek index") as err:
        IndexHandle(ix)
    assert err.value.reason == IndexUnavailable.INCOMPATIBLE  # for code: no parsing of the message
    assert err.value.summary() == f"the index in {ix} was built with analysis_version '0-old', " \
        f"this zoek needs {info_version()!r}"


def info_version() -> str:
    from indexer.index.schema import expected_build
    return expected_build()["analysis_version"]


def test_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexUnavailable, match="zoek index") as err:
        IndexHandle(tmp_path / "nothing")
    assert err.value.reason == IndexUnavailable.MISSING and err.value.where == tmp_path / "nothing"
    assert err.value.summary() == f"no index in {tmp_path / 'nothing'}"


def test_leftovers_of_a_crashed_build_are_removed(seeds, tmp_path):
    ix = tmp_path / "ix"
    (ix / ".tmp-crashed").mkdir(parents=True)
    (ix / ".tmp-crashed" / "junk").write_text("x")
    build_index(seeds, ix)
    assert not (ix / ".tmp-crashed").exists()


def test_workers_start_during_the_listing_once_there_is_work_for_them_all(monkeypatch):
    events = []

    class Pool:
        def terminate(self):
            events.append("terminated")

    def start(workers, count):
        events.append(count)
        workers.pool = Pool()

    monkeypatch.setattr(segments.Workers, "start", start)
    enough = 2 * segments.MIN_FILES_PER_WORKER
    with segments.Workers(procs=2) as workers:
        for found in range(1, enough):
            workers.expect(found)
        assert events == []
        workers.expect(enough)
        workers.expect(enough + 1)
        assert events == [2]
    assert events == [2, "terminated"]
    with segments.Workers(procs=1) as workers:
        workers.expect(100 * enough)  # one process: the build's own
    assert events == [2, "terminated"]
