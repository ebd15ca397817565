"""EPUB books, read with ebooklib: one document per book, its chapters (the
spine's XHTML documents) as pages, each read like an HTML page."""

import io
import warnings

from indexer.sources.formats.common import Extracted, FormatError, check_zip, to_date
from indexer.sources.formats.webpage import read_html


def metadata(book, name: str) -> str:
    values = book.get_metadata("DC", name)
    return str(values[0][0]).strip() if values and values[0] and values[0][0] else ""


def chapters(book) -> list:
    import ebooklib

    items = [book.get_item_with_id(idref) for idref, _ in book.spine]
    return [item for item in items
            if item is not None and item.get_type() == ebooklib.ITEM_DOCUMENT]


def read_epub(data: bytes) -> Extracted:
    from ebooklib import epub

    check_zip(data)
    try:
        with warnings.catch_warnings():  # ebooklib warns about options it will change
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": True})
    except Exception as err:  # not a zip, no container.xml or OPF, broken XML...
        raise FormatError(str(err)) from None
    pages = [read_html(item.get_content()).pages[0] for item in chapters(book)]
    return Extracted(pages=pages or [""], title=metadata(book, "title"),
                     declared_date=to_date(metadata(book, "date")), paged=True)
