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
SPACES = b" " * (1 << 20)

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


def zip_bomb(path: Path, member: str, real: Path) -> None:
    """The real container `real` with `member` padded by BOMB_BYTES of whitespace after
    its XML declaration: still valid, the same document, a few MB on disk. A library
    that inflated it would hold all of it (the control check in the README shows it)."""
    with zipfile.ZipFile(real) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != member:
                z.writestr(info, data)
                continue
            cut = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
            with z.open(member, "w", force_zip64=True) as f:
                f.write(data[:cut])
                for _ in range(BOMB_BYTES >> 20):
                    f.write(SPACES)
                f.write(data[cut:])


def real_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Een gewone brief.")
    document.save(path)
    return path


def real_odt(path: Path) -> Path:
    from odf import text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    document.text.addElement(text.P(text="Een gewone brief."))
    document.save(str(path))
    return path


def real_epub(path: Path) -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("bom")
    book.set_title("Gewoon boek")
    chapter = epub.EpubHtml(title="Een", file_name="een.xhtml")
    chapter.content = "<html><body><p>Een gewoon hoofdstuk.</p></body></html>"
    book.add_item(chapter)
    book.add_item(epub.EpubNav())
    book.spine = [chapter]
    epub.write_epub(str(path), book)
    return path


def lying_zip(path: Path, member: str) -> None:
    """A zip that declares a small member but holds BOMB_BYTES of it: zipfile stops
    inflating at the declared size, so the check on sizes still bounds memory."""
    zip_bomb(path, member, real_docx(path.with_suffix(".real")))
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the central directory: a record per member
    while data[entry + 46:entry + 46 + len(member)] != member.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 24:entry + 28] = (1024).to_bytes(4, "little")  # its uncompressed size
    path.write_bytes(bytes(data))


LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE page [\n<!ENTITY lol "lollollollollollollollollollol">\n'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
                    for n in range(1, 10))
          + ']>\n<page xmlns="http://projectmallard.org/1.0/"><title>x</title><p>&lol9;</p></page>\n')


YAML_LAUGHS = ("---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
               + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
               + "title: *i\ndate: *i\n---\n# Gewone kop\n\nGewone tekst over de dijk.\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return make_hostile(tmp_path_factory.mktemp("hostile"))


def make_hostile(src: Path) -> Path:
    (src / "bomb.xml").write_text(LAUGHS, encoding="utf-8")
    (src / "bomb.page").write_text(LAUGHS, encoding="utf-8")
    work = src.parent / f"{src.name}-real"
    work.mkdir()
    zip_bomb(src / "bomb.docx", "word/document.xml", real_docx(work / "a.docx"))
    zip_bomb(src / "bomb.odt", "content.xml", real_odt(work / "a.odt"))
    zip_bomb(src / "bomb.epub", "EPUB/een.xhtml", real_epub(work / "a.epub"))
    lying_zip(work / "liar.docx", "word/document.xml")
    (work / "liar.docx").rename(src / "liar.docx")
    with gzip.open(src / "bomb.txt.gz", "wb", compresslevel=1) as f:
        for _ in range(BOMB_BYTES >> 20):
            f.write(b"a" * len(SPACES))
    with open(src / "sparse.txt", "wb") as f:  # 2 GB, no blocks on disk
        f.truncate(2 << 30)
    (src / "yaml-bom.md").write_text(YAML_LAUGHS, encoding="utf-8")
    (src / "gewoon.txt").write_text("Gewoon\n\nEen document over de dijk.", encoding="utf-8")
    return src


EXPECTED = {
    "bomb.xml": "XML entity declarations (a possible XML bomb)",
    "bomb.page": "XML entity declarations (a possible XML bomb)",
    "bomb.docx": "zip bomb: unpacks to more than 200 MB",
    "bomb.odt": "zip bomb: unpacks to more than 200 MB",
    "bomb.epub": "zip bomb: unpacks to more than 200 MB",
    "liar.docx": "not a readable DOCX file",
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


def test_a_yaml_alias_bomb_in_front_matter_is_not_expanded(hostile):
    """Its title and date are not text, so they are not used; the page itself is indexed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", MEASURE, str(hostile / "yaml-bom.md")], capture_output=True,
                         text=True, timeout=60, env=env, check=True)
    result = json.loads(out.stdout)
    assert result["reason"] is None
    assert result["seconds"] <= MAX_SECONDS and result["extra"] <= MAX_EXTRA_RSS, result
    from indexer.sources.documents import read_document
    doc, _ = read_document(hostile / "yaml-bom.md", hostile, 50_000_000)
    assert doc.title == "Gewone kop"


def test_the_build_goes_on_past_hostile_files(hostile, tmp_path):
    summary = build_index(hostile, tmp_path / "ix")
    assert summary.indexed == 2
    assert {s.path: s.reason for s in summary.skipped} == EXPECTED
