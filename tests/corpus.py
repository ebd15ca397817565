"""Generated Dutch corpora for the load and crash tests: many small documents
made from the seed sentences, deterministic for a given random seed."""

import random
import re
from pathlib import Path

from indexer.sources.documents import extract_links

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+")


def seed_sentences() -> list[str]:
    """The seeds' sentences without links, of a readable length."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        text, _ = extract_links(path.read_text(encoding="utf-8"))
        out += [s for s in SENTENCE_END_RE.split(" ".join(text.split())) if 20 <= len(s) <= 400]
    return out


def make_corpus(dest: Path, count: int, seed: int = 0, extra: str = "") -> Path:
    """`count` documents under dest (500 per subfolder); `extra` ends the last one."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    for n in range(count):
        folder = dest / f"deel-{n // 500:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = " ".join(rng.choices(sentences, k=rng.randint(4, 10)))
        if n == count - 1 and extra:
            body += " " + extra
        title = f"Rapport {n}: " + " ".join(rng.choice(sentences).split()[:5])
        (folder / f"rapport-{n:05d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return dest
