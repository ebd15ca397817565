"""The vocabulary file of a generation: every word as written (lowercased,
diacritics folded) with the number of documents it is in. Written by builds
and updates; read by did-you-mean and search-as-you-type."""

from collections import Counter
from pathlib import Path

VOCAB_FILE = "vocab.tsv"


def write_vocabulary(gen: Path, counts: Counter) -> None:
    """Words (2+ letters) with the number of documents they are in."""
    with open(gen / VOCAB_FILE, "w", encoding="utf-8") as f:
        f.writelines(f"{word}\t{counts[word]}\n" for word in sorted(counts) if len(word) > 1)


def read_counts(gen: Path) -> Counter:
    """The vocabulary file of a generation (empty when it has none)."""
    counts = Counter()
    try:
        with open(gen / VOCAB_FILE, encoding="utf-8") as f:
            for line in f:
                word, _, n = line.rstrip("\n").partition("\t")
                counts[word] = int(n or 0)
    except OSError:
        pass  # an index without a vocabulary simply gets no suggestions
    return counts
