"""Prepare a real Dutch text corpus from Debian documentation packages.

    python -m benchmarks.corpus [--dest DIR] [--copies N] [--packages PKG ...]

Packages are fetched with ``apt-get download`` (never installed), unpacked
with ``dpkg -x`` and turned into one UTF-8 ``.txt`` per page: title on the
first line, a blank line, then the body text.  Layout under DEST:

    debs/*.deb                         downloaded packages (cache)
    base/<package>/<rel path>.txt      one copy of the corpus
    x<N>/copy<K>/<package>/...txt      N hard-linked copies (distinct doc ids)
    en/<package>/<rel path>.txt        the pages left in English (`english_pages`)

Work already done is skipped (marker files ``base/.<package>.version`` and
``x<N>/.done``); delete them or the folders to redo it.
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

from indexer.sources import formats

PACKAGES = ("libreoffice-help-nl", "debian-faq-nl", "manpages-nl", "lilypond-doc-html-nl")
# Folder inside each unpacked package that holds the Dutch pages (ids are relative to it).
ROOTS = {
    "libreoffice-help-nl": "usr/share/libreoffice/help/nl",
    "debian-faq-nl": "usr/share/doc/debian/FAQ/nl",
    "manpages-nl": "usr/share/man/nl",
    "lilypond-doc-html-nl": "usr/share/doc/lilypond/html/Documentation",
}
MIN_WORDS = 20
NL_WORDS = set("de het een en van op te dat die voor met zijn niet u wordt worden kunt als om aan "
               "of bij naar ook dit deze er kan hebt wilt".split())
EN_WORDS = set("the and of to that for with are this you can be on it an by from which will "
               "your have".split())  # no "as", "or", "not": Basic keywords in code examples


def default_dest() -> Path:
    return Path(os.environ.get("ZOEK_CORPUS_DIR") or Path.home() / ".cache" / "zoek" / "corpus")


# ---------------------------------------------------------------- HTML -----

class _HTMLText(formats.HTMLText):
    """indexer's HTML reader, also skipping these packages' navigation and tables of contents."""
    skip_names = formats.SKIP_NAMES | {
        "nav_table", "navheader", "navfooter", "tocframe", "languages", "highlighting-settings",
        "debug", "searchframe", "donationframe", "verifier_texinfo"}


def html_to_text(raw: str) -> tuple[str, str]:
    p = _HTMLText()
    p.feed(raw)
    p.close()
    title = " ".join((p.title or p.h1).split())
    return title, formats.tidy("".join(p.parts))


# ---------------------------------------------------------------- roff -----

GLYPHS = {"aq": "'", "co": "©", "hy": "-", "rq": "”", "lq": "“", "bu": "•", "ti": "~", "ha": "^",
          "at": "@", "ra": "»", "la": "«", "em": "—", "en": "–", "oq": "‘", "cq": "’", "dq": '"',
          "Aq": "'", "Gt": ">", "Lt": "<", "Am": "&", "lB": "[", "rB": "]", "rs": "\\", "ga": "`",
          "tm": "™", "rg": "®", "mu": "×", "de": "°", "Do": "$", "sl": "/", "ba": "|", "pl": "+"}
ROFF_ESC = re.compile(r"\\(?:f(?:\[[^\]]*\]|\(..|.)|s[-+]?\d+|\*?\((..)|\*?\[([^\]]*)\]|\*(.)|(.))")
SIMPLE_ESC = {"-": "-", "e": "\\", "\\": "\\", " ": " ", "~": " ", "0": " ", "t": " ", "'": "'",
              "`": "`", ".": ".", '"': ""}
FONT_MACROS = {"B", "I", "SM", "SB", "BR", "RB", "IR", "RI", "BI", "IB", "IP", "It", "UE", "ME"}
MDOC_TEXT = {"Nm", "Fl", "Ar", "Op", "Dq", "Sq", "Pa", "Xr", "Em", "Dv", "Ev", "Aq", "Tn", "Nd",
             "Li", "Cm", "Ql", "Lk", "Mt", "In", "Va", "Sy", "Ic", "Ad", "Cd", "Ux", "Ns", "No"}
PARA_MACROS = {"PP", "P", "LP", "Pp", "sp", "HP", "Bl", "El"}
LINE_MACROS = {"TP", "br", "RS", "RE", "in"}


def roff_unescape(s: str) -> str:
    def repl(m: re.Match) -> str:
        name = m.group(1) or m.group(2) or m.group(3)
        if name is not None:
            return GLYPHS.get(name, "")
        return SIMPLE_ESC.get(m.group(4) or "", "")  # \& \, \/ \^ \| \c etc. vanish
    return ROFF_ESC.sub(repl, re.sub(r'(?<!\\)\\".*', "", s))


def roff_args(rest: str) -> list[str]:
    return [a or b for a, b in re.findall(r'"((?:[^"]|"")*)"|(\S+)', rest)]


def macro_text(name: str, args: list[str]) -> str:
    """Visible text of an inline (font or mdoc) macro line."""
    if name in MDOC_TEXT or name == "It":
        out, flag = [], name == "Fl"
        for a in args:
            if a in MDOC_TEXT:
                flag = a == "Fl"
                continue
            out.append("-" + a if flag else a)
            flag = False
        text = " ".join(out)
        return {"Fl": "-" if not out else text, "Op": f"[{text}]", "Dq": f"“{text}”",
                "Nd": f"- {text}"}.get(name, text)
    alternating = len(name) == 2 and name not in ("SM", "SB", "IP", "It", "UE", "ME")
    return ("" if alternating else " ").join(args)


def man_to_text(raw: str) -> tuple[str, str]:
    """Very small roff interpreter: keeps text, drops requests; title from NAME."""
    parts: list[str] = []
    names: list[str] = []
    section, nofill, in_def, tag = "", False, False, False

    def emit(text: str) -> None:
        nonlocal tag
        parts.append(text + ("\n" if nofill or tag else " "))
        tag = False  # the line after .TP is the tag: it gets a line of its own
        if section in ("NAAM", "NAME"):
            names.append(text)

    for line in raw.splitlines():
        if in_def:
            in_def = not re.fullmatch(r"[.']\s*\.\s*", line)  # ".." ends a macro definition
            continue
        if line[:1] not in (".", "'"):
            if not (nofill and re.fullmatch(r"[a-zA-Z |()\d.w]*\.|[_=]", line.strip())):
                emit(roff_unescape(line).replace("\t", " "))  # (skips tbl formats and rules)
            continue
        cmd, _, rest = line[1:].strip().partition(" ")
        args = roff_args(roff_unescape(rest))
        if cmd in ("de", "de1", "am"):
            in_def = True
        elif cmd in ("SH", "SS", "Sh", "Ss"):
            section = " ".join(args).upper()
            parts.append(f"\n\n{' '.join(args)}\n\n")
        elif cmd in ("nf", "EX", "TS", "Bd", "fi", "EE", "TE", "Ed"):
            nofill = cmd in ("nf", "EX", "TS", "Bd")
            parts.append("\n")
        elif cmd in PARA_MACROS or cmd in LINE_MACROS:
            parts.append("\n\n" if cmd in PARA_MACROS else "\n")
            tag = cmd == "TP"
        elif cmd in ("UR", "MT") and args:
            emit(args[0])  # link target; the link text (if any) follows
        elif cmd in FONT_MACROS or cmd in MDOC_TEXT:
            if cmd in ("IP", "It"):
                parts.append("\n")
            elif cmd in ("UE", "ME") and parts:
                parts[-1] = parts[-1].rstrip(" ")  # punctuation right after a link
            emit(macro_text(cmd, args[:1] if cmd == "IP" else args))
        # any other request (.TH .if .ds .ft ...) produces no text
    title = " ".join(" ".join(names).split())
    body = formats.tidy("".join(parts))
    if section and body.upper().startswith(("NAAM", "NAME")):
        body = body.split("\n\n", 2)[-1]  # the NAME section is the title already
    return title, body


# ------------------------------------------------------------ packages -----

def run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def download(pkg: str, debs: Path) -> Path:
    """Return the cached .deb of pkg, fetching it with apt-get download if needed."""
    debs.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):
        found = sorted(debs.glob(f"{pkg}_*.deb"))
        if found:
            return found[-1]
        res = run(["apt-get", "download", pkg], cwd=debs)
        if res.returncode and attempt == 0 and os.geteuid() == 0:
            run(["apt-get", "update"])  # package lists may be missing on a fresh machine
        elif res.returncode:
            sys.exit(f"apt-get download {pkg} failed:\n{res.stderr.strip()}")
    sys.exit(f"apt-get download {pkg} produced no .deb")


def deb_version(deb: Path) -> str:
    return run(["dpkg-deb", "-f", str(deb), "Version"]).stdout.strip()


def is_dutch(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    nl, en = sum(w in NL_WORDS for w in words), sum(w in EN_WORDS for w in words)
    return en <= 3 * nl + 3  # mixed pages (Dutch prose, English code) stay


def pages(root: Path, keep=is_dutch) -> Iterator[tuple[str, str, str]]:
    """Yield (relative path, title, body) for each usable page under root that `keep` takes."""
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or "-big-page" in path.name:
            continue  # symlinked aliases and all-in-one pages duplicate other pages
        if path.suffix in (".html", ".htm"):
            title, body = html_to_text(path.read_text("utf-8", errors="replace"))
        elif re.search(r"\.\d\w*\.gz$", path.name):  # man page, e.g. ls.1.gz
            raw = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
            if raw.lstrip().startswith(".so "):
                continue  # redirect to another man page
            title, body = man_to_text(raw)
        else:
            continue
        if len(body.split()) >= MIN_WORDS and keep(body):
            yield path.relative_to(root).as_posix(), title or path.stem, body


def extract(pkg: str, debs: Path, base: Path, keep=is_dutch) -> None:
    """Unpack pkg and write its pages (those `keep` takes) as text under base/pkg
    (skipped if done)."""
    marker = base / f".{pkg}.version"
    if marker.exists():
        return
    deb = download(pkg, debs)
    out = base / pkg
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(dir=base.parent) as tmp:
        res = run(["dpkg", "-x", str(deb), tmp])
        if res.returncode:
            sys.exit(f"dpkg -x {deb} failed:\n{res.stderr.strip()}")
        root = Path(tmp) / ROOTS.get(pkg, "usr/share")
        for rel, title, body in pages(root, keep):
            dest = out / re.sub(r"\.(html?|gz)$", "", rel)
            dest = dest.with_name(dest.name + ".txt")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    marker.write_text(deb_version(deb) + "\n")


def english_pages(dest: str | Path | None = None, packages=PACKAGES) -> Path:
    """en/<package>/: the pages of the packages that the Dutch corpus leaves out
    because they were left untranslated (the relevance benchmark's English set)."""
    dest = Path(dest) if dest else default_dest()
    english = dest / "en"
    english.mkdir(parents=True, exist_ok=True)
    for pkg in packages:
        extract(pkg, dest / "debs", english, keep=lambda body: not is_dutch(body))
    return english


def replicate(base: Path, packages, target: Path, copies: int) -> None:
    """Fill target/copyK/<pkg>/ (K < copies) with hard links (or copies) of base/<pkg>."""
    stamp = "".join(f"{p}={(base / f'.{p}.version').read_text()}" for p in sorted(packages))
    done = target / ".done"
    if done.exists() and done.read_text() == stamp:
        return
    shutil.rmtree(target, ignore_errors=True)
    files = sorted(f.relative_to(base) for p in packages for f in (base / p).rglob("*.txt"))
    for k in range(copies):
        for rel in files:
            dest = target / f"copy{k}" / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(base / rel, dest)
            except OSError:
                shutil.copyfile(base / rel, dest)
    done.write_text(stamp)


def prepare(dest: str | Path | None = None, copies: int = 1,
            packages: tuple[str, ...] | list[str] = PACKAGES) -> Path:
    """Build the corpus; return base/ (copies == 1) or the x<copies>/ folder.

    base/ holds every package extracted so far; x<copies>/ only the given ones."""
    dest = Path(dest) if dest else default_dest()
    base = dest / "base"
    base.mkdir(parents=True, exist_ok=True)
    for pkg in packages:
        extract(pkg, dest / "debs", base)
    if copies <= 1:
        return base
    replicate(base, packages, dest / f"x{copies}", copies)
    return dest / f"x{copies}"


def page_records(base_dir: str | Path) -> Iterator[tuple[str, str, str]]:
    """Yield (doc_id, title, body) for each .txt under base_dir; id = path without .txt."""
    base_dir = Path(base_dir)
    for path in sorted(base_dir.rglob("*.txt")):
        title, _, body = path.read_text("utf-8").partition("\n\n")
        yield path.relative_to(base_dir).as_posix()[:-4], title.strip(), body.strip()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dest", help="output folder (default: $ZOEK_CORPUS_DIR or ~/.cache/zoek/corpus)")
    ap.add_argument("--copies", type=int, default=1, help="also build x<N>/ with N copies")
    ap.add_argument("--packages", nargs="+", default=list(PACKAGES))
    args = ap.parse_args(argv)
    start = time.perf_counter()
    out = prepare(args.dest, args.copies, args.packages)
    base = out.parent / "base" if args.copies > 1 else out
    total_pages = total_bytes = 0
    for pkg in args.packages:
        files = list((base / pkg).rglob("*.txt"))
        size = sum(f.stat().st_size for f in files)
        version = (base / f".{pkg}.version").read_text().strip()
        print(f"{pkg:24} {version:22} {len(files):6} pages {size / 1e6:7.2f} MB")
        total_pages, total_bytes = total_pages + len(files), total_bytes + size
    print(f"{'total (base)':47} {total_pages:6} pages {total_bytes / 1e6:7.2f} MB")
    if args.copies > 1:
        print(f"{f'x{args.copies}':47} {total_pages * args.copies:6} docs  "
              f"{total_bytes * args.copies / 1e6:7.2f} MB")
    print(f"output: {out}\ntime: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
