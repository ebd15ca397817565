"""Highlights as data, turned into escaped HTML only at the edge.

A query's terms are found in a text by the same analysis as the index, so
`<mark>` lands on the word as written (netwerken, coördineren) whatever term it
indexed as. Phrases are marked as one range, and only where the words stand
together. Texts are not analysed word by word: each term's written forms in
the index's vocabulary are grouped into a few shared prefixes, looked up with
`bytes.find` in a lowercased, diacritics-folded copy of the text with one byte
per character (so offsets stay); only the words found so are analysed. Without
a vocabulary, or with decomposed accents, every word is analysed.
"""

import functools
import os
import re
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple

from indexer import analysis

try:  # the inner loops in C (setup.py builds it where a compiler is)
    from indexer import _native
except ImportError:  # not built: the Python definitions here do the same
    _native = None

MIN_ANCHOR_CHARS = 3       # a shorter shared prefix finds too much: analyse word by word
ANYWHERE_CHARS = 4         # a prefix this long is also looked for inside words (compound parts)
MAX_PHRASE_GAP = 40        # characters between the words of a phrase (only stopwords there)


@dataclass(frozen=True)
class Wanted:
    """What a query asks to highlight: single terms, and phrases as term tuples.

    `origins` says for each term or phrase what the user typed for it and how it
    came from that: (typed, via) with via word, phrase, synonym or prefix."""
    terms: frozenset = frozenset()
    phrases: frozenset = frozenset()
    origins: dict = field(default_factory=dict, compare=False, hash=False)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    @classmethod
    def of(cls, items, origins: dict | None = None) -> "Wanted":
        """From terms (str) and phrases (tuples of terms)."""
        items = list(items)
        singles = {i for i in items if isinstance(i, str)}
        singles |= {i[0] for i in items if isinstance(i, tuple) and len(i) == 1}
        phrases = frozenset(i for i in items if isinstance(i, tuple) and len(i) > 1)
        return cls(frozenset(singles), phrases, dict(origins or {}))

    def origin(self, item) -> tuple[str, str]:
        """(typed, via) of a term or phrase; the item itself when the query did not say."""
        if item in self.origins:
            return self.origins[item]
        if isinstance(item, tuple):
            return " ".join(item), "phrase"
        return item, "word"


class Found(NamedTuple):
    """One highlight: where, which wanted term or phrase, and how (term, part, phrase)."""
    start: int
    end: int
    item: object
    kind: str


HTML_SPECIAL_RE = re.compile("[&<>\"']")  # what html.escape replaces
new_found = tuple.__new__  # Found without its Python-level __new__ (the hits make thousands)


@dataclass
class Marked:
    """A piece of text and the (start, end) ranges in it to highlight."""
    text: str
    ranges: list[tuple[int, int]] = field(default_factory=list)
    cut_start: bool = False
    cut_end: bool = False
    start: int = 0  # where the text starts in the text it was cut from
    match_at: int | None = None  # offset of the first shown match in the text it was cut from

    def html(self) -> str:
        # Most texts have nothing to escape: str gives each piece back as it is, in C.
        esc = escape if HTML_SPECIAL_RE.search(self.text) else str
        out, last, text = [], 0, self.text
        for start, end in self.ranges:
            out += (esc(text[last:start]), "<mark>", esc(text[start:end]), "</mark>")
            last = end
        out.append(esc(text[last:]))
        return ("…" if self.cut_start else "") + "".join(out) + ("…" if self.cut_end else "")


def fold_table() -> bytes:
    """Byte -> byte: ASCII lowercased, Latin-1 letters with a diacritic folded (ö -> o)."""
    table = bytearray(range(256))
    for byte in range(256):
        folded = analysis.fold(chr(byte))
        if len(folded) == 1 and ord(folded) < 256:
            table[byte] = ord(folded)
    return bytes(table)


FOLD_TABLE = fold_table()
ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def folded_bytes(text: str) -> bytes | None:
    """The text lowercased and folded, one byte per character (same offsets);
    None when decomposed accents would hide words from a byte search.

    Bytes, not str: encoding, slicing and translating run at memory speed,
    where str.lower() on non-ASCII text costs some 10 ns a character. A
    character beyond Latin-1 keeps its low byte: it may look like a letter
    there, which at worst makes a hit that the analysis then rejects."""
    if _native is not None:
        return _native.folded(text, FOLD_TABLE)
    return python_folded_bytes(text)


def python_folded_bytes(text: str) -> bytes | None:
    """folded_bytes in Python (_native.folded does it in C)."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        wide = text.encode("utf-16-le", "surrogatepass")
        if len(wide) != 2 * len(text):  # astral characters take two units: one will do
            wide = ASTRAL_RE.sub("\ufffd", text).encode("utf-16-le", "surrogatepass")
        if has_combining(wide):
            return None
        raw = wide[0::2]
    return raw.translate(FOLD_TABLE)


def has_combining(wide: bytes) -> bool:
    """Whether UTF-16-LE text holds U+0300-U+036F (combining diacritics)."""
    pos = wide.find(b"\x03")
    while pos != -1:
        if pos % 2 and wide[pos - 1] <= 0x6F:
            return True
        pos = wide.find(b"\x03", pos + 1)
    return False


def anchors(terms, forms_of) -> list[tuple[str, bool]] | None:
    """(prefix, also inside words) to look up for each term; None if a term has no
    usable prefix (the text is then analysed word by word)."""
    out = set()
    for term in terms:
        groups: dict[str, list[str]] = {}  # forms by their first letters: gecoordineerd, coordinatie
        for form in forms_of(term) or [term]:
            groups.setdefault(form[:MIN_ANCHOR_CHARS], []).append(form)
        for forms in groups.values():
            prefix = os.path.commonprefix(forms)
            usable = len(prefix) >= MIN_ANCHOR_CHARS or (len(forms) == 1 and prefix == forms[0])
            if not prefix or not usable or max(prefix) > "\xff":  # the byte search is Latin-1
                return None
            out.add((prefix, len(prefix) >= ANYWHERE_CHARS))
    kept: list[tuple[str, bool]] = []
    for prefix, anywhere in sorted(out, key=lambda pa: len(pa[0])):
        # A shorter prefix finds all that this one would: at its start, or anywhere
        # when it is looked for inside words too (laten finds gelaten).
        if not any((a and p in prefix) or (not anywhere and prefix.startswith(p)) for p, a in kept):
            kept.append((prefix, anywhere))
    return sorted(kept)


@functools.lru_cache(maxsize=256)
def prefix_patterns(prefixes: tuple[tuple[str, bool], ...]) -> list[tuple[re.Pattern, dict, bool | None]]:
    """One pattern per group of prefixes with the same first two letters (la(?:at|ten)):
    a pattern with a literal head is searched as fast as one prefix. Each comes with
    prefix -> whether it is also looked for inside words, and whether all of its
    prefixes are (True), none is (False) or some are (None)."""
    groups: dict[str, dict] = {}
    for prefix, anywhere in prefixes:
        groups.setdefault(prefix[:2], {})[prefix.encode("latin-1")] = anywhere
    out = []
    for needles in groups.values():
        head = os.path.commonprefix(list(needles))
        tails = sorted((re.escape(n[len(head):]) for n in needles), key=len, reverse=True)
        inside = set(needles.values())
        out.append((re.compile(re.escape(head) + b"(?:" + b"|".join(tails) + b")"), needles,
                    inside.pop() if len(inside) == 1 else None))
    return out


def anchored_words(text: str, folded: bytes, patterns) -> list[tuple[str, int, int]]:
    """(word, start, end) of every word holding one of the prefixes of `patterns`
    (prefix_patterns, made once per query; the folded bytes have the text's offsets)."""
    starts = set()
    for pattern, anywhere_of, inside in patterns:
        if inside:  # every prefix also inside words: the word's start, wherever it is
            for start in [m.start() for m in pattern.finditer(folded)]:
                while start and text[start - 1].isalnum():
                    start -= 1
                starts.add(start)
        elif inside is None:
            for m in pattern.finditer(folded):
                start = m.start()
                if anywhere_of[m.group()]:
                    while start and text[start - 1].isalnum():
                        start -= 1
                elif start and text[start - 1].isalnum():
                    continue
                starts.add(start)
        else:  # only at the start of a word
            for start in [m.start() for m in pattern.finditer(folded)]:
                if not start or not text[start - 1].isalnum():
                    starts.add(start)
    out, word_end, match = [], -1, analysis.WORD_RE.match
    for start in sorted(starts):
        if start >= word_end:  # not inside the word before
            m = match(text, start)
            if m:
                word_end = m.end()
                out.append((m.group(), start, word_end))
    return out


@functools.lru_cache(maxsize=200_000)
def whole_term(word: str, language=analysis) -> str | None:
    """The term of a word as written, without splitting it as a compound (as term_for),
    in `language`: the analysis of the document's language (analysis.analysis_for)."""
    return language.folded_term(analysis.normalise(word))


class Finder:
    """Finds what one query wants in texts; made once per query."""

    def __init__(self, wanted: Wanted, forms_of=None):
        self.wanted = wanted
        self.phrase_terms = {t for p in wanted.phrases for t in p}
        self.all_terms = wanted.terms | self.phrase_terms
        self.prefixes = anchors(self.all_terms, forms_of) if forms_of and wanted else None
        self.patterns = prefix_patterns(tuple(self.prefixes)) if self.prefixes is not None else None
        self.byte_prefixes = [(p.encode("latin-1"), a) for p, a in self.prefixes or ()]  # for _native
        self.memo: dict = {}  # what the hits of this query share (passages.Keys, why.reasons)
        self.kinds: dict = {}  # language -> word -> kind_of(word): words recur from hit to hit

    def candidates(self, text: str, limit: int | None):
        """(word, start, end) of the words to analyse: all of them, or those holding a prefix."""
        if self.patterns is not None:
            folded = folded_bytes(text)
            if folded is not None:
                return anchored_words(text, folded, self.patterns)
        return analysis.words(text if limit is None else text[:limit])

    def kinds_in(self, language) -> dict:
        """word -> kind_of(word) in a language, kept for the hits of this query."""
        kinds = self.kinds.get(language)
        if kinds is None:
            kinds = self.kinds[language] = {}
        return kinds

    def tokens(self, text: str, limit: int | None, language) -> list[tuple]:
        """(start, end, whole term, part term, part is the head) of the words that
        stand for a wanted term."""
        kinds, out = self.kinds_in(language), []
        for word, start, end in self.candidates(text, limit):
            kind = kinds.get(word, False)
            if kind is False:
                kind = kinds[word] = self.kind_of(word, language)
            if kind is not None:
                out.append((start, end) + kind)
        return out

    def kind_of(self, word: str, language) -> tuple | None:
        """(whole term, part term, part is the head) that a word stands for, or None."""
        term = whole_term(word, language)
        if term in self.all_terms:
            return term, None, False
        parts = language.part_terms(word)  # compound splitting: only when needed
        part = next((p for p in parts if p in self.wanted.terms), None)
        return (None, part, part == parts[-1]) if part is not None else None

    def find(self, text: str, limit: int | None = None, lang: str | None = None) -> list[Found]:
        """Every highlight in the text, in order, not overlapping.

        A compound is marked for a part (kinderarbeid for arbeid) when the part is
        its head, or when the text has no whole word for that term: Servicedesk is
        not marked for `service` in a text that has the word service. The text is read
        in the analysis of its document's language `lang`."""
        if not self.wanted:
            return []
        language = analysis.analysis_for(lang)
        if not self.wanted.phrases:
            return self.terms_found(text, limit, language)
        tokens = self.tokens(text, limit, language)
        phrases = self.phrase_hits(text, tokens, language)
        taken = {i for _, _, _, covered in phrases for i in covered}
        whole = {token[2] for token in tokens if token[2] in self.wanted.terms}
        found = [Found(s, e, p, "phrase") for s, e, p, _ in phrases]
        for i, (start, end, term, part, head) in enumerate(tokens):
            if i in taken:
                continue
            if term in self.wanted.terms:
                found.append(Found(start, end, term, "term"))
            elif part and (head or part not in whole):
                found.append(Found(start, end, part, "part"))
        return sorted(found)

    def terms_found(self, text: str, limit: int | None, language) -> list[Found]:
        """`find` without phrases, in one pass over the words: they come in text order,
        one per start, so the highlights come out sorted. A part that is not the head
        is dropped afterwards if the text has its term as a whole word."""
        kinds = self.kinds_in(language)
        if _native is None:
            found, not_heads = self.words_found(text, limit, language, kinds)
        else:
            folded = folded_bytes(text) if self.patterns is not None else None
            if folded is None and limit is not None:
                text = text[:limit]
            found, not_heads = _native.found_words(text, folded, self.byte_prefixes, kinds,
                                                     functools.partial(self.kind_of, language=language),
                                                     Found)
        if not_heads:
            whole = {f[2] for f in found if f[3] == "term"}
            drop = {k for k in not_heads if found[k][2] in whole}
            if drop:
                found = [f for k, f in enumerate(found) if k not in drop]
        return found

    def words_found(self, text: str, limit: int | None, language, kinds: dict) -> tuple[list, list]:
        """(found, indexes of the parts that are not heads): terms_found's loop over the
        words, in Python (_native.found_words does it in C)."""
        found, not_heads = [], []
        for word, start, end in self.candidates(text, limit):
            kind = kinds.get(word, False)
            if kind is False:
                kind = kinds[word] = self.kind_of(word, language)
            if kind is None:
                continue
            term, part, head = kind
            if term is not None:
                found.append(new_found(Found, (start, end, term, "term")))
            else:
                if not head:
                    not_heads.append(len(found))
                found.append(new_found(Found, (start, end, part, "part")))
        return found, not_heads

    def phrase_hits(self, text: str, tokens, language) -> list[tuple[int, int, tuple, range]]:
        """(start, end, phrase, token indexes) of each occurrence of a wanted phrase."""
        hits, i = [], 0
        while self.wanted.phrases and i < len(tokens):
            for phrase in self.wanted.phrases:
                n = len(phrase)
                if i + n <= len(tokens) and all(tokens[i + k][2] == phrase[k] for k in range(n)) \
                        and all(adjacent(text, tokens[i + k][1], tokens[i + k + 1][0], language)
                                for k in range(n - 1)):
                    hits.append((tokens[i][0], tokens[i + n - 1][1], phrase, range(i, i + n)))
                    i += n - 1
                    break
            i += 1
        return hits


def adjacent(text: str, end: int, start: int, language=analysis) -> bool:
    """Nothing but stopwords and punctuation between two words."""
    return start - end <= MAX_PHRASE_GAP and all(
        language.term_for(w) is None for w in analysis.WORD_RE.findall(text, end, start))


def mark_all(text: str, wanted: Wanted | Finder, lang: str | None = None) -> Marked:
    finder = wanted if isinstance(wanted, Finder) else Finder(wanted)
    return Marked(text, [(f.start, f.end) for f in finder.find(text, lang=lang)])


def split(marked: Marked, starts: list[int]) -> list[Marked]:
    """A marked text cut at the given offsets (pages), each piece with its own ranges."""
    if not starts:
        return []
    bounds = list(starts[1:]) + [len(marked.text)]
    pieces = []
    for start, end in zip(starts, bounds):
        end = max(start, end)
        ranges = [(s - start, min(e, end) - start) for s, e in marked.ranges if start <= s < end]
        piece = marked.text[start:end].rstrip("\n")
        ranges = [(s, min(e, len(piece))) for s, e in ranges if s < len(piece)]
        pieces.append(Marked(piece, ranges, start=start))
    return pieces
