"""Every file under a source folder, sorted into what zoek reads and what it does not.

Each file is accounted for once: a file of a format zoek reads (a document to
try), a file of another format (counted by its extension), or hidden (a dot
file or folder such as .git, counted once as an entry, not walked; Office lock
files ~$x.docx). Links to folders are followed, once each.
"""

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from indexer.sources import formats

NO_EXTENSION_LABEL = "(no extension)"


@dataclass
class Listing:
    documents: list[Path] = field(default_factory=list)   # files of a format zoek reads
    unsupported: list[Path] = field(default_factory=list)
    hidden: list[Path] = field(default_factory=list)

    def unsupported_counts(self) -> Counter:
        return Counter(unsupported_extension(p.name) for p in self.unsupported)


def unsupported_extension(name: str) -> str:
    """How an unsupported file is counted: '.png', '.debian.gz', '(no extension)'."""
    return formats.extension(name) or NO_EXTENSION_LABEL


def is_hidden_name(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def relative_path(path: Path, source: Path) -> str:
    """`path.relative_to(source).as_posix()` for a path listed under source: one slice
    of the string where pathlib parsed both paths again (27,000 files a build)."""
    text, root = str(path), str(source)
    if os.sep == "/" and text.startswith(root + "/"):
        return text[len(root) + 1:]
    return path.relative_to(source).as_posix()


def walk(source: Path):
    """(path, is_hidden) of every non-folder entry under source, sorted, following
    links to folders once (a loop of links ends)."""
    seen: set[tuple[int, int]] = set()
    for folder, dirs, files in os.walk(source, followlinks=True):
        info = os.stat(folder)
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        base = Path(folder)  # a child of it is made faster than a Path parsed whole
        for name in [d for d in dirs if is_hidden_name(d)]:
            yield base / name, True
        dirs[:] = sorted(d for d in dirs if not is_hidden_name(d))
        for name in sorted(files):
            yield base / name, is_hidden_name(name)


def list_source(source: Path, counted=None) -> Listing:
    """The files under source; `counted(n)` is told each time the documents found reach n."""
    listing = Listing()
    for path, hidden in walk(source):
        if hidden:
            listing.hidden.append(path)
        elif formats.format_of(path.name) is not None:
            listing.documents.append(path)
            if counted:
                counted(len(listing.documents))
        else:
            listing.unsupported.append(path)
    listing.documents.sort()
    return listing
