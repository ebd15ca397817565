"""Why a document matched: a hit's `matched` list.

Per distinct form found in the title and text: what was typed for it (from
the query's provenance, `indexer.search.provenance`) and how it came from
that: word (as typed), stem (another form of it), compound (a part of the
word), synonym, prefix or phrase.
"""

from indexer import analysis
from indexer.search.results import Matched

try:  # the loop over the found in C (setup.py builds it where a compiler is)
    from indexer import _native
except ImportError:  # not built: distinct_reasons below does the same
    _native = None

MAX_MATCHED = 20          # forms listed per hit


def reasons(found_in: list[tuple[str, list]], wanted, memo: dict | None = None) -> list[Matched]:
    """(form, from, via) per distinct form found, from (text, found) pairs. `memo`, a
    dict kept for one query (Finder.memo), keeps the reason of each text shown for
    an item, for the next hits of the same query."""
    reason_of = (memo if memo is not None else {}).setdefault("why", {})

    def reason(shown, item, kind):
        return reason_for(shown, item, kind, wanted)
    distinct = (_native.distinct_reasons if _native is not None else distinct_reasons)(
        found_in, reason_of, reason, MAX_MATCHED)
    return [Matched(form=form, from_=typed, via=via) for form, typed, via in distinct]


def distinct_reasons(found_in: list[tuple[str, list]], reason_of: dict, reason, limit: int) -> list:
    """The distinct reason(shown, item, kind) of the found, in order, at most `limit`;
    `reason_of` keeps each by (shown, item, kind). _native.distinct_reasons does it in C."""
    out, seen = [], set()
    for text, found in found_in:
        for start, end, item, kind in found:
            shown = text[start:end]
            known = reason_of.get((shown, item, kind))
            if known is None:
                known = reason_of[shown, item, kind] = reason(shown, item, kind)
            if known not in seen:
                seen.add(known)
                out.append(known)
                if len(out) == limit:
                    return out
    return out


def reason_for(shown: str, item, kind: str, wanted) -> tuple[str, str, str]:
    """(form, typed, via) of a text shown for a wanted item, found as `kind`."""
    form = " ".join(shown.lower().split())
    typed, via = wanted.origin(item)
    if via in ("word", "phrase") and kind == "part":
        via = "compound"
    elif via == "word":
        via = "word" if analysis.normalise(form) == analysis.normalise(typed) else "stem"
    return form, typed, via
