"""BM25F with statistics per language, so that rankings stay comparable.

A Dutch document's text is in the Dutch fields, an English one's in the
English fields (schema.LANGUAGE_FIELDS). Whoosh's BM25F takes the document
count of the whole index for idf and for a field's average length; English
documents would then count as Dutch documents of length 0 (and the other way
round), and adding English pages would reorder Dutch results. Here both are
taken over the documents of the field's own language: a Dutch query ranks the
Dutch pages of a mixed index exactly as on a Dutch-only index.
"""

from math import log

from whoosh import scoring

from indexer.analysis import analysis_language


def field_language(schema, fieldname: str) -> str:
    return getattr(getattr(schema[fieldname], "analyzer", None), "lang", "nl")


def language_counts(searcher) -> dict[str, int]:
    """Documents (deleted ones too, as Whoosh counts them) per analysis language."""
    reader = searcher.reader()
    counts: dict[str, int] = {}
    if "lang" in searcher.schema:
        for raw in reader.lexicon("lang"):
            value = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            lang = analysis_language(value)
            counts[lang] = counts.get(lang, 0) + reader.doc_frequency("lang", value)
    # Documents without a lang (none in a current index) are Dutch.
    known = sum(counts.values())
    default = analysis_language(None)
    counts[default] = counts.get(default, 0) + max(0, searcher.doc_count_all() - known)
    return counts


class LanguageBM25F(scoring.BM25F):
    """BM25F whose idf and average field length count the field's language only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._counts = {}  # id(top searcher) -> language counts

    def documents_of(self, searcher, fieldname: str) -> int:
        parent = searcher.get_parent()
        counts = self._counts.get(id(parent))
        if counts is None:
            counts = self._counts[id(parent)] = language_counts(parent)
        return counts.get(field_language(parent.schema, fieldname), 0) or 1

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        return log(self.documents_of(searcher, fieldname) / (n + 1)) + 1

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer):
            length = searcher.get_parent().field_length(fieldname)
            scorer.avgfl = length / self.documents_of(searcher, fieldname) or 1
        return scorer
