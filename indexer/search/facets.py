"""Filters, facet counts and sort orders over the metadata fields.

Filters arrive as {field: [values]}: values of one field are alternatives
(type=pdf&type=html), fields combine (type=pdf&year=2019). Facet counts are
taken over the filtered result set, so they always say how many results a
further click leaves.
"""

import re

from indexer.search import engine
from indexer.search.query import QueryError
from indexer.sources.formats import TYPES
from indexer.sources.language import LANGUAGES, UNDETERMINED

FACET_FIELDS = ("collection", "year", "type", "lang")
SORTS = ("relevance", "date")
KNOWN_TYPES = tuple(sorted(set(TYPES.values())))
KNOWN_LANGUAGES = (*LANGUAGES, UNDETERMINED)
MAX_FILTER_VALUES = 20
YEAR_RE = re.compile(r"\d{4}")


def check_filters(filters: dict | None) -> dict[str, list[str]]:
    """The filters with empty values dropped; a clear QueryError for bad ones."""
    clean = {}
    for name, values in (filters or {}).items():
        if name not in FACET_FIELDS:
            raise QueryError(f"onbekend filter {name!r}: kies uit {', '.join(FACET_FIELDS)}",
                             f"unknown filter {name!r}: choose from {', '.join(FACET_FIELDS)}")
        values = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
        if len(values) > MAX_FILTER_VALUES:
            raise QueryError(f"hoogstens {MAX_FILTER_VALUES} waarden per filter",
                             f"at most {MAX_FILTER_VALUES} values per filter")
        for value in values:
            if name == "year" and not YEAR_RE.fullmatch(value):
                raise QueryError(f"year moet een jaartal van vier cijfers zijn, niet {value[:20]!r}",
                                 f"--year must be a year of four digits, not {value[:20]!r}")
            if name == "type" and value not in KNOWN_TYPES:
                raise QueryError(f"onbekend type {value[:20]!r}: kies uit {', '.join(KNOWN_TYPES)}",
                                 f"unknown type {value[:20]!r}: choose from {', '.join(KNOWN_TYPES)}")
            if name == "lang" and value not in KNOWN_LANGUAGES:
                raise QueryError(f"onbekende taal {value[:20]!r}: kies uit {', '.join(KNOWN_LANGUAGES)}",
                                 f"unknown language {value[:20]!r}: choose from "
                                 f"{', '.join(KNOWN_LANGUAGES)}")
        if values:
            clean[name] = values
    return clean


def check_sort(sort: str) -> str:
    if sort not in SORTS:
        raise QueryError(f"sort moet {' of '.join(SORTS)} zijn, niet {sort[:20]!r}",
                         f"--sort must be {' or '.join(SORTS)}, not {sort[:20]!r}")
    return sort


def relevance(score) -> float:
    """A hit's BM25 score."""
    return score or 0.0


def facet_counts(companion, matched) -> dict[str, dict[str, int]]:
    """Counts per value over the matched docnums (a sorted array): years newest
    first, the others by count, then name."""
    out = {}
    for name, groups in engine.facet_counts(companion, matched, FACET_FIELDS).items():
        groups.pop("", None)
        if name == "year":
            out[name] = dict(sorted(groups.items(), reverse=True))
        else:
            out[name] = dict(sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])))
    return out
