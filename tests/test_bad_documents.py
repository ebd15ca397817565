"""Bad source files: each is skipped or read with a warning, named and counted
in the build summary; the build never aborts and no good document is lost."""

import os
import random
import subprocess
import threading

import pytest
from conftest import ROOT, zoek_command

from indexer.index.store import IndexHandle
from indexer.search import search
from indexer.sources import sourcefile
from indexer.sources.documents import Skipped, read_document, source_files

GOOD = {  # file -> a word only that document holds
    "goed.txt": ("Goed rapport\n\nDe walvisvaart in de keten.", "walvisvaart"),
    "sub/ook-goed.txt": ("Ook goed\n\nOver de tulpenbollen van Lisse.", "tulpenbollen"),
    "latin.txt": ("Café\n\nDe coördinatie van één project over zeilschepen.".encode("cp1252"), "zeilschepen"),
    "utf16.txt": ("Zestien\n\nTekst in UTF-16 over molenaars.".encode("utf-16"), "molenaars"),
    "nul.txt": (b"Nul\n\nTekst met een " + b"\x00" + b" NUL-byte over " + b"kaasmakers " * 40, "kaasmakers"),
    "lang.txt": ("Lang woord\n\n" + "x" * 30_000 + " over schaatsers.", "schaatsers"),
    "map.txt/binnen.txt": ("Binnen\n\nEen map met de naam map.txt over vuurtorens.", "vuurtorens"),
}


def make_source(src):
    for name, (content, _) in GOOD.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    rng = random.Random(5)
    (src / "leeg.txt").write_bytes(b"")
    (src / "spaties.txt").write_text("  \n\t\n", encoding="utf-8")
    (src / "plaatje.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4000)))
    (src / "ruis.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))  # no NUL at all
    (src / "groot.txt").write_bytes(b"Groot\n\n" + b"woord " * 20_000)  # 120 KB, over the limit
    os.mkfifo(src / "fifo.txt")                    # reading it would block forever
    (src / "weg.txt").symlink_to(src / "bestaat-niet.txt")
    (src / "lus.txt").symlink_to(src / "lus.txt")
    (src / os.fsdecode(b"caf\xe9-naam.txt")).write_text("Naam\n\nDe naam is cp1252.", encoding="utf-8")


SKIPPED = {
    "leeg.txt": "empty", "spaties.txt": "empty", "plaatje.txt": "binary file",
    "ruis.txt": "binary file", "groot.txt": "larger than 0.1 MB", "fifo.txt": "not a regular file",
    "weg.txt": "a broken symbolic link",
    "lus.txt": "unreadable (Too many levels of symbolic links)",
    "caf\ufffd-naam.txt": "file name is not valid UTF-8",
}
WARNED = {"latin.txt": "not valid UTF-8, read as cp1252", "nul.txt": "NUL bytes replaced by spaces"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("bad-src")
    make_source(src)
    index_dir = tmp_path_factory.mktemp("bad") / "index"
    r = subprocess.run(zoek_command() + ["index", "--source", str(src), "--index", str(index_dir),
                                         "--max-file-mb", "0.1"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    return r, index_dir


def test_build_succeeds_and_keeps_every_good_document(built):
    r, index_dir = built
    assert r.returncode == 0, r.stderr
    searcher = IndexHandle(index_dir).searcher()
    assert searcher.doc_count() == len(GOOD)
    for name, (_, word) in GOOD.items():
        ids = [h.id for h in search(searcher, word).hits]
        assert ids == [name.removesuffix(".txt")], word


def test_each_bad_file_is_named_with_its_reason(built):
    r, _ = built
    for name, reason in SKIPPED.items():
        assert f"skipped: {name}: {reason}\n" in r.stderr
    for name, warning in WARNED.items():
        assert f"warning: {name}: {warning}\n" in r.stderr
    assert r.stderr.count("skipped: ") == len(SKIPPED) and r.stderr.count("warning: ") == len(WARNED)


def test_summary_counts_skips_and_warnings_by_reason(built):
    line = built[0].stdout.strip()
    assert line.startswith(f"indexed {len(GOOD)} documents, skipped {len(SKIPPED)} (")
    for count, reason in [(2, "empty"), (2, "binary file"), (1, "not a regular file"),
                          (1, "larger than 0.1 MB"), (1, "file name is not valid UTF-8")]:
        assert f"{count} {reason}" in line
    assert f"{len(WARNED)} warnings (1 not valid UTF-8, read as cp1252, 1 NUL bytes replaced by spaces)" in line


def test_snippet_of_a_document_without_spaces_stays_short(built):
    hit = search(IndexHandle(built[1]).searcher(), "schaatsers").hits[0]
    assert len(hit.snippet.text) < 300 and "schaatsers" in hit.snippet.text


def read_in_thread(path, source):
    """read_document, given 10 s: a read that blocks on a FIFO fails instead of hanging."""
    out = []
    reader = threading.Thread(target=lambda: out.append(read_document(path, source, 1000)),
                              daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert out, f"reading {path.name} blocked"
    return out[0]


def test_reading_checks_the_open_file_not_the_name(tmp_path):
    os.mkfifo(tmp_path / "x.txt")
    (tmp_path / "d.txt").mkdir()
    doc, warning = read_in_thread(tmp_path / "x.txt", tmp_path)
    assert doc == Skipped("x.txt", "not a regular file") and warning is None
    assert [p.name for p in source_files(tmp_path)] == ["x.txt"]  # folders are walked, not read
    with pytest.raises(sourcefile.Unusable, match="not a regular file"):
        sourcefile.read_bytes(tmp_path / "d.txt", 1000)
