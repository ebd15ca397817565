"""Rich Text Format, read with striprtf; title and creation date from its {\\info} group."""

import re
from datetime import date

from indexer.sources.formats.common import Extracted, FormatError, decode, tidy

TITLE_RE = re.compile(r"\{\\title\s+([^{}]*)\}")
CREATED_RE = re.compile(r"\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")


def info_date(raw: str) -> date | None:
    m = CREATED_RE.search(raw)
    try:
        return date(*map(int, m.groups())) if m else None
    except ValueError:
        return None


def info_title(raw: str) -> str:
    """The \\title of the info group, its escapes (\\'e9) and control words read as text."""
    from striprtf.striprtf import rtf_to_text

    m = TITLE_RE.search(raw)
    return " ".join(rtf_to_text("{\\rtf1 " + m.group(1) + "}").split()) if m else ""


def read_rtf(data: bytes) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    raw, warning = decode(data)
    if not raw.lstrip().startswith("{\\rtf"):
        raise FormatError("no {\\rtf header")
    text = rtf_to_text(raw, errors="replace")
    return Extracted(pages=[tidy(text)], title=info_title(raw), file_date=info_date(raw),
                     warning=warning)
