"""The English analysis, defined once: for documents whose `lang` is en, and for
the English reading of every query.

The same words as the Dutch pipeline (its tokenizer, lowercasing and
diacritic folding; a possessive or elided ending is cut: company's ->
company), then English stopwords, irregular plurals to their singular
(children -> child), and Snowball `english` (companies, company -> compani).
No compound parts: English writes its compounds apart.

It offers the functions of the Dutch pipeline that indexing, queries and
highlighting call (`term_for`, `part_terms`, `analyze`, `analyze_parts`,
`word_info`), so either module can stand for "the analysis of a language".
"""

import functools

import snowballstemmer

from indexer.analysis import pipeline
from indexer.analysis.pipeline import WORD_RE, normalise, read_word_list, words

STEMMER_ALGORITHM = "english"
STOPWORDS = frozenset(read_word_list("stopwords_en.txt"))
PLURALS = dict(line.split() for line in read_word_list("english_plurals.txt"))
_stemmer = snowballstemmer.stemmer(STEMMER_ALGORITHM)

__all__ = ["STEMMER_ALGORITHM", "STOPWORDS", "WORD_RE", "analyze", "analyze_parts", "part_terms",
           "term_for", "word_info", "words"]


def folded_term(word: str) -> str | None:
    """The term of a folded word; None for a stopword or a single letter."""
    if word in STOPWORDS or (len(word) == 1 and not word.isdigit()):
        return None
    if not word.isalpha():
        return word
    return _stemmer.stemWord(PLURALS.get(word, word))


@functools.lru_cache(maxsize=200_000)
def term_for(word: str) -> str | None:
    """The index term for a word as written, or None for a stopword."""
    return folded_term(normalise(word))


def part_terms(word: str) -> tuple[str, ...]:
    return ()


def analyze(text: str) -> list[tuple[str, int, int, int]]:
    """(term, position, start, end) of every indexed word; stopwords keep their position."""
    return pipeline.analyze(text, term_for)


def analyze_parts(text: str) -> list[tuple[str, int, int, int]]:
    return []


def word_info(word: str) -> tuple[str | None, tuple[str, ...], str]:
    """(term, part terms, folded word) of a word as written, as the Dutch pipeline's:
    what a Lexicon takes (no parts)."""
    return term_for(word), (), normalise(word)


def query_terms(text: str) -> list[str]:
    """The terms a query string stands for, in order."""
    return pipeline.query_terms(text, term_for)
