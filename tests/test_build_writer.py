"""The build's own segment writer and companion against Whoosh's: the writer that
pools postings per term and writes them a block at a time must write the very
bytes Whoosh's SegmentWriter writes, and the companion built from the postings
the workers recorded must equal the one read back from the finished segments."""

import itertools
import random
import shutil
from array import array
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
import whoosh.index
from whoosh.filedb.compound import CompoundStorage
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte
from whoosh.fields import UnknownFieldError

from indexer import analysis
from indexer.index import blocks, companion, pool, schema, segments, store, whoosh_internals
from indexer.index.build import build_index
from indexer.index.update import update_index
from indexer.sources import documents, listing
from tests.corpus import make_corpus

DOCS = 700  # common words get several 128-posting blocks


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("writer") / "src", DOCS, seed=11)


def files_of(source: Path) -> list[tuple[str, str]]:
    return [(str(p), i) for p, i in documents.assign_ids(listing.list_source(source).documents, source)]


def segment_parts(folder: Path, segment) -> dict[str, bytes]:
    """A compound segment's files by extension, e.g. 'pst' -> its bytes."""
    ix = whoosh.index.open_dir(str(folder))
    parts = CompoundStorage(ix.storage.open_file(segment.make_filename(".seg")), use_mmap=False)
    try:
        return {name.split(".", 1)[1]: parts.open_file(name).read() for name in parts.list()}
    finally:
        parts.close()


def written_by_both(source, tmp_path):
    """The chunk's segment as the build writes it, and as Whoosh's own SegmentWriter
    writes it (with the build's codec: the same stored-field dictionary)."""
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    for folder in (ours, theirs):
        folder.mkdir()
        whoosh.index.create_in(str(folder), schema.make_schema())
    result = segments.index_chunk(str(ours), str(source), files_of(source), 10_000_000)
    assert len(result.segments) == 1 and result.indexed == DOCS

    ix = whoosh.index.open_dir(str(theirs))
    writer = ix.writer(codec=whoosh_internals.StoredDictionaryCodec())
    lexicons = analysis.lexicons()
    for path, doc_id in files_of(source):
        for doc, _ in segments.read_all(Path(path), doc_id, source, segments.ChunkResult(), 10_000_000):
            schema.add_document(writer, doc, lexicons)
    writer.commit()
    (their_segment,) = ix._segments()
    return (ours, result.segments[0]), (theirs, their_segment)


@pytest.fixture(params=["c", "python"])
def block_writer(request, monkeypatch):
    """The posting blocks pickled in C (_native.posting_block), and in Python."""
    if request.param == "c" and blocks._native is None:
        pytest.skip("the C extension is not built")
    if request.param == "python":
        monkeypatch.setattr(blocks, "_native", None)
    return request.param


def test_segment_is_what_whooshs_writer_writes(source, tmp_path, monkeypatch, block_writer):
    monkeypatch.setattr(companion, "COMPANION_ONLY_FIELDS", ())  # every field into Whoosh
    ours, theirs = written_by_both(source, tmp_path)
    mine, whooshs = segment_parts(*ours), segment_parts(*theirs)
    assert sorted(mine) == sorted(whooshs)
    for part in mine:
        assert mine[part] == whooshs[part], part


def test_companion_only_fields_are_left_out_of_the_segment_alone(source, tmp_path):
    (ours, segment), (theirs, their_segment) = written_by_both(source, tmp_path)
    assert companion.COMPANION_ONLY_FIELDS == ("exact",)
    mine, whooshs = segment_parts(ours, segment), segment_parts(theirs, their_segment)
    for part in mine:
        if part not in ("trm", "pst"):  # stored fields, lengths and columns: the same bytes
            assert mine[part] == whooshs[part], part
    assert len(mine["pst"]) < 0.85 * len(whooshs["pst"])
    whoosh_internals.commit_segments(whoosh.index.open_dir(str(ours)), [segment])
    a, b = whoosh.index.open_dir(str(ours)).reader(), whoosh.index.open_dir(str(theirs)).reader()
    assert not list(a.lexicon("exact")) and len(list(b.lexicon("exact"))) > 500
    assert a.field_length("exact") == b.field_length("exact")  # BM25's lengths stay
    for field in ("title", "body", "parts"):
        terms = list(b.lexicon(field))
        assert list(a.lexicon(field)) == terms
        for term in terms[::25]:
            assert list(a.postings(field, term).items_as("positions")
                        if field != "parts" else a.postings(field, term).all_ids()) == \
                list(b.postings(field, term).items_as("positions")
                     if field != "parts" else b.postings(field, term).all_ids()), (field, term)


def test_fields_are_checked_and_boosted_on_every_document(tmp_path):
    ix = whoosh.index.create_in(str(tmp_path), schema.make_schema())
    writer = segments.new_writer(ix)
    for _ in range(2):  # the second time from the plan kept for these keys
        with pytest.raises(UnknownFieldError):
            writer.add_document(id="a", nosuch="x")
    for boost in (None, 2.0, None, 3.0):
        writer.add_document(id="b", type="txt", **({"_type_boost": boost} if boost else {}))
    docs, weights, _ = writer.pool.fields["type"][b"txt"]
    assert list(docs) == [0, 1, 2, 3] and weights == [1.0, 2.0, 1.0, 3.0]
    writer.abandon()


def test_distinct_counts_are_numpys():
    rng = np.random.default_rng(4)
    for size in (0, 1, 2, 99, 100, 101, 5000):
        ids = rng.integers(0, max(1, size // 3), size).astype(np.int32)
        assert pool.distinct_count(ids) == len(np.unique(ids)), size


def test_field_lengths_read_at_once_are_whooshs_one_at_a_time(source, tmp_path):
    build_index(source, tmp_path / "ix", procs=1)
    with whoosh.index.open_dir(str(store.current_generation(tmp_path / "ix"))).reader() as reader:
        leaves = list(reader.leaf_readers())
        assert len(leaves) == 1
        for fieldname in ("title", "body", "title_en", "nosuch"):
            one = length_to_byte(1)
            expected = [reader.doc_field_length(d, fieldname) for d in range(reader.doc_count_all())]
            got = whoosh_internals.field_length_bytes(leaves, fieldname, reader.doc_count_all())
            assert list(got) == [length_to_byte(n) if n else one for n in expected], fieldname
            perdoc = leaves[0][0]._perdoc
            lengths = whoosh_internals.CachedLengths(perdoc, reader.doc_count_all()).column(fieldname)
            assert lengths.tolist() == [n or 0 for n in expected], fieldname


def test_positions_are_encoded_as_whoosh_encodes_them():
    fmt = Positions()
    rng = random.Random(3)
    lists = [[0], [3], [0, 1, 2], [5, 90, 91, 4000, 70000], list(range(0, 3000, 7)), [255], [256],
             [65535], [65536], [2**31 - 1], list(range(1000)), list(range(1001)), list(range(2000)),
             list(range(2001))]  # pickle batches a list's items by the thousand
    lists += [sorted(rng.sample(range(100_000), rng.randint(1, 30))) for _ in range(300)]
    deltas = np.concatenate([np.diff(poslist, prepend=0) for poslist in lists])
    encoded = pool.encode_many(deltas, np.array([len(poslist) for poslist in lists]))
    assert encoded == [fmt.encode(poslist) for poslist in lists]
    assert len({id(value) for value in encoded}) == len(lists)  # a block pickles each value in full
    lazily = pool.EncodedPositions(deltas, np.array([len(poslist) for poslist in lists]))
    lazily.BATCH_POSTINGS = 7
    cuts = [0, 1, 2, 5, 20, 21, 40, 100, len(lists)]
    assert [v for a, b in itertools.pairwise(cuts) for v in lazily[a:b]] == encoded


def test_companion_from_recorded_postings_equals_the_read_back_one(source, tmp_path, monkeypatch):
    # A few thousand postings per segment: one process writes several segments.
    monkeypatch.setattr(segments, "MAX_SEGMENT_POSTINGS", 20_000)
    monkeypatch.setattr(companion, "COMPANION_ONLY_FIELDS", ())  # so that all can be read back
    build_index(source, tmp_path / "ix", procs=1)
    gen = store.current_generation(tmp_path / "ix")
    assert len(whoosh.index.open_dir(str(gen))._segments()) > 3
    recorded = tmp_path / "recorded"
    shutil.copytree(gen / companion.COMPANION_DIR, recorded)
    companion.write(gen)  # no recorded postings: every segment read back
    read_back = gen / companion.COMPANION_DIR
    names = sorted(p.name for p in recorded.iterdir())
    assert names == sorted(p.name for p in read_back.iterdir())
    for name in names:
        if name.endswith(".npy"):
            a, b = np.load(recorded / name), np.load(read_back / name)
            assert a.dtype == b.dtype and np.array_equal(a, b), name
        else:
            assert (recorded / name).read_bytes() == (read_back / name).read_bytes(), name


def value_of(fmt, rng, freq: int) -> bytes:
    """A posting's value as the pool holds it: positions, a packed count, or nothing."""
    if isinstance(fmt, Positions):
        return fmt.encode(sorted(rng.sample(range(500), freq)))
    return pack_uint(freq) if isinstance(fmt, Frequency) else b""


@pytest.mark.parametrize("count", [1, 2, 127, 128, 129, 256, 300])
@pytest.mark.parametrize("fmt", [Positions(), Frequency(), Existence()], ids=["positions", "freq", "exists"])
def test_term_blocks_are_what_whooshs_posting_writer_writes(count, fmt, block_writer):
    rng = random.Random(count)
    docs = array("I", sorted(rng.sample(range(5 * count + 10), count)))
    if count > 200:  # docnums of two and four bytes
        docs = array("I", sorted(rng.sample(range(70_000), count)))
    lengths = [rng.choice([0, 1, 3, 40, 900, 200_000]) for _ in range(docs[-1] + 1)]
    for weights in ([1.0] * count, [2.5] * count, [float(rng.randint(1, 9)) for _ in range(count)],
                    [rng.choice([0.1, 1.7, 10 / 3, 4.0]) for _ in range(count)]):
        values = [value_of(fmt, rng, int(w)) for w in weights]
        for column in (None, lengths):
            theirs = StructFile(BytesIO())
            theirs.write(b"head")  # the term does not start at offset 0
            postwriter = W3Codec().postings_writer(theirs)
            postwriter.start_postings(fmt, W3TermInfo())
            for doc, weight, value in zip(docs, weights, values):
                postwriter.add_posting(doc, weight, value, column[doc] if column else None)
            info = postwriter.finish_postings().to_bytes()
            out = bytearray()
            given = values if isinstance(fmt, Positions) else b"".join(values)
            postings = pool.FieldPostings([b"t"], [0, count], np.array(docs, np.uint32), np.array(weights), given)
            writer = blocks.TermWriter(128, 3, fmt.fixed_value_size(), postings, column)
            assert writer.write(out, 4, 0, given) == info
            assert bytes(out) == theirs.file.getvalue()[4:]


def test_length_bytes_are_whooshs():
    lengths = np.arange(250_000)
    assert blocks.length_bytes(lengths).tolist() == [length_to_byte(n) for n in lengths.tolist()]


def postings_by_id(index_dir: Path, fieldname: str) -> set:
    """(document id, term, weight) of every live document's postings in a companion field."""
    gen = store.current_generation(index_dir)
    with whoosh.index.open_dir(str(gen)).reader() as reader:
        id_of = {d: i for i, d in whoosh_internals.live_docnums(reader).items()}
    field = companion.TermField(gen / companion.COMPANION_DIR, fieldname)
    weights = np.load(gen / companion.COMPANION_DIR / f"term-{fieldname}.weight.npy")
    found = set()
    for t in range(field.lexicon.count):
        term = field.lexicon.word(t)
        for at in range(field.ptr[t], field.ptr[t + 1]):
            docnum = int(field.docs[at])
            if docnum in id_of:
                found.add((id_of[docnum], term, float(weights[field.codes[at]])))
    return found


def test_updates_carry_the_companion_only_postings_over(tmp_path):
    """Two updates (files deleted, changed and added; Whoosh merges segments) leave the
    exact forms' postings what a fresh build of the same files has."""
    src = make_corpus(tmp_path / "src", 400, seed=5)
    build_index(src, tmp_path / "ix", procs=2)
    files = sorted(src.rglob("*.txt"))
    for round_, (gone, changed) in enumerate([(files[::9], files[4::13]), (files[1::17], files[2::7])]):
        for path in gone:
            path.unlink(missing_ok=True)
        for path in changed:
            if path.exists():
                path.write_text(f"Herzien {round_}\n\nnieuwe zinnen over geïntegreerde rapporten "
                                + path.read_text(encoding="utf-8"), encoding="utf-8")
        (src / f"nieuw{round_}.txt").write_text("Nieuw\n\nandere woorden, verschillende vormen",
                                                encoding="utf-8")
        summary = update_index(src, tmp_path / "ix")
        assert summary.deleted and summary.changed and summary.added
    build_index(src, tmp_path / "fresh")
    updated, fresh = postings_by_id(tmp_path / "ix", "exact"), postings_by_id(tmp_path / "fresh", "exact")
    assert len(fresh) > 5000 and updated == fresh


def bodies_of(source: Path) -> dict[str, str]:
    """document id -> body, as the build reads them."""
    bodies = {}
    for path, doc_id in files_of(source):
        for doc, _ in segments.read_all(Path(path), doc_id, source, segments.ChunkResult(), 10_000_000):
            bodies[doc.id] = doc.body
    return bodies


def test_stored_fields_read_back_through_their_segments_dictionary(source, tmp_path):
    """Stored fields go through zstd with a dictionary trained on the segment's first
    documents; a segment too small to train one compresses them without."""
    small = tmp_path / "small"
    small.mkdir()
    for path, _ in files_of(source)[:3]:
        shutil.copy(path, small)
    for src, trained in ((source, True), (small, False)):
        build_index(src, tmp_path / f"{src.name}-ix", procs=1)
        ix = whoosh.index.open_dir(str(store.current_generation(tmp_path / f"{src.name}-ix")))
        dictionaries = [s.codec().dictionary for s in ix._segments()]
        assert all(len(d) > 10_000 for d in dictionaries) if trained else dictionaries == [b""]
        with ix.searcher() as searcher:
            stored = {fields["id"]: fields["body"] for fields in searcher.all_stored_fields()}
        assert stored == bodies_of(src)


def test_large_documents_train_the_dictionary_early_on_their_first_bytes(monkeypatch):
    """Large stored fields are not all held back for training: 8 MB of them train the
    dictionary, on the first SAMPLE_BYTES of each."""
    seen = []
    monkeypatch.setattr(whoosh_internals, "trained_dictionary", lambda samples: seen.append(samples) or b"")
    codec = whoosh_internals.StoredDictionaryCodec()
    writer = whoosh_internals.DictionaryBytesColumn(codec).writer(StructFile(BytesIO()))
    page = bytes(random.Random(5).getrandbits(8) for _ in range(1000)) * 1000  # 1 MB
    for docnum in range(12):
        writer.add(docnum, page)
    assert codec.dictionary == b"" and len(seen) == 1
    assert len(seen[0]) == -(-whoosh_internals.DICTIONARY_WAIT_BYTES // len(page))  # the first to reach it
    assert all(len(sample) == whoosh_internals.SAMPLE_BYTES for sample in seen[0])
