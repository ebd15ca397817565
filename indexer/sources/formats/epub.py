"""EPUB books, read with ebooklib: one document per book, its chapters (the
spine's XHTML documents) as pages, each read like an HTML page."""

import io
import warnings
import zipfile

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


CONTAINER = "META-INF/container.xml"


def rerooted(data: bytes) -> bytes:
    """The book itself when its files sit one folder down (`epub/META-INF/container.xml`,
    as Debian Edu's manuals are zipped): the members under that folder, moved to the root.
    Any other book is returned as it is. (Sizes were checked by `check_zip`.)"""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if CONTAINER in names:
            return data
        prefixes = {name[:-len(CONTAINER)] for name in names if name.endswith("/" + CONTAINER)}
        if len(prefixes) != 1:
            return data
        prefix = prefixes.pop()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as moved:
            for member in archive.infolist():
                if member.filename.startswith(prefix) and not member.is_dir():
                    moved.writestr(member.filename[len(prefix):], archive.read(member))
        return out.getvalue()


def read_epub(data: bytes) -> Extracted:
    from ebooklib import epub

    check_zip(data)
    data = rerooted(data)
    try:
        with warnings.catch_warnings():  # ebooklib warns about options it will change
            warnings.simplefilter("ignore")
            book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": True})
    except Exception as err:  # not a zip, no container.xml or OPF, broken XML...
        raise FormatError(str(err)) from None
    pages = [read_html(item.get_content()).pages[0] for item in chapters(book)]
    return Extracted(pages=pages or [""], title=metadata(book, "title"),
                     declared_date=to_date(metadata(book, "date")), paged=True)
