"""Snippets and highlights as data, turned into escaped HTML only at the edge.

Matches are found by running the text through the same analysis as the index
and keeping the words whose term the query asked for, so `<mark>` lands on
the word as written (netwerken, coördineren) whatever term it indexed as.
"""

from dataclasses import dataclass, field
from html import escape

from indexer import analysis

SNIPPET_CHARS = 200
LEAD_CHARS = 40          # context shown before the first match in a snippet
SCAN_CHARS = 100_000     # snippets look for matches in this much of a long document
BLOCK_CHARS = 1_000      # ...a block at a time, stopping soon after the first match


@dataclass(frozen=True)
class Wanted:
    """What a query asks to highlight: single terms, and phrases as term tuples."""
    terms: frozenset = frozenset()
    phrases: frozenset = frozenset()

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    @classmethod
    def of(cls, items) -> "Wanted":
        """From terms (str) and phrases (tuples of terms)."""
        items = list(items)
        singles = {i for i in items if isinstance(i, str)}
        singles |= {i[0] for i in items if isinstance(i, tuple) and len(i) == 1}
        return cls(frozenset(singles), frozenset(i for i in items if isinstance(i, tuple) and len(i) > 1))


@dataclass
class Marked:
    """A piece of text and the (start, end) ranges in it to highlight."""
    text: str
    ranges: list[tuple[int, int]] = field(default_factory=list)
    cut_start: bool = False
    cut_end: bool = False
    start: int = 0  # where the text starts in the (whitespace-collapsed) text it was cut from

    def html(self) -> str:
        out, last = [], 0
        for start, end in self.ranges:
            out.append(escape(self.text[last:start]))
            out.append("<mark>" + escape(self.text[start:end]) + "</mark>")
            last = end
        out.append(escape(self.text[last:]))
        return ("…" if self.cut_start else "") + "".join(out) + ("…" if self.cut_end else "")


def matched_term(word: str, terms: frozenset, language=analysis) -> str | None:
    """The wanted term a word stands for: itself, or a part of a compound; the word
    read in `language`, the analysis of its document's language (analysis_for)."""
    term = language.term_for(word)
    if term in terms:
        return term
    for part in language.part_terms(word):
        if part in terms:
            return part
    return None


def phrase_matches(text: str, phrases: frozenset, lang: str | None = None) -> list[tuple[int, int, str]]:
    """Words that take part in an occurrence of a wanted phrase."""
    term_for = analysis.analysis_for(lang).term_for
    tokens = [(s, e, t) for w, s, e in analysis.words(text) if (t := term_for(w))]
    found = []
    for i in range(len(tokens)):
        for phrase in phrases:
            if tuple(t for _, _, t in tokens[i:i + len(phrase)]) == phrase:
                found += [(s, e, " ".join(phrase)) for s, e, _ in tokens[i:i + len(phrase)]]
    return found


def matches(text: str, wanted: Wanted, lang: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word in the text that the query wants, in order."""
    if not wanted:
        return []
    language = analysis.analysis_for(lang)
    found = [(start, end, term) for word, start, end in analysis.words(text)
             if (term := matched_term(word, wanted.terms, language)) is not None]
    if wanted.phrases:
        found = sorted(set(found) | set(phrase_matches(text, wanted.phrases, lang)))
        found = [f for i, f in enumerate(found) if i == 0 or f[0] >= found[i - 1][1]]
    return found


def mark_all(text: str, wanted: Wanted, lang: str | None = None) -> Marked:
    return Marked(text, [(s, e) for s, e, _ in matches(text, wanted, lang)])


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


def blocks(text: str, size: int):
    """(offset, block) pieces of about `size` characters, cut at whitespace."""
    start = 0
    while start < len(text):
        end = text.find(" ", start + size)
        end = len(text) if end == -1 else end
        yield start, text[start:end]
        start = end


def early_matches(text: str, wanted: Wanted, lang: str | None = None) -> list[tuple[int, int, str]]:
    """Matches in the first blocks that have any: the snippet comes from there.

    Long documents are not analysed whole for a snippet: a cheap pass over
    each block's words (memoised per query) finds the first block with a
    match; that block and the next are analysed for exact offsets.
    """
    memo: dict[str, bool] = {}
    language = analysis.analysis_for(lang)

    def wanted_word(word: str) -> bool:
        hit = memo.get(word)
        if hit is None:
            hit = memo[word] = matched_term(word, wanted.terms, language) is not None
        return hit

    found, blocks_after_first = [], 0
    for offset, block in blocks(text, BLOCK_CHARS):
        if found:
            blocks_after_first += 1
        elif not any(map(wanted_word, analysis.WORD_RE.findall(block))):
            continue
        found += [(s + offset, e + offset, t) for s, e, t in matches(block, wanted, lang)]
        if blocks_after_first:
            break
    return found


def snippet(text: str, wanted: Wanted, width: int = SNIPPET_CHARS, lang: str | None = None) -> Marked:
    """About `width` characters around the densest cluster of early matches."""
    text = " ".join(text[:SCAN_CHARS].split())  # one line; whitespace runs collapsed
    found = early_matches(text, wanted, lang) if wanted else []
    if not found:
        end = word_boundary(text, width, forward=True) if len(text) > width else len(text)
        return Marked(text[:end], [], False, end < len(text))
    first = found[best_window(found, width - LEAD_CHARS)][0]
    start = word_boundary(text, max(0, first - LEAD_CHARS), forward=False)
    end = word_boundary(text, min(len(text), start + width), forward=True) \
        if start + width < len(text) else len(text)
    ranges = [(s - start, e - start) for s, e, _ in found if s >= start and e <= end]
    return Marked(text[start:end], ranges, start > 0, end < len(text), start)


def split(marked: Marked, starts: list[int]) -> list[Marked]:
    """A marked text cut at the given offsets (pages), each piece with its own ranges."""
    if not starts:
        return []
    bounds = list(starts[1:]) + [len(marked.text)]
    pieces = []
    for start, end in zip(starts, bounds):
        end = max(start, end)
        ranges = [(s - start, e - start) for s, e in marked.ranges if start <= s < end]
        pieces.append(Marked(marked.text[start:end].rstrip("\n"), ranges, start=start))
    return pieces
