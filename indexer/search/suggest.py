"""Did-you-mean and search-as-you-type, drawn from the index's own vocabulary.

A build writes the vocabulary (`indexer.index.vocabulary`) into its generation: every word as written
(lowercased, diacritics folded) with the number of documents it is in. A
misspelled word is corrected to a nearby vocabulary word (Levenshtein
automaton over the sorted list), or failing that to the commonest word of a
nearby stem (aanbestding -> stem aanbestd -> aanbesteed -> aanbestedingen).
"""

import bisect
import functools
import itertools
import re
from pathlib import Path

from whoosh import query as wq
from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton

from indexer import analysis
from indexer.index.vocabulary import read_counts

MIN_CORRECTABLE_CHARS = 4
MAX_COMPLETION_SCAN = 5000
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class Vocabulary:
    """The sorted words of one index generation and their document counts."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts
        self.words = sorted(counts)
        by_term: dict[str, str] = {}
        forms: dict[str, list[str]] = {}
        for word in self.words:
            term = analysis.folded_term(word)
            if term and counts[word] > counts.get(by_term.get(term, ""), 0):
                by_term[term] = word
            if term:
                forms.setdefault(term, []).append(word)
        self.word_for_term = by_term
        self.terms = sorted(by_term)
        self.forms = forms

    def forms_of(self, term: str) -> list[str]:
        """The words as written (folded) that index as this term."""
        return self.forms.get(term, [])

    @classmethod
    def load(cls, gen: Path) -> "Vocabulary":
        return cls(dict(read_counts(gen)))

    def complete(self, prefix: str, limit: int) -> list[str]:
        """The most common words starting with prefix."""
        start = bisect.bisect_left(self.words, prefix)
        found = itertools.takewhile(lambda w: w.startswith(prefix),
                                    itertools.islice(self.words, start, start + MAX_COMPLETION_SCAN))
        return sorted(found, key=lambda w: (-self.counts[w], w))[:limit]

    def correct(self, word: str) -> str | None:
        """The likeliest intended word for a folded word the index lacks."""
        for maxdist in (1, 2):
            near = [w for w in within(self.words, word, maxdist) if w != word]
            if near:
                return max(near, key=lambda w: (self.counts[w], w))
        term = analysis.folded_term(word)
        if term:
            near = [t for t in within(self.terms, term, 2) if t != term]
            if near:
                return max((self.word_for_term[t] for t in near), key=lambda w: (self.counts[w], w))
        return None


def within(sorted_words: list[str], word: str, maxdist: int):
    """Words of a sorted list within maxdist edits, sharing the first letter."""
    def lookup(key):
        i = bisect.bisect_left(sorted_words, key)
        return sorted_words[i] if i < len(sorted_words) else None
    dfa = levenshtein_automaton(word, maxdist, prefix=1).to_dfa()
    return find_all_matches(dfa, lookup)


@functools.lru_cache(maxsize=4)
def vocabulary(gen: Path) -> Vocabulary:
    return Vocabulary.load(gen)


def known(searcher, term: str) -> bool:
    reader = searcher.reader()
    return any(reader.doc_frequency(f, term) for f in ("title", "body", "parts"))


# What a query may hold besides plain words: a field name before its colon, a
# quoted phrase, an operator, a word with * or ?. Only plain words get corrected.
QUERY_PART_RE = re.compile(r'(?P<field>\b\w+:)|(?P<quoted>"[^"]*"?)|(?P<word>[^\s"]+)')


def correctable_words(text: str):
    """(word, start, end) of the plain words of a query, as typed."""
    for part in QUERY_PART_RE.finditer(text):
        chunk = part.group("word")
        if chunk is None or chunk in OPERATORS or "*" in chunk or "?" in chunk:
            continue
        for word, start, end in analysis.words(chunk):
            yield word, part.start() + start, part.start() + end


def did_you_mean(searcher, gen: Path, text: str, vocab: Vocabulary | None = None) -> str | None:
    """The query with its unknown words corrected, the rest as typed; None when
    nothing is. Field names, operators, quoted phrases and prefixes are left alone."""
    vocab = vocab or vocabulary(gen)
    out, changed, last = [], False, 0
    for word, start, end in correctable_words(text):
        term = analysis.term_for(word)
        folded = analysis.normalise(word)
        if (term is None or len(folded) < MIN_CORRECTABLE_CHARS or not folded.isalpha()
                or folded in vocab.counts or known(searcher, term)):
            continue
        fix = vocab.correct(folded)
        if fix:
            out += [text[last:start], fix]
            last, changed = end, True
    return "".join(out) + text[last:] if changed else None


def completions(searcher, gen: Path, text: str, limit: int = 8,
                vocab: Vocabulary | None = None) -> list[dict]:
    """Words completing the last word typed, then titles matching what is typed."""
    head, _, last = text.rstrip().rpartition(" ") if not text.endswith(" ") else (text, "", "")
    prefix = analysis.normalise(last)
    if len(prefix) < 2:
        return []
    lead = (head + " ") if head else ""
    words = [{"text": lead + w, "kind": "term", "id": None}
             for w in (vocab or vocabulary(gen)).complete(prefix, limit)]
    return words + title_matches(searcher, head, prefix, limit - len(words) // 2)


def title_matches(searcher, head: str, prefix: str, limit: int) -> list[dict]:
    """Documents whose title has the typed words and a word starting with prefix."""
    if limit <= 0 or len(prefix) < 3:  # shorter prefixes expand to too many title terms
        return []
    last = wq.Or([wq.Prefix("title", prefix)]
                 + ([wq.Term("title", t)] if (t := analysis.folded_term(prefix)) else []))
    q = wq.And([wq.Term("title", t) for t in analysis.query_terms(head)] + [last])
    hits = searcher.search(q, limit=limit)
    return [{"text": h["title"], "kind": "title", "id": h["id"]} for h in hits]
