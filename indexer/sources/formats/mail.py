"""E-mail (.eml, RFC 5322), read with the standard library's email package.

The subject is the title; From, To and Date are metadata (the date is the
document's declared date; sender and receivers open the text, so they can be
searched). The text is the plain-text part, else the HTML part read like a
page. Attachments are handed back to be indexed as their own documents.
"""

from email import policy
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from indexer.sources.formats.common import Attachment, Extracted, FormatError
from indexer.sources.formats.webpage import read_html

HEADER_LABELS = (("from", "Van"), ("to", "Aan"), ("cc", "Cc"))
MAX_ATTACHMENTS = 100


def header(message, name: str) -> str:
    try:
        return " ".join(str(message.get(name, "") or "").split())
    except Exception:  # a malformed header the parser kept as a defect
        return ""


def sent_date(message):
    try:
        return parsedate_to_datetime(header(message, "date")).date()
    except (TypeError, ValueError, IndexError):
        return None


def part_text(part) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # unknown charset, broken encoding
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if part.get_content_subtype() == "html":
        data = content.encode("utf-8") if isinstance(content, str) else content
        return read_html(data).pages[0]
    return content if isinstance(content, str) else content.decode("utf-8", "replace")


def header_lines(message) -> str:
    lines = [f"{label}: {header(message, name)}" for name, label in HEADER_LABELS
             if header(message, name)]
    return "\n".join(lines)


def attachments(message) -> list[Attachment]:
    found = []
    for n, part in enumerate(message.iter_attachments(), 1):
        name, data = part.get_filename(), part.get_payload(decode=True)
        if part.get_content_type() == "message/rfc822":  # a forwarded mail
            name, data = name or f"bericht-{n}.eml", attached_mail(part)
        if name and data and len(found) < MAX_ATTACHMENTS:
            found.append(Attachment(name.replace("/", "_"), data))
    return found


def attached_mail(part) -> bytes | None:
    inner = part.get_payload()
    inner = inner[0] if isinstance(inner, list) and inner else inner
    return inner.as_bytes() if hasattr(inner, "as_bytes") else None


def read_eml(data: bytes) -> Extracted:
    message = BytesParser(policy=policy.default).parsebytes(data)
    if not (message.keys() and (header(message, "from") or header(message, "subject"))):
        raise FormatError("no mail headers (From, Subject)")
    body = message.get_body(preferencelist=("plain", "html"))
    text = part_text(body) if body is not None else ""
    return Extracted(pages=["\n\n".join(filter(None, [header_lines(message), text]))],
                     title=header(message, "subject"), declared_date=sent_date(message),
                     attachments=attachments(message))
