"""The reading path's shortcuts find what the plain scans they replace find: the
links prefilter, the year pattern that skips to the next 1 or 2, and the letter
count that stops at the twentieth letter."""

import os
import re

import pytest

from indexer.sources import documents, language, metadata, sourcefile

# The patterns as they were before the shortcuts.
PLAIN_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?![\w-])")
LETTER_RE = re.compile(r"[^\W\d_]")

TEXTS = ["", "geen links hier", "zie WWW.Example.nl/x.", "HTTPS://A.B/c?d=1 en http://x", "wWw.a",
         "ww.w.nl", "https:/x", "ſtraat www ſ://x", "2019 12019 x2019 2019- 1999a a2020 20201 2020",
         "13 juni 2019, 1-2-1999 en 31/12/2024", "19 20 192 2 019 ﻿2021", "١٢٣ 2019٣ ٣2019",
         "Ⅻ ½ ² abc " * 5, "a" * 19, "a1" * 20, "_" * 30 + "b" * 20, "é" * 20 + "!"]


def test_links_prefilter_never_hides_a_link():
    for text in TEXTS:
        if documents.URL_RE.search(text):
            assert documents.may_have_links(text), text
        assert documents.extract_links(text) == (documents.URL_RE.sub(" ", text), list(dict.fromkeys(
            m.group().rstrip(".,;:") for m in documents.URL_RE.finditer(text))))


def test_year_pattern_finds_the_same_years():
    for text in TEXTS:
        assert [m.span() for m in metadata.YEAR_RE.finditer(text)] == \
            [m.span() for m in PLAIN_YEAR_RE.finditer(text)], text


def test_enough_letters_as_counting_them():
    for text in TEXTS:
        for cut in range(len(text) + 1):
            sample = text[:cut]
            assert bool(language.ENOUGH_LETTERS_RE.match(sample)) == \
                (len(LETTER_RE.findall(sample)) >= language.MIN_LETTERS), sample


def test_read_fd_reads_up_to_the_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 5000)
    for first, limit, expected in ((5001, 10_001, 5000), (1, 10_001, 5000), (100, 3000, 3000), (5001, 5000, 5000)):
        fd = os.open(path, os.O_RDONLY)
        try:
            assert sourcefile.read_fd(fd, first, limit) == b"x" * expected
        finally:
            os.close(fd)
    assert sourcefile.read_bytes(path, 5000)[0] == b"x" * 5000
    with pytest.raises(sourcefile.Unusable, match="larger than"):
        sourcefile.read_bytes(path, 4999)
