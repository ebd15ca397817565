"""Build ``lexicon.txt.gz``, the word list the Dutch decompounder splits with.

Source: the OpenTaal Dutch word list as packaged by Debian in ``wdutch``
(``/usr/share/dict/dutch``; upstream https://www.opentaal.org, licensed under
the Revised BSD licence and CC BY 3.0).  It is only needed to rebuild the data
file: the committed ``lexicon.txt.gz`` is what ``indexer.compounds`` reads at
run time, so the service does not depend on the Debian package.

Kept: lowercase entries (capitalised ones are names and abbreviations), with
diacritics folded the way the analyzer folds them (coördinatie ->
coordinatie, ĳ -> ij), that are purely alphabetic and at least 4 letters long
(a compound part is never shorter).  One word per line, sorted, gzip-compressed
with a fixed mtime so a rebuild from the same list gives the same bytes.

    apt-get install wdutch
    python -m indexer.data.build_lexicon [--source /usr/share/dict/dutch]
"""

import argparse
import gzip
import re
import sys
import unicodedata
from pathlib import Path

DEFAULT_SOURCE = Path("/usr/share/dict/dutch")
OUTPUT = Path(__file__).with_name("lexicon.txt.gz")
MIN_LENGTH = 4
WORD_RE = re.compile(r"[a-z]+")


def fold(word: str) -> str:
    """Strip diacritics and split ligatures: 'coördinatie' -> 'coordinatie'."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lexicon_words(lines) -> list[str]:
    """The sorted, de-duplicated words to keep from the source lines."""
    words = set()
    for line in lines:
        word = line.strip()
        if not word or not word[0].islower():
            continue
        word = fold(word)
        if len(word) >= MIN_LENGTH and WORD_RE.fullmatch(word):
            words.add(word)
    return sorted(words)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help="word list, one word per line (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=OUTPUT,
                        help="gzip file to write (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} not found: apt-get install wdutch", file=sys.stderr)
        return 1
    with args.source.open(encoding="utf-8") as lines:
        words = lexicon_words(lines)
    data = ("\n".join(words) + "\n").encode("ascii")
    with open(args.output, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out:
            out.write(data)
    print(f"{len(words)} words -> {args.output} ({args.output.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
