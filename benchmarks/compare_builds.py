"""Whether two builds of the same source hold the same index, byte for byte.

    python -m benchmarks.compare_builds INDEX_A INDEX_B

Compares the live generations of two index folders: each segment's parts
(postings, terms, stored fields, columns, lengths), matched by segment order
and file extension (segment ids are random), the companion's arrays, the
vocabulary and the build record's file counts. Prints what differs; exit
status 1 when anything does. For checking that a faster build writes the
same index as main's.
"""

import argparse
import json
import sys
from pathlib import Path

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage

from indexer.index import store


def segment_parts(gen: Path) -> list[dict[str, bytes]]:
    """Per segment, in table-of-contents order: extension -> the part's bytes."""
    import whoosh.index

    ix = whoosh.index.open_dir(str(gen))
    parts = []
    for segment in ix._segments():
        segid = segment.segment_id()
        storage = FileStorage(str(gen))
        compound = CompoundStorage(storage.open_file(f"{segid}.seg"), use_mmap=False)
        parts.append({name[len(segid):]: compound.open_file(name).read() for name in compound.list()})
    return parts


def companion_files(gen: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((gen / "companion").iterdir())}


def differences(a: Path, b: Path) -> list[str]:
    gen_a, gen_b = store.current_generation(a), store.current_generation(b)
    found = []
    seg_a, seg_b = segment_parts(gen_a), segment_parts(gen_b)
    if len(seg_a) != len(seg_b):
        found.append(f"segments: {len(seg_a)} != {len(seg_b)}")
    for n, (pa, pb) in enumerate(zip(seg_a, seg_b)):
        for ext in sorted(set(pa) | set(pb)):
            if pa.get(ext) != pb.get(ext):
                found.append(f"segment {n} part {ext}: {len(pa.get(ext) or b'')} vs "
                             f"{len(pb.get(ext) or b'')} bytes, different")
    ca, cb = companion_files(gen_a), companion_files(gen_b)
    for name in sorted(set(ca) | set(cb)):
        if name == "meta.json":
            ma, mb = (json.loads(c.get(name, b"{}")) for c in (ca, cb))
            ma.pop("whoosh_generation", None), mb.pop("whoosh_generation", None)
            if ma != mb:
                found.append(f"companion meta.json: {ma} != {mb}")
        elif ca.get(name) != cb.get(name):
            found.append(f"companion {name} differs")
    if (gen_a / "vocab.tsv").read_bytes() != (gen_b / "vocab.tsv").read_bytes():
        found.append("vocab.tsv differs")
    files_a, files_b = (json.loads((g / store.BUILD_FILE).read_text())["files"] for g in (gen_a, gen_b))
    if files_a != files_b:
        found.append(f"build.json files: {files_a} != {files_b}")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    found = differences(args.a, args.b)
    for line in found:
        print(line)
    print("same index" if not found else f"{len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
