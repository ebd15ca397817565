"""PowerPoint .pptx, read with python-pptx: one page per slide (its shapes' text
and tables, then its notes); title and creation date from the properties,
else the first slide's title."""

import io

from indexer.sources.formats.common import Extracted, FormatError, check_zip, tidy


def shape_texts(shapes) -> list[str]:
    out = []
    for shape in shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        elif getattr(shape, "has_table", False) and shape.has_table:
            out += [" ".join(cell.text for cell in row.cells) for row in shape.table.rows]
        elif hasattr(shape, "shapes"):  # a group
            out += shape_texts(shape.shapes)
    return out


def slide_text(slide) -> str:
    parts = shape_texts(slide.shapes)
    if slide.has_notes_slide:
        parts.append(slide.notes_slide.notes_text_frame.text)
    return tidy("\n".join(parts))


def first_slide_title(presentation) -> str:
    for slide in presentation.slides:
        title = slide.shapes.title
        if title is not None and title.text.strip():
            return " ".join(title.text.split())
    return ""


def read_pptx(data: bytes) -> Extracted:
    import pptx

    check_zip(data)
    try:
        presentation = pptx.Presentation(io.BytesIO(data))
    except Exception as err:  # not a zip, not a presentation, broken XML...
        raise FormatError(str(err)) from None
    props = presentation.core_properties
    created = props.created
    return Extracted(pages=[slide_text(s) for s in presentation.slides] or [""],
                     title=(props.title or "").strip() or first_slide_title(presentation),
                     file_date=created.date() if created else None, paged=True)
