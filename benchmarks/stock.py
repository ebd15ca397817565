"""Stock Whoosh with a plain Dutch stemming analyzer: the baseline zoek is compared with.

What a developer gets from the Whoosh documentation: StemmingAnalyzer
(regex tokenizer, lowercase, stopwords, stemming) with Snowball `dutch`, one
TEXT field per title and body, BM25F, MultifieldParser with AND, Whoosh's own
highlighter for snippets. No diacritic folding, compounds, synonyms or caches.
"""

import time
from pathlib import Path

import snowballstemmer
import whoosh.index
from whoosh import fields, highlight
from whoosh.analysis import StemmingAnalyzer
from whoosh.qparser import MultifieldParser

from indexer.analysis import STOPWORDS

_stemmer = snowballstemmer.stemmer("dutch")


def dutch_stem(word: str) -> str:
    return _stemmer.stemWord(word)


def schema() -> fields.Schema:
    analyzer = StemmingAnalyzer(stemfn=dutch_stem, stoplist=STOPWORDS, cachesize=50_000)
    return fields.Schema(id=fields.ID(stored=True, unique=True),
                         title=fields.TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
                         body=fields.TEXT(analyzer=analyzer, stored=True))


def build(records, index_dir: Path, procs: int = 1) -> float:
    """Index (id, title, body) records; returns seconds taken."""
    index_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ix = whoosh.index.create_in(str(index_dir), schema())
    kwargs = {"procs": procs, "multisegment": True} if procs > 1 else {}
    writer = ix.writer(limitmb=256, **kwargs)
    for doc_id, title, body in records:
        writer.add_document(id=doc_id, title=title, body=body)
    writer.commit()
    return time.perf_counter() - started


class StockSearcher:
    def __init__(self, index_dir: Path):
        self.ix = whoosh.index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)

    def search(self, text: str, limit: int = 10, snippets: bool = True) -> list[tuple[str, str]]:
        """(id, snippet) of the top hits."""
        results = self.searcher.search(self.parser.parse(text), limit=limit)
        if snippets:
            results.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
            results.formatter = highlight.HtmlFormatter(tagname="mark")
        return [(hit["id"], hit.highlights("body", top=1) if snippets else "") for hit in results]
