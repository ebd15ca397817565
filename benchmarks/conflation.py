"""Conflation: do the forms of one Dutch word get one term, and do different
words keep different terms?

    python -m benchmarks.conflation [--corpus DIR] [--package NAME ...] [--show N]

Two judges, neither built from zoek's own rules:

* hunspell: the vocabulary of the benchmark corpus (``benchmarks.corpus``)
  run through hunspell-nl's morphology (``apt-get install hunspell
  hunspell-nl``; ``hunspell -d nl -s``). A word and the stem hunspell gives it
  (the longest, when it gives several: kaartje -> kaart, not kaar), both in
  the vocabulary, make a pair that should conflate. Words hunspell relates
  (directly or through a shared stem), or that the judge's own spelling rules
  read as one word's inflections (controleert, controleren), form a class: a
  word with its inflections. Over-merging is counted over the headwords
  (words that are no inflection of another): a headword that shares its term
  with a headword of another class is over-merged (korting/kort, man/maan).
* sample: ``benchmarks/data/conflation_pairs.tsv``, pairs checked by hand:
  forms of one word (``same``: diminutives, plurals, -e adjectives, verb
  forms, participles with and without the trema) and different words that
  stemmers tend to join (``different``: korting/kort, man/maan).

Recall is the share of should-conflate pairs that get one term; over-merging
the share of words (hunspell) or of different-pairs (sample) that share one.
Printed for Snowball `dutch` (Kraaij-Pohlmann), `dutch_porter`, zoek's
pipeline before the lemma lookup (overrides + vowel undoubling) and zoek's
pipeline now (lemma lookup first).
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import snowballstemmer

from benchmarks import corpus
from indexer.analysis.pipeline import fold, snowball_stem, stem

SAMPLE_PATH = Path(__file__).parent / "data" / "conflation_pairs.tsv"
WORD_RE = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 4


def pipelines() -> dict:
    """name -> folded word -> term."""
    dutch = snowballstemmer.stemmer("dutch")
    porter = snowballstemmer.stemmer("dutch_porter")
    return {"snowball dutch (Kraaij-Pohlmann)": dutch.stemWord,
            "snowball dutch_porter": porter.stemWord,
            "zoek without lemmas (overrides, undoubling)": snowball_stem,
            "zoek (lemmas, -ing nouns whole, then the above)": stem}


# ---------------------------------------------------------------- judges -----

def vocabulary(pages) -> set[str]:
    """Lowercase words as written (accents kept: hunspell needs them), 4+ letters."""
    words = set()
    for _, title, body in pages:
        words.update(w for w in WORD_RE.findall(f"{title}\n{body}".lower()) if len(w) >= MIN_LETTERS)
    return words


def hunspell_stems(words) -> dict[str, list[str]]:
    """word -> the stems `hunspell -d nl -s` gives it (none for an unknown word)."""
    if not shutil.which("hunspell"):
        sys.exit("hunspell is not installed: apt-get install hunspell hunspell-nl")
    words = sorted(words)
    out = subprocess.run(["hunspell", "-d", "nl", "-s", "-i", "utf-8"], input="\n".join(words) + "\n",
                         capture_output=True, text=True, check=True).stdout
    stems = defaultdict(list)
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:
            stems[parts[0]].append(parts[1])
    return stems


# Inflectional endings (the judge's own, not zoek's): plural, adjective, verb,
# diminutive; a ge- participle is read without its ge-.
ENDINGS = ("s", "en", "n", "e", "er", "ere", "ers", "st", "ste", "t", "d", "de", "den", "te", "ten",
           "end", "ende", "je", "jes", "tje", "tjes", "pje", "pjes", "etje", "etjes", "kje", "kjes")
VOWELS = set("aeiou")
# "" for ge- itself; the rest make separable verbs (aan·ge·klikt).
PARTICLES = ("", "aan", "af", "bij", "door", "in", "mee", "na", "om", "onder", "op", "over", "terug",
             "toe", "uit", "vast", "voor", "weg")
MIN_BASE = 3
MIN_LINK_BASE = 4  # words joined through a shared base of at least this length


def bases(word: str) -> set[str]:
    """What `word` may be an inflection of, spelled as the base word is written:
    manen -> maan, mannen -> man, huizen -> huis, koninkje -> koning."""
    out = {word}
    for w in without_ge(word):
        for ending in ENDINGS:
            base = w[:-len(ending)]
            if not w.endswith(ending) or len(base) < MIN_BASE:
                continue
            out |= respelled(base, ending)
    return out


def without_ge(word: str) -> set[str]:
    """The word, and without the ge- of a participle: gewerkt -> werkt, aangeklikt -> aanklikt."""
    out = {word}
    for particle in PARTICLES:
        if word.startswith(particle + "ge"):
            out.add(particle + word[len(particle) + 2:])
    return out


def respelled(base: str, ending: str) -> set[str]:
    out = {base}
    if ending.startswith("kje"):
        out.add(base + "g")  # konin·kje -> koning
    if ending[0] in VOWELS:
        if base[-1] == base[-2] and base[-1] not in VOWELS:
            out.add(base[:-1])  # mann·en -> man
        elif base[-2] in "aeou" and base[-1] not in VOWELS and base[-3] not in VOWELS:
            out.add(base[:-1] + base[-2] + base[-1])  # man·en -> maan
    out |= {b[:-1] + {"v": "f", "z": "s"}[b[-1]] for b in out if b[-1] in "vz"}
    return out


def related(a: str, b: str) -> bool:
    """Whether two words may be inflections of one word (the judge's spelling rules)."""
    return bool(bases(a) & bases(b))


def hunspell_judge(words) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(pairs that should conflate, word -> class) over the folded vocabulary."""
    stems = hunspell_stems(words)
    parent: dict[str, str] = {}

    def root(w):
        while parent.setdefault(w, w) != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    folded_vocab = {fold(w) for w in words}
    pairs = set()
    for word, found in stems.items():
        found = [s for s in found if related(fold(word), fold(s))]
        for s in found:
            parent[root(fold(word))] = root(fold(s))
        others = [s for s in found if fold(s) != fold(word) and fold(s) in folded_vocab]
        if others:
            pairs.add((fold(word), fold(max(others, key=len))))
    known = {fold(w) for w in stems}
    by_base = defaultdict(list)
    for word in known:  # controleert and controleren: one word, though hunspell gives them apart
        found = bases(word) - {word}
        if len(found & known) > 1:  # manen (maan or man?) joins neither
            continue
        for base in found:
            if len(base) >= MIN_LINK_BASE:
                by_base[base].append(word)
    for base, group in by_base.items():
        for word in group + ([base] if base in known else []):
            parent[root(word)] = root(group[0])
    # Headwords: words hunspell gives no other stem and the rules read as no
    # inflection of another known word (kort, korting, man, maan; not kortingen).
    inflected = {fold(w) for w, found in stems.items() if any(fold(s) != fold(w) for s in found)}
    headwords = {w for w in known - inflected if bases(w) & known == {w}}
    return sorted(pairs), {w: root(w) for w in headwords}


def read_sample(path: Path = SAMPLE_PATH) -> tuple[list, list]:
    """(same pairs, different pairs) of the hand-checked sample, folded."""
    same, different = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        a, b, verdict, *_ = line.split("\t")
        (same if verdict == "same" else different).append((fold(a), fold(b)))
    return same, different


# ---------------------------------------------------------------- scores -----

def pair_recall(pairs, term) -> tuple[float, list]:
    missed = [(a, b) for a, b in pairs if term(a) != term(b)]
    return 1 - len(missed) / max(len(pairs), 1), missed


def over_merged_words(classes: dict[str, str], term) -> tuple[float, list]:
    """Share of headwords (classes: words of one word's inflections count once)
    that share a term with another headword: korting/kort, man/maan."""
    by_term = defaultdict(list)
    for word in classes:
        by_term[term(word)].append(word)
    merged = set()
    for group in by_term.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if classes[a] != classes[b] and not related(a, b):  # geaccentueerd/accentueren are
                    merged |= {classes[a], classes[b]}               # two headwords, one word
    return len(merged) / max(len(set(classes.values())), 1), sorted(merged)


def report(name, rows, show: int) -> None:
    print(f"\n{name}")
    print(f"{'pipeline':48} {'recall':>7} {'over-merged':>12}")
    for pipeline, (rec, missed, over, merged) in rows.items():
        print(f"{pipeline:48} {rec:7.3f} {over:12.3f}")
    if show:
        rec, missed, over, merged = rows[list(rows)[-1]]
        print(f"  zoek misses: {', '.join('/'.join(p) for p in missed[:show])}")
        print(f"  zoek merges: {', '.join(map(str, merged[:show]))}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", help="corpus folder (default: $ZOEK_CORPUS_DIR or ~/.cache/zoek/corpus)")
    ap.add_argument("--package", action="append", choices=corpus.PACKAGES,
                    help="corpus package(s) whose vocabulary is judged (default: all)")
    ap.add_argument("--show", type=int, default=10, metavar="N", help="misses and merges to list")
    args = ap.parse_args(argv)
    packages = tuple(args.package or corpus.PACKAGES)
    base = corpus.prepare(args.corpus, packages=packages)
    words = set()
    for package in packages:
        words |= vocabulary(corpus.page_records(base / package))
    pairs, classes = hunspell_judge(words)
    same, different = read_sample()
    print(f"vocabulary of {', '.join(packages)}: {len(words)} words of {MIN_LETTERS}+ letters; "
          f"hunspell knows {len(classes)} headwords, {len(pairs)} word/stem pairs; "
          f"sample: {len(same)} same, {len(different)} different pairs")
    hun, sam = {}, {}
    for name, term in pipelines().items():
        rec, missed = pair_recall(pairs, term)
        over, merged = over_merged_words(classes, term)
        hun[name] = (rec, missed, over, merged)
        rec, missed = pair_recall(same, term)
        merged = [f"{a}/{b}" for a, b in different if term(a) == term(b)]
        sam[name] = (rec, missed, len(merged) / max(len(different), 1), merged)
    report("judge: hunspell-nl morphology over the corpus vocabulary", hun, args.show)
    report("judge: hand-checked sample (over-merged: share of different-pairs joined)", sam, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
