"""What every format reader shares: its result, its errors, text decoding, and
the guards against hostile files (zip bombs, XML entity bombs).

A reader raises FormatError (or the parsing library raises) when the file
cannot be read as its format: the caller skips it with "not a readable X
file" and the parser's message. It raises Refused when the file is refused
on purpose (a bomb): the message is then the skip reason itself.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from indexer.sources import sourcefile

# Zip containers (docx, odt, epub, pptx, xlsx) are unpacked by their libraries
# in memory. Python's zipfile never inflates a member past its declared size,
# so checking the declared sizes bounds the memory a container can take.
MAX_UNPACKED_BYTES = 200_000_000   # all members together
MAX_MEMBER_BYTES = 50_000_000      # one member (an XML part is parsed whole)
MAX_MEMBERS = 10_000
ENTITY_SNIFF_BYTES = 65_536        # a DTD comes before the root element
XML_MEMBER_SUFFIXES = (".xml", ".rels", ".opf", ".xhtml", ".html", ".htm", ".ncx")


class FormatError(ValueError):
    """The file is not readable as its format; the message says why."""


class Refused(FormatError):
    """The file is refused on purpose (a bomb); the message is the skip reason."""


@dataclass
class Attachment:
    name: str                         # its file name in the container (a mail)
    data: bytes


@dataclass
class Extracted:
    pages: list[str]                  # text; one entry per page for paged formats
    title: str = ""                   # the format's own title (<title>, # heading, properties)
    declared_date: date | None = None  # a publication date the file declares (HTML meta, front matter)
    file_date: date | None = None     # the file's own creation date (PDF/Word properties)
    source_url: str | None = None     # where the document says it lives (canonical link)
    links: list[str] = field(default_factory=list)
    paged: bool = False               # pages are real pages (PDF, slides, sheets, chapters)
    language: str | None = None       # the language the file declares (<html lang>, properties)
    warning: str | None = None
    attachments: list[Attachment] = field(default_factory=list)  # indexed as their own documents


def decode(data: bytes, charset: str | None = None) -> tuple[str, str | None]:
    """Text of a file and a warning when it had to be read with a fallback:
    not valid UTF-8 (or its declared charset), or stray NUL bytes."""
    text, warning = decode_charset(data, charset)
    if "\x00" in text:
        text = text.replace("\x00", " ")
        warning = "; ".join(filter(None, [warning, "NUL bytes replaced by spaces"]))
    return text, warning


def decode_charset(data: bytes, charset: str | None) -> tuple[str, str | None]:
    if data.startswith(sourcefile.UTF16_BOMS):
        return data.decode("utf-16", errors="replace"), None
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(charset), None
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "not valid UTF-8, read as cp1252"


def tidy(text: str) -> str:
    """Trim each line, collapse runs of spaces and of blank lines."""
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def iso_date(value: str) -> date | None:
    """The date at the start of an ISO 8601 value ('2019-06-13T10:00:00Z')."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def to_date(value) -> date | None:
    """A date from a library's datetime, date or ISO text (None when there is none)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    # Only text: str() of a YAML alias bomb (nested shared lists) would never end.
    return iso_date(value) if isinstance(value, str) else None


# ------------------------------------------------------- hostile files -----

def has_entities(head: bytes) -> bool:
    """An XML document that declares entities: the way XML bombs (billion laughs,
    external entities) work. Office, OpenDocument and EPUB files never need them."""
    return b"<!ENTITY" in head.upper()


def check_zip(data: bytes) -> None:
    """Refuse a zip container that would unpack to too much, or whose XML declares entities."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise FormatError(f"not a zip container: {err}") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise Refused(f"zip bomb: more than {MAX_MEMBERS} parts")
        total = sum(m.file_size for m in members)
        biggest = max((m.file_size for m in members), default=0)
        # Fixed reasons (no sizes), so the summary counts them together.
        if total > MAX_UNPACKED_BYTES:
            raise Refused(f"zip bomb: unpacks to more than {sourcefile.megabytes(MAX_UNPACKED_BYTES)}")
        if biggest > MAX_MEMBER_BYTES:
            raise Refused(f"zip bomb: a part unpacks to more than {sourcefile.megabytes(MAX_MEMBER_BYTES)}")
        for member in members:
            if member.filename.lower().endswith(XML_MEMBER_SUFFIXES):
                with archive.open(member) as f:
                    if has_entities(f.read(ENTITY_SNIFF_BYTES)):
                        raise Refused("XML entity declarations (a possible XML bomb)")


def parse_xml(data: bytes):
    """An ElementTree root, refusing entity declarations and external references."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(data, forbid_dtd=False)
    except DefusedXmlException:
        raise Refused("XML entity declarations (a possible XML bomb)") from None
    except SafeET.ParseError as err:
        raise FormatError(f"not well-formed XML: {err}") from None


def local_name(tag) -> str:
    """'{http://projectmallard.org/1.0/}page' -> 'page'."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
