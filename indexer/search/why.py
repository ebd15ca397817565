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
    dict kept for one query (Finder.memo), keeps what each shown text and item stand
    for, for the next hits of the same query."""
    memo = {} if memo is None else memo
    forms = memo.setdefault("why_forms", {})      # text shown -> its form, lowercased
    origins = memo.setdefault("why_origins", {})  # item -> (typed, via)
    same = memo.setdefault("why_same", {})        # (form, typed) -> whether they normalise alike
    out, seen = [], set()
    for text, found in found_in:
        for start, end, item, kind in found:
            shown = text[start:end]
            form = forms.get(shown)
            if form is None:
                form = forms[shown] = " ".join(shown.lower().split())
            origin = origins.get(item)
            if origin is None:
                origin = origins[item] = wanted.origin(item)
            typed, via = origin
            if via in ("word", "phrase") and kind == "part":
                via = "compound"
            elif via == "word":
                key = (form, typed)  # a form recurs: compare it with what was typed once
                word = same.get(key)
                if word is None:
                    word = same[key] = analysis.normalise(form) == analysis.normalise(typed)
                via = "word" if word else "stem"
            key = (form, typed, via)
            if key not in seen:
                seen.add(key)
                out.append(Matched(form=form, from_=typed, via=via))
                if len(out) == MAX_MATCHED:
                    return out
    return out
