"""A term's posting blocks and term-index entry, as Whoosh's W3 codec writes them.

Whoosh's posting writer takes one posting at a time and builds each block
through a dozen method calls (block statistics, minifying, the term info
object, the hash file's bookkeeping): a quarter of a build worker's time.
Here the same bytes are made in one function per term and written a field
at a time (`whoosh_internals.write_pool` owns the files; no Whoosh private
attributes here). `tests/test_build_writer.py` checks the segment against
the one Whoosh's own SegmentWriter writes, byte for byte.
"""

from array import array
from hashlib import md5
from pickle import dumps
from struct import Struct

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.util.numeric import length_to_byte

from indexer.index.deflate import compressor

TERM_INFO = Struct("!BfIBBfII")   # W3TermInfo._struct: flags, weight, df, lengths, max weight, ids
EXTENT = Struct("!qi")            # pack_long(offset) + pack_int(length): where the postings are
BLOCK_LENGTH = Struct("!i")       # before each block; negative for a term's last one
KEY_VALUE_LENGTHS = Struct("!ii")  # HashWriter: before each key/value pair
FIELD_ID = Struct("!H")            # the term index key: field number, then the term's bytes


def mini_weights(weights: array):
    """W3PostingsWriter._mini_weights: None when all are 1, one value when all are equal."""
    low, high = min(weights), max(weights)
    if low == high:
        return None if low == 1.0 else weights[0]
    return tuple(weights)


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


def deltas(ids) -> tuple:
    """delta_encode: the first id, then the gaps (a block starts from 0)."""
    return (ids[0], *[b - a for a, b in zip(ids, ids[1:])]) if len(ids) > 1 else (ids[0],)


class TermWriter:
    """Posting blocks of one field's terms into `out` (which starts at file offset `base`):
    `write` returns the term info bytes Whoosh's W3TermInfo.to_bytes gives."""

    def __init__(self, blocklimit: int, compression: int, fixed_size):
        self.limit, self.compression, self.fixed_size = blocklimit, compression, fixed_size
        self.compress = compressor(compression) if compression else None  # zlib.compress(data, level)

    def write(self, out: bytearray, base: int, docs: list, weights: list, values, lengths) -> bytes:
        start = base + len(out)
        out += WHOOSH3_HEADER_MAGIC
        limit, comp, fixed, n = self.limit, self.compression, self.fixed_size, len(docs)
        total, min_length, max_length, max_weight = 0, None, 0, 0
        for first in range(0, n, limit):
            ids = docs[first:first + limit]
            block_weights = weights[first:first + limit]
            stored = array("f", block_weights)  # what the writer keeps, as float32
            total += sum(stored)
            top = max(0, *block_weights)
            low, high = None, 0
            if lengths is not None:
                known = list(filter(None, map(lengths.__getitem__, ids)))
                if known:
                    low, high = min(known), max(known)
            if low is not None and (min_length is None or low < min_length):
                min_length = low
            max_length, max_weight = max(max_length, high), max(max_weight, top)
            block = value_slice(values, first, first + limit, fixed)
            data = dumps((deltas(ids), mini_weights(stored), mini_values(block, fixed)), 2)
            if comp:
                data = self.compress(data)
            info = dumps((len(ids), ids[-1], top, comp, length_to_byte(low), length_to_byte(high)), 2)
            size = len(info) + len(data)
            out += BLOCK_LENGTH.pack(-size if first + limit >= n else size)
            out += info
            out += data
        return (TERM_INFO.pack(False, total, n, 0 if min_length is None else length_to_byte(min_length),
                               length_to_byte(max_length), max_weight, docs[0], docs[-1])
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
