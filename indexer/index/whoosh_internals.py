"""Every use of Whoosh beyond its public API, in one place.

zoek reaches into Whoosh for speed: writing pre-analysed postings, a segment
writer that pools postings per term (`pool.py`) and writes them a block at a
time with field lengths read once, parallel segments committed under one
table of contents, posting lists read a block at a time, a prefix's terms
listed without building a query, every posting of a field
read for the search companion, and compound segments read through their
memory map instead of copied into each process. These depend on
Whoosh-Reloaded's private attributes, so they are checked against the one
version they were written for when an index is opened or built.
"""

import pickle

import numpy as np
import whoosh
import zstandard
from whoosh import columns, fields, query
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader, W3PerDocWriter, _lenfield
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile
from whoosh.formats import Existence
from whoosh.matching import ListMatcher
from whoosh.reading import ReaderClosed
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from indexer.analysis import Tokens
from indexer.index import blocks
from indexer.index.pool import FieldPostings, TermPool

WHOOSH_VERSION = (2, 7, 5)  # Whoosh-Reloaded==2.7.5, pinned in pyproject.toml


class WhooshVersionError(RuntimeError):
    """The installed Whoosh is not the one this module was written for."""


def check_version() -> None:
    if tuple(whoosh.__version__[:3]) != WHOOSH_VERSION:
        have = ".".join(map(str, whoosh.__version__))
        want = ".".join(map(str, WHOOSH_VERSION))
        raise WhooshVersionError(
            f"zoek needs Whoosh-Reloaded {want}, but {have} is installed: "
            f"run `pip install Whoosh-Reloaded=={want}`")


class AnalyzedText(fields.TEXT):
    """A TEXT field that also takes text analysed beforehand by a Lexicon.

    Given Tokens, Whoosh's own writer gets their postings with no Token objects
    and no second analysis (the build's writer pools the tokens themselves:
    `pool.TokenField`). Given text, it is a plain TEXT field with the Dutch analyzer.
    """

    def index(self, value, **kwargs):
        if not isinstance(value, Tokens):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        if self.format.supports("positions"):
            encode = self.format.encode
            for term, poslist in value.postings().items():
                yield term.encode("utf-8"), len(poslist), len(poslist) * boost, encode(poslist)
        else:
            for term, freq in value.postings().items():
                yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


class CachedLengths:
    """Field lengths for the posting writer, read once per field into an array.

    Whoosh looks a document's field length up again for every posting it
    writes (for block statistics); from the column file that costs a tenth
    of the whole build.
    """

    def __init__(self, reader, doc_count: int):
        self.reader, self.doc_count, self.columns = reader, doc_count, {}

    def column(self, fieldname: str) -> np.ndarray:
        """Every document's length in the field (0 where it has none: Whoosh gives None)."""
        column = self.columns.get(fieldname)
        if column is None:
            found = stored_length_bytes(self.reader, fieldname, self.doc_count)
            column = self.columns[fieldname] = (np.zeros(self.doc_count, np.int64) if found is None
                                                else LENGTH_OF_BYTE_ARRAY[found])
        return column


def stored_length_bytes(perdoc, fieldname: str, doc_count: int) -> np.ndarray | None:
    """The length byte of each of a segment's documents in a field (0: none), read from
    the lengths column at once instead of a document at a time; None without the column."""
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return None
    found = np.zeros(doc_count, np.uint8)
    written = min(column._count, doc_count)  # the writer leaves the trailing zeros out
    found[:written] = np.frombuffer(column._dbfile.get(column._basepos, written), np.uint8)
    return found


def write_terms(fieldwriter, field, postings: FieldPostings, column) -> None:
    """One field's postings into the posting file and the term index: the bytes
    W3FieldWriter's start_term / add / finish_term write (blocks.py), a field at a time."""
    codec, postfile, tindex = fieldwriter._codec, fieldwriter._postfile, fieldwriter._tindex
    if codec._inlinelimit > 1:  # Whoosh would inline short posting lists in the term info
        raise NotImplementedError("the build's block writer does not inline postings")
    writer = blocks.TermWriter(codec._blocklimit, codec._compression, field.format.fixed_value_size(),
                               postings, column)
    field_id, out, base = fieldwriter._fieldid, bytearray(), postfile.tell()
    index = blocks.TermIndex(tindex.dbfile.tell())
    key = first = None
    for i, term in enumerate(postings.terms):
        tbytes = term.encode("utf-8") if isinstance(term, str) else term
        key = blocks.term_key(field_id, tbytes)
        index.add(key, writer.write(out, base, i, postings.values))
        first = first or key
        if len(out) > FLUSH_BYTES:
            postfile.write(out)
            base, out = base + len(out), bytearray()
    postfile.write(out)
    if key is None:
        return
    if first <= tindex.lastkey:  # as OrderedHashWriter.add checks
        raise ValueError(f"Keys must increase: {tindex.lastkey!r}..{first!r}")
    tindex.dbfile.write(index.out)
    tindex.index.extend(index.positions)
    buckets = tindex.buckets
    for hashed in index.hashed:
        buckets[hashed[0] & 255].append(hashed)
    tindex.lastkey = key


FLUSH_BYTES = 1 << 22  # posting bytes kept before they are written out


def recorded_postings(postings: FieldPostings) -> tuple:
    """A field's postings as `field_postings` would read them back: (terms as bytes,
    postings per term, docnums as uint32, weights as float32)."""
    terms = [term.encode("utf-8") if isinstance(term, str) else term for term in postings.terms]
    return terms, np.diff(postings.ptr), postings.docs, postings.weights.astype(np.float32)


def write_pool(fieldwriter, schema, pool: TermPool, lengths, record, unwritten=()) -> dict:
    """Every posting of the pool into the segment, field by field and term by term in
    Whoosh's order, except those of the `unwritten` fields (the companion's alone);
    returns the postings of the `record` fields as `field_postings` would read them
    back: field -> (terms, counts, docnums as uint32, weights as float32)."""
    recorded = {}
    for fieldname in sorted(pool.fields):
        field = schema[fieldname]
        write = fieldname not in unwritten
        postings = pool.field_postings(fieldname, field.format.fixed_value_size(), values=write)
        if write:
            fieldwriter.start_field(fieldname, field)
            column = lengths.column(fieldname) if lengths and field.scorable else None  # else 0: none kept
            write_terms(fieldwriter, field, postings, column)
            fieldwriter.finish_field()
        if fieldname in record:
            recorded[fieldname] = recorded_postings(postings)
    for fieldname in record:
        recorded.setdefault(fieldname, ([], [], np.zeros(0, np.uint32), np.zeros(0, np.float32)))
    return recorded


# ---- stored fields compressed with a dictionary of their segment's own text ----------

DICTIONARY_DOCUMENTS = 300    # a segment's first documents, whose stored fields train it...
DICTIONARY_WAIT_BYTES = 8 << 20  # ...or fewer, once those held back reach 8 MB (large PDFs)
SAMPLE_BYTES = 16 * 1024      # of each, the first 16 KB: training time grows with the samples
DICTIONARY_BYTES = 32 * 1024  # the dictionary zstd trains on them
STORED_LEVEL = 3              # zstd's default level


class StoredDictionaryCodec(W3Codec):
    """Whoosh's codec, with each document's stored fields compressed by zstd with a
    dictionary trained on the stored fields of the segment's first documents (the first
    16 KB of each). A page of a few KB compressed alone shares nothing with its
    neighbours; with the dictionary, its field names, boilerplate and common words cost
    a back-reference each. On Debian's
    documentation this is 11 % smaller than zlib with a preset dictionary and reads in
    6 against 20 us a page. The dictionary is kept on the codec, which Whoosh pickles
    into the table of contents with its segment; a segment written by another codec (an
    update's) keeps reading as it was written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dictionary = None  # bytes once trained (b"": too little to train on)

    def per_document_writer(self, storage, segment):
        return DictionaryPerDocWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return DictionaryPerDocReader(storage, segment, self)


def stored_column(codec: StoredDictionaryCodec):
    return columns.PickleColumn(DictionaryBytesColumn(codec))


class DictionaryPerDocWriter(W3PerDocWriter):
    def _create_column(self, fieldname, column):
        super()._create_column(fieldname, stored_column(self._codec) if fieldname == "_stored" else column)


class DictionaryPerDocReader(W3PerDocReader):
    def __init__(self, storage, segment, codec):
        super().__init__(storage, segment)
        self._stored_column = stored_column(codec)
        self._stored_reader = None  # the DictionaryBytesColumn.Reader under the pickles

    def stored_fields(self, docnum):
        if self._stored_reader is None:
            self._stored_reader = self._cached_reader("_stored", self._stored_column)._child
        return self._stored_reader.stored(docnum)


def trained_dictionary(samples: list[bytes]) -> bytes:
    """A zstd dictionary for stored fields like these; b"" when they are too few or too
    short to train one (a handful of documents compress well enough alone)."""
    try:
        return zstandard.train_dictionary(DICTIONARY_BYTES, samples, level=STORED_LEVEL).as_bytes()
    except zstandard.ZstdError:
        return b""


def packer(dictionary: bytes) -> zstandard.ZstdCompressor:
    """A compressor at STORED_LEVEL with the dictionary (one per segment writer)."""
    dict_data = zstandard.ZstdCompressionDict(dictionary) if dictionary else None
    return zstandard.ZstdCompressor(level=STORED_LEVEL, dict_data=dict_data, write_checksum=False,
                                    write_dict_id=False)


def unpacker(dictionary: bytes) -> zstandard.ZstdDecompressor:
    """A decompressor with the dictionary: one per column reader, which one thread uses
    (each thread has its own searcher; a zstd context must not be shared)."""
    return zstandard.ZstdDecompressor(dict_data=zstandard.ZstdCompressionDict(dictionary)
                                      if dictionary else None)


class DictionaryBytesColumn(columns.Column):
    """Whoosh's CompressedBytesColumn, compressed by zstd with the codec's dictionary. The
    writer holds the segment's first DICTIONARY_DOCUMENTS values back, trains the
    dictionary on them, then writes them and every later value compressed with it."""

    def __init__(self, codec: StoredDictionaryCodec):
        self.codec = codec

    def writer(self, dbfile):
        return self.Writer(dbfile, self.codec)

    def reader(self, dbfile, basepos, length, doccount):
        return self.Reader(dbfile, basepos, length, doccount, self.codec.dictionary)

    class Writer(columns.VarBytesColumn.Writer):
        def __init__(self, dbfile, codec):
            super().__init__(dbfile)
            self.codec, self.waiting, self.waiting_bytes, self.packer = codec, [], 0, None

        def add(self, docnum, v):
            if self.codec.dictionary is None:
                self.waiting.append((docnum, v))
                self.waiting_bytes += len(v)
                if len(self.waiting) >= DICTIONARY_DOCUMENTS or self.waiting_bytes >= DICTIONARY_WAIT_BYTES:
                    self.train()
                return
            if self.packer is None:
                self.packer = packer(self.codec.dictionary)
            super().add(docnum, self.packer.compress(v))

        def train(self):
            self.codec.dictionary = trained_dictionary([v[:SAMPLE_BYTES] for _, v in self.waiting])
            waiting, self.waiting = self.waiting, []
            for docnum, v in waiting:
                self.add(docnum, v)

        def finish(self, doccount):
            if self.codec.dictionary is None:
                self.train()
            super().finish(doccount)

    class Reader(columns.VarBytesColumn.Reader):
        def __init__(self, dbfile, basepos, length, doccount, dictionary):
            super().__init__(dbfile, basepos, length, doccount)
            self.unpacker = unpacker(dictionary)

        def __getitem__(self, docnum):
            v = super().__getitem__(docnum)
            return self.unpacker.decompress(v) if v else v

        def stored(self, docnum) -> dict:
            """A document's stored fields ({} for none), decompressed straight from the
            segment's map where it has one: no copy, no seek on a shared file."""
            length = self._lengths[docnum]
            if not length:
                return {}
            pos, mapped = self._basepos + self._offsets[docnum], getattr(self._dbfile, "_buf", None)
            raw = mapped[pos:pos + length] if mapped is not None else self._dbfile.get(pos, length)
            return pickle.loads(self.unpacker.decompress(raw))

        def __iter__(self):
            for v in super().__iter__():
                yield self.unpacker.decompress(v) if v else v

        def load(self):
            return list(self)


class SegmentOnlyWriter(SegmentWriter):
    """A writer that makes one segment and hands it back instead of committing
    it, so several processes can each write one and the parent lists them all.
    With `record`, it also keeps those fields' postings (`recorded`) as it
    writes them: the search companion is built from them, not read back. The
    postings of the `unwritten` fields are only recorded: the companion holds them
    alone (their field lengths are written as ever)."""

    def __init__(self, ix, record=(), unwritten=(), **kwargs):
        super().__init__(ix, codec=StoredDictionaryCodec(), **kwargs)
        self.pool = TermPool()
        self.record, self._recorded = set(record), {}
        self.unwritten = set(unwritten)
        assert self.unwritten <= self.record, "postings written nowhere"
        # Spelling and vector fields take Whoosh's own add_document (the schema is fixed)
        self._whoosh_only = any(f.separate_spelling() or f.vector for _, f in self.schema.items())
        # Plain ID fields index their value as one term: no tokenizer and format generators
        self._plain_ids = {name for name, f in self.schema.items() if type(f) is fields.ID
                           and type(f.analyzer) is IDTokenizer and type(f.format) is Existence}
        self._plans = {}  # the keys of a document's fields -> `_plan`

    def add_document(self, **fields):
        """Whoosh's `add_document`, with pre-analysed AnalyzedText values (Tokens) put
        into the pool in one call per field instead of one per posting."""
        if self._whoosh_only:
            return super().add_document(**fields)  # what the fast path does not do
        self._check_state()
        perdocwriter, docnum = self.perdocwriter, self.docnum
        docboost = self._doc_boost(fields)
        plan, boosted = self._plan(fields)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname, field, stored_key in plan:
                value = fields[fieldname]
                if value is None:
                    continue
                boost = self._field_boost(fields, fieldname, docboost) if boosted else docboost
                length = self._index_field(fieldname, field, value, boost) if field.indexed else 0
                stored = fields.get(stored_key, value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type,
                                                  field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _plan(self, fields) -> tuple[list, bool]:
        """(name, field, its `_stored_` key) of each field given, in Whoosh's (sorted) order,
        checked against the schema, and whether any `_<name>_boost` is given: worked out
        once per set of keys (documents come with a handful of them)."""
        keys = tuple(fields)
        found = self._plans.get(keys)
        if found is None:
            names = sorted(name for name in keys if not name.startswith("_"))
            self._check_fields(self.schema, names)
            boosted = any(key.startswith("_") and key.endswith("_boost") for key in keys)
            found = self._plans[keys] = ([(name, self.schema[name], f"_stored_{name}") for name in names],
                                         boosted)
        return found

    def _index_field(self, fieldname, field, value, boost) -> int:
        """The field's postings into the pool; its length (0 where it is not scored)."""
        if isinstance(value, Tokens) and isinstance(field, AnalyzedText):
            length = self.pool.add_tokens(fieldname, self.docnum, value, field.format, boost)
            return length if field.scorable else 0
        if fieldname in self._plain_ids and isinstance(value, str):  # what field.index gives
            self.pool.add_posting(fieldname, value.encode("utf-8"), self.docnum,
                                  field.format.field_boost * boost, b"")
            return 1 if field.scorable else 0
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            length += freq
            self.pool.add_posting(fieldname, tbytes, self.docnum, weight * boost, vbytes)
        return length if field.scorable else 0

    def _flush_segment(self):
        self.perdocwriter.close()
        reader = self.per_document_reader() if self.codec.length_stats else None
        lengths = CachedLengths(reader, self.docnum) if reader else None
        self._recorded = write_pool(self.fieldwriter, self.schema, self.pool, lengths, self.record,
                                    self.unwritten)
        self.fieldwriter.close()
        if reader:
            reader.close()

    def recorded(self) -> dict:
        """The postings of the `record` fields, once the segment is finished."""
        return self._recorded

    def finish_segment(self):
        """The written segment (None when no document was added); the writer is closed."""
        if not self.docnum:
            self._close_segment()
            return None
        return self._finalize_segment()

    def abandon(self) -> None:
        self._close_segment()


def commit_segments(ix, segments: list) -> None:
    """One table of contents listing every worker's segment."""
    writer = ix.writer()
    try:
        writer._close_segment()
        writer._commit_toc(segments)
    finally:
        writer._finish()


def pattern_terms(q: query.PatternQuery, reader):
    """The index terms (bytes) a prefix or wildcard query stands for, in order."""
    return q._btexts(reader)


def field_postings(reader, fieldname: str):
    """All postings of one field in one segment, deleted documents included, read a
    block at a time: (terms as bytes, postings per term, docnums, weights)."""
    terms_reader = reader._terms
    fmt = reader.schema[fieldname].format
    terms, counts, docs, weights = [], [], [], []
    if fieldname not in terms_reader.indexed_field_names():
        return terms, counts, docs, weights
    for (name, text), info in terms_reader.items_from(fieldname, b""):
        if name != fieldname:
            break
        m = terms_reader._codec.postings_reader(terms_reader._postfile, info, fmt)
        before = len(docs)
        if isinstance(m, ListMatcher):
            docs.extend(m._ids)
            w = m._weights
            weights.extend(w if w is not None else [m._all_weights or 1.0] * len(m._ids))
        else:
            while m.is_active():
                m._read_ids()
                m._read_weights()
                docs.extend(m._ids)
                weights.extend(m._weights)
                m._next_block()
        terms.append(text)
        counts.append(len(docs) - before)
    return terms, counts, docs, weights


def live_docnums(reader, fieldname: str = "id") -> dict[str, int]:
    """A unique field's value -> the docnum of the live document that has it, over every
    segment (from the field's postings, without reading stored fields)."""
    found = {}
    for leaf, offset in reader.leaf_readers():
        terms, counts, docs, _ = field_postings(leaf, fieldname)
        start = 0
        for term, count in zip(terms, counts):
            for docnum in docs[start:start + count]:
                if not leaf.is_deleted(docnum):
                    found[term.decode("utf-8")] = offset + docnum
            start += count
    return found


def stored_fields(searcher, docnum: int) -> dict:
    """What `searcher.stored_fields(docnum)` gives, read straight from the segment's
    per-document reader: Whoosh copies the dict to drop fields the schema lacks, and
    every field zoek stores is in it."""
    reader = searcher.reader()
    if not reader.is_atomic():
        segment = reader._document_segment(docnum)
        reader, docnum = reader.readers[segment], docnum - reader.doc_offsets[segment]
    if reader.is_closed:
        raise ReaderClosed
    return reader._perdoc.stored_fields(docnum)


def segment_id(reader) -> str:
    """The name of the segment a leaf reader reads."""
    return reader.segment().segment_id()


LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]  # a quantised length's value
LENGTH_OF_BYTE_ARRAY = np.array(LENGTH_OF_BYTE, np.int64)


def field_length_bytes(leaves, fieldname: str, doc_count: int) -> bytearray:
    """Every document's length in a field as the byte Whoosh stores (LENGTH_OF_BYTE
    gives its value); length 1 where it has none (`WeightLengthScorer`'s default)."""
    lengths = np.full(doc_count, length_to_byte(1), np.uint8)
    for reader, offset in leaves:
        found = stored_length_bytes(reader._perdoc, fieldname, reader.doc_count_all())
        if found is not None:
            np.copyto(lengths[offset:offset + len(found)], found, where=found > 0)
    return bytearray(lengths.tobytes())


def index_folder(searcher) -> str:
    """The folder of the index a searcher reads (its generation)."""
    return searcher._ix.storage.folder


class MappedReader:
    """A read-only file over a slice of a memory map, without copying it.

    Whoosh maps a compound segment and hands out each part as a BufferFile,
    which wraps the part in a BytesIO: a private copy of the postings, stored
    fields and columns in every process that opens the index (245 MB per
    server worker at 27,000 documents). Reading through the map instead keeps
    those pages in the page cache, shared by all workers.
    """

    def __init__(self, buf):
        self.buf, self.pos = buf, 0

    def read(self, size=-1) -> bytes:
        end = len(self.buf) if size is None or size < 0 else min(self.pos + size, len(self.buf))
        data = bytes(self.buf[self.pos:end])
        self.pos = end
        return data

    def readline(self, size=-1) -> bytes:
        end = len(self.buf) if size is None or size < 0 else min(self.pos + size, len(self.buf))
        rest = bytes(self.buf[self.pos:end])  # pickles read lines rarely, and short ones
        cut = rest.find(b"\n")
        line = rest if cut < 0 else rest[:cut + 1]
        self.pos += len(line)
        return line

    def seek(self, pos: int, whence: int = 0) -> int:
        self.pos = pos if whence == 0 else (self.pos + pos if whence == 1 else len(self.buf) + pos)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.buf = b""


class MappedBufferFile(BufferFile):
    """Whoosh's BufferFile, reading through the map (MappedReader), not a copy."""

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)
        self._buf, self.file = buf, MappedReader(buf)


compound.BufferFile = MappedBufferFile  # what CompoundStorage.open_file hands out
