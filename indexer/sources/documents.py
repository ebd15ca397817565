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

from indexer.sources import formats, language, listing, metadata, sourcefile

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
    type: str = "txt"             # formats.TYPES: txt, md, html, pdf, docx, odt, eml...
    source_url: str | None = None
    pages: list[int] = field(default_factory=list)  # start offset in body of each page (PDF)
    lang: str = language.UNDETERMINED  # nl, en or und (analysed as Dutch)
    mtime_ns: int = 0             # file facts, for incremental updates
    size: int = 0
    hash: str = ""
    attachments: list = field(default_factory=list)  # Documents (or Skipped) of a mail's attachments

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass
class Skipped:
    path: str
    reason: str
    detail: str = ""              # the parser's own message, for the operator


def doc_id(path: Path, source: Path) -> str:
    """Path relative to the source folder, '/'-separated, without extension ('.page.gz' too)."""
    rel = listing.relative_path(path, source)
    ext = formats.extension(path.name)
    return rel[:len(rel) - len(ext)] if ext else rel


def source_files(source: Path):
    """Every file of a format zoek reads under the source folder, recursively, in a stable order.

    Not only regular files: a FIFO or a dangling link named .txt is listed
    too, so the build reports it as skipped instead of silently passing it by.
    """
    yield from listing.list_source(source).documents


def assign_ids(paths, source: Path) -> list[tuple[Path, str]]:
    """(path, id) for each file; files that share a name without extension
    (jaarverslag.pdf and jaarverslag.html) keep their extension in the id."""
    plain = [doc_id(p, source) for p in paths]
    counts = Counter(plain)
    return [(p, i if counts[i] == 1 else listing.relative_path(p, source))
            for p, i in zip(paths, plain)]


def may_have_links(text: str) -> bool:
    """Whether URL_RE can match: every match holds '://' or a 'www.' in any case
    (no other letter folds to w). Far cheaper than the case-blind scan itself."""
    return "://" in text or "www." in text.lower()


def extract_links(text: str) -> tuple[str, list[str]]:
    """Text without URLs, and the URLs in order of appearance (no duplicates)."""
    if not may_have_links(text):
        return text, []
    matches = list(URL_RE.finditer(text))
    if not matches:
        return text, []
    links = list(dict.fromkeys(m.group().rstrip(".,;:") for m in matches))
    pieces, last = [], 0  # URL_RE.sub(" ", text), from the matches already found
    for m in matches:
        pieces.append(text[last:m.start()])
        last = m.end()
    pieces.append(text[last:])
    return " ".join(pieces), links


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


def parse_extracted(ex: "formats.Extracted", doc_id: str, rel: str, kind: str) -> Document:
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


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_document(path: Path, source: Path, max_bytes: int,
                  id: str | None = None) -> tuple[Document | Skipped, str | None]:
    """One file as a Document, or Skipped with the reason; plus a warning if any."""
    rel = listing.relative_path(path, source)
    fmt = formats.format_of(path.name)
    if fmt is None:
        return Skipped(rel, "not a supported format"), None
    try:
        sourcefile.check_name(rel)
        data, stat = sourcefile.read_bytes(path, max_bytes)
    except sourcefile.Unusable as err:
        return Skipped(sourcefile.printable(rel), str(err)), None
    doc, warning = read_data(data, fmt, id or doc_id(path, source), rel)
    if isinstance(doc, Document):
        add_metadata(doc, stat)
        add_attachments(doc, stat)
    return doc, warning


def read_data(data: bytes, fmt: "formats.Format", doc_id: str, rel: str):
    """(Document or Skipped, warning) from a file's bytes; file facts are added by the caller."""
    try:
        if not fmt.binary and sourcefile.looks_binary(data):
            raise formats.Refused("binary file")
        ex = fmt.read(data)
    except formats.Refused as err:  # a bomb, or a kind of file refused on purpose
        return Skipped(rel, str(err)), None
    except Exception as err:  # parsing libraries raise many kinds of errors on broken files
        reason = f"not a readable {fmt.type.upper()} file"
        return Skipped(rel, reason, str(err)), f"{reason}: {err}"
    doc = parse_extracted(ex, doc_id, rel, fmt.type)
    if not doc.body:
        return Skipped(rel, "no text (a scanned PDF?)" if fmt.type == "pdf" else "empty"), ex.warning
    doc.hash = content_hash(data)
    doc.source_url = metadata.source_url(ex.source_url, "\n".join(ex.pages), doc.links)
    doc.date = metadata.choose_date(doc.title, doc.body, doc.links, ex.declared_date, ex.file_date,
                                    None)
    doc.lang = language.document_language(ex.language, doc.title, doc.body,
                                          ex.pages if ex.paged else None)
    doc.attachments = ex.attachments
    return doc, ex.warning


def add_metadata(doc: Document, stat) -> None:
    doc.collection = metadata.collection(doc.path)
    doc.date = doc.date or metadata.file_date_of(stat.st_mtime)
    doc.mtime_ns, doc.size = stat.st_mtime_ns, stat.st_size


def unique_name(name: str, nth: int) -> str:
    """The second 'bijlage.pdf' of a mail is 'bijlage-2.pdf', so ids stay unique."""
    if nth == 1:
        return name
    ext = formats.extension(name)
    return f"{name[:len(name) - len(ext)]}-{nth}{ext}"


def add_attachments(mail: Document, stat) -> None:
    """A mail's attachments of formats zoek reads, as documents of their own: id
    `<mail id>/<file name>`, the mail's path, collection and file facts."""
    found, names = [], Counter()
    for attachment in mail.attachments:
        fmt = formats.format_of(attachment.name)
        if fmt is None:
            continue
        names[attachment.name] += 1
        name = unique_name(attachment.name, names[attachment.name])
        rel = f"{mail.path}#{name}"
        doc, warning = read_data(attachment.data, fmt, f"{mail.id}/{name}", rel)
        if isinstance(doc, Document):
            doc.attachments = []  # a forwarded mail's own attachments are not unpacked further
            doc.path = mail.path
            doc.date = doc.date or mail.date
            add_metadata(doc, stat)
        found.append((doc, warning, rel))
    mail.attachments = found
