"""Reading source documents: files under a folder -> Document records.

Real files are messy: no title line, leading spaces, share links whose query
strings repeat the text URL-encoded. Links are taken out of the searchable
text and kept as the document's links.
"""

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from indexer.sources import formats, language, metadata, sourcefile

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
    date: str = ""                # ISO 8601 at the precision known: 2019-06-13 or 2021-01
    collection: str = ""          # top folder under the source; '' at its root
    type: str = "txt"             # txt, md, html, pdf, docx
    source_url: str | None = None
    pages: list[int] = field(default_factory=list)  # start offset in body of each page (PDF)
    lang: str = language.UNDETERMINED  # nl, en or und (analysed as Dutch)
    mtime_ns: int = 0             # file facts, for incremental updates
    size: int = 0
    hash: str = ""

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass
class Skipped:
    path: str
    reason: str
    detail: str = ""              # the parser's own message, for the operator


def doc_id(path: Path, source: Path) -> str:
    """Path relative to the source folder, '/'-separated, without extension."""
    return path.relative_to(source).with_suffix("").as_posix()


def is_hidden(path: Path, source: Path) -> bool:
    """Dot folders (.git) and files, and Office lock files (~$rapport.docx)."""
    parts = path.relative_to(source).parts
    return any(part.startswith(".") for part in parts) or parts[-1].startswith("~$")


def source_files(source: Path):
    """Every file of a known format under the source folder, recursively, in a stable order.

    Not only regular files: a FIFO or a dangling link named .txt is listed
    too, so the build reports it as skipped instead of silently passing it by.
    """
    for path in sorted(source.rglob("*")):
        if path.suffix.lower() in formats.READERS and not path.is_dir() and not is_hidden(path, source):
            yield path


def assign_ids(paths, source: Path) -> list[tuple[Path, str]]:
    """(path, id) for each file; files that share a name without extension
    (jaarverslag.pdf and jaarverslag.html) keep their extension in the id."""
    plain = [doc_id(p, source) for p in paths]
    counts = Counter(plain)
    return [(p, i if counts[i] == 1 else p.relative_to(source).as_posix())
            for p, i in zip(paths, plain)]


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


def one_space(text: str) -> str:
    """Each line trimmed with single spaces, empty lines dropped."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def first_title_line(text: str) -> str:
    """A title for a paged document: its first line with words (not a page number)."""
    for line in text.splitlines()[:20]:
        if sum(c.isalpha() for c in line) >= 3:
            return line if len(line) <= MAX_TITLE_CHARS else derive_title(line)
    return derive_title(text)


def join_pages(pages: list[str]) -> tuple[str, list[str], list[int]]:
    """Body, links and the start offset of each page (an empty page shares the next one's)."""
    texts, links, starts, length = [], [], [], 0
    for page in pages:
        text, found = extract_links(page)
        text = one_space(text)
        links += found
        starts.append(length + (1 if texts else 0))
        if text:
            length += len(text) + (1 if texts else 0)
            texts.append(text)
    return "\n".join(texts), list(dict.fromkeys(links)), starts


def page_at(starts: list[int] | None, offset: int) -> int | None:
    """The 1-based page holding a body offset; None for a document without pages."""
    if not starts:
        return None
    return max(1, bisect.bisect_right(starts, offset))


def parse_extracted(ex: formats.Extracted, doc_id: str, rel: str, kind: str) -> Document:
    """A Document from what a format reader found (dates and file facts come later)."""
    if ex.paged:
        body, links, starts = join_pages(ex.pages)
        return Document(id=doc_id, title=ex.title or first_title_line(body), body=body, path=rel,
                        links=links, pages=starts, type=kind)
    text, links = extract_links(ex.pages[0].replace("\r\n", "\n"))
    # A format that names its title keeps the whole text as the body.
    title, body = (ex.title, text.strip()) if ex.title else split_title(text)
    return Document(id=doc_id, title=title, body=body, path=rel, type=kind,
                    links=list(dict.fromkeys(ex.links + links)))


def add_metadata(doc: Document, ex: formats.Extracted, raw_text: str, stat) -> None:
    doc.collection = metadata.collection(doc.path)
    doc.source_url = metadata.source_url(ex.source_url, raw_text, doc.links)
    doc.date = metadata.choose_date(doc.title, doc.body, doc.links, ex.declared_date,
                                    ex.file_date, stat.st_mtime)
    doc.mtime_ns, doc.size = stat.st_mtime_ns, stat.st_size
    doc.lang = language.document_language(ex.language, doc.title, doc.body,
                                          ex.pages if ex.paged else None)


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_document(path: Path, source: Path, max_bytes: int,
                  id: str | None = None) -> tuple[Document | Skipped, str | None]:
    """One file as a Document, or Skipped with the reason; plus a warning if any."""
    rel = path.relative_to(source).as_posix()
    suffix = path.suffix.lower()
    kind = formats.TYPES.get(suffix)
    if kind is None:
        return Skipped(rel, "unsupported file type"), None
    try:
        sourcefile.check_name(rel)
        data, stat = sourcefile.read_bytes(path, max_bytes)
        if suffix not in formats.BINARY_FORMATS and sourcefile.looks_binary(data):
            raise sourcefile.Unusable("binary file")
    except sourcefile.Unusable as err:
        return Skipped(sourcefile.printable(rel), str(err)), None
    try:
        ex = formats.READERS[suffix](data)
    except Exception as err:  # parsing libraries raise many kinds of errors on broken files
        reason = f"not a readable {kind.upper()} file"
        return Skipped(rel, reason, str(err)), f"{reason}: {err}"
    doc = parse_extracted(ex, id or doc_id(path, source), rel, kind)
    if not doc.body:
        return Skipped(rel, "no text (a scanned PDF?)" if ex.paged else "empty"), ex.warning
    add_metadata(doc, ex, "\n".join(ex.pages), stat)
    doc.hash = content_hash(data)
    return doc, ex.warning
