"""SQLite FTS5 (the standard library's sqlite3) as a reference engine.

What a developer gets from SQLite's documentation for Dutch text: the
unicode61 tokenizer with diacritics removed (there is no Dutch stemmer in
SQLite; porter is English), title and body columns, BM25 ranking with the
title weighted as zoek weights it, and snippet() for the highlighted excerpt.
Queries are the benchmark's words, all required (FTS5's implicit AND).
"""

import sqlite3
import time
from pathlib import Path

DB_NAME = "fts.sqlite"
TITLE_WEIGHT = 2.5  # zoek's FIELD_BOOSTS["title"]
BATCH = 2000


def connect(index_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(str(Path(index_dir) / DB_NAME), check_same_thread=False)


def build(records, index_dir: Path) -> float:
    """Index (id, title, body) records; returns seconds taken."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    db = connect(index_dir)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
               "tokenize='unicode61 remove_diacritics 2')")
    batch = []
    with db:
        for record in records:
            batch.append(record)
            if len(batch) >= BATCH:
                db.executemany("INSERT INTO docs VALUES (?, ?, ?)", batch)
                batch = []
        db.executemany("INSERT INTO docs VALUES (?, ?, ?)", batch)
    db.execute("INSERT INTO docs(docs) VALUES ('optimize')")  # one b-tree segment, as after a build
    db.commit()
    db.close()
    return time.perf_counter() - started


def match_expression(text: str) -> str:
    """Every word as a quoted FTS5 string: all required, no operators."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in text.split())


class SqliteSearcher:
    SQL = (f"SELECT id, snippet(docs, 2, '<mark>', '</mark>', '…', 24) FROM docs "
           f"WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, {TITLE_WEIGHT}, 1.0) LIMIT ?")

    def __init__(self, index_dir: Path):
        self.db = connect(index_dir)

    def search(self, text: str, limit: int = 10) -> list[tuple[str, str]]:
        """(id, snippet HTML) of the top hits."""
        return self.db.execute(self.SQL, (match_expression(text), limit)).fetchall()
