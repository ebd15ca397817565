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
of per-token generators: each distinct word is folded and stemmed once.
"""

import functools
import re
import unicodedata
from pathlib import Path

import snowballstemmer

from indexer.analysis import lemma
from indexer.analysis.compounds import split_compound

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


def index_postings(text: str, parts: dict, vocabulary: set,
                   exact: dict | None = None) -> dict[str, list[int]]:
    """term -> positions of a text, in one pass; also counts compound parts into
    `parts` (and the folded, unstemmed words into `exact`) and adds the folded
    words to `vocabulary`. The indexer's fast path: the same terms as `analyze`,
    without a Token per word."""
    positions: dict[str, list[int]] = {}
    info = word_info
    for pos, word in enumerate(WORD_RE.findall(text)):
        term, part_list, folded = info(word)
        vocabulary.add(folded)
        if term is None:
            continue
        if exact is not None:
            exact[folded] = exact.get(folded, 0) + 1
        if term in positions:
            positions[term].append(pos)
        else:
            positions[term] = [pos]
        for part in part_list:
            parts[part] = parts.get(part, 0) + 1
    return positions


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
