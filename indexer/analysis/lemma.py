"""Dictionary lemmas before the stemmer: kaartje -> kaart, woorden -> woord.

Snowball's `dutch` gives the commonest forms of one word different stems
(woorden -> woor, woord -> woord; kaartje -> kaar). A folded word found in the
lemma table (`data/lemmas.tsv.gz`, built from simplemma's Dutch dictionary by
`python -m indexer.analysis.data.build_lemmas`) is replaced by its lemma
before stemming. The table is keyed by FOLDED forms, so a query typed without
the trema finds the same lemma (gecreeerd = gecreëerd -> creeren).

It only holds the forms whose stem the lookup changes; the rest of the
dictionary adds nothing Snowball does not already do. A few productive forms
the dictionary lacks are read by rule, checked against the OpenTaal lexicon
the decompounder uses: diminutives (pipetje -> pipet, koninkje -> koning)
ge- participles (geinformeerd -> informeren), and compounds whose head the
table knows (adresvelden -> adresveld). The table holds the known words the
rules would read wrongly, so they never apply to those.
"""

import functools
import gzip
import re
from pathlib import Path

from indexer.analysis.compounds import is_word

LEMMAS_PATH = Path(__file__).parent / "data" / "lemmas.tsv.gz"
MIN_BASE = 4  # the lexicon holds no shorter words

# Diminutive endings (after an optional plural s) and what the base ends in
# instead: bloem+pje, stoel+tje, kaart+je, bal+l+etje, konin+kje -> koning.
DIMINUTIVE_ENDINGS = (("etje", ""), ("tje", ""), ("pje", ""), ("kje", "g"), ("je", ""))
PARTICIPLE_ENDINGS = ("den", "ten", "de", "te", "d", "t")
DOUBLED_VOWEL_RE = re.compile(r"(aa|ee|oo|uu)(?=[^aeiou]$)")  # informeer -> informer(en)


@functools.cache
def table() -> dict[str, str]:
    """folded form -> folded lemma, read once per process."""
    with gzip.open(LEMMAS_PATH, "rt", encoding="utf-8") as lines:
        return dict(line.rstrip("\n").split("\t", 1) for line in lines if "\t" in line)


def undiminish(word: str) -> str | None:
    """The base of a diminutive the lexicon knows, the longest reading first."""
    if word.endswith("jes"):
        word = word[:-1]
    if not word.endswith("je"):
        return None
    bases = []
    for ending, restored in DIMINUTIVE_ENDINGS:
        if word.endswith(ending):
            base = word[:-len(ending)] + restored
            bases.append(base)
            if ending == "etje" and len(base) > 1 and base[-1] == base[-2]:
                bases.append(base[:-1])  # balletje -> bal, poppetje -> pop
            if ending == "tje" and base[-2:] in ("aa", "oo", "uu"):
                bases.append(base[:-1])  # autootje -> auto, menuutje -> menu
    known = [base for base in bases if len(base) >= MIN_BASE and is_word(base)]
    return max(known, key=len) if known else None


def participle_stem(word: str) -> str | None:
    """The verb of a ge- participle the lexicon knows: geinformeerd -> informeren,
    geplaatste -> plaatsen (the infinitive, as the table gives verbs), else its stem."""
    if not word.startswith("ge") or len(word) < 2 + MIN_BASE + 1:
        return None
    for ending in PARTICIPLE_ENDINGS:
        if word.endswith(ending):
            base = word[2:-len(ending)]
            if len(base) >= MIN_BASE and is_word(base):
                infinitive = DOUBLED_VOWEL_RE.sub(lambda m: m.group()[0], base) + "en"
                return infinitive if is_word(infinitive) else base
    return None


def head_lemma(word: str, lemmas: dict | None = None) -> str | None:
    """A compound with a head the table knows: adresvelden -> adres + veld."""
    lemmas = table() if lemmas is None else lemmas
    for i in range(MIN_BASE, len(word) - MIN_BASE + 1):
        head = lemmas.get(word[i:])
        if head is not None:
            modifier = word[:i]
            if is_word(modifier) or (modifier.endswith("s") and is_word(modifier[:-1])):
                return modifier + head
    return None


def rule_lemma(word: str) -> str | None:
    """A lemma read from the form alone, or None."""
    return undiminish(word) or participle_stem(word)


def lemma(word: str) -> str:
    """The lemma of a folded word: from the table, by rule, or the word itself."""
    found = table().get(word)
    if found is not None:
        return found
    return rule_lemma(word) or head_lemma(word) or word
