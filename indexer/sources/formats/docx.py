"""Word .docx: paragraphs and tables (python-docx), title and creation date from its properties."""

import io

from indexer.sources.formats.common import Extracted, FormatError, check_zip, tidy


def read_docx(data: bytes) -> Extracted:
    import docx

    check_zip(data)
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
