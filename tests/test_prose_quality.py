"""passages.prose_quality, written for speed, equals its plain definition on any text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search import passages
from indexer.search.passages import LEADERS, PUNCTUATION, SEPARATORS, prose_quality

BUILT = pytest.mark.skipif(passages._native is None, reason="the C passages are not built")


def plain_prose_quality(text: str) -> float:
    """The definition: the share of word tokens, a quarter with dot leaders, half with
    two separators, half for three or more non-blank lines of under 25 characters."""
    tokens = text.split()
    if not tokens:
        return 0.05
    quality = sum(1 for t in tokens if len(t) > 1 and t.strip(PUNCTUATION).isalpha()) / len(tokens)
    if any(leader in text for leader in LEADERS):
        quality *= 0.25
    if sum(1 for t in tokens if t in SEPARATORS) >= 2:
        quality *= 0.5
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) >= 3 and sum(map(len, lines)) / len(lines) < 25:
        quality *= 0.5
    return max(quality, 0.05)


PIECES = list("abzéßØ1²_'’.,;:!?-()[]\"“”|·•»›>/") + [
    " ", "  ", "\n", "\n\n", "\t", "\xa0", "\x1c", "\x85", "\u2028", "woord", "x", "…",
    *LEADERS, "Rijen invoegen. ", "Menu > Opmaak > ", "12.3 ", "e-mail ", "l'hôpital ",
]


@settings(max_examples=2000, deadline=None, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_prose_quality_is_its_definition(text):
    assert prose_quality(text) == plain_prose_quality(text)


@BUILT
@settings(max_examples=3000, deadline=None, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join) | st.text(max_size=120))
def test_the_c_prose_quality_is_its_definition(text):
    assert passages._native.prose_quality(text) == plain_prose_quality(text)
