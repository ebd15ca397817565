"""Metadata of a document: date, collection, type, source URL.

Dates are kept at the precision the document gives: '2019-06-13' for
"13 juni 2019", '2021-01' for "januari 2021". Both sort as ISO 8601 text.
"""

import re
from datetime import date, datetime, timezone
from pathlib import PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
MONTH_NAMES = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# A date ends in a year; what precedes the year makes it one: "13 juni 2019",
# "13 jun. 2019", "januari 2021", "13-06-2019", "13/6/2019". Looking for years
# first and then just before them is far faster than trying the month names
# at every position of a long text.
# (A year not after a digit: the look-behind comes after the first digit, so that
# the scan can skip to the next 1 or 2 instead of trying every position.)
YEAR_RE = re.compile(r"(?:1(?<!\d1)9|2(?<!\d2)0)\d\d(?![\w-])")
BEFORE_YEAR_RE = re.compile(
    rf"(?:(?:(?<![\w-])(?P<day>[0-3]?\d)\s+|(?<![^\W\d_]))(?P<month>{_MONTH})\.?\s+"
    r"|(?<![\w/-])(?P<nday>[0-3]?\d)(?P<sep>[-/.])(?P<nmonth>[01]?\d)(?P=sep))\Z",
    re.IGNORECASE)
LOOK_BACK = 24
SCAN_CHARS = 20_000  # dates are looked for near the start of a long text
# Share links repeat the page they share as a parameter.
SHARE_PARAMS = ("url", "u")


def dutch_date(text: str) -> str | None:
    """The first valid Dutch date in the text, as ISO text at its own precision."""
    for y in YEAR_RE.finditer(text[:SCAN_CHARS]):
        year = int(y.group())
        m = BEFORE_YEAR_RE.search(text, max(0, y.start() - LOOK_BACK), y.start())
        if not m or not plausible_year(year):
            continue
        if m.group("nmonth"):
            day, month = int(m.group("nday")), int(m.group("nmonth"))
        else:
            day = int(m.group("day")) if m.group("day") else None
            month = MONTHS[m.group("month").lower()]
        if not 1 <= month <= 12:
            continue
        if day is None:
            return f"{year:04d}-{month:02d}"
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return f"{year:04d}-{month:02d}"  # 31 juni: the month is still known
    return None


def plausible_year(year: int) -> bool:
    return 1900 <= year <= datetime.now(timezone.utc).year + 1


def from_day(day: date | None) -> str | None:
    return day.isoformat() if day and plausible_year(day.year) else None


def share_texts(links: list[str]) -> str:
    """The decoded parameters of share links: they carry the shared page's title and summary."""
    out = []
    for link in links:
        params = parse_qs(urlsplit(link).query)
        if any(name in params for name in SHARE_PARAMS):
            out += [value for values in params.values() for value in values]
    return "\n".join(out)


def choose_date(title: str, body: str, links: list[str], declared: date | None,
                file_date: date | None, mtime: float | None) -> str:
    """A date in the title; a declared publication date (HTML meta, front matter, the
    summary a share link carries); a date in the text; the file's own properties;
    else its modification time ('' without one: a mail's attachment takes the mail's)."""
    return (dutch_date(title) or from_day(declared) or dutch_date(share_texts(links))
            or dutch_date(body) or from_day(file_date)
            or (file_date_of(mtime) if mtime is not None else ""))


def file_date_of(mtime: float) -> str:
    """A file's modification time as an ISO date."""
    return datetime.fromtimestamp(mtime, timezone.utc).date().isoformat()


def display_date(iso: str) -> str:
    """'2019-06-13' -> '13 juni 2019'; '2021-01' -> 'januari 2021'."""
    parts = iso.split("-")
    if len(parts) < 2:
        return iso
    month = MONTH_NAMES[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def collection(rel_path: str) -> str:
    """The top folder under the source; '' for a file directly in it."""
    parts = PurePosixPath(rel_path).parts
    return parts[0] if len(parts) > 1 else ""


def shared_url(links: list[str]) -> str | None:
    """The page a share link (LinkedIn, Twitter, Facebook) shares."""
    for link in links:
        params = parse_qs(urlsplit(link).query)
        for name in SHARE_PARAMS:
            for value in params.get(name, []):
                value = unquote(value) if "%" in value else value
                if value.startswith(("http://", "https://")):
                    return value
    return None


SOURCE_LINE_RE = re.compile(r"^\s*(?:bron|source|url|origineel)\s*:\s*(https?://\S+)", re.I | re.M)


def source_url(declared: str | None, text: str, links: list[str]) -> str | None:
    """Where the document lives: its canonical URL, a 'Bron:' line, or what its share links share."""
    if declared:
        return declared
    head = text[:SCAN_CHARS]
    # The case-blind multi-line scan costs a build 2 %; a line it can match holds "://".
    line = SOURCE_LINE_RE.search(head) if "://" in head else None
    return line.group(1).rstrip(".,;:") if line else shared_url(links)
