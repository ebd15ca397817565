"""Language detection on a labelled sample of the benchmark corpus.

    python -m benchmarks.language [--corpus DIR]      accuracy of indexer.sources.language
    python -m benchmarks.language --relabel           rewrite benchmarks/data/language_sample.tsv

The labels do not come from any detector but from how the packages were
translated:

* libreoffice-help-nl: each page is compared with the same page of
  libreoffice-help-en-us; a page whose prose lines (3+ words) are at least 80%
  the English lines was left untranslated (en), one with at most 40% is Dutch
  (nl); pages in between are mixed and left out.
* lilypond-doc-html-nl: Texinfo names each page's file after the English
  section title; a page whose title is still that English title (two words or
  more: "Adding and removing engravers") is untranslated (en), one with
  another title is Dutch; one-word titles (Essay, FAQ) tell nothing and are
  left out.
* debian-faq-nl, manpages-nl: translations, all Dutch.

A sample of the labels was checked by hand (README, "Languages"); the one
wrong label it found is corrected in HAND_CORRECTED.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import corpus
from indexer.sources import language

SAMPLE = Path(__file__).resolve().parent / "data" / "language_sample.tsv"
TARGET = 0.98
ENGLISH_LO = "libreoffice-help-en-us"
UNTRANSLATED, TRANSLATED = 0.8, 0.4
SEED = 14
DUTCH_PER_PACKAGE = {"libreoffice-help-nl": 160, "manpages-nl": 40}
# Labels the hand check found wrong: Dutch prose between Basic names that are
# the same in both languages (so most of its lines matched the English page).
HAND_CORRECTED = {("libreoffice-help-nl", "text/sbasic/shared/03/lib_tools"): "nl"}


# --------------------------------------------------------------- labelling ----

def prose_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if len(re.findall(r"[^\W\d_]{2,}", line)) >= 3]


def page_id(rel: str) -> str:
    """A page's id in the corpus: its path without .html/.gz."""
    return re.sub(r"\.(html?|gz)$", "", rel)


def libreoffice_labels(dest: Path) -> dict[str, str]:
    """id -> en/nl by comparison with the English help (mixed pages left out)."""
    with tempfile.TemporaryDirectory() as tmp:
        roots = {}
        for pkg, sub in (("libreoffice-help-nl", "nl"), (ENGLISH_LO, "en-US")):
            corpus.run(["dpkg", "-x", str(corpus.download(pkg, dest / "debs")), f"{tmp}/{sub}"])
            roots[sub] = Path(tmp) / sub / "usr/share/libreoffice/help" / sub
        labels = {}
        for rel, _, body in corpus.pages(roots["nl"], keep=lambda body: True):
            english = roots["en-US"] / rel
            if not english.exists():
                continue
            _, english_body = corpus.html_to_text(english.read_text("utf-8", errors="replace"))
            same_lines, lines = set(prose_lines(english_body)), prose_lines(body)
            same = sum(len(line) for line in lines if line in same_lines) / (sum(map(len, lines)) or 1)
            if same >= UNTRANSLATED or same <= TRANSLATED:
                labels[page_id(rel)] = "en" if same >= UNTRANSLATED else "nl"
    return labels


def texinfo_name(stem: str) -> str:
    """A Texinfo file name as words: four_002dpart-satb -> four part satb."""
    stem = re.sub(r"_00([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), stem)
    return " ".join(re.findall(r"[a-z0-9]+", stem.lower()))


def lilypond_label(rel: str, title: str) -> str | None:
    section = re.sub(r"^.*?:\s*(?:[\dA-Z]+(?:\.\d+)*\.?\s+)?", "", title)
    words = " ".join(re.findall(r"[a-z0-9]+", section.lower()))
    if words != texinfo_name(rel.rsplit("/", 1)[-1].split(".")[0]):
        return "nl"
    return "en" if " " in words else None


def package_pages(pkg: str, dest: Path):
    with tempfile.TemporaryDirectory() as tmp:
        corpus.run(["dpkg", "-x", str(corpus.download(pkg, dest / "debs")), tmp])
        yield from corpus.pages(Path(tmp) / corpus.ROOTS[pkg], keep=lambda body: True)


def relabel(dest: Path) -> list[tuple[str, str, str]]:
    """(package, id, label) rows of the sample: every English page, every labelled
    LilyPond and FAQ page, a fixed random share of the other packages' Dutch pages."""
    labels = {"libreoffice-help-nl": libreoffice_labels(dest)}
    labels["lilypond-doc-html-nl"] = {
        page_id(rel): label for rel, title, _ in package_pages("lilypond-doc-html-nl", dest)
        if (label := lilypond_label(rel, title))}
    for pkg in ("debian-faq-nl", "manpages-nl"):
        labels[pkg] = {page_id(rel): "nl" for rel, _, _ in package_pages(pkg, dest)}
    rows, rng = [], random.Random(SEED)
    for pkg, by_id in labels.items():
        dutch = sorted(i for i, label in by_id.items() if label == "nl")
        keep = set(rng.sample(dutch, min(len(dutch), DUTCH_PER_PACKAGE.get(pkg, len(dutch)))))
        rows += [(pkg, i, HAND_CORRECTED.get((pkg, i), label)) for i, label in sorted(by_id.items())
                 if label == "en" or i in keep]
    return rows


def write_sample(rows) -> None:
    SAMPLE.parent.mkdir(exist_ok=True)
    lines = ["# package\tid\tlabel   (made by `python -m benchmarks.language --relabel`)"]
    SAMPLE.write_text("\n".join(lines + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")


def read_sample(path: Path = SAMPLE) -> list[tuple[str, str, str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return [(pkg, doc_id, label) for pkg, doc_id, label in rows]


# ----------------------------------------------------------------- measure ----

def page_text(dest: Path, pkg: str, doc_id: str) -> str | None:
    """A sample page's title and body as the corpus has it (Dutch pages in base/,
    untranslated ones in en/)."""
    for folder in (dest / "base", dest / "en"):
        path = folder / pkg / f"{doc_id}.txt"
        if path.exists():
            title, _, body = path.read_text("utf-8").partition("\n\n")
            return f"{title}\n{body}"
    return None


def measure(dest: Path, rows) -> dict:
    corpus.prepare(dest, packages=corpus.PACKAGES)
    corpus.english_pages(dest)
    counts = {"pages": 0, "right": 0, "und": 0, "missing": 0, "per_label": {}}
    wrong, cpu = [], 0.0
    for pkg, doc_id, label in rows:
        text = page_text(dest, pkg, doc_id)
        if text is None:
            counts["missing"] += 1
            continue
        started = time.process_time()  # CPU time: the machine may be busy
        got = language.detect(text)
        cpu += time.process_time() - started
        counts["pages"] += 1
        counts["right"] += got == label
        counts["und"] += got == language.UNDETERMINED
        seen = counts["per_label"].setdefault(label, [0, 0])
        seen[0], seen[1] = seen[0] + (got == label), seen[1] + 1
        if got != label:
            wrong.append((pkg, doc_id, label, got))
    counts["ms_per_page"] = cpu * 1000 / max(1, counts["pages"])
    counts["accuracy"] = counts["right"] / max(1, counts["pages"])
    counts["wrong"] = wrong
    return counts


def report(counts: dict) -> None:
    print(f"labelled pages: {counts['pages']} ({counts['missing']} not in the corpus)")
    for label, (right, seen) in sorted(counts["per_label"].items()):
        print(f"  {label}: {right}/{seen} right")
    print(f"detection accuracy: {counts['accuracy']:.4f} ({counts['und']} und), "
          f"{counts['ms_per_page']:.2f} CPU ms per page; target >= {TARGET:.2f}: "
          f"{'met' if counts['accuracy'] >= TARGET else 'MISSED'}")
    for pkg, doc_id, label, got in counts["wrong"]:
        print(f"  wrong: {pkg}/{doc_id}: labelled {label}, detected {got}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", help="corpus folder (default: $ZOEK_CORPUS_DIR or ~/.cache/zoek/corpus)")
    ap.add_argument("--relabel", action="store_true", help=f"rewrite {SAMPLE.name} from the packages")
    ap.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    args = ap.parse_args(argv)
    dest = Path(args.corpus) if args.corpus else corpus.default_dest()
    if args.relabel:
        rows = relabel(dest)
        write_sample(rows)
        print(f"wrote {len(rows)} labels to {SAMPLE}")
    counts = measure(dest, read_sample())
    report(counts)
    if args.json:
        Path(args.json).write_text(json.dumps(counts, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
