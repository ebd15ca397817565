"""Excel .xlsx, read with openpyxl (read-only, values not formulas): one page
per sheet, the sheet's name then a line per row of its cells as text."""

import io

from indexer.sources.formats.common import Extracted, FormatError, check_zip, tidy

MAX_CELLS = 2_000_000  # the cells of all sheets; a sheet can claim a million rows


def sheet_text(sheet, budget: list[int]) -> str:
    lines = [sheet.title]
    for row in sheet.iter_rows(values_only=True):
        cells = [str(v) for v in row if v is not None and str(v).strip()]
        budget[0] -= len(row)
        if budget[0] < 0:
            raise FormatError(f"more than {MAX_CELLS} cells")
        if cells:
            lines.append(" ".join(cells))
    return tidy("\n".join(lines))


def read_xlsx(data: bytes) -> Extracted:
    import openpyxl

    check_zip(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # not a zip, not a workbook, broken XML...
        raise FormatError(str(err)) from None
    try:
        budget = [MAX_CELLS]
        pages = [sheet_text(sheet, budget) for sheet in book.worksheets]
        props = book.properties
    finally:
        book.close()
    created = props.created
    return Extracted(pages=pages or [""], title=(props.title or "").strip(),
                     file_date=created.date() if created else None, paged=True)
