"""OpenDocument (.odt text, .ods spreadsheets, .odp presentations), read with odfpy.

Text documents give their paragraphs and headings in order; a spreadsheet one
page per sheet (its cells as text, a row per line); a presentation one page
per slide. The title is dc:title, else the first heading; the date is the
file's meta:creation-date.
"""

import io

from indexer.sources.formats.common import Extracted, FormatError, check_zip, tidy, to_date

TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
PARAGRAPHS = {(TEXT_NS, "p"), (TEXT_NS, "h")}
MAX_REPEATED_CELLS = 100  # `number-columns-repeated` runs of empty cells fill a sheet to 16k columns


def load(data: bytes):
    from odf.opendocument import load as odf_load

    check_zip(data)
    try:
        return odf_load(io.BytesIO(data))
    except Exception as err:  # not a zip, no content.xml, broken XML...
        raise FormatError(str(err)) from None


def paragraphs(node) -> list[str]:
    """The text of every paragraph and heading under node, in document order."""
    from odf import teletype

    out: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if getattr(current, "qname", None) in PARAGRAPHS:
            out.append(teletype.extractText(current))
        else:
            stack.extend(reversed(getattr(current, "childNodes", [])))
    return out


def properties(doc) -> tuple[str, object]:
    from odf import dc, meta

    titles = doc.meta.getElementsByType(dc.Title)
    created = doc.meta.getElementsByType(meta.CreationDate)
    title = str(titles[0]).strip() if titles else ""
    return title, to_date(str(created[0])) if created else None


def declared_language(doc) -> str | None:
    """The document's dc:language (nl-NL), if it declares one."""
    from odf import dc

    found = doc.meta.getElementsByType(dc.Language)
    return str(found[0]).strip() or None if found else None


def first_heading(doc) -> str:
    from odf import teletype, text

    heads = doc.body.getElementsByType(text.H)
    return teletype.extractText(heads[0]).strip() if heads else ""


def read_odt(data: bytes) -> Extracted:
    doc = load(data)
    title, created = properties(doc)
    return Extracted(pages=[tidy("\n\n".join(paragraphs(doc.text)))],
                     title=title or first_heading(doc), file_date=created,
                     language=declared_language(doc))


def sheet_rows(sheet) -> list[str]:
    from odf import table

    rows = []
    for row in sheet.getElementsByType(table.TableRow):
        cells = []
        for cell in row.getElementsByType(table.TableCell):
            value = " ".join(paragraphs(cell)).strip()
            if value:
                repeat = int(cell.getAttrNS(TABLE_NS, "number-columns-repeated") or 1)
                cells += [value] * min(repeat, MAX_REPEATED_CELLS)
        if cells:
            rows.append(" ".join(cells))
    return rows


def read_ods(data: bytes) -> Extracted:
    from odf import table

    doc = load(data)
    title, created = properties(doc)
    sheets = doc.spreadsheet.getElementsByType(table.Table)
    pages = [tidy("\n".join([s.getAttrNS(TABLE_NS, "name") or "", *sheet_rows(s)])) for s in sheets]
    return Extracted(pages=pages or [""], title=title, file_date=created, paged=True)


def read_odp(data: bytes) -> Extracted:
    from odf import draw

    doc = load(data)
    title, created = properties(doc)
    slides = doc.presentation.getElementsByType(draw.Page)
    pages = [tidy("\n".join(paragraphs(slide))) for slide in slides]
    return Extracted(pages=pages or [""], title=title, file_date=created, paged=True)
