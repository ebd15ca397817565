"""Documents the snippet tests generate: long HTML pages and real (minimal) PDFs."""

import random
from html import escape
from pathlib import Path

from corpus import seed_sentences


def filler(chars: int, seed: int = 0, avoid: tuple[str, ...] = ()) -> list[str]:
    """Paragraphs of seed sentences, about `chars` characters, none holding a word to avoid."""
    rng = random.Random(seed)
    sentences = [s for s in seed_sentences() if not any(w in s.lower() for w in avoid)]
    paragraphs, size = [], 0
    while size < chars:
        paragraph = " ".join(rng.choices(sentences, k=5))
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return paragraphs


def write_html(path: Path, title: str, paragraphs: list[str], nav: list[str] = ()) -> Path:
    links = "".join(f'<li><a href="#{i}">{escape(item)}</a></li>' for i, item in enumerate(nav))
    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    path.write_text(f"<!doctype html><html lang=nl><head><title>{escape(title)}</title></head><body>"
                    f"<nav><ul>{links}</ul></nav><h1>{escape(title)}</h1>\n{body}</body></html>",
                    encoding="utf-8")
    return path


def pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF with one page per list of lines (Windows-1252 text in Helvetica), readable by pdfium."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        text = " ".join(f"({pdf_escape(line)}) Tj T*" for line in lines)
        stream = f"BT /F1 10 Tf 12 TL 40 800 Td {text} ET".encode("cp1252", "replace")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        body = obj if isinstance(obj, bytes) else obj.encode("latin-1")
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def wrap(paragraph: str, width: int = 90) -> list[str]:
    """A paragraph as lines of a page."""
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + len(word) >= width:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return lines + ([line] if line else [])
