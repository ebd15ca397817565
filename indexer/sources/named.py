"""Named sources: `--source rapporten=~/docs/rapporten --source nieuws=~/docs/nieuws`.

Each name becomes a collection. The build reads them through one folder of
links in the index folder (`<index>/sources/<name> -> DIR`), so a document's
path and id start with its source's name, ids stay unique across sources,
and `--update` compares the same paths from build to build. A single bare
DIR is read as it is, as before.
"""

import os
import re
from pathlib import Path

LINKS_FOLDER = "sources"
NAME_RE = re.compile(r"[\w][\w.-]{0,63}")


class SourceError(ValueError):
    """A --source value that cannot be used; the message says why."""


def parse(values: list[str]) -> dict[str, Path] | Path:
    """NAME=DIR values -> {name: folder}; one bare DIR -> that folder. A bare DIR
    beside named ones is named after its folder."""
    if len(values) == 1 and "=" not in values[0]:
        return Path(values[0]).expanduser()
    named: dict[str, Path] = {}
    for value in values:
        name, sep, folder = value.partition("=")
        if not sep:
            name, folder = Path(value).expanduser().resolve().name, value
        if not NAME_RE.fullmatch(name):
            raise SourceError(f"source name {name!r}: use letters, digits, '.', '_' or '-'")
        if name in named:
            raise SourceError(f"source name {name!r} given twice")
        named[name] = Path(folder).expanduser()
    return named


def link_folder(named: dict[str, Path], index_dir: Path) -> Path:
    """The folder of links to the named sources, made (or brought up to date) in index_dir."""
    for name, folder in named.items():
        if not folder.is_dir():
            raise SourceError(f"source folder {folder} ({name}) does not exist")
    root = Path(index_dir) / LINKS_FOLDER
    root.mkdir(parents=True, exist_ok=True)
    for old in root.iterdir():
        if old.name not in named and old.is_symlink():
            old.unlink()
    for name, folder in named.items():
        tmp = root / f".{name}.new"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(folder.resolve(), target_is_directory=True)
        os.replace(tmp, root / name)
    return root


def source_root(values, index_dir) -> Path:
    """The folder a build reads: the one bare DIR, or the folder of links to named ones."""
    values = [values] if isinstance(values, (str, Path)) else list(values)
    parsed = parse([str(v) for v in values])
    return parsed if isinstance(parsed, Path) else link_folder(parsed, index_dir)


def describe(root: Path) -> dict[str, str] | None:
    """{name: folder} when root is a folder of links to named sources, else None."""
    root = Path(root)
    if root.name != LINKS_FOLDER:
        return None
    entries = [p for p in sorted(root.iterdir()) if not p.name.startswith(".")]
    if not entries or not all(p.is_symlink() for p in entries):
        return None
    return {p.name: os.readlink(p) for p in entries}
