"""The snippet of a hit: the best passage from anywhere in the document.

Best means the most distinct query words (a phrase counts as one, a synonym or
a prefix's completions count as the word typed) within a window of running
text. A window is weighed by how much it reads like prose: contents-page dot
leaders, page numbers and short navigation lines score low. When one window
cannot show every query word the document has, a second one that adds the
missing words follows, after an ellipsis.
"""

import functools
import operator
import re
from bisect import bisect_left, bisect_right

from indexer import analysis
from indexer.search.highlight import Found, Marked, Wanted

try:  # the inner loops in C (setup.py builds it where a compiler is)
    from indexer import _native
except ImportError:  # not built: the Python definitions below do the same
    _native = None

SNIPPET_CHARS = 200       # one fragment
PAIR_CHARS = 130          # each of two fragments
LEAD_CHARS = 40           # context shown before the first match of a fragment
MAX_WEIGHED = 24          # windows whose prose quality is weighed, best first...
NEAR_CHARS = 60           # ...leaving out those that start this close to one weighed
OTHER_FORM = 0.95         # a query word shown in another form than typed
WS_RE = re.compile(r"\s+")
THROUGH_LAST_SPACE_RE = re.compile(r".*\s", re.DOTALL)
PUNCTUATION = "()[]\"'‘’“”.,;:!?-"
LEADERS = (". . . .", "....", "……", "… …", "____", "_ _ _", "· · ·")
SEPARATORS = frozenset("|·•»›>/")
SEPARATOR_RE = re.compile("[" + re.escape("".join(sorted(SEPARATORS))) + "]")  # any at all?
SHORT_LINE_CHARS = 25    # lines shorter than this on average: a menu or a table
LEADER_RE = re.compile("|".join(map(re.escape, LEADERS)))


def prose_quality(text: str) -> float:
    """About 1 for running text, near 0 for dot leaders, numbers and menus.

    A plain loop and regular expressions, no generators, and the lines only
    looked at when they can be short: this runs for several windows of every
    hit (tests/test_prose_quality.py holds it to its plain definition)."""
    tokens = text.split()
    if not tokens:
        return 0.05
    words = 0
    for token in tokens:  # a word: two or more characters, letters once punctuation is stripped
        if token.isalpha():
            if len(token) > 1:
                words += 1
        elif len(token) > 1 and token.strip(PUNCTUATION).isalpha():
            words += 1
    quality = words / len(tokens)
    if LEADER_RE.search(text):
        quality *= 0.25
    if SEPARATOR_RE.search(text) and sum(map(SEPARATORS.__contains__, tokens)) >= 2:
        quality *= 0.5
    newlines = text.count("\n")
    # The non-blank lines hold every non-space character: with 25 per possible line
    # their mean length cannot be short.
    if newlines >= 2 and sum(map(len, tokens)) < SHORT_LINE_CHARS * (newlines + 1):
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) >= 3 and sum(map(len, lines)) / len(lines) < SHORT_LINE_CHARS:
            quality *= 0.5  # a list of short lines: a menu or a table, not a paragraph
    return max(quality, 0.05)


class Keys(list):
    """Per match, the query word it stands for; `weights`: 1 where the match shows that
    word as typed, OTHER_FORM where another form. Also the matches' starts and ends.

    `memo` (a dict kept for one query, as Finder.memo) keeps the key and weight of
    each text shown for an item, for the next hits of the same query."""

    def __init__(self, text: str, found: list[Found], wanted: Wanted, memo: dict | None = None):
        key_of = (memo if memo is not None else {}).setdefault("keys", {})  # (shown, item) -> key, weight
        if _native is not None:
            self.weights, self.starts, self.ends = _native.match_keys(
                text, found, key_of, functools.partial(key_and_weight, wanted), self)
            return
        weights, starts, ends = [], [], []
        for start, end, item, _ in found:
            shown = text[start:end]
            known = key_of.get((shown, item))
            if known is None:
                known = key_of[shown, item] = key_and_weight(wanted, shown, item)
            self.append(known[0])
            weights.append(known[1])
            starts.append(start)
            ends.append(end)
        self.weights, self.starts, self.ends = weights, starts, ends


def key_and_weight(wanted: Wanted, shown: str, item) -> tuple[str, float]:
    """The query word a match of `item` showing `shown` stands for, and its weight."""
    word = wanted.origin(item)[0]
    same = analysis.normalise(" ".join(shown.split())) == analysis.normalise(word)
    return word.lower(), 1.0 if same else OTHER_FORM


def ranked_windows(found, keys, width: int, exclude, skip) -> list[tuple[float, int, int]]:
    """(-distinct keys, first, last) of the windows, most keys first, then in text order
    (first is unique, so the tuples sort that way). Windows overlapping `exclude` are out.
    The window starting at match i runs through the last match ending within `width`
    of its start (at least match i itself)."""
    weights, starts, ends, out = keys.weights, keys.starts, keys.ends, []
    j, last = -1, len(starts) - 1
    low, high = exclude if exclude is not None else (None, None)
    for i, start in enumerate(starts):
        reach = start + width
        while j < last and ends[j + 1] <= reach:
            j += 1
        if j <= i:  # most windows: one match
            j = i
            if exclude is not None and not (ends[i] < low or start > high):
                continue
            out.append((0 if keys[i] in skip else -weights[i], i, i))
            continue
        if exclude is not None and not (ends[j] < low or start > high):
            continue
        shown: dict = {}
        for k in range(i, j + 1):
            key = keys[k]
            if key not in skip and shown.get(key, 0) < weights[k]:
                shown[key] = weights[k]
        # Added left to right, as the C loop adds: Python 3.12's sum() of floats
        # compensates for rounding, which would part the two in the last bit.
        out.append((-functools.reduce(operator.add, shown.values(), 0), i, j))
    out.sort()
    return out


def best_window(text: str, found, keys, width: int, exclude=None, skip=frozenset(), weighed_cache=None):
    """(score, first, last) of the window with the most distinct keys (not in skip),
    weighed by prose quality; None when there is none. Windows overlapping
    `exclude` (a (start, end) span) are left out. A key shown in the form typed
    counts a little more than one shown as another form (coördineren, not coordinatie).
    `weighed_cache` keeps prose qualities between calls with the same width."""
    quality_at = weighed_cache if weighed_cache is not None else {}
    if _native is None:
        return weigh_windows(text, found, keys, width, exclude, skip, quality_at)
    return _native.best_window(text, keys, keys.weights, keys.starts, keys.ends, width, exclude, skip,
                                 quality_at, LEAD_CHARS, NEAR_CHARS, MAX_WEIGHED)


def weigh_windows(text: str, found, keys, width: int, exclude, skip, quality_at: dict):
    """best_window in Python: what _native.best_window does in C."""
    best, weighed, starts = None, [], keys.starts
    best_score = 0.0
    for negative, i, j in ranked_windows(found, keys, width, exclude, skip):
        distinct = -negative
        if distinct == 0 or (best and distinct <= best_score) or len(weighed) == MAX_WEIGHED:
            break  # quality is at most 1: fewer words cannot win
        start = starts[i] - LEAD_CHARS
        if start < 0:
            start = 0
        at = bisect_left(weighed, start)  # weighed: the starts so far, in order
        if (at < len(weighed) and weighed[at] - start < NEAR_CHARS) \
                or (at and start - weighed[at - 1] < NEAR_CHARS):
            continue  # much the same text as a window already weighed
        weighed.insert(at, start)
        quality = quality_at.get(start)
        if quality is None:
            quality = quality_at[start] = prose_quality(text[start:start + width + LEAD_CHARS])
        score = distinct * quality
        if best is None or score > best_score:
            best, best_score = (score, i, j), score
    return best


if _native is not None:
    _native.init(PUNCTUATION, "".join(sorted(SEPARATORS)), LEADERS, SHORT_LINE_CHARS)


def snippet(text: str, found: list[Found], wanted: Wanted, width: int = SNIPPET_CHARS,
            memo: dict | None = None) -> Marked:
    """About `width` characters around the best window of matches, or two fragments.
    `memo`: see Keys."""
    if not found:
        return opening(text, width)
    keys = Keys(text, found, wanted, memo)
    present = set(keys)
    one = best_window(text, found, keys, width - LEAD_CHARS)
    one_keys = set(keys[one[1]:one[2] + 1])
    if len(one_keys) == len(present):
        return fragment(text, keys, one[1], width)
    pair_qualities: dict = {}  # both fragments are weighed at one width
    first = best_window(text, found, keys, PAIR_CHARS - LEAD_CHARS, weighed_cache=pair_qualities)
    shown = set(keys[first[1]:first[2] + 1])
    span = (keys.starts[first[1]] - PAIR_CHARS, keys.ends[first[2]] + PAIR_CHARS)
    second = best_window(text, found, keys, PAIR_CHARS - LEAD_CHARS, exclude=span, skip=shown,
                         weighed_cache=pair_qualities)
    if second is None or len(shown) + len(set(keys[second[1]:second[2] + 1]) - shown) <= len(one_keys):
        return fragment(text, keys, one[1], width)
    a, b = sorted((first[1], second[1]), key=keys.starts.__getitem__)
    return joined(fragment(text, keys, a, PAIR_CHARS), fragment(text, keys, b, PAIR_CHARS))


def opening(text: str, width: int) -> Marked:
    """The start of a text without matches."""
    head = " ".join(text[:width * 2].split())
    end = word_boundary(head, width, forward=True) if len(head) > width else len(head)
    return Marked(head[:end], [], False, end < len(head) or len(text) > width * 2)


def fragment(text: str, keys: Keys, first: int, width: int) -> Marked:
    """About `width` characters from a little before match `first`, whitespace collapsed.
    The matches are in text order and do not overlap: those inside are a run of them."""
    if _native is not None:
        return Marked(*_native.fragment(text, keys.starts, keys.ends, first, width, LEAD_CHARS))
    return python_fragment(text, keys, first, width)


def python_fragment(text: str, keys: Keys, first: int, width: int) -> Marked:
    """fragment in Python (_native.fragment does it in C)."""
    starts, ends = keys.starts, keys.ends
    at = starts[first]
    start = max(0, at - LEAD_CHARS)
    newline = text.rfind("\n", start, at)
    start = newline + 1 if newline != -1 else word_boundary(text, start, forward=False)
    end = start + width
    end = word_boundary(text, end, forward=True) if end < len(text) else len(text)
    end = max(end, ends[first])
    piece = text[start:end]
    inside = range(bisect_left(starts, start), bisect_right(ends, end))
    ranges = [(starts[k] - start, ends[k] - start) for k in inside]
    lead = len(piece) - len(piece.lstrip())
    flat = " ".join(piece.split())
    return Marked(flat, collapsed_ranges(piece, lead, ranges), start > 0, end < len(text), start, at)


def collapsed_ranges(piece: str, lead: int, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges moved to where they stand once whitespace runs are one space and
    the leading whitespace is gone. Ranges begin and end on word characters, so no
    whitespace run spans a range's edge and the text can be collapsed piece by piece."""
    if _native is not None:
        return _native.collapsed_ranges(piece, lead, ranges)
    return python_collapsed_ranges(piece, lead, ranges)


def python_collapsed_ranges(piece: str, lead: int, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """collapsed_ranges in Python (_native.collapsed_ranges does it in C)."""
    out, last, moved = [], lead, 0
    for s, e in ranges:
        s_at = moved + collapsed_length(piece[last:s])
        shown = piece[s:e]
        # A word has no whitespace (it splits into itself); a phrase may.
        e_at = s_at + (e - s if len(shown.split()) == 1 else collapsed_length(shown))
        out.append((s_at, e_at))
        last, moved = e, e_at
    return out


def collapsed_length(text: str) -> int:
    """len(WS_RE.sub(" ", text)), from str.split, which splits at the same whitespace
    (several times faster; tests/test_passages_fast.py holds it to the definition)."""
    words = text.split()
    if not words:
        return 1 if text else 0
    return len(" ".join(words)) + text[0].isspace() + text[-1].isspace()


def joined(a: Marked, b: Marked) -> Marked:
    """Two fragments as one snippet, an ellipsis between them."""
    gap = " … "
    shift = len(a.text) + len(gap)
    return Marked(a.text + gap + b.text, a.ranges + [(s + shift, e + shift) for s, e in b.ranges],
                  a.cut_start, b.cut_end, a.start, a.match_at)


def word_boundary(text: str, pos: int, forward: bool) -> int:
    """Nearest whitespace at or around pos, so a snippet never cuts a word."""
    # No whitespace near pos (a 200 KB "word"): cut there, or the snippet is the whole text.
    if forward:
        nxt = WS_RE.search(text, pos, pos + 21)
        return nxt.start() if nxt else pos
    window = text[max(0, pos - 20):pos + 1]
    last = THROUGH_LAST_SPACE_RE.match(window)  # up to the end of its last whitespace run
    return max(0, pos - 20) + last.end() if last else pos
