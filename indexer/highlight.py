"""Snippets and highlights as data, turned into escaped HTML only at the edge.

Matches are found by running the text through the same analysis as the index
and keeping the words whose term the query asked for, so `<mark>` lands on
the word as written (netwerken, coördineren) whatever term it indexed as.
"""

from dataclasses import dataclass, field
from html import escape

from . import analysis

SNIPPET_CHARS = 200
LEAD_CHARS = 40          # context shown before the first match in a snippet
SCAN_CHARS = 200_000     # snippets look for matches in this much of a long document


@dataclass
class Marked:
    """A piece of text and the (start, end) ranges in it to highlight."""
    text: str
    ranges: list[tuple[int, int]] = field(default_factory=list)
    cut_start: bool = False
    cut_end: bool = False

    def html(self) -> str:
        out, last = [], 0
        for start, end in self.ranges:
            out.append(escape(self.text[last:start]))
            out.append("<mark>" + escape(self.text[start:end]) + "</mark>")
            last = end
        out.append(escape(self.text[last:]))
        return ("…" if self.cut_start else "") + "".join(out) + ("…" if self.cut_end else "")


def matches(text: str, terms: frozenset) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word in the text whose term is wanted."""
    if not terms:
        return []
    term_for = analysis.term_for
    return [(start, end, term) for word, start, end in analysis.words(text)
            if (term := term_for(word)) in terms]


def mark_all(text: str, terms: frozenset) -> Marked:
    return Marked(text, [(s, e) for s, e, _ in matches(text, terms)])


def best_window(found: list[tuple[int, int, str]], width: int) -> int:
    """Index of the match that starts the window with the most distinct terms."""
    best, best_score, j = 0, (-1, -1), 0
    for i, (start, _, _) in enumerate(found):
        j = max(j, i)
        while j + 1 < len(found) and found[j + 1][1] - start <= width:
            j += 1
        window = found[i:j + 1]
        score = (len({t for _, _, t in window}), len(window))
        if score > best_score:
            best, best_score = i, score
    return best


def word_boundary(text: str, pos: int, forward: bool) -> int:
    """Nearest whitespace at or around pos, so a snippet never cuts a word."""
    # No whitespace near pos (a 200 KB "word"): cut there, or the snippet is the whole text.
    if forward:
        nxt = text.find(" ", pos)
        nxt = len(text) if nxt == -1 else nxt
        return nxt if nxt - pos <= 20 else pos
    prev = text.rfind(" ", 0, pos)
    return prev + 1 if pos - prev <= 20 else pos


def snippet(text: str, terms: frozenset, width: int = SNIPPET_CHARS) -> Marked:
    """About `width` characters around the densest cluster of matches."""
    text = " ".join(text[:SCAN_CHARS].split())  # one line; whitespace runs collapsed
    found = matches(text, terms)
    if not found:
        end = word_boundary(text, width, forward=True) if len(text) > width else len(text)
        return Marked(text[:end], [], False, end < len(text))
    first = found[best_window(found, width - LEAD_CHARS)][0]
    start = word_boundary(text, max(0, first - LEAD_CHARS), forward=False)
    end = word_boundary(text, min(len(text), start + width), forward=True) \
        if start + width < len(text) else len(text)
    ranges = [(s - start, e - start) for s, e, _ in found if s >= start and e <= end]
    return Marked(text[start:end], ranges, start > 0, end < len(text))
