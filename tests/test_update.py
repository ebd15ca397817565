"""`zoek index --update`: only new, changed and deleted files, atomically, seen by a live handle."""

import os
import shutil
import subprocess

import pytest
from conftest import LILYPOND_PDF, ROOT, SEEDS, SOMO, make_docx, zoek_command

from indexer.index import store, update
from indexer.index.build import BuildError, build_index
from indexer.index.store import IndexHandle
from indexer.index.update import update_index
from indexer.search import search


@pytest.fixture()
def built(tmp_path):
    src, ix = tmp_path / "src", tmp_path / "ix"
    shutil.copytree(SEEDS, src / "web")
    build_index(src, ix)
    return src, ix


def ids(handle, q):
    return {h.id for h in search(handle.searcher(), q).hits}


def test_update_adds_changes_and_deletes(built):
    src, ix = built
    handle = IndexHandle(ix)
    first = handle.generation
    (src / "rapporten").mkdir()
    shutil.copy(LILYPOND_PDF, src / "rapporten" / "lilypond.pdf")                       # added
    make_docx(src / "rapporten" / "walvis.docx", "Walvisvaart", ["Over de walvisvaart."])  # added
    somo = src / "web" / f"{SOMO}.txt"
    somo.write_text(somo.read_text(encoding="utf-8") + "\nOok over walvisvaart.", encoding="utf-8")  # changed
    (src / "web" / "003_cdb6cea62ffad741.txt").unlink()                                 # deleted
    summary = update_index(src, ix)
    assert (summary.added, summary.changed, summary.deleted, summary.unchanged) == (2, 1, 1, 1)
    assert summary.line().startswith("updated index: 2 added, 1 changed, 1 deleted, 1 unchanged (4 documents)")
    assert ids(handle, "walvisvaart") == {"rapporten/walvis", f"web/{SOMO}"}
    assert ids(handle, "kopiëren") == {"rapporten/lilypond"}
    assert ids(handle, "kahoot") == set()            # only 003 had it
    assert handle.searcher().doc_count() == 4 and handle.generation != first
    assert store.read_build_info(handle.generation)["document_count"] == 4
    assert not list(ix.glob(".tmp-*"))


def test_an_updated_index_equals_a_rebuilt_one(built, tmp_path):
    src, ix = built
    (src / "web" / "nieuw.md").write_text("# Nieuw\n\nOver leefbare lonen, 13 juni 2019.", encoding="utf-8")
    (src / "web" / "000_6ac86d6e3eb5e683.txt").unlink()
    update_index(src, ix)
    build_index(src, tmp_path / "fresh")
    a, b = IndexHandle(ix).searcher(), IndexHandle(tmp_path / "fresh").searcher()
    for q in ["loon", "netwerken", "oeganda", "nieuw"]:
        ra, rb = search(a, q), search(b, q)
        assert [h.id for h in ra.hits] == [h.id for h in rb.hits] and ra.facets == rb.facets


def test_touched_but_equal_files_are_unchanged_and_nothing_goes_live(built):
    src, ix = built
    live = store.current_generation(ix)
    for path in (src / "web").iterdir():
        os.utime(path, (2_000_000_000, 2_000_000_000))  # new mtime, same content
    summary = update_index(src, ix)
    assert (summary.added, summary.changed, summary.deleted, summary.unchanged) == (0, 0, 0, 3)
    assert store.current_generation(ix) == live and not list(ix.glob(".tmp-*"))


def test_a_file_that_becomes_unreadable_leaves_the_index(built):
    src, ix = built
    (src / "web" / f"{SOMO}.txt").write_text("   \n", encoding="utf-8")
    summary = update_index(src, ix)
    assert summary.deleted == 1 and [s.reason for s in summary.skipped] == ["empty"]
    assert IndexHandle(ix).searcher().doc_count() == 2


def test_update_without_an_index_builds_one(tmp_path):
    summary = update_index(SEEDS, tmp_path / "ix")
    assert summary.rebuilt.startswith("no index") and summary.indexed == 3
    assert "rebuilt instead" in summary.line()


def test_a_failed_update_keeps_the_live_index(built, monkeypatch):
    src, ix = built
    live = store.current_generation(ix)
    (src / "web" / "nieuw.txt").write_text("Nieuw\n\nOver walvisvaart.", encoding="utf-8")

    def crash(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(update, "read_all", crash)
    with pytest.raises(OSError):
        update_index(src, ix)
    assert store.current_generation(ix) == live and not list(ix.glob(".tmp-*"))
    assert IndexHandle(ix).searcher().doc_count() == 3
    shutil.rmtree(src / "web")
    (src / "web").mkdir()
    with pytest.raises(BuildError, match="no documents"):  # an emptied source never empties the index
        update_index(src, ix)


def test_cli_update_prints_the_summary(built):
    src, ix = built
    (src / "web" / "nieuw.txt").write_text("Nieuw\n\nOver walvisvaart.", encoding="utf-8")
    r = subprocess.run(zoek_command() + ["index", "--update", "--source", str(src), "--index", str(ix)],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("updated index: 1 added, 0 changed, 0 deleted, 3 unchanged (4 documents)")


def test_update_keeps_the_did_you_mean_vocabulary_current(seeds, tmp_path):
    import shutil

    from indexer.index import store
    from indexer.index.build import build_index
    from indexer.index.update import update_index
    from indexer.search import suggest
    src, ix = tmp_path / "src", tmp_path / "ix"
    shutil.copytree(seeds, src)
    build_index(src, ix)
    (src / "walvis.txt").write_text("Walvisvaart\n\nOver de walvisvaart.", encoding="utf-8")
    update_index(src, ix)
    counts = suggest.read_counts(store.current_generation(ix))
    assert counts["walvisvaart"] == 1 and counts["netwerken"] == 1
    (src / "walvis.txt").unlink()
    update_index(src, ix)
    counts = suggest.read_counts(store.current_generation(ix))
    assert "walvisvaart" not in counts and counts["netwerken"] == 1
