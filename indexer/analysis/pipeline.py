"""The Dutch analysis pipeline, defined once.

Indexing, query parsing and highlighting all call the same functions, so a
word is always turned into the same term: split into words, lowercase, fold
diacritics (coördineren -> coordineren, potentiéle -> potentiele), drop
stopwords, the dictionary lemma of a known form (`lemma.py`: woorden -> woord,
kaartje -> kaart), then Snowball `dutch` stemming with the overrides in `data/`
(a noun in -ing stays whole: korting is not kort).

Compounds are also indexed by their parts (kinderarbeid -> kinder, arbeid), in
a field of their own so that a whole-word match outranks a part match.

The analyzer is one pass over the text with cached per-word work, not a chain
of per-token generators: each distinct word is folded and stemmed once. The
indexer's `Lexicon` goes further: a word's analysis is kept as ids in arrays,
and a document's terms are gathered from them.
"""

import functools
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import snowballstemmer

from indexer.analysis import lemma
from indexer.analysis.compounds import split_compound

try:
    from indexer import _native  # Lexicon.document's word scan in C
except ImportError:  # not built: the same scan by WORD_RE
    _native = None

# Bump when anything here changes how text becomes terms: an index built with
# another version is refused until it is rebuilt.
# It covers english.py, languages.py and lemma.py (with data/lemmas.tsv.gz) too.
ANALYSIS_VERSION = "6"
STEMMER_ALGORITHM = "dutch"

DATA_DIR = Path(__file__).parent / "data"

# A word: letters and digits, with an inner apostrophe (NGO's, zo'n).
# Hyphens, slashes and other punctuation separate words. Combining accents
# belong to the word: decomposed text (macOS, some PDFs) writes kopiëren as
# "kopie" + U+0308 + "ren".
_LETTERS = r"[^\W_]+(?:[\u0300-\u036f]+[^\W_]*)*"
WORD_RE = re.compile(rf"{_LETTERS}(?:['’]{_LETTERS})*")
APOSTROPHE_RE = re.compile(r"['’]")


def read_word_list(name: str) -> list[str]:
    """Lines of a data file, without comments and blank lines."""
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_stem_overrides() -> dict[str, str]:
    """word -> stem; a word alone on its line is kept as it is."""
    overrides = {}
    for line in read_word_list("stem_overrides.txt"):
        word, *stem = line.split()
        overrides[word] = stem[0] if stem else word
    return overrides


STOPWORDS = frozenset(read_word_list("stopwords.txt"))
STEM_OVERRIDES = read_stem_overrides()
MIN_COMPOUND_CHARS = 8  # two parts of at least 4 letters
_stemmer = snowballstemmer.stemmer(STEMMER_ALGORITHM)


def stemmer_library() -> str:
    """Which Snowball implementation stems: PyStemmer (C) or pure Python."""
    try:
        import Stemmer

        return f"PyStemmer {Stemmer.version()}"
    except ImportError:
        return "snowballstemmer (pure Python)"


@functools.lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """Lowercase and strip diacritics: 'Coördineren' -> 'coordineren'."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(word: str) -> str:
    """Folded word without a possessive or elided ending: "NGO's" -> 'ngo'."""
    return APOSTROPHE_RE.split(fold(word), maxsplit=1)[0]


def term_for(word: str) -> str | None:
    """The index term for a word as written, or None for a stopword."""
    return word_info(word)[0]


def folded_term(word: str) -> str | None:
    if word in STOPWORDS or (len(word) == 1 and not word.isdigit()):
        return None
    if not word.isalpha():
        return word
    return stem(word)


# A doubled vowel before the final consonants of a stem is made single, as the
# old Porter-style Dutch stemmer did: Snowball 3's `dutch` leaves programmeer /
# programmeren, operator / operatoren, werkblad / werkbladen apart.
DOUBLED_VOWEL_RE = re.compile(r"(?<=[^aeiou])(aa|ee|oo|uu)(?=[^aeiou]+$)")


def stem(word: str) -> str:
    """The term of a folded word: its override, else the stem of its lemma; a noun
    in -ing is its own term (Snowball would join korting to kort, instelling to
    instellen, behandeling to behandelt)."""
    if word in STEM_OVERRIDES:
        return snowball_stem(word)
    base = lemma.lemma(word)
    noun = ing_noun(base)
    return noun if noun else snowball_stem(base)


def ing_noun(word: str) -> str | None:
    """The singular of a noun in -ing(en) of 6+ letters: instellingen -> instelling."""
    if word.endswith("ingen") and len(word) >= 8:
        word = word[:-2]
    return word if word.endswith("ing") and len(word) >= 6 else None


def snowball_stem(word: str) -> str:
    """Snowball dutch stem of a folded word (or its override), vowels undoubled."""
    override = STEM_OVERRIDES.get(word)
    stemmed = override if override is not None else _stemmer.stemWord(word)
    return DOUBLED_VOWEL_RE.sub(lambda m: m.group()[0], stemmed)


def title_key(text: str) -> str:
    """A title (or query) as its plain folded words: equal keys mean the same title."""
    return " ".join(normalise(word) for word in WORD_RE.findall(text))


def part_terms(word: str) -> tuple[str, ...]:
    """Terms of a compound's parts (kinderarbeid -> kinder, arbeid), else ()."""
    return word_info(word)[1]


@functools.lru_cache(maxsize=500_000)
def word_info(word: str) -> tuple[str | None, tuple[str, ...], str]:
    """(term, part terms, folded word) of a word as written: all its analysis, once."""
    folded = normalise(word)
    whole = folded_term(folded)
    if len(folded) < MIN_COMPOUND_CHARS or not folded.isalpha():
        return whole, (), folded
    parts = []
    for part in split_compound(folded):
        term = folded_term(part)
        if term and term != whole and term not in parts:
            parts.append(term)
    return whole, tuple(parts), folded


class Tokens(NamedTuple):
    """A field's terms in one text as ids of a Lexicon's `names`, one per occurrence,
    with the word position of each (None for a field without positions)."""
    terms: np.ndarray
    positions: np.ndarray | None
    names: list[str]

    def postings(self) -> dict[str, list[int] | int]:
        """term -> positions, or term -> count: what Whoosh's own writer takes."""
        terms = map(self.names.__getitem__, self.terms.tolist())
        if self.positions is None:
            return dict(Counter(terms))
        found: dict[str, list[int]] = {}
        for term, pos in zip(terms, self.positions.tolist()):
            found.setdefault(term, []).append(pos)
        return found


NO_TOKENS = Tokens(np.empty(0, np.int32), None, [])


class Analysed(NamedTuple):
    """A document's title and body as the index takes them."""
    title: Tokens
    body: Tokens
    parts: Tokens  # the parts of the compounds in both
    exact: Tokens  # the folded, unstemmed words of both that have a term
    words: np.ndarray  # the ids of the folded words of both, once each: the vocabulary's
    title_key: str  # `title_key` of the title


def distinct(ids: np.ndarray) -> np.ndarray:
    """The distinct values of an array, sorted: np.unique, without its 20 us of overhead
    (a tenth of it for a document's few hundred words)."""
    ids = np.sort(ids)
    keep = np.empty(len(ids), bool)
    keep[:1] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


class WordIds(dict):
    """word as written -> its id in a Lexicon, analysed by `new` when first met."""

    def __init__(self, new):
        super().__init__()
        self.new = new

    def __missing__(self, word: str) -> int:
        found = self[word] = self.new(word)
        return found


class Lexicon:
    """The indexer's fast path: each distinct word as written is analysed once (`info`:
    a language's word_info) into the ids of its term, its folded form and its compound
    parts, kept in arrays by word id, so that a document becomes its fields' terms in a
    few numpy operations instead of Python work per word. The same terms as `analyze`,
    `analyze_parts` and `analyze_exact`; `names` holds the strings of the ids."""

    def __init__(self, info=None):
        self.info = info or word_info
        self.names: list[str] = []
        self.name_ids: dict[str, int] = {}
        self.word_ids = WordIds(self.new_word)
        self.term = np.full(1024, -1, np.int32)   # word id -> its term's id; -1: none (a stopword)
        self.folded = np.zeros(1024, np.int32)    # word id -> its folded form's id
        self.parts = np.full((1024, 1), -1, np.int32)  # word id -> its parts' term ids, -1 after
        self.documents = np.zeros(1024, np.int32)  # name id -> the documents counted with the word

    def name_id(self, name: str) -> int:
        found = self.name_ids.get(name)
        if found is None:
            found = self.name_ids[name] = len(self.names)
            self.names.append(name)
            if found == len(self.documents):
                self.documents = np.concatenate((self.documents, np.zeros_like(self.documents)))
        return found

    def strings(self, ids: np.ndarray) -> list[str]:
        return list(map(self.names.__getitem__, ids.tolist()))

    def count_words(self, analysed: "Analysed") -> None:
        """Count a document into the vocabulary: one for each of its words."""
        self.documents[analysed.words] += 1

    def vocabulary(self) -> Counter:
        """folded word -> the number of documents counted with it."""
        ids = np.flatnonzero(self.documents)
        return Counter(dict(zip(self.strings(ids), self.documents[ids].tolist())))

    def new_word(self, word: str) -> int:
        wid = len(self.word_ids)
        if wid == len(self.term):
            self.term, self.folded, self.parts = (np.concatenate((a, np.full_like(a, fill)))
                                                  for a, fill in ((self.term, -1), (self.folded, 0),
                                                                  (self.parts, -1)))
        term, parts, folded = self.info(word)
        self.folded[wid] = self.name_id(folded)
        if term is None:  # a stopword's parts are not indexed either
            return wid
        self.term[wid] = self.name_id(term)
        if len(parts) > self.parts.shape[1]:
            wider = np.full((len(self.parts), len(parts)), -1, np.int32)
            wider[:, :self.parts.shape[1]] = self.parts
            self.parts = wider
        self.parts[wid, :len(parts)] = [self.name_id(part) for part in parts]
        return wid

    def document_ids(self, title: str, body: str) -> tuple[np.ndarray, int]:
        """The word ids of the title's words, then the body's; the title's count."""
        if _native is not None:
            in_title = _native.word_ids(title, self.word_ids)
            return np.frombuffer(in_title + _native.word_ids(body, self.word_ids), np.int32), len(in_title) // 4
        words = WORD_RE.findall(title)
        in_title = len(words)
        words += WORD_RE.findall(body)
        return np.fromiter(map(self.word_ids.__getitem__, words), np.int32, len(words)), in_title

    def document(self, title: str, body: str, exact: bool = True) -> Analysed:
        """A document's fields; `exact`: with the exact forms (Dutch text only)."""
        ids, in_title = self.document_ids(title, body)
        terms = self.term[ids]
        at = np.flatnonzero(terms >= 0).astype(np.int32)  # stopwords keep their position
        cut = int(np.searchsorted(at, in_title))
        kept, folded, parts = terms[at], self.folded[ids], self.parts[ids[at]].ravel()
        names = self.names
        return Analysed(title=Tokens(kept[:cut], at[:cut], names),
                        body=Tokens(kept[cut:], at[cut:] - in_title, names),
                        parts=Tokens(parts[parts >= 0], None, names),
                        exact=Tokens(folded[at], None, names) if exact else NO_TOKENS,
                        words=distinct(folded), title_key=" ".join(self.strings(folded[:in_title])))


def words(text: str):
    """(word as written, start, end) for every word in the text."""
    for match in WORD_RE.finditer(text):
        yield match.group(), match.start(), match.end()


def analyze(text: str, term_of=None) -> list[tuple[str, int, int, int]]:
    """(term, position, start, end) of every indexed word; stopwords keep their position.
    term_of: another language's `term_for` (english.py)."""
    term_of = term_of or term_for
    out = []
    for pos, (word, start, end) in enumerate(words(text)):
        term = term_of(word)
        if term is not None:
            out.append((term, pos, start, end))
    return out


def analyze_exact(text: str) -> list[tuple[str, int, int, int]]:
    """(folded unstemmed word, position, start, end) of every indexed word: the
    exact form, so a page with the very form typed ranks first."""
    out = []
    for pos, (word, start, end) in enumerate(words(text)):
        term, _, folded = word_info(word)
        if term is not None:
            out.append((folded, pos, start, end))
    return out


def analyze_parts(text: str) -> list[tuple[str, int, int, int]]:
    """(part term, position, start, end) for the parts of every compound."""
    out = []
    for pos, (word, start, end) in enumerate(words(text)):
        for term in part_terms(word):
            out.append((term, pos, start, end))
    return out


def query_terms(text: str, term_of=None) -> list[str]:
    """The terms a query string stands for, in order."""
    return [term for term, _, _, _ in analyze(text, term_of)]
