"""Why a document matched: a hit's `matched` list.

Per distinct form found in the title and text: what was typed for it (from
the query's provenance, `indexer.search.provenance`) and how it came from
that: word (as typed), stem (another form of it), compound (a part of the
word), synonym, prefix or phrase.
"""

from indexer import analysis
from indexer.search.results import Matched

MAX_MATCHED = 20          # forms listed per hit


def reasons(found_in: list[tuple[str, list]], wanted, memo: dict | None = None) -> list[Matched]:
    """(form, from, via) per distinct form found, from (text, found) pairs. `memo`, a
    dict kept for one query (Finder.memo), keeps the reason of each text shown for
    an item, for the next hits of the same query."""
    reason_of = (memo if memo is not None else {}).setdefault("why", {})
    out, seen = [], set()
    for text, found in found_in:
        for start, end, item, kind in found:
            shown = text[start:end]
            reason = reason_of.get((shown, item, kind))
            if reason is None:
                reason = reason_of[shown, item, kind] = reason_for(shown, item, kind, wanted)
            if reason not in seen:
                seen.add(reason)
                out.append(Matched(form=reason[0], from_=reason[1], via=reason[2]))
                if len(out) == MAX_MATCHED:
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
