"""The whole result set of a query as rows, and those rows as CSV.

The same matching as the search page (all words first, then any; the same
filters and sort), without snippets: an export is a list, not a page.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from indexer.search import facets
from indexer.search.core import matching

EXPORT_LIMIT = 10_000
COLUMNS = ("id", "title", "score", "date", "collection", "type", "lang", "source_url", "url")
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Export:
    query: str
    total: int                    # all matches; rows stop at the limit
    rows: list[dict]
    match: str = "all"
    filters: dict = field(default_factory=dict)
    sort: str = "relevance"
    notices: list[str] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def export(searcher, text: str, filters: dict | None = None, sort: str = "relevance",
           limit: int = EXPORT_LIMIT) -> Export:
    filters, sort = facets.check_filters(filters), facets.check_sort(sort)
    parsed, results, matched, match = matching(searcher, text, 1, limit, filters, sort)
    rows = []
    for hit in results:
        f = hit.fields()
        rows.append({"id": f["id"], "title": f.get("title", ""),
                     "score": round(facets.relevance(hit.score), 4), "date": f.get("date", ""),
                     "collection": f.get("collection", ""), "type": f.get("type", ""), "lang": f.get("lang", "und"),
                     "source_url": f.get("source_url") or ""})
    return Export(query=text, total=len(matched), rows=rows, match=match, filters=filters, sort=sort,
                  notices=parsed.notices)


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: formulas are defused with a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: list[dict], columns=COLUMNS) -> str:
    """CSV with a UTF-8 byte order mark, so Excel reads the accents right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] if isinstance(row.get(c), (int, float)) else safe_cell(row.get(c))
                         for c in columns])
    return "\ufeff" + out.getvalue()


def slug(text: str, limit: int = 40) -> str:
    """'Leefbaar loon (ISV)' -> 'leefbaar-loon-isv', for a download's file name."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return words[:limit].rstrip("-") or "resultaten"
