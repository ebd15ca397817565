"""The C loops (indexer/_native.c) do what their Python definitions do, on generated
text that mixes scripts, accents (composed and combining), astral characters,
apostrophes, punctuation with no space between them, and every kind of whitespace."""

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import _native, analysis
from indexer.index.companion import Lexicon
from indexer.search import engine, highlight, passages, why
from indexer.search.highlight import Finder, Found, Wanted

pytestmark = pytest.mark.skipif(_native is None, reason="the C extension is not built")

PIECES = ["arbeid", "kinderarbeid", "ARBEIDS", "werk", "werken", "gewerkt", "Werkgroep", "netwerk",
          "coördineren", "coordinatie", "kopie\u0308ren", "NGO's", "zo’n", "l'", "'", "’", "-", " ", "\n",
          "\u0301", "é", "ß", "ĳ", "Ω", "статья", "中文", "😀", "\U0001d400", "²", "٣", "_", "12", ".", "—",
          "\t", "\r\n", "\xa0", "\x85", "\u2003", "\u3000", "  "]  # whitespace Python's split() knows
TERMS = [["arbeid"], ["werk"], ["coordiner", "netwerk"], ["ngo"], ["werk", "arbeid", "groep"]]
FORMS = {"arbeid": ["arbeid", "arbeids"], "werk": ["werk", "werken", "gewerkt"], "groep": ["groep"],
         "coordiner": ["coordineren"], "netwerk": ["netwerk"], "ngo": ["ngo"]}
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=60)


@settings(max_examples=1500, deadline=None, database=None)
@given(texts, st.sampled_from(TERMS), st.booleans(), st.sampled_from([None, "nl", "en"]))
def test_found_words_are_the_python_loop(text, terms, with_forms, lang):
    finder = Finder(Wanted.of(terms), FORMS.get if with_forms else None)
    language = analysis.analysis_for(lang)
    folded = highlight.folded_bytes(text) if finder.patterns is not None else None
    expected = finder.words_found(text, None, language, {})
    got = _native.found_words(text, folded, finder.byte_prefixes, {},
                              lambda word: finder.kind_of(word, language), Found)
    assert got == expected
    assert all(type(f) is Found for f in got[0])


@settings(max_examples=1500, deadline=None, database=None)
@given(texts)
def test_folded_is_the_python_folding(text):
    assert _native.folded(text, highlight.FOLD_TABLE) == highlight.python_folded_bytes(text)


def python_find(words: list[bytes], word: bytes) -> int:
    return words.index(word) if word in words else -1


@settings(max_examples=300, deadline=None, database=None)
@given(st.sets(st.binary(max_size=6), max_size=30), st.binary(max_size=6), st.sampled_from([np.uint32, np.uint64]))
def test_find_word_is_a_lookup_in_the_sorted_words(words, probe, dtype):
    words = sorted(words)
    offsets = np.zeros(len(words) + 1, dtype=dtype)
    offsets[1:] = np.cumsum([len(w) for w in words])
    bounds, blob = memoryview(offsets), b"".join(words)
    for word in [probe, *words]:
        assert _native.find_word(blob, bounds, bounds.itemsize, word) == python_find(words, word)


def test_find_word_refuses_offsets_past_the_blob():
    with pytest.raises(ValueError):
        _native.find_word(b"ab", memoryview(np.array([0, 1, 9], np.uint32)), 4, b"b")
    with pytest.raises(ValueError):
        _native.find_word(b"ab", memoryview(np.array([0, 2, 1], np.uint32)), 4, b"a")


def test_the_companion_lexicon_finds_what_its_python_search_finds(tmp_path):
    words = sorted({"arbeid", "werk", "werken", "coördineren", "a", "zzz"})
    np.save(tmp_path / "t.off.npy", np.cumsum([0] + [len(w.encode()) for w in words]).astype(np.uint32))
    (tmp_path / "t.lex").write_bytes("".join(words).encode())
    lexicon = Lexicon(tmp_path, "t")
    for word in words + ["", "b", "werkt", "zzzz"]:
        assert lexicon.find(word.encode()) == python_find([w.encode() for w in words], word.encode())


@settings(max_examples=1500, deadline=None, database=None)
@given(texts, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=6), st.integers(0, 3))
def test_collapsed_ranges_are_the_python_loop(piece, spans, lead):
    ranges, at = [], lead
    for gap, length in spans:  # in order and not overlapping, as fragment makes them
        ranges.append((at + gap, at + gap + length))
        at += gap + length
    assert _native.collapsed_ranges(piece, lead, ranges) == passages.python_collapsed_ranges(piece, lead, ranges)


found_lists = st.lists(st.builds(Found, st.integers(0, 70), st.integers(0, 70),
                                 st.sampled_from(["werk", "arbeid", ("due", "diligence")]),
                                 st.sampled_from(["term", "part", "phrase"])), max_size=12)


@settings(max_examples=1000, deadline=None, database=None)
@given(st.lists(st.tuples(texts, found_lists), max_size=3), st.integers(1, 6), st.booleans())
def test_distinct_reasons_are_the_python_loop(found_in, limit, warm):
    def reason(shown, item, kind):  # what why.reason_for gives: equal tuples for equal keys
        return (shown.lower(), str(item), kind if len(shown) % 3 else "word")
    memo_c, memo_py = ({("", "werk", "term"): ("al", "bekend", "word")} if warm else {} for _ in "ab")
    got = _native.distinct_reasons(found_in, memo_c, reason, limit)
    assert got == why.distinct_reasons(found_in, memo_py, reason, limit)
    assert memo_c == memo_py


def test_distinct_reasons_refuse_what_they_cannot_read():
    def reason(*key):
        return key
    with pytest.raises(ValueError):
        _native.distinct_reasons([("tekst", [Found(-1, 2, "werk", "term")])], {}, reason, 5)
    with pytest.raises(TypeError):
        _native.distinct_reasons([("tekst", [(0, 2)])], {}, reason, 5)
    with pytest.raises(ZeroDivisionError):
        _native.distinct_reasons([("tekst", [Found(0, 2, "werk", "term")])], {}, lambda *k: 1 / 0, 5)


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.tuples(st.sampled_from(["werk", "Werken", "gewerkt", "cel", "CELLEN", "groep"]),
                          st.integers(0, 30)), max_size=20))
def test_match_keys_are_the_python_loop(words):
    text, found = "", []
    for word, gap in words:
        text += "x" * gap
        found.append(Found(len(text), len(text) + len(word), word[:3].lower(), "term"))
        text += word
    wanted = Wanted.of(["wer", "cel", "gro"], {"wer": ("werken", "word")})
    memo: dict = {}
    keys = []
    got = _native.match_keys(text, found, memo, functools.partial(passages.key_and_weight, wanted), keys)
    native, passages._native = passages._native, None
    try:
        expected = passages.Keys(text, found, wanted, {})
    finally:
        passages._native = native
    assert keys == list(expected) and got == (expected.weights, expected.starts, expected.ends)


def numpy_parts(draw_ids, dtypes, rng):
    return [engine.Matches(np.unique(ids).astype(dtype), rng.random(len(np.unique(ids))))
            for ids, dtype in zip(draw_ids, dtypes)]


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.lists(st.integers(0, 300), min_size=1, max_size=60), min_size=1, max_size=5),  # as union() calls it
       st.lists(st.sampled_from([np.uint16, np.int32, np.int64, np.uint32]), min_size=5, max_size=5),
       st.integers(0, 2**32 - 1))
def test_union_and_intersection_are_the_numpy_definitions(ids, dtypes, seed):
    parts = numpy_parts(ids, dtypes, np.random.default_rng(seed))
    native, engine._native = engine._native, None
    try:
        expected_union, expected_and = engine.merged(parts), engine.intersect(parts)
    finally:
        engine._native = native
    for got, expected in ((engine.merged(parts), expected_union), (engine.intersect(parts), expected_and)):
        assert got.ids.tolist() == expected.ids.tolist()
        assert got.scores.tolist() == expected.scores.tolist()  # added in the same order: equal bits


def test_the_merges_refuse_what_they_cannot_read():
    ids, scores = np.arange(3), np.ones(3)
    out_ids, out_scores = np.empty(6, np.int64), np.empty(6)
    with pytest.raises(TypeError):  # scores as docnums
        _native.union_sum([scores], [scores], out_ids, out_scores)
    with pytest.raises(TypeError):  # lengths differ
        _native.union_sum([ids], [scores[:2]], out_ids, out_scores)
    with pytest.raises(ValueError):  # output too short
        _native.union_sum([ids, ids + 3], [scores, scores], out_ids[:5], out_scores)
    with pytest.raises(ValueError):  # nothing to merge
        _native.intersect_sum([], [], out_ids, out_scores)


@settings(max_examples=1500, deadline=None, database=None)
@given(texts, st.lists(st.tuples(st.integers(0, 30), st.integers(1, 8)), min_size=1, max_size=8),
       st.data(), st.sampled_from([1, 20, 90, 130, 200]))
def test_fragment_is_the_python_definition(text, spans, data, width):
    found, at = [], 0
    for gap, length in spans:  # matches in text order, not overlapping, inside the text
        if at + gap + length > len(text):
            break
        found.append(Found(at + gap, at + gap + length, "x", "term"))
        at += gap + length
    if not found:
        return
    keys = passages.Keys(text, found, Wanted.of(["x"]))
    first = data.draw(st.integers(0, len(found) - 1))
    assert passages.fragment(text, keys, first, width) == passages.python_fragment(text, keys, first, width)


class NumberedWords(dict):
    """analysis.WordIds' contract: a word met for the first time gets the next id."""

    def __missing__(self, word):
        found = self[word] = len(self)
        return found


@settings(max_examples=1500, deadline=None, database=None)
@given(st.lists(texts, min_size=1, max_size=3))
def test_word_ids_are_the_word_regex(many):
    ids_c, ids_py = NumberedWords(), NumberedWords()
    for text in many:  # later texts meet words the first ones numbered
        got = np.frombuffer(_native.word_ids(text, ids_c), np.int32).tolist()
        assert got == [ids_py[word] for word in analysis.pipeline.WORD_RE.findall(text)]
    assert list(ids_c.items()) == list(ids_py.items())


def test_word_ids_refuse_what_they_cannot_read():
    with pytest.raises(TypeError):
        _native.word_ids("tekst", [])
    with pytest.raises(ValueError):
        _native.word_ids("tekst", {"tekst": -1})
    with pytest.raises(TypeError):
        _native.word_ids("tekst", {"tekst": "een"})
    with pytest.raises(ZeroDivisionError):
        _native.word_ids("tekst", analysis.pipeline.WordIds(lambda word: 1 / 0))


@settings(max_examples=300, deadline=None, database=None)
@given(texts, texts, st.booleans())
def test_a_lexicon_analyses_documents_alike_with_and_without_c(title, body, exact):
    by_c, by_python = analysis.pipeline.Lexicon(), analysis.pipeline.Lexicon()
    got = by_c.document(title, body, exact)
    native, analysis.pipeline._native = analysis.pipeline._native, None
    try:
        expected = by_python.document(title, body, exact)
    finally:
        analysis.pipeline._native = native
    for field in ("title", "body", "parts", "exact"):
        a, b = getattr(got, field), getattr(expected, field)
        assert by_c.strings(a.terms) == by_python.strings(b.terms)
        assert (a.positions is None) == (b.positions is None)
        if a.positions is not None:
            assert a.positions.tolist() == b.positions.tolist()
    assert by_c.strings(got.words) == by_python.strings(expected.words)
    assert got.title_key == expected.title_key


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.integers(0, 40), max_size=300), st.integers(0, 20))
def test_stable_order_is_numpys_stable_argsort(keys, more):
    keys = np.array(keys, np.int32)
    bound = int(keys.max()) + 1 + more if len(keys) else more
    got = np.frombuffer(_native.stable_order(keys, bound), np.int64)
    assert got.tolist() == np.argsort(keys, kind="stable").tolist()


def test_stable_order_refuses_keys_out_of_bounds():
    with pytest.raises(ValueError):
        _native.stable_order(np.array([0, 3], np.int32), 3)
    with pytest.raises(ValueError):
        _native.stable_order(np.array([-1], np.int32), 3)
    with pytest.raises(TypeError):
        _native.stable_order(np.array([1], np.int64), 3)


def test_a_posting_block_with_one_value_object_twice_pickles_as_python_does():
    from indexer.index import blocks, pool
    shared, other = b"\x00\x00\x00\x01\x80\x02]q\x00K\x03a.", b"\x00\x00\x00\x01\x80\x02]q\x00K\x07a."
    values = [shared, other, shared, b"", shared]  # the same object three times, an empty one
    postings = pool.FieldPostings([b"t"], [0, 5], np.array([1, 4, 9, 300, 70_000], np.uint32),
                                  np.array([1.0, 2.0, 1.0, 0.5, 1.0]), values)
    out_c, out_py = bytearray(), bytearray()
    writer = blocks.TermWriter(128, 3, None, postings, None)
    info_c = writer.write(out_c, 0, 0, values)
    native, blocks._native = blocks._native, None
    try:
        info_py = writer.write(out_py, 0, 0, values)
    finally:
        blocks._native = native
    assert (info_c, bytes(out_c)) == (info_py, bytes(out_py))
