"""The whole result set of a query as rows, and those rows as CSV.

The same matching as the search page (all words first, then any; the same
filters and sort), without snippets: an export is a list, not a page. The
rows are results.ExportRow, so the CSV columns, the JSON and the schema agree.
"""

import csv
import io
import re
import unicodedata

from indexer.search import facets
from indexer.search.core import matching
from indexer.search.query import QueryError
from indexer.search.results import EXPORT_COLUMNS, EXPORT_LIMIT, Export, ExportRow, document_url

COLUMNS = EXPORT_COLUMNS
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

__all__ = ["COLUMNS", "EXPORT_LIMIT", "Export", "ExportRow", "export", "safe_cell", "slug", "to_csv"]


def export(searcher, text: str, filters: dict | None = None, sort: str = "relevance",
           limit: int = EXPORT_LIMIT, synonyms: dict | None = None, lenient: bool = False) -> Export:
    """Up to `limit` rows; lenient, a query that cannot be searched is an empty export with a notice."""
    filters, sort = facets.check_filters(filters), facets.check_sort(sort)
    try:
        parsed, results, matched, match = matching(searcher, text, 1, limit, filters, sort, synonyms)
    except QueryError as err:
        if not lenient:
            raise
        return Export(query=text, total=0, rows=[], filters=filters, sort=sort, notices=[str(err)])
    rows = []
    for hit in results:
        f = hit.fields()
        rows.append(ExportRow(id=f["id"], title=f.get("title", ""),
                              score=round(facets.relevance(hit.score), 4), date=f.get("date", ""),
                              collection=f.get("collection", ""), type=f.get("type", ""), lang=f.get("lang", "und"),
                              source_url=f.get("source_url") or "", url=document_url(f["id"], text)))
    return Export(query=text, total=len(matched), rows=rows, match=match, filters=filters, sort=sort,
                  notices=parsed.notices)


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: formulas are defused with a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: list[ExportRow], columns=COLUMNS) -> str:
    """CSV with a UTF-8 byte order mark, so Excel reads the accents right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        values = [getattr(row, c) for c in columns]
        writer.writerow([v if isinstance(v, (int, float)) else safe_cell(v) for v in values])
    return "\ufeff" + out.getvalue()


def slug(text: str, limit: int = 40) -> str:
    """'Leefbaar loon (ISV)' -> 'leefbaar-loon-isv', for a download's file name."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return words[:limit].rstrip("-") or "resultaten"
