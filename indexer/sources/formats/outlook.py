"""Outlook .msg mail, read with extract-msg: like .eml, the subject is the title,
sender, receivers and date are metadata, and attachments become documents."""

import logging

from indexer.sources.formats.common import Attachment, Extracted, FormatError, to_date
from indexer.sources.formats.mail import MAX_ATTACHMENTS
from indexer.sources.formats.webpage import read_html

logging.getLogger("extract_msg").setLevel(logging.ERROR)  # it logs every unknown property


def msg_attachments(msg) -> list[Attachment]:
    found = []
    for attachment in msg.attachments[:MAX_ATTACHMENTS]:
        name = attachment.longFilename or attachment.shortFilename
        data = attachment.data
        if name and isinstance(data, bytes) and data:
            found.append(Attachment(name.replace("/", "_"), data))
    return found


def msg_text(msg) -> str:
    if msg.body and msg.body.strip():
        return msg.body
    html = msg.htmlBody
    return read_html(html).pages[0] if html else ""


def read_msg(data: bytes) -> Extracted:
    import extract_msg

    try:
        msg = extract_msg.openMsg(data)
    except Exception as err:  # not an OLE file, not a message, broken streams...
        raise FormatError(str(err)) from None
    try:
        head = [f"{label}: {' '.join(str(value).split())}"
                for label, value in (("Van", msg.sender), ("Aan", msg.to), ("Cc", msg.cc)) if value]
        text = "\n\n".join(filter(None, ["\n".join(head), msg_text(msg)]))
        return Extracted(pages=[text], title=" ".join((msg.subject or "").split()),
                         declared_date=to_date(msg.date), attachments=msg_attachments(msg))
    finally:
        msg.close()
