"""Format readers: the bytes of a file -> its text, title, pages and declared facts.

One module per format; this registry maps each file extension to its reader
and its document `type`. A reader returns `Extracted`; documents.py turns it
into a Document. `.gz` wraps any registered format (`.page.gz`), and a file
without an extension (README, NEWS) is read as plain text.

READERS, TYPES and BINARY_FORMATS are the lookup tables the rest of zoek uses
(search/facets.py derives the accepted `type` values from TYPES).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from indexer.sources.formats import (
    docx,
    epub,
    gz,
    mail,
    odf,
    outlook,
    pdf,
    rtf,
    sheets,
    slides,
    text,
    webpage,
    xmldoc,
)
from indexer.sources.formats.common import (  # noqa: F401  (the API other modules use)
    Attachment,
    Extracted,
    FormatError,
    Refused,
    decode,
    iso_date,
    tidy,
)
from indexer.sources.formats.pdf import clean_pdf_text  # noqa: F401
from indexer.sources.formats.text import strip_markdown  # noqa: F401
from indexer.sources.formats.webpage import SKIP_NAMES, HTMLText, read_html  # noqa: F401


@dataclass(frozen=True)
class Format:
    type: str                              # the document's `type` (the type filter's values)
    read: Callable[[bytes], Extracted]
    binary: bool = False                   # not text: no sniffing for binary bytes


FORMATS: dict[str, Format] = {}
NO_EXTENSION = ""                          # README, NEWS, Makefile: plain text when they are text
EXTENSION_RE = re.compile(r"\.[a-z0-9_+-]{1,12}")


def register(kind: str, read, *extensions: str, binary: bool = False) -> None:
    for extension in extensions:
        FORMATS[extension] = Format(kind, read, binary)


register("txt", text.read_txt, ".txt", NO_EXTENSION)
register("md", text.read_markdown, ".md", ".markdown")
register("html", webpage.read_html, ".html", ".htm", ".xhtml")
register("pdf", pdf.read_pdf, ".pdf", binary=True)
register("docx", docx.read_docx, ".docx", binary=True)
register("odt", odf.read_odt, ".odt", binary=True)
register("ods", odf.read_ods, ".ods", binary=True)
register("odp", odf.read_odp, ".odp", binary=True)
register("rtf", rtf.read_rtf, ".rtf")
register("epub", epub.read_epub, ".epub", binary=True)
register("pptx", slides.read_pptx, ".pptx", binary=True)
register("xlsx", sheets.read_xlsx, ".xlsx", binary=True)
register("eml", mail.read_eml, ".eml")
register("msg", outlook.read_msg, ".msg", binary=True)
register("xml", xmldoc.read_xml, ".xml", ".docbook", ".dbk")
register("mallard", xmldoc.read_xml, ".page")


def extension(name: str) -> str:
    """The extension a file's format is known by: '.pdf', '.page.gz', '' for none.
    A name whose last dot starts no plausible extension ('v1.2 notes') has none."""
    name = name.rstrip("/").rpartition("/")[2]  # PurePath(name).suffix, without its parsing
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
    if not EXTENSION_RE.fullmatch(suffix):
        return NO_EXTENSION
    if suffix == ".gz":
        return extension(name[:-3]) + ".gz"
    return suffix


def format_of(name: str) -> Format | None:
    """The format a file name says, or None for a format zoek does not read."""
    ext = extension(name)
    if ext.endswith(".gz"):
        inner = FORMATS.get(ext[:-3])
        return Format(inner.type, gz.unpacking(inner.read, inner.binary), binary=True) if inner else None
    return FORMATS.get(ext)


READERS = {ext: f.read for ext, f in FORMATS.items()}
TYPES = {ext: f.type for ext, f in FORMATS.items()}
BINARY_FORMATS = {ext for ext, f in FORMATS.items() if f.binary}
