"""The columnar companion of a generation: what the search engine reads instead
of stepping through Whoosh's postings in Python.

Written from the committed Whoosh index (after a build and after every
`--update`), so it always describes exactly the documents, deletions and
statistics Whoosh itself scores with. Layout of `<generation>/companion/`:

    meta.json                 version, document count, fields, facets, BM25 parameters
    live.npy                  bool per docnum: False for a deleted document
    term-<field>.lex/.off.npy the field's terms (sorted UTF-8, concatenated) and their offsets
    term-<field>.ptr.npy      per term: where its postings start (and one past the last);
                              uint32 (as the .off offsets) unless they pass 4 G
    term-<field>.docs.npy     docnums of all postings, term by term, ascending per term
                              (uint16 below 65,536 documents, else int32)
    term-<field>.idf.npy      float64 per term: Whoosh's idf (1 where Whoosh does not score)
    term-<field>.code.npy     per posting: which (weight, field length) pair it has, uint16
    term-<field>.tf.npy       float64 per pair: BM25's term-frequency part for that pair
                              (Whoosh's formula, with its byte-quantised field length), or
                              the weight itself for a field Whoosh does not score (title_key)

    term-<field>.weight.npy   float64 per pair: its weight (COMPANION_ONLY_FIELDS only, so
                              that an update can carry their postings over)

A posting's score is idf[term] * tf[code]: exactly Whoosh's BM25F, in two
bytes per posting (a field has far fewer distinct pairs than postings).

The postings of COMPANION_ONLY_FIELDS (the exact forms: presence-scored, no
positions, never run by Whoosh's matchers) are kept here alone: a build's
workers record them without writing them into Whoosh (a fifth of its index).
An update's new documents do get them written by Whoosh's own writer; the
update carries the unchanged documents' postings over from the companion it
replaces (`Carried`), and takes from Whoosh only those of documents it wrote.
    facet-<field>.lex/.off.npy  the values of a metadata field, sorted
    facet-<field>.npy         per docnum: the index of its value (-1: none), int8 to int32

Every array is memory-mapped read-only, so the pages are shared by all
server workers; a term is found by binary search in the mapped lexicon, not
through a per-process dict of every term.
"""

import json
import mmap
import shutil
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
import whoosh.index

from indexer.index import whoosh_internals

try:  # the lexicon's binary search in C (setup.py builds it where a compiler is)
    from indexer import _native
except ImportError:  # not built: Lexicon.find's Python loop does the same
    _native = None
from indexer.index.scoring import LanguageBM25F

COMPANION_DIR = "companion"
COMPANION_VERSION = "3"
# Fields whose postings only the companion holds (see above).
COMPANION_ONLY_FIELDS = ("exact",)
# Metadata fields (unanalysed IDs), held as one value code per document: filters and facets.
FACET_FIELDS = ("collection", "date", "lang", "type", "year")
KEEP_OPEN = 3  # generations kept open: the live one and those requests may still use


# ---- writing -------------------------------------------------------------------------------

def save(folder: Path, name: str, array: np.ndarray) -> None:
    np.save(folder / f"{name}.npy", np.ascontiguousarray(array))


def save_lexicon(folder: Path, name: str, words: list[bytes]) -> None:
    (folder / f"{name}.lex").write_bytes(b"".join(words))
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum([len(w) for w in words], out=offsets[1:])
    save(folder, f"{name}.off", offsets.astype(offset_dtype(offsets[-1])))


def bm25_tf(weights, lengths, avgfl: float, B: float, K1: float) -> np.ndarray:
    """Whoosh's `scoring.bm25` over arrays, without its idf factor."""
    return (weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * lengths / avgfl))


def dense_unique(keys: np.ndarray, bound: int):
    """np.unique(keys, return_inverse=True) for integer keys in [0, bound), by a table
    instead of sorting every posting."""
    present = np.zeros(bound, dtype=bool)
    present[keys] = True
    rank = np.cumsum(present, dtype=np.int32 if bound < 1 << 31 else np.int64) - 1
    return np.flatnonzero(present), rank[keys]


def distinct(weights: np.ndarray):
    """np.unique(weights, return_inverse=True); by a table when the weights are small
    whole numbers (term counts, as they are unless a field is boosted)."""
    whole = weights.astype(np.int64)
    if len(weights) and whole.min() >= 0 and whole.max() < 1 << 16 and np.array_equal(whole, weights):
        values, inverse = dense_unique(whole, int(whole.max()) + 1)
        return values.astype(weights.dtype), inverse
    return np.unique(weights, return_inverse=True)


def pair_codes(weights: np.ndarray, length_bytes: np.ndarray):
    """(code per posting, weight per code, length byte per code) of the distinct
    (weight, length byte) pairs."""
    distinct_weights, weight_code = distinct(weights)
    key_type = np.int32 if len(distinct_weights) < 1 << 23 else np.int64  # half the bytes to index by
    keys = weight_code.reshape(-1).astype(key_type) * 256 + length_bytes
    pairs, codes = dense_unique(keys, len(distinct_weights) * 256)
    dtype = np.uint16 if len(pairs) <= 1 << 16 else np.uint32
    return codes.reshape(-1).astype(dtype), distinct_weights[pairs // 256], pairs % 256


def docnum_dtype(doc_count: int):
    return np.uint16 if doc_count <= 1 << 16 else np.int32


def offset_dtype(largest: int):
    """Offsets into the lexicon or the postings: 4 bytes while they fit."""
    return np.uint32 if largest < 1 << 32 else np.int64


def code_dtype(values: int):
    """A facet's value codes (-1 for none): the smallest signed type that holds them."""
    return next(t for t in (np.int8, np.int16, np.int32) if values < np.iinfo(t).max)


def leaf_postings(reader, fieldname: str, recorded: dict):
    """(terms, counts, docnums, weights) of a field in one segment: as its writer
    recorded them, else read back from the segment."""
    found = recorded.get(whoosh_internals.segment_id(reader))
    if found is not None:
        return found[fieldname]
    return whoosh_internals.field_postings(reader, fieldname)


class Carried:
    """What an update keeps of the companion it replaces, for COMPANION_ONLY_FIELDS:
    `old` (that companion's folder) and `docnums`, the new docnum of each of its
    documents that the update left as it was (-1 for one it deleted or rewrote)."""

    def __init__(self, old: Path, docnums: np.ndarray):
        self.old, self.docnums = Path(old), docnums

    def postings(self, fieldname: str):
        """The kept documents' postings of a field: (terms, counts, new docnums, weights)."""
        field = TermField(self.old, fieldname)
        new = self.docnums[np.asarray(field.docs, np.int64)]
        kept = new >= 0
        term_of = np.repeat(np.arange(field.lexicon.count), np.diff(field.ptr))[kept]
        weights = load(self.old, f"term-{fieldname}.weight")[np.asarray(field.codes)[kept]]
        counts = np.bincount(term_of, minlength=field.lexicon.count)
        terms = [field.lexicon.word(i) for i in range(field.lexicon.count)]
        return terms, counts, new[kept], weights

    def image(self, doc_count: int) -> np.ndarray:
        """bool per new docnum: whether its postings are carried over."""
        carried = np.zeros(doc_count, dtype=bool)
        carried[self.docnums[self.docnums >= 0]] = True
        return carried


def field_leaves(leaves, fieldname: str, recorded: dict, carried: Carried | None, doc_count: int):
    """(terms, counts, global docnums, weights) per segment; for a companion-only field
    after an update, Whoosh's postings of the documents the update wrote and the
    carried postings of all others."""
    per_leaf = []
    for reader, offset in leaves:
        terms, counts, docs, weights = leaf_postings(reader, fieldname, recorded)
        per_leaf.append((terms, np.asarray(counts, np.int64),
                         np.asarray(docs, np.int64) + offset, np.asarray(weights, np.float64)))
    if carried is None or fieldname not in COMPANION_ONLY_FIELDS:
        return per_leaf
    old = carried.image(doc_count)
    written = []
    for terms, counts, docs, weights in per_leaf:
        keep = ~old[docs]  # a document an earlier update wrote is carried over instead
        term_of = np.repeat(np.arange(len(terms)), counts)[keep]
        written.append((terms, np.bincount(term_of, minlength=len(terms)), docs[keep], weights[keep]))
    return written + [carried.postings(fieldname)]


def write_field(folder: Path, searcher, leaves, fieldname: str, params: dict, recorded: dict,
                carried: Carried | None = None) -> int:
    """The postings of one field over all segments, with their impacts; the term count."""
    doc_count = searcher.doc_count_all()
    per_leaf = field_leaves(leaves, fieldname, recorded, carried, doc_count)
    words = sorted({t for terms, _, _, _ in per_leaf for t in terms})
    position = {w: i for i, w in enumerate(words)}
    narrow = np.uint16 if len(words) <= 1 << 16 else np.uint32
    term_of = np.concatenate([np.repeat(np.array([position[t] for t in terms], narrow), counts)
                              for terms, counts, _, _ in per_leaf] or [np.zeros(0, narrow)])
    docs = np.concatenate([d for _, _, d, _ in per_leaf] or [np.zeros(0, np.int64)])
    weights = np.concatenate([w for _, _, _, w in per_leaf] or [np.zeros(0)])
    # Stable (segments are in docnum order: docs stay ascending); on 16-bit keys numpy's
    # stable sort is a radix sort, many times faster than on int64 at x100. Carried
    # postings come last, in no order with the others': sorted by docnum first.
    if carried is not None and fieldname in COMPANION_ONLY_FIELDS:
        by_doc = np.argsort(docs, kind="stable")
        term_of, docs, weights = term_of[by_doc], docs[by_doc], weights[by_doc]
    if doc_count < 1 << 31:
        docs = docs.astype(np.int32)  # less to move in the gathers below
    order = np.argsort(term_of, kind="stable")
    term_of, docs, weights = term_of[order], docs[order], weights[order]
    df = np.bincount(term_of, minlength=len(words))
    weighting = searcher.weighting
    if searcher.schema[fieldname].scorable and words:
        # idf and average length over the documents of the field's language (scoring.py)
        documents = weighting.documents_of(searcher, fieldname)
        idf = np.log(documents / (df + 1.0)) + 1   # Whoosh's WeightingModel.idf
        avgfl = searcher.field_length(fieldname) / documents or 1  # as LanguageBM25F.scorer's
        length_bytes = np.frombuffer(
            whoosh_internals.field_length_bytes(leaves, fieldname, doc_count), np.uint8)
        codes, pair_weights, pair_bytes = pair_codes(weights, length_bytes[docs])
        length_of = np.asarray(whoosh_internals.LENGTH_OF_BYTE, np.float64)
        tf = bm25_tf(pair_weights, length_of[pair_bytes], avgfl, params["B"], params["K1"])
    else:  # Whoosh scores the weight alone (WeightScorer)
        idf = np.ones(len(words))
        codes, tf, _ = pair_codes(weights, np.zeros(len(weights), np.uint8))
        pair_weights = tf
    ptr = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum(df, out=ptr[1:])
    name = f"term-{fieldname}"
    save_lexicon(folder, name, words)
    save(folder, f"{name}.ptr", ptr.astype(offset_dtype(ptr[-1])))
    save(folder, f"{name}.docs", docs.astype(docnum_dtype(doc_count)))
    save(folder, f"{name}.idf", idf)
    save(folder, f"{name}.code", codes)
    save(folder, f"{name}.tf", tf)
    if fieldname in COMPANION_ONLY_FIELDS:
        save(folder, f"{name}.weight", np.asarray(pair_weights, np.float64))
    return len(words)


def write_facet(folder: Path, leaves, fieldname: str, doc_count: int, recorded: dict) -> int:
    """A metadata field as one value code per document; the number of values."""
    per_leaf = [leaf_postings(reader, fieldname, recorded) for reader, _ in leaves]
    values = sorted({v for terms, _, _, _ in per_leaf for v in terms})
    code_of = {v: i for i, v in enumerate(values)}
    codes = np.full(doc_count, -1, dtype=np.int32)
    for (reader, offset), (terms, counts, docs, _) in zip(leaves, per_leaf):
        codes[np.asarray(docs, np.int64) + offset] = np.repeat(
            np.array([code_of[t] for t in terms], np.int32), counts)
    save_lexicon(folder, f"facet-{fieldname}", values)
    save(folder, f"facet-{fieldname}", codes.astype(code_dtype(len(values))))
    return len(values)


def term_fields(schema) -> list[str]:
    """Every indexed field a query can search: all but the unique id and the facets."""
    return [name for name, f in schema.items()
            if f.indexed and not f.unique and name not in facet_fields(schema)]


def facet_fields(schema) -> list[str]:
    """The metadata fields of the schema (FACET_FIELDS), in its order."""
    return [name for name in schema.names() if name in FACET_FIELDS]


def recorded_fields(schema) -> list[str]:
    """The fields whose postings the companion holds."""
    return term_fields(schema) + facet_fields(schema)


def write(gen: Path, recorded: dict | None = None, carried: Carried | None = None) -> None:
    """Write (or rewrite) the companion of the Whoosh index in `gen`.

    recorded: segment id -> the postings its writer kept (a build's workers):
    those segments are not read back; the others (after an update) are.
    carried: after an update, the companion-only postings kept from the old companion."""
    recorded = recorded or {}
    whoosh_internals.check_version()
    folder = Path(gen) / COMPANION_DIR
    tmp = Path(gen) / f".{COMPANION_DIR}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    ix = whoosh.index.open_dir(str(gen))
    weighting = LanguageBM25F()  # what IndexHandle's searchers score with
    params = {"B": weighting.B, "K1": weighting.K1}
    with ix.searcher(weighting=weighting) as searcher:
        reader = searcher.reader()
        leaves = list(reader.leaf_readers())
        doc_count = searcher.doc_count_all()
        live = np.zeros(doc_count, dtype=bool)
        for leaf, offset in leaves:
            if leaf.has_deletions():
                live[np.fromiter(leaf.all_doc_ids(), np.int64) + offset] = True
            else:  # a build's segments: every docnum (all_doc_ids steps through them in Python)
                live[offset:offset + leaf.doc_count_all()] = True
        save(tmp, "live", live)
        schema = searcher.schema
        meta = {"version": COMPANION_VERSION, "doc_count": doc_count, "bm25": params,
                "whoosh_generation": reader.generation(),
                "fields": {f: write_field(tmp, searcher, leaves, f, params, recorded, carried)
                           for f in term_fields(schema)},
                "facets": {f: write_facet(tmp, leaves, f, doc_count, recorded)
                           for f in facet_fields(schema)}}
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)


# ---- reading -------------------------------------------------------------------------------

class CompanionMissing(Exception):
    """The generation has no (readable) companion."""


def load(folder: Path, name: str) -> np.ndarray:
    path = folder / f"{name}.npy"
    try:  # a plain ndarray over the map: slicing a np.memmap costs ~10 us in Python
        return np.asarray(np.load(path, mmap_mode="r"))
    except ValueError:  # an empty array cannot be mapped
        return np.load(path)


class Lexicon:
    """Sorted byte strings in one mapped file, found by binary search."""

    def __init__(self, folder: Path, name: str):
        self.offsets = load(folder, f"{name}.off")
        self.count = len(self.offsets) - 1
        with open(folder / f"{name}.lex", "rb") as f:
            size = f.seek(0, 2)
            self.blob = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        # Python ints straight from the mapped pages, without a numpy scalar per probe.
        self.bounds = memoryview(np.ascontiguousarray(self.offsets))

    def word(self, i: int) -> bytes:
        return self.blob[self.bounds[i]:self.bounds[i + 1]]

    def find(self, word: bytes) -> int:
        """The index of `word`, or -1."""
        if _native is not None:
            return _native.find_word(self.blob, self.bounds, self.bounds.itemsize, word)
        lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if self.word(mid) < word:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < self.count and self.word(lo) == word else -1


class TermField:
    """One field's term dictionary and postings."""

    def __init__(self, folder: Path, fieldname: str):
        name = f"term-{fieldname}"
        self.lexicon = Lexicon(folder, name)
        self.ptr = load(folder, f"{name}.ptr")
        self.starts = memoryview(np.ascontiguousarray(self.ptr))
        self.docs = load(folder, f"{name}.docs")
        self.idf = load(folder, f"{name}.idf")
        self.codes = load(folder, f"{name}.code")
        self.tf = np.load(folder / f"{name}.tf.npy")  # small, and gathered from at random

    def postings(self, text: str):
        """(docnums, scores) of a term: a read-only view and Whoosh's BM25F score of
        each (float64); None for an unknown term."""
        i = self.lexicon.find(text.encode("utf-8"))
        if i < 0:
            return None
        start, end = self.starts[i], self.starts[i + 1]
        scores = self.tf.take(self.codes[start:end])  # one new array, multiplied in place
        scores *= self.idf[i]
        return self.docs[start:end], scores


class Facet:
    def __init__(self, folder: Path, fieldname: str):
        self.values = Lexicon(folder, f"facet-{fieldname}")
        self.codes = load(folder, f"facet-{fieldname}")
        # A facet has few values (years, collections, types): decoded once, not per count.
        self.names = [self.values.word(i).decode("utf-8") for i in range(self.values.count)]
        self.everywhere = len(self.codes) > 0 and int(self.codes.min()) >= 0  # every document has one

    def code(self, value: str) -> int:
        return self.values.find(value.encode("utf-8"))


class Companion:
    def __init__(self, gen: Path):
        folder = Path(gen) / COMPANION_DIR
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise CompanionMissing(f"no search companion in {gen}: {err}") from None
        if meta.get("version") != COMPANION_VERSION:
            raise CompanionMissing(f"the search companion in {gen} has version "
                                   f"{meta.get('version')!r}, not {COMPANION_VERSION!r}")
        self.doc_count, self.whoosh_generation = meta["doc_count"], meta["whoosh_generation"]
        self.live = load(folder, "live")
        self.all_live = bool(self.live.all())
        self._later = {}  # Whoosh generation -> live mask, for deletions made after writing
        self.fields = {f: TermField(folder, f) for f in meta["fields"]}
        self.facets = {f: Facet(folder, f) for f in meta["facets"]}

    def live_for(self, reader) -> np.ndarray:
        """The live mask for what a Whoosh reader sees. Deletions committed after the
        companion was written (straight to Whoosh) are read from the reader: they
        change no statistic Whoosh scores with. Added documents would: refused."""
        generation = reader.generation()
        if generation == self.whoosh_generation:
            return self.live
        if reader.doc_count_all() != self.doc_count:
            raise CompanionMissing("the index changed after its search companion was written: "
                                   "rebuild it with `zoek index`")
        if generation not in self._later:
            live = np.zeros(self.doc_count, dtype=bool)
            for leaf, offset in reader.leaf_readers():
                live[np.fromiter(leaf.all_doc_ids(), np.int64) + offset] = True
            self._later = {generation: live}
        return self._later[generation]

    def postings(self, fieldname: str, text: str):
        field = self.fields.get(fieldname)
        return field.postings(text) if field else None

    def has_term(self, fieldname: str, text: str) -> bool:
        """Whether any document (deleted ones too, as Whoosh's doc_frequency) has the term:
        one lookup in the mapped lexicon, where a Whoosh MultiReader asks every segment."""
        field = self.fields.get(fieldname)
        return field is not None and field.lexicon.find(text.encode("utf-8")) >= 0


_open: OrderedDict = OrderedDict()
_open_lock = threading.Lock()


def open_companion(gen: Path) -> Companion:
    """The companion of a generation, opened once per process (the last few kept)."""
    key = str(gen)
    with _open_lock:
        found = _open.get(key)
        if found is not None:
            _open.move_to_end(key)
            return found
    opened = Companion(Path(gen))
    with _open_lock:
        _open[key] = opened
        while len(_open) > KEEP_OPEN:
            _open.popitem(last=False)
    return opened


__all__ = ["COMPANION_VERSION", "Companion", "CompanionMissing", "open_companion", "write"]
