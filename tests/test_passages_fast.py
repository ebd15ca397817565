"""Parts of passages written for speed equal their plain definitions on generated input."""

import functools
import operator
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search.highlight import Found, Wanted
from indexer.search.passages import (LEAD_CHARS, MAX_WEIGHED, NEAR_CHARS, OTHER_FORM, WS_RE, Keys, best_window,
                                     collapsed_length, prose_quality, ranked_windows, weigh_windows)


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
        out.append((-functools.reduce(operator.add, best.values(), 0), i, j))  # left to right, as C adds
    return sorted(out)


WORDS = ["werk", "werken", "gewerkt", "groep", "groepen", "cel", "cellen"]
# Fillers: running text, numbers and leaders (low prose quality), and gaps that put the
# next match's window just inside or just outside NEAR_CHARS of this one's.
FILLERS = ["woorden van gewone tekst", "1.2 3 4", ". . . .", "a", "Menu > Opmaak > Cel", "\n",
           "x" * 49, "x" * 51, "x" * 53, "x" * 54, "x" * 55, "y " * 25, "1 " * 25]


@st.composite
def matches(draw):
    """A text of query words and filler, and its matches in text order."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    parts, found, at = [], [], 0
    for _ in range(draw(st.integers(0, 120))):
        if rng.random() < 0.4:
            word = rng.choice(WORDS)
            found.append(Found(at, at + len(word), word[:4], "term"))
            parts.append(word)
        else:
            parts.append(rng.choice(FILLERS + ["x" * rng.randint(1, 90)]))
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


def plain_best_window(text, found, keys, width, exclude=None, skip=frozenset()):
    """The best-ranked window by distinct keys times prose quality, weighing at most
    MAX_WEIGHED windows, none starting within NEAR_CHARS of one weighed before."""
    best, weighed = None, []
    for negative, i, j in plain_ranked(found, keys, width, exclude, skip):
        if -negative == 0 or (best and -negative <= best[0]) or len(weighed) == MAX_WEIGHED:
            break
        start = max(0, found[i].start - LEAD_CHARS)
        if any(abs(start - other) < NEAR_CHARS for other in weighed):
            continue
        weighed.append(start)
        score = -negative * prose_quality(text[start:start + width + LEAD_CHARS])
        if best is None or score > best[0]:
            best = (score, i, j)
    return best


@settings(max_examples=1500, deadline=None, database=None)
@given(matches(), st.sampled_from([1, 20, 90, 160, 200]), st.booleans(),
       st.sets(st.sampled_from(["werk", "groe", "cel"])))
def test_best_window_is_its_definition(text_found, width, excluding, skip):
    text, found = text_found
    keys = Keys(text, found, Wanted.of(["werk", "groe", "cel"]))
    exclude = (len(text) // 3, len(text) // 2) if excluding else None
    expected = plain_best_window(text, found, keys, width, exclude, skip)
    assert best_window(text, found, keys, width, exclude, skip) == expected  # in C where built
    assert weigh_windows(text, found, keys, width, exclude, skip, {}) == expected  # in Python


def test_a_window_exactly_near_chars_before_one_weighed_is_weighed():
    """The typed form's window is weighed first; the other form's, NEAR_CHARS before it
    in a better text, is weighed too and wins."""
    text = "woorden " * 8 + "werken " + "x" * 52 + " werk " + "1 " * 60
    found = [Found(text.index("werken"), text.index("werken") + 6, "werk", "term"),
             Found(text.index(" werk ") + 1, text.index(" werk ") + 5, "werk", "term")]
    keys = Keys(text, found, Wanted.of(["werk"]))
    assert keys.weights == [OTHER_FORM, 1.0]
    assert (found[1].start - found[0].start) == NEAR_CHARS
    best = best_window(text, found, keys, 90)
    assert best == plain_best_window(text, found, keys, 90) and best[1] == 0
