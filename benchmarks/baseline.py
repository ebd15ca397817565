"""Another revision's zoek on the same files and queries (relevance --baseline REV).

Comparing figures across runs compares corpora as well as code: issue 14's
English pages moved the Dutch sets with the old code too. Here the code of a
git revision (`git archive`, into a temporary folder) indexes exactly the
folder this run indexes and answers exactly its judged queries, in a child
process whose `indexer` package is that revision's. That revision must offer
`build_index(source, dest)`, `IndexHandle(dir).searcher()` and
`search(searcher, text, 1, k)`, as zoek has since issue 10.

    python benchmarks/baseline.py CODE_DIR SOURCE QUERIES.json OUT.json   (the child)
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def checkout(rev: str, dest: Path) -> Path:
    """The files of revision `rev` of this repository under dest (no .git)."""
    res = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev],
                         capture_output=True)
    if res.returncode:
        sys.exit(f"git archive {rev} failed: {res.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(res.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def rankings(rev: str, source: Path, sets: dict, k: int) -> dict[str, list[list[str]]]:
    """set -> the top-k ids per query of revision rev's zoek, indexing source."""
    with tempfile.TemporaryDirectory(prefix="zoek-baseline-") as tmp:
        code = checkout(rev, Path(tmp) / "code")
        queries = Path(tmp) / "queries.json"
        queries.write_text(json.dumps({name: [q.text for q in qs] for name, qs in sets.items()}),
                           encoding="utf-8")
        out = Path(tmp) / "rankings.json"
        env = {**os.environ, "PYTHONPATH": str(code)}  # ahead of the editable install
        subprocess.run([sys.executable, __file__, str(code), str(source), str(queries), str(out),
                        str(k)], env=env, check=True)
        return json.loads(out.read_text(encoding="utf-8"))


def rank_all(code: str, source: str, queries: str, out: str, k: str) -> None:
    """The child: index source with the code under `code`, answer every query."""
    sys.path[:] = [code] + [p for p in sys.path if Path(p).resolve() != Path(__file__).parent]
    from indexer.index.build import build_index
    from indexer.index.store import IndexHandle
    from indexer.search import search
    from indexer.search.query import QueryError
    import indexer
    if not Path(indexer.__file__).resolve().is_relative_to(Path(code).resolve()):
        sys.exit(f"baseline: imported {indexer.__file__}, not the revision's code")
    texts = json.loads(Path(queries).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="zoek-baseline-index-") as tmp:
        summary = build_index(source, Path(tmp) / "index")
        print(f"baseline: {summary.line()}", flush=True)
        searcher = IndexHandle(Path(tmp) / "index").searcher()
        ranked = {}
        for name, qs in texts.items():
            ranked[name] = []
            for text in qs:
                try:
                    ranked[name].append([hit.id for hit in search(searcher, text, 1, int(k)).hits])
                except QueryError:
                    ranked[name].append([])
    Path(out).write_text(json.dumps(ranked), encoding="utf-8")


if __name__ == "__main__":
    rank_all(*sys.argv[1:])
