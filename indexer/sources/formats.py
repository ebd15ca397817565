"""Format readers: the bytes of a file -> its text, title, pages and declared facts.

One small function per format. Each returns `Extracted`; the caller
(documents.py) turns it into a Document. A reader raises FormatError (or the
parsing library raises) when the file cannot be read as its format; the
caller skips the file with a named warning and the build goes on.
"""

import html.parser
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from indexer.sources import sourcefile


class FormatError(ValueError):
    """The file is not readable as its format; the message says why."""


@dataclass
class Extracted:
    pages: list[str]                  # text; one entry per page for paged formats
    title: str = ""                   # the format's own title (<title>, # heading, properties)
    declared_date: date | None = None  # a publication date the file declares (HTML meta, front matter)
    file_date: date | None = None     # the file's own creation date (PDF/Word properties)
    source_url: str | None = None     # where the document says it lives (canonical link)
    links: list[str] = field(default_factory=list)
    paged: bool = False               # pages are real pages (PDF), not one block of text
    language: str | None = None       # the language the file declares (<html lang>, properties)
    warning: str | None = None


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


def read_txt(data: bytes) -> Extracted:
    text, warning = decode(data)
    return Extracted(pages=[text], warning=warning)


# ------------------------------------------------------------- Markdown -----

MD_LINK_RE = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
FRONT_MATTER_RE = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
MD_RULES = [
    (re.compile(r"^```.*$|^~~~.*$", re.M), ""),                  # code fences (the code stays)
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),              # images -> alt text
    (MD_LINK_RE, r"\1"),                                        # links -> their text
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M), r"\1"),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),                      # block quotes
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M), ""),          # list markers
    (re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.M), ""),             # horizontal rules
    (re.compile(r"^\s*\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*$", re.M), ""),  # table rule lines
    (re.compile(r"\|"), " "),                                      # table cells
    (re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # emphasis, inline code
    (re.compile(r"<[^>\n]+>"), ""),                                # inline HTML tags
]


def front_matter(text: str) -> tuple[dict, str]:
    """Simple `key: value` YAML front matter, and the text after it."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta, text[m.end():]


def strip_markdown(text: str) -> str:
    for pattern, repl in MD_RULES:
        text = pattern.sub(repl, text)
    return tidy(text)


def read_markdown(data: bytes) -> Extracted:
    raw, warning = decode(data)
    meta, raw = front_matter(raw.replace("\r\n", "\n"))
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", raw, re.M)
    title = meta.get("title") or (strip_markdown(heading.group(1)) if heading else "")
    links = [m.group(2) for m in MD_LINK_RE.finditer(raw)
             if m.group(2).startswith(("http://", "https://"))]
    return Extracted(pages=[strip_markdown(raw)], title=title, links=list(dict.fromkeys(links)),
                     declared_date=iso_date(meta.get("date", "")), warning=warning)


def iso_date(value: str) -> date | None:
    """The date at the start of an ISO 8601 value ('2019-06-13T10:00:00Z')."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value or "")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


# ----------------------------------------------------------------- HTML -----

SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "head",
             "template", "svg", "form", "button", "select", "iframe"}
SKIP_NAMES = {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer",
              "sidebar", "toc", "skip-link", "cookie", "cookies", "share", "social"}
PARA_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table",
             "ul", "ol", "dl", "section", "article", "main", "hr", "figure", "figcaption"}
LINE_TAGS = {"br", "li", "tr", "dt", "dd"}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr", "source"}
DATE_METAS = {"article:published_time", "date", "dc.date", "dcterms.date", "dcterms.issued",
              "publication_date", "pubdate"}


class HTMLText(html.parser.HTMLParser):
    skip_names = SKIP_NAMES  # id/class values whose elements are skipped
    """Visible text, title, first h1, canonical URL, dates and links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = self.h1 = ""
        self.canonical = self.og_url = None
        self.dates: list[str] = []
        self.links: list[str] = []
        self.skip: list[str] = []  # stack of tags whose content is dropped
        self.field = ""            # "title" or "h1" while inside one
        self.pre = 0
        self.lang = None           # <html lang="nl">

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang") or a.get("xml:lang") or None
        self.read_head(tag, a)
        if tag in VOID_TAGS:
            if not self.skip and tag in ("br", "hr"):
                self.parts.append("\n" if tag == "br" else "\n\n")
            return
        names = set(f"{a.get('id', '')} {a.get('class', '')}".lower().split())
        if self.skip or tag in SKIP_TAGS or names & self.skip_names or a.get("role") == "navigation":
            self.skip.append(tag)  # <title> is read even though <head> is skipped
        if tag == "title" or (tag == "h1" and not self.h1):
            self.field = tag
        if tag == "a" and not self.skip and a.get("href", "").startswith(("http://", "https://")):
            self.links.append(a["href"])
        self.block(tag)
        self.pre += tag == "pre"

    def read_head(self, tag, a):
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href") or None
        elif tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name == "og:url":
                self.og_url = a.get("content") or None
            elif name in DATE_METAS or name == "datepublished":
                self.dates.append(a.get("content", ""))
        elif tag == "time" and a.get("datetime"):
            self.dates.append(a["datetime"])

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()
        elif self.skip and tag in self.skip:  # unclosed children (e.g. <p>)
            del self.skip[len(self.skip) - 1 - self.skip[::-1].index(tag):]
        if tag == self.field:
            self.field = ""
        self.block(tag)
        if tag == "pre" and self.pre:
            self.pre -= 1

    def block(self, tag):
        if not self.skip:
            if tag in PARA_TAGS:
                self.parts.append("\n\n")
            elif tag in LINE_TAGS:
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append(" ")

    def handle_data(self, data):
        if self.field == "title":
            self.title += data
        elif self.field == "h1" and not self.skip:
            self.h1 += data
        if not self.skip:
            self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


CHARSET_RE = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)


def read_html(data: bytes) -> Extracted:
    declared = CHARSET_RE.search(data[:4096])
    raw, warning = decode(data, declared.group(1).decode("ascii") if declared else None)
    p = HTMLText()
    p.feed(raw)
    p.close()
    source = p.canonical or p.og_url
    dates = [d for d in map(iso_date, p.dates) if d]
    return Extracted(pages=[tidy("".join(p.parts))], title=" ".join((p.title or p.h1).split()),
                     declared_date=dates[0] if dates else None,
                     source_url=source if source and source.startswith(("http://", "https://")) else None,
                     links=list(dict.fromkeys(p.links)), warning=warning, language=p.lang)


# ------------------------------------------------------------------ PDF -----

# TeX-made PDFs place an accent as its own glyph before the letter: "kopi¨eren".
SPACING_ACCENTS = {"¨": "\u0308", "´": "\u0301", "`": "\u0300", "ˆ": "\u0302", "˜": "\u0303",
                   "¸": "\u0327"}
LOOSE_ACCENT_RE = re.compile(r"([¨´`ˆ˜¸])\s?([A-Za-zı])")
LIGATURES_RE = re.compile("[\ufb00-\ufb06]")
# PDFium marks a hyphen it found at a line break (aan-/blik) as U+FFFE; a hyphen
# that belongs to the text (Noord-Holland) stays a hyphen.
SOFT_HYPHEN_RE = re.compile("[\ufffe\u00ad]\\s*")
PDF_DATE_RE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")


def join_accent(m: re.Match) -> str:
    letter = "i" if m.group(2) == "ı" else m.group(2)
    return unicodedata.normalize("NFC", letter + SPACING_ACCENTS[m.group(1)])


def clean_pdf_text(text: str) -> str:
    """One page's text: ligatures and loose accents joined, hyphenated line ends
    rejoined, each whitespace run a single space or newline.

    Single whitespace characters keep offsets in the stored body equal to
    offsets in its one-line form, which snippets use to tell the page of a hit.
    """
    text = SOFT_HYPHEN_RE.sub("", text)
    text = LIGATURES_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = LOOSE_ACCENT_RE.sub(join_accent, text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def pdf_date(value: str) -> date | None:
    """'D:20230224132656Z' -> 2023-02-24."""
    m = PDF_DATE_RE.match(value or "")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def read_pdf(data: bytes) -> Extracted:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:  # damaged, not a PDF, or encrypted
        raise FormatError(str(err)) from None
    try:
        pages = [clean_pdf_text(page_text(pdf, i)) for i in range(len(pdf))]
        meta = pdf.get_metadata_dict()
    finally:
        pdf.close()
    return Extracted(pages=pages, title=" ".join(meta.get("Title", "").split()), paged=True,
                     file_date=pdf_date(meta.get("CreationDate", "")))


def page_text(pdf, number: int) -> str:
    page = pdf[number]
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range()
    finally:
        textpage.close()
        page.close()


# ------------------------------------------------------------ Word .docx -----

def read_docx(data: bytes) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # not a zip, no word/document.xml, broken XML...
        raise FormatError(str(err)) from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [" ".join(cell.text for cell in row.cells) for row in table.rows]
    props = document.core_properties
    heading = next((p.text for p in document.paragraphs if p.text.strip()
                    and p.style is not None and p.style.name in ("Title", "Heading 1")), "")
    created = props.created
    return Extracted(pages=[tidy("\n\n".join(parts))], title=(props.title or heading).strip(),
                     file_date=created.date() if created else None, language=props.language or None)


READERS = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}
TYPES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
         ".pdf": "pdf", ".docx": "docx"}
BINARY_FORMATS = {".pdf", ".docx"}
