"""PDF: text per page through PDFium (pypdfium2), cleaned of TeX and PDFium quirks."""

import re
import unicodedata
from datetime import date

from indexer.sources.formats.common import Extracted, FormatError

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
