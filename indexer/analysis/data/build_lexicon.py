"""Build ``lexicon.txt.gz`` and ``names.txt.gz`` for the Dutch decompounder.

Source: the OpenTaal Dutch word list as packaged by Debian in ``wdutch``
(``/usr/share/dict/dutch``; upstream https://www.opentaal.org, licensed under
the Revised BSD licence and CC BY 3.0).  It is only needed to rebuild the data
file: the committed ``lexicon.txt.gz`` is what ``indexer.compounds`` reads at
run time, so the service does not depend on the Debian package.

``lexicon.txt.gz``: the lowercase entries, with diacritics folded the way the
analyzer folds them (coördinatie -> coordinatie, ĳ -> ij), that are purely
alphabetic and at least 4 letters long (a compound part is never shorter).

``names.txt.gz``: the capitalised entries (place, company and person names:
Nederland, Eindhoven, Volkswagen) of at least 8 letters, folded and
lowercased, that are not also lowercase words.  The analyzer lowercases
everything, so without this list "eindhoven" would become eind+hoven; the
decompounder never splits a name (nor a name + ending: nederlanders) and may
use one as a part (westfriesland -> west + friesland).

One word per line, sorted, gzip-compressed with a fixed mtime so a rebuild
from the same list gives the same bytes.

    apt-get install wdutch
    python -m indexer.analysis.data.build_lexicon [--source /usr/share/dict/dutch]
"""

import argparse
import gzip
import re
import sys
import unicodedata
from pathlib import Path

DEFAULT_SOURCE = Path("/usr/share/dict/dutch")
OUTPUT = Path(__file__).with_name("lexicon.txt.gz")
NAMES_OUTPUT = Path(__file__).with_name("names.txt.gz")
MIN_LENGTH = 4
MIN_NAME_LENGTH = 8
WORD_RE = re.compile(r"[a-z]+")
ROMAN_NUMERAL_RE = re.compile(r"[mdclxvi]+")


def fold(word: str) -> str:
    """Strip diacritics and split ligatures: 'coördinatie' -> 'coordinatie'."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def lexicon_words(lines) -> tuple[list[str], list[str]]:
    """The sorted, de-duplicated (words, names) to keep from the source lines."""
    words, names = set(), set()
    for line in lines:
        word = line.strip()
        if not word:
            continue
        folded = fold(word)
        if word[0].islower():
            if len(folded) >= MIN_LENGTH and WORD_RE.fullmatch(folded):
                words.add(folded)
        elif word[0].isupper():
            folded = folded.lower()
            if (len(folded) >= MIN_NAME_LENGTH and WORD_RE.fullmatch(folded)
                    and not ROMAN_NUMERAL_RE.fullmatch(folded)):
                names.add(folded)
    return sorted(words), sorted(names - words)


def write_gzip(path: Path, words: list[str]) -> None:
    data = ("\n".join(words) + "\n").encode("ascii")
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as out:
            out.write(data)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE,
                        help="word list, one word per line (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=OUTPUT,
                        help="lexicon file to write; names.txt.gz goes beside it"
                             " (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} not found: apt-get install wdutch", file=sys.stderr)
        return 1
    with args.source.open(encoding="utf-8") as lines:
        words, names = lexicon_words(lines)
    names_output = args.output.with_name(NAMES_OUTPUT.name)
    write_gzip(args.output, words)
    write_gzip(names_output, names)
    for path, count in ((args.output, len(words)), (names_output, len(names))):
        print(f"{count} words -> {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
