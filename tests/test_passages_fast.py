"""Parts of passages written for speed equal their plain definitions on generated input."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search.highlight import Found, Wanted
from indexer.search.passages import OTHER_FORM, WS_RE, Keys, collapsed_length, ranked_windows


def plain_windows(found, width):
    """(first, last): from each match, through the last match that ends within `width`
    of its start (at least the match itself)."""
    out = []
    for i, first in enumerate(found):
        j = max([k for k in range(i, len(found)) if found[k].end <= first.start + width], default=i)
        out.append((i, max(i, j)))
    return out


def plain_ranked(found, keys, width, exclude, skip):
    out = []
    for i, j in plain_windows(found, width):
        if exclude is not None and not (found[j].end < exclude[0] or found[i].start > exclude[1]):
            continue
        best: dict = {}
        for k in range(i, j + 1):
            if keys[k] not in skip:
                best[keys[k]] = max(best.get(keys[k], 0), keys.weights[k])
        out.append((-sum(best.values()), i, j))
    return sorted(out)


WORDS = ["werk", "werken", "gewerkt", "groep", "groepen", "cel", "cellen"]


@st.composite
def matches(draw):
    """A text of query words and filler, and its matches in text order."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    parts, found, at = [], [], 0
    for _ in range(draw(st.integers(0, 40))):
        if rng.random() < 0.5:
            word = rng.choice(WORDS)
            found.append(Found(at, at + len(word), word[:4], "term"))
            parts.append(word)
        else:
            parts.append("x" * rng.randint(1, 90))
        at += len(parts[-1]) + 1
    return " ".join(parts), found


@settings(max_examples=500, deadline=None, database=None)
@given(matches(), st.integers(1, 200), st.booleans(), st.sets(st.sampled_from(["werk", "groe", "cel"])))
def test_ranked_windows_are_their_definition(text_found, width, excluding, skip):
    text, found = text_found
    keys = Keys(text, found, Wanted.of(["werk", "groe", "cel"], {"werk": ("werk", "word")}))
    assert set(keys.weights) <= {1.0, OTHER_FORM}
    exclude = (len(text) // 3, len(text) // 2) if excluding else None
    assert ranked_windows(found, keys, width, exclude, skip) == plain_ranked(found, keys, width, exclude, skip)


@settings(max_examples=2000, deadline=None, database=None)
@given(st.lists(st.sampled_from(["a", "é", ".", " ", "  ", "\n", "\t", "\xa0", "\x1c", "\x85", "\u2028",
                                 "\u3000", "woord", "-"]), max_size=30).map("".join))
def test_collapsed_length_is_its_definition(text):
    assert collapsed_length(text) == len(WS_RE.sub(" ", text))
