"""Hostile source files: each is skipped with a reason, within bounded memory and
time, and the build goes on. Each read is measured in a child process: its peak
RSS over its RSS once the parsing libraries are loaded, and its wall time."""

import gzip
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from indexer.index.build import build_index

ROOT = Path(__file__).parent.parent
BOMB_BYTES = 512 << 20          # inflated, far past the 300 MB this test allows
MAX_EXTRA_RSS = 300_000_000
MAX_SECONDS = 5.0
CHUNK = b"\0" * (1 << 20)

MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
import docx, odf.opendocument, ebooklib.epub, defusedxml.ElementTree  # the libraries, loaded first
from indexer.sources.documents import read_document

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024

path = Path(sys.argv[1])
before = rss()
started = time.perf_counter()
doc, warning = read_document(path, path.parent, 50_000_000)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"reason": getattr(doc, "reason", None), "seconds": seconds, "extra": peak - before}))
"""


def zip_bomb(path: Path, member: str, extra: dict[str, bytes]) -> None:
    """A zip container whose `member` inflates to BOMB_BYTES of zeros (a few MB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in extra.items():
            z.writestr(name, data)
        with z.open(member, "w", force_zip64=True) as f:
            for _ in range(BOMB_BYTES >> 20):
                f.write(CHUNK)


LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE page [\n<!ENTITY lol "lollollollollollollollollollol">\n'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
                    for n in range(1, 10))
          + ']>\n<page xmlns="http://projectmallard.org/1.0/"><title>x</title><p>&lol9;</p></page>\n')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return make_hostile(tmp_path_factory.mktemp("hostile"))


def make_hostile(src: Path) -> Path:
    (src / "bomb.xml").write_text(LAUGHS, encoding="utf-8")
    (src / "bomb.page").write_text(LAUGHS, encoding="utf-8")
    zip_bomb(src / "bomb.docx", "word/document.xml", {"[Content_Types].xml": b"<Types/>"})
    zip_bomb(src / "bomb.odt", "content.xml", {"mimetype": b"application/vnd.oasis.opendocument.text"})
    zip_bomb(src / "bomb.epub", "OEBPS/chapter.xhtml", {"mimetype": b"application/epub+zip"})
    with gzip.open(src / "bomb.txt.gz", "wb", compresslevel=1) as f:
        for _ in range(BOMB_BYTES >> 20):
            f.write(b"a" * len(CHUNK))
    with open(src / "sparse.txt", "wb") as f:  # 2 GB, no blocks on disk
        f.truncate(2 << 30)
    (src / "gewoon.txt").write_text("Gewoon\n\nEen document over de dijk.", encoding="utf-8")
    return src


EXPECTED = {
    "bomb.xml": "XML entity declarations (a possible XML bomb)",
    "bomb.page": "XML entity declarations (a possible XML bomb)",
    "bomb.docx": "zip bomb: unpacks to 536.871 MB",
    "bomb.odt": "zip bomb: unpacks to 536.871 MB",
    "bomb.epub": "zip bomb: unpacks to 536.871 MB",
    "bomb.txt.gz": "gzip bomb: unpacks to more than 50 MB",
    "sparse.txt": "larger than 50 MB",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_file_is_skipped_within_bounded_memory_and_time(hostile, name):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", MEASURE, str(hostile / name)], capture_output=True,
                         text=True, timeout=60, env=env, check=True)
    result = json.loads(out.stdout)
    assert result["reason"] == EXPECTED[name]
    assert result["seconds"] <= MAX_SECONDS, result
    assert result["extra"] <= MAX_EXTRA_RSS, result


def test_the_build_goes_on_past_hostile_files(hostile, tmp_path):
    summary = build_index(hostile, tmp_path / "ix")
    assert summary.indexed == 1
    assert {s.path: s.reason for s in summary.skipped} == EXPECTED
