"""A segment's postings in memory, for the build's segment writer
(`whoosh_internals.SegmentOnlyWriter`), in the form Whoosh's posting writer takes.

No Whoosh private attributes here: the values are encoded as Whoosh's formats
encode them (`tests/test_build_writer.py` checks the bytes).
"""

import functools
from array import array
from pickle import dumps

from whoosh.system import pack_uint


def encode_positions(poslist: list[int]) -> bytes:
    """Whoosh's `Positions.encode`, byte for byte: the count, then the pickled deltas."""
    if len(poslist) == 1:
        return pack_uint(1) + dumps(poslist, 2)
    return pack_uint(len(poslist)) + dumps([b - a for a, b in zip([0, *poslist], poslist)], 2)


@functools.lru_cache(maxsize=1024)
def packed_freq(freq: int) -> bytes:
    """pack_uint(freq), the value of a posting without positions, made once per count."""
    return pack_uint(freq)


# encode_positions([p]): the count and the pickle's opening (the same for every p), then
# the rest of the pickle, kept per position. Joined anew for every posting: a block's
# pickle would write a value object met twice as a back-reference, not as Whoosh does.
SINGLE_HEAD = pack_uint(1) + dumps([0], 2)[:5]
SINGLE_TAILS: dict[int, bytes] = {}


def encode_single(position: int) -> bytes:
    """encode_positions([position]), a new bytes object each time."""
    tail = SINGLE_TAILS.get(position)
    if tail is None:
        tail = SINGLE_TAILS[position] = dumps([position], 2)[5:]
    return SINGLE_HEAD + tail


class TermPool:
    """The postings of one segment in memory, grouped by field and term, for
    Whoosh's posting writer: what its PostingPool does, without sorting every
    posting at the end (documents come in docnum order, so each term's postings
    are already sorted) and without spilling pickled runs to disk, which took a
    quarter of a worker's time. A worker starts a new segment before it grows
    too large (`postings`)."""

    def __init__(self):
        # field -> term -> (docnums, weights, values); a term is bytes as Whoosh's writer
        # hands it over, or str from `add_analyzed` (one kind per field)
        self.fields: dict[str, dict[str | bytes, tuple]] = {}
        self.postings = 0

    def terms_of(self, fieldname: str) -> dict:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        return terms

    def add(self, item) -> None:
        """One posting as Whoosh's writer hands it over: (fieldname, term bytes, docnum,
        weight, value bytes)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self.terms_of(fieldname)
        found = terms.get(tbytes)
        if found is None:
            found = terms[tbytes] = (array("I"), [], [])
        found[0].append(docnum)
        found[1].append(weight)
        found[2].append(vbytes)
        self.postings += 1

    def add_analyzed(self, fieldname: str, docnum: int, value: dict, format_, boost: float) -> int:
        """A document's pre-analysed field (AnalyzedText: term -> positions, or term ->
        count) with the postings AnalyzedText.index gives, keyed by the term as str
        (UTF-8 sorts as its code points do); the field length."""
        terms = self.terms_of(fieldname)
        format_boost = format_.field_boost
        self.postings += len(value)
        if not format_.supports("positions"):
            for term, freq in value.items():
                found = terms.get(term)
                if found is None:
                    found = terms[term] = (array("I"), [], [])
                found[0].append(docnum)
                found[1].append(freq * format_boost * boost)  # as AnalyzedText.index, then the writer
                found[2].append(packed_freq(freq))
            return sum(value.values())
        tails, head = SINGLE_TAILS, SINGLE_HEAD
        for term, poslist in value.items():
            found = terms.get(term)
            if found is None:
                found = terms[term] = (array("I"), [], [])
            found[0].append(docnum)
            freq = len(poslist)
            found[1].append(freq * format_boost * boost)
            if freq == 1:  # most postings: encode_single, inlined
                tail = tails.get(poslist[0])
                found[2].append(head + tail if tail is not None else encode_single(poslist[0]))
            else:
                found[2].append(encode_positions(poslist))
        return sum(map(len, value.values()))

    def cleanup(self) -> None:
        self.fields = {}
