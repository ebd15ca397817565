"""A segment's postings in memory, for the build's segment writer
(`whoosh_internals.SegmentOnlyWriter`), in the form Whoosh's posting writer takes.

No Whoosh private attributes here: the values are encoded as Whoosh's formats
encode them (`tests/test_build_writer.py` checks the bytes).
"""

from array import array
from typing import NamedTuple

import numpy as np

from indexer.analysis import Tokens
from indexer.analysis.pipeline import distinct

try:
    from indexer import _native
except ImportError:
    _native = None

# Whoosh's `Positions.encode` of a posting: its count (pack_uint), then the pickle
# (protocol 2) of its position deltas, a list of small ints:
LIST_HEAD = b"\x80\x02]q\x00"  # PROTO 2, EMPTY_LIST, BINPUT 0
BATCH = 1000                   # C pickle: the items of a longer list in batches of MARK ... APPENDS
MARK, APPENDS, APPEND, STOP = b"(", b"e", b"a", b"."
BININT1, BININT2, BININT = b"K", b"M", b"J"  # an int below 2**8, 2**16, 2**31: 1, 2, 4 bytes
OPCODE = np.frombuffer(b"\0\0" + BININT1 + BININT2 + b"\0" + BININT, np.uint8)  # by item size, opcode included


def encode_many(deltas: np.ndarray, counts: np.ndarray) -> list[bytes]:
    """Positions.encode of many postings at once, byte for byte, from their position
    deltas one after the other (`counts` a posting), assembled in one buffer by numpy
    instead of a pickle.dumps each."""
    if len(deltas) and int(deltas.max()) >= 2**31:
        raise ValueError("a position beyond pickle's 4-byte ints")
    sizes = np.where(deltas < 256, 2, np.where(deltas < 65536, 3, 5))  # an item's opcode and bytes
    multi = counts > 1  # MARK ... APPENDS (per batch of items), not APPEND
    begins, ends, at, later_batch = layout(sizes, counts, multi)
    buf = np.zeros(int(ends[-1]) if len(ends) else 0, np.uint8)
    buf[begins[:, None] + np.arange(4)] = counts.astype(">u4").view(np.uint8).reshape(-1, 4)
    buf[begins[:, None] + 4 + np.arange(len(LIST_HEAD))] = np.frombuffer(LIST_HEAD, np.uint8)
    buf[begins[multi] + 4 + len(LIST_HEAD)] = ord(MARK)
    buf[at] = OPCODE[sizes]
    little = deltas.astype("<u4").view(np.uint8).reshape(-1, 4)
    for byte in range(4):  # an item's value bytes: 1, 2 or 4 of them
        has = sizes > byte + 1
        buf[at[has] + 1 + byte] = little[has, byte]
    buf[at[later_batch] - 2], buf[at[later_batch] - 1] = ord(APPENDS), ord(MARK)
    buf[ends - 2] = np.where(multi, ord(APPENDS), ord(APPEND))
    buf[ends - 1] = ord(STOP)
    data = buf.tobytes()
    return [data[a:b] for a, b in zip(begins.tolist(), ends.tolist())]


def layout(sizes: np.ndarray, counts: np.ndarray, multi: np.ndarray):
    """Where encode_many's postings begin and end, where each item's opcode goes, and
    which items start a later batch (an APPENDS and a MARK before them)."""
    starts = np.cumsum(counts) - counts  # a posting's first item
    before = np.cumsum(sizes) - sizes    # item bytes before an item, over all postings
    item_bytes = np.add.reduceat(sizes, starts) if len(starts) else sizes
    lengths = 4 + len(LIST_HEAD) + item_bytes + np.where(multi, 2 * ((counts + BATCH - 1) // BATCH) + 1, 2)
    ends = np.cumsum(lengths)
    begins = ends - lengths
    posting = np.repeat(np.arange(len(counts)), counts)
    index = np.arange(len(sizes)) - starts[posting]  # an item's place in its list
    at = (begins[posting] + 4 + len(LIST_HEAD) + before - before[starts][posting]
          + np.where(multi[posting], 1 + 2 * (index // BATCH), 0))
    return begins, ends, at, multi[posting] & (index > 0) & (index % BATCH == 0)


def stable_order(keys: np.ndarray, bound: int) -> np.ndarray:
    """np.argsort(keys, kind="stable") of int32 keys in 0 .. bound - 1: in C by counting
    (several times quicker), else numpy's."""
    if _native is None:
        return np.argsort(keys, kind="stable")
    return np.frombuffer(_native.stable_order(np.ascontiguousarray(keys, np.int32), bound), np.int64)


def distinct_count(ids: np.ndarray) -> int:
    """len(distinct(ids)): for a few ids (a title) a set is several times quicker."""
    if len(ids) < 100:
        return len(set(ids.tolist()))
    ids = np.sort(ids)
    return 1 + int(np.count_nonzero(ids[1:] != ids[:-1]))


class FieldPostings(NamedTuple):
    """A field's postings in the order Whoosh writes them: term `i` (str or bytes, sorted)
    has postings ptr[i]:ptr[i + 1]; `values` a list of bytes (or a sequence that slices
    as one: `EncodedPositions`), or for a format of fixed value size, their
    concatenation (None where no values are written)."""
    terms: list
    ptr: list[int]
    docs: np.ndarray     # uint32
    weights: np.ndarray  # float64
    values: object


class EncodedPositions:
    """The encoded values of a field's postings, from their position deltas: made
    BATCH_POSTINGS at a time as the writer slices them, in order, so that only a batch
    of them is ever held as bytes objects."""

    BATCH_POSTINGS = 1 << 16

    def __init__(self, deltas: np.ndarray, freqs: np.ndarray):
        self.deltas, self.freqs = deltas, freqs
        self.ends = np.cumsum(freqs)  # a posting's deltas end here
        self.first, self.batch = 0, []

    def __getitem__(self, postings: slice) -> list[bytes]:
        start, stop = postings.start, postings.stop
        if start < self.first or stop > self.first + len(self.batch):
            end = min(max(stop, start + self.BATCH_POSTINGS), len(self.freqs))
            begin = int(self.ends[start - 1]) if start else 0
            self.batch = encode_many(self.deltas[begin:self.ends[end - 1]], self.freqs[start:end])
            self.first = start
        return self.batch[start - self.first:stop - self.first]


class TokenField:
    """One AnalyzedText field's tokens over a segment's documents (in docnum order),
    turned into postings all at once when the segment is written: a posting per term
    and document, with the document's positions of the term (or their count)."""

    def __init__(self, names: list[str], format_):
        self.names, self.format = names, format_
        self.terms, self.positions, self.docs, self.counts, self.boosts = [], [], [], [], []

    def add(self, docnum: int, tokens: Tokens, boost: float) -> int:
        """A document's tokens; the number of postings they make."""
        if tokens.names is not self.names:
            raise ValueError("a field's tokens come from one Lexicon")
        self.terms.append(tokens.terms)
        if tokens.positions is not None:
            self.positions.append(tokens.positions)
        self.docs.append(docnum)
        self.counts.append(len(tokens.terms))
        self.boosts.append(boost)
        return distinct_count(tokens.terms)

    def postings(self, values: bool = True) -> FieldPostings:
        """The postings; without their `values` (for a field that is only recorded)."""
        terms = np.concatenate(self.terms)
        used = distinct(terms)
        strings = list(map(self.names.__getitem__, used.tolist()))
        ordered = sorted(range(len(strings)), key=strings.__getitem__)
        rank = np.zeros(len(self.names), np.int32)
        rank[used[ordered]] = np.arange(len(used), dtype=np.int32)
        key = rank[terms]
        del terms
        order = stable_order(key, len(used))  # by term, then document, then position
        key = key[order]
        docs = np.repeat(np.array(self.docs, np.uint32), self.counts)[order]
        first = np.ones(len(key), bool)
        first[1:] = (key[1:] != key[:-1]) | (docs[1:] != docs[:-1])
        starts = np.flatnonzero(first)
        del first
        freqs = np.diff(starts, append=len(key))
        term_starts = np.flatnonzero(np.diff(key[starts], prepend=-1))
        docs = docs[starts]
        boost = np.zeros(self.docs[-1] + 1)
        boost[self.docs] = self.boosts
        weights = freqs * self.format.field_boost * boost[docs]  # as AnalyzedText.index, then the writer
        return FieldPostings([strings[i] for i in ordered], [*term_starts.tolist(), len(starts)],
                             docs, weights, self.values(order, starts, freqs) if values else None)

    def values(self, order, starts, freqs):
        """The postings' encoded values: positions, or a count (fixed size), or none."""
        if self.format.supports("positions"):
            positions = np.concatenate(self.positions)[order]
            deltas = np.diff(positions, prepend=0)
            deltas[starts] = positions[starts]  # a posting's first: from 0
            return EncodedPositions(deltas, freqs)
        if self.format.fixed_value_size() == 0:
            return None
        return freqs.astype(">u4").tobytes()  # pack_uint(freq) each


class TermPool:
    """The postings of one segment in memory, grouped by field, for Whoosh's posting
    writer: what its PostingPool does, without sorting pickled runs spilled to disk,
    which took a quarter of a worker's time. The AnalyzedText fields come as tokens
    (`TokenField`); the few others' postings one at a time, grouped by term (documents
    come in docnum order, so each term's postings are already sorted). A worker starts
    a new segment before it grows too large (`postings`)."""

    def __init__(self):
        # field -> a TokenField, or term bytes -> (docnums, weights, values)
        self.fields: dict[str, TokenField | dict[bytes, tuple]] = {}
        self.postings = 0

    def add(self, item) -> None:
        """One posting as Whoosh's writer hands it over: (fieldname, term bytes, docnum,
        weight, value bytes)."""
        self.add_posting(*item)

    def add_posting(self, fieldname: str, tbytes: bytes, docnum: int, weight: float, vbytes: bytes) -> None:
        terms = self.fields.setdefault(fieldname, {})
        found = terms.get(tbytes)
        if found is None:
            found = terms[tbytes] = (array("I"), [], [])
        found[0].append(docnum)
        found[1].append(weight)
        found[2].append(vbytes)
        self.postings += 1

    def add_tokens(self, fieldname: str, docnum: int, tokens: Tokens, format_, boost: float) -> int:
        """A document's analysed field; its length (the number of tokens)."""
        if len(tokens.terms):
            field = self.fields.get(fieldname)
            if field is None:
                field = self.fields[fieldname] = TokenField(tokens.names, format_)
            self.postings += field.add(docnum, tokens, boost)
        return len(tokens.terms)

    def field_postings(self, fieldname: str, fixed_size, values: bool = True) -> FieldPostings:
        """A field's postings, in order."""
        field = self.fields[fieldname]
        if isinstance(field, TokenField):
            return field.postings(values)
        ordered = sorted(field)
        docs, weights, found = array("I"), [], []
        for term in ordered:
            docs.extend(field[term][0])
            weights.extend(field[term][1])
            found.extend(field[term][2])
        if fixed_size is not None and fixed_size >= 0:
            found = b"".join(found) if fixed_size else None
        ptr = np.cumsum([0, *(len(field[term][0]) for term in ordered)]).tolist()
        return FieldPostings(ordered, ptr, np.frombuffer(docs, np.uint32), np.array(weights), found)

    def cleanup(self) -> None:
        self.fields = {}
