"""A term's posting blocks and term-index entry, as Whoosh's W3 codec writes them.

Whoosh's posting writer takes one posting at a time and builds each block
through a dozen method calls (block statistics, minifying, the term info
object, the hash file's bookkeeping): a quarter of a build worker's time.
Here the same bytes are made with every block's statistics computed for a
field at once (numpy), a short loop per block, and written a field at a time
(`whoosh_internals.write_pool` owns the files; no Whoosh private attributes
here). `tests/test_build_writer.py` checks the segment against
the one Whoosh's own SegmentWriter writes, byte for byte.
"""

import itertools
import zlib
from hashlib import md5
from pickle import dumps
from struct import Struct

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.util.numeric import byte_to_length

try:
    from indexer import _native  # a block's pickles in C: a tenth of a build worker's time
except ImportError:
    _native = None

TERM_INFO = Struct("!BfIBBfII")   # W3TermInfo._struct: flags, weight, df, lengths, max weight, ids
EXTENT = Struct("!qi")            # pack_long(offset) + pack_int(length): where the postings are
BLOCK_LENGTH = Struct("!i")       # before each block; negative for a term's last one
KEY_VALUE_LENGTHS = Struct("!ii")  # HashWriter: before each key/value pair
FIELD_ID = Struct("!H")            # the term index key: field number, then the term's bytes


def value_slice(values, first: int, last: int, fixed_size):
    """The values of postings first:last, from a list of bytes, or for a fixed value size
    from their concatenation (None for size 0): `pool.FieldPostings.values`."""
    if fixed_size is None or fixed_size < 0:
        return values[first:last]
    return values[first * fixed_size:last * fixed_size] if fixed_size else None


def mini_values(block, fixed_size):
    """W3PostingsWriter._mini_values of a block's values (`value_slice`): a tuple of the
    non-empty ones (the writer keeps only those), else the fixed-size bytes, or None."""
    if fixed_size is None or fixed_size < 0:
        return tuple(v for v in block if v) if b"" in block else tuple(block)
    return block


LENGTH_BOUNDS = np.array([byte_to_length(b) for b in range(256)])


def length_bytes(lengths: np.ndarray) -> np.ndarray:
    """length_to_byte of each length: the first bound not below it."""
    return np.minimum(np.searchsorted(LENGTH_BOUNDS, lengths), 255)


NO_LENGTH = np.iinfo(np.int64).max  # a block's shortest length where none is known


class TermWriter:
    """Posting blocks of one field's terms (`postings`: pool.FieldPostings), each block's
    statistics made for the whole field at once by numpy: `write` puts term i's blocks
    into `out` (which starts at file offset `base`) and returns the term info bytes
    Whoosh's W3TermInfo.to_bytes gives. `lengths`: each document's field length, or None."""

    def __init__(self, blocklimit: int, compression: int, fixed_size, postings, lengths):
        self.compression, self.fixed_size = compression, fixed_size
        ptr = np.asarray(postings.ptr)
        counts = np.diff(ptr)
        per_term = (counts + blocklimit - 1) // blocklimit
        term = np.repeat(np.arange(len(counts)), per_term)
        firsts = np.cumsum(per_term) - per_term  # a term's first block
        starts = ptr[:-1][term] + blocklimit * (np.arange(len(term)) - firsts[term])
        ends = np.minimum(starts + blocklimit, ptr[1:][term])
        docs, weights = postings.docs, postings.weights
        self.docs, self.stored = docs, weights.astype(np.float32)  # what the writer keeps, as float32
        self.deltas = np.diff(docs.astype(np.int64), prepend=0)
        self.deltas[starts] = docs[starts]  # delta_encode: a block starts from 0
        low, high = np.minimum.reduceat(self.stored, starts), np.maximum.reduceat(self.stored, starts)
        # mini_weights: None when all are 1 (-1), one value when all are equal (0), else all (1)
        self.weight_kinds = np.where(low != high, 1, np.where(low == 1.0, -1, 0)).tolist()
        tops = np.maximum.reduceat(weights, starts)  # the writer's max weight: of the weights given
        if lengths is None:
            shortest, longest = np.full(len(starts), NO_LENGTH), np.zeros(len(starts), np.int64)
        else:
            lens = np.asarray(lengths, np.int64)[docs]  # 0: not known
            shortest = np.minimum.reduceat(np.where(lens > 0, lens, NO_LENGTH), starts)  # 0: none kept
            longest = np.maximum.reduceat(lens, starts)
        tops = [max(0, top) for top in tops.tolist()]  # max(0, *weights), as the writer has it
        self.blocks = list(zip(starts.tolist(), ends.tolist(), tops,
                               np.where(shortest == NO_LENGTH, 0, length_bytes(shortest)).tolist(),
                               length_bytes(longest).tolist()))
        self.firsts = [*firsts.tolist(), len(starts)]
        term_shortest = np.minimum.reduceat(shortest, firsts)
        self.terms = list(zip(np.where(term_shortest == NO_LENGTH, 0, length_bytes(term_shortest)).tolist(),
                              length_bytes(np.maximum.reduceat(longest, firsts)).tolist(),
                              [max(0, *tops[a:b]) for a, b in itertools.pairwise(self.firsts)]))

    def write(self, out: bytearray, base: int, i: int, values) -> bytes:
        """Term i's blocks, its postings' `values` as pool.FieldPostings has them."""
        start = base + len(out)
        out += WHOOSH3_HEADER_MAGIC
        comp, fixed, total = self.compression, self.fixed_size, 0
        last = self.firsts[i + 1] - 1
        for b in range(self.firsts[i], last + 1):
            first, end, top, shortest, longest = self.blocks[b]
            if _native is not None:
                block_total = _native.posting_block(out, self.deltas, self.stored, self.docs, first, end,
                                                    self.weight_kinds[b], value_slice(values, first, end, fixed),
                                                    top, comp, shortest, longest, b == last)
                total += sum(self.stored[first:end].tolist()) if block_total is None else block_total
                continue
            stored = self.stored[first:end].tolist()
            total += sum(stored)
            kind = self.weight_kinds[b]
            weights = None if kind < 0 else stored[0] if kind == 0 else tuple(stored)
            block_values = mini_values(value_slice(values, first, end, fixed), fixed)
            data = dumps((tuple(self.deltas[first:end].tolist()), weights, block_values), 2)
            if comp:
                data = zlib.compress(data, comp)
            info = dumps((end - first, int(self.docs[end - 1]), top, comp, shortest, longest), 2)
            size = len(info) + len(data)
            out += BLOCK_LENGTH.pack(-size if b == last else size)
            out += info
            out += data
        first, end = self.blocks[self.firsts[i]][0], self.blocks[last][1]
        shortest, longest, top = self.terms[i]
        return (TERM_INFO.pack(False, total, end - first, shortest, longest, top,
                               self.docs[first], self.docs[end - 1])
                + EXTENT.pack(start, base + len(out) - start))


class TermIndex:
    """Entries of Whoosh's term index (an OrderedHashWriter) made in memory: the bytes
    at file offset `base`, each entry's position and (hash, position) per bucket."""

    def __init__(self, base: int):
        self.base, self.out, self.positions, self.hashed = base, bytearray(), [], []

    def add(self, key: bytes, value: bytes) -> None:
        position = self.base + len(self.out)
        self.positions.append(position)
        # md5_hash: the low 32 bits of the key's MD5, read as a big-endian number
        self.hashed.append((int.from_bytes(md5(key).digest()[-4:], "big"), position))
        self.out += KEY_VALUE_LENGTHS.pack(len(key), len(value))
        self.out += key
        self.out += value


def term_key(field_id: int, term: bytes) -> bytes:
    return FIELD_ID.pack(field_id) + term
