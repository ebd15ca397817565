"""Reading source documents: files under a folder -> Document records.

Real files are messy: no title line, leading spaces, share links whose query
strings repeat the text URL-encoded. Links are taken out of the searchable
text and kept as the document's links.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import sourcefile

MAX_TITLE_CHARS = 150
DERIVED_TITLE_CHARS = 80
# Bare URLs and www. addresses; they end at whitespace or a closing bracket.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s")


@dataclass
class Document:
    id: str
    title: str
    body: str
    path: str
    links: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    path: str
    reason: str


def doc_id(path: Path, source: Path) -> str:
    """Path relative to the source folder, '/'-separated, without extension."""
    return path.relative_to(source).with_suffix("").as_posix()


def source_files(source: Path):
    """Every .txt entry under the source folder, recursively, in a stable order.

    Not only regular files: a FIFO or a dangling link named .txt is listed
    too, so the build reports it as skipped instead of silently passing it by.
    """
    for path in sorted(source.rglob("*")):
        if path.suffix.lower() == ".txt" and not path.is_dir():
            yield path


def extract_links(text: str) -> tuple[str, list[str]]:
    """Text without URLs, and the URLs in order of appearance (no duplicates)."""
    links = list(dict.fromkeys(m.group().rstrip(".,;:") for m in URL_RE.finditer(text)))
    return URL_RE.sub(" ", text), links


def looks_like_title(line: str) -> bool:
    return len(line) <= MAX_TITLE_CHARS and not line.endswith((".", ":", ";", ","))


def derive_title(text: str) -> str:
    """A short title from the first sentence, cut at a word boundary."""
    first = SENTENCE_END_RE.split(" ".join(text.split()), maxsplit=1)[0]
    if len(first) <= DERIVED_TITLE_CHARS:
        return first.rstrip(".")
    cut = first[:DERIVED_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def split_title(text: str) -> tuple[str, str]:
    """(title, body): the first non-empty line when it looks like a title."""
    stripped = text.strip()
    if not stripped:
        return "", ""
    first, _, rest = stripped.partition("\n")
    first = " ".join(first.split())
    if looks_like_title(first) and rest.strip():
        return first, rest.strip()
    return derive_title(stripped), stripped


def parse_text(text: str, doc_id: str, path: str) -> Document:
    text, links = extract_links(text.replace("\r\n", "\n"))
    title, body = split_title(text)
    return Document(id=doc_id, title=title, body=body, path=path, links=links)


def read_document(path: Path, source: Path, max_bytes: int) -> tuple[Document | Skipped, str | None]:
    """One file as a Document, or Skipped with the reason; plus a warning if any."""
    rel = path.relative_to(source).as_posix()
    try:
        sourcefile.check_name(rel)
        text, warning = sourcefile.decode(sourcefile.read_bytes(path, max_bytes))
    except sourcefile.Unusable as err:
        return Skipped(sourcefile.printable(rel), str(err)), None
    doc = parse_text(text, doc_id(path, source), rel)
    if not doc.body:
        return Skipped(rel, "empty"), None
    return doc, warning
