"""The index schema, defined once: fields, the document-to-fields mapping and
the versions an index records.

An index built with another ANALYSIS_VERSION or SCHEMA_VERSION is refused
until it is rebuilt (see `store.check_compatible`).
"""

from whoosh import fields
from whoosh.analysis import Analyzer, Token

from indexer.analysis import (
    ANALYSIS_VERSION,
    STEMMER_ALGORITHM,
    analysis_for,
    analysis_language,
    analyze_exact,
    fold,
)
from indexer.analysis.pipeline import NO_TOKENS
from indexer.index.companion import COMPANION_VERSION
from indexer.index.whoosh_internals import AnalyzedText
from indexer.sources import documents

# Bump when the fields change (or where their classes live: the schema is pickled).
SCHEMA_VERSION = "9"


class DutchAnalyzer(Analyzer):
    """Whoosh adapter over `analyze`: stored on the schema, used by the parser.

    With tokenize=False (wildcards, ranges) the text is only lowercased and
    folded: a prefix must not be stemmed. With parts=True it indexes compound
    parts instead of words; queries on that field use the plain terms. With
    exact=True the terms are the folded words, unstemmed.
    """

    lang = "nl"  # the analysis (analysis.languages) of this field's text

    def __init__(self, parts: bool = False, exact: bool = False):
        self.parts, self.exact = parts, exact

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = fold(value)
            token.pos, token.startchar, token.endchar = start_pos, start_char, start_char + len(value)
            token.boost = 1.0
            yield token
            return
        index_parts = self.parts and mode == "index"
        language = analysis_for(self.lang)
        analyzer = (analyze_exact if getattr(self, "exact", False) else
                    language.analyze_parts if index_parts else language.analyze)
        for term, pos, start, end in analyzer(value):
            token.text = term
            token.boost = 1.0
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    def query_texts(self, value: str) -> list[str]:
        """The terms of a query word: what `field.process_text(value, mode="query")` yields,
        without a Token per term (the query parser analyses every word in every field)."""
        analyzer = analyze_exact if getattr(self, "exact", False) else analysis_for(self.lang).analyze
        return [term for term, _, _, _ in analyzer(value)]

    def __eq__(self, other):
        return (type(other) is type(self) and other.parts == self.parts
                and getattr(other, "exact", False) == getattr(self, "exact", False))

    def __hash__(self):
        return hash((type(self), self.parts, getattr(self, "exact", False)))


class EnglishAnalyzer(DutchAnalyzer):
    """The same adapter over english.py, for the English fields."""
    lang = "en"


# A document's text goes to the fields of its analysis language: Dutch (and und)
# to title/body/parts, English to title_en/body_en. Each language's fields keep
# their own BM25 statistics (index/scoring.py).
LANGUAGE_FIELDS = {"nl": {"title": "title", "body": "body", "parts": "parts"},
                   "en": {"title": "title_en", "body": "body_en"}}


def make_schema() -> fields.Schema:
    analyzer = DutchAnalyzer()
    english = EnglishAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.STORED(),
        title=AnalyzedText(analyzer=analyzer, stored=True),
        body=AnalyzedText(analyzer=analyzer, stored=True),
        # Parts of the compounds in title and body: no positions, no phrases.
        parts=AnalyzedText(analyzer=DutchAnalyzer(parts=True), phrase=False),
        # The words of title and body folded but not stemmed: the very form typed ranks first.
        exact=AnalyzedText(analyzer=DutchAnalyzer(exact=True), phrase=False),
        # English documents' text (stored in title and body all the same).
        title_en=AnalyzedText(analyzer=english),
        body_en=AnalyzedText(analyzer=english),
        links=fields.STORED(),
        # The whole title as plain words: a query that is exactly the title ranks it first.
        title_key=fields.ID(),
        # Metadata: filters and facets (companion.FACET_FIELDS: the companion counts and
        # sorts them from a code per document, so Whoosh keeps no columns of them).
        date=fields.ID(stored=True),
        year=fields.ID(stored=True),
        collection=fields.ID(stored=True),
        type=fields.ID(stored=True),
        lang=fields.ID(stored=True),
        source_url=fields.STORED(),
        pages=fields.STORED(),
        # File facts: `zoek index --update` compares them to find changed files.
        mtime_ns=fields.STORED(),
        size=fields.STORED(),
        hash=fields.STORED(),
    )


def expected_build() -> dict:
    """The parts of a build record that must match for the index to be usable."""
    return {
        "analysis_version": ANALYSIS_VERSION,
        "schema_version": SCHEMA_VERSION,
        "stemmer": STEMMER_ALGORITHM,
        "companion_version": COMPANION_VERSION,
    }


def doc_fields(doc: documents.Document) -> dict:
    """The stored and metadata fields of a document. Empty optional values are
    left out (readers default them), which keeps them out of every stored record."""
    fields = dict(id=doc.id, path=doc.path, date=doc.date, year=doc.year, type=doc.type,
                  lang=doc.lang, mtime_ns=doc.mtime_ns, size=doc.size, hash=doc.hash)
    optional = dict(links=doc.links, source_url=doc.source_url, pages=doc.pages,
                    collection=doc.collection)
    fields.update({name: value for name, value in optional.items() if value})
    return fields


def document_words(doc: documents.Document, lexicons: dict) -> list[str]:
    """The folded words of a document, as the vocabulary counts them."""
    lexicon = lexicons[analysis_language(doc.lang)]
    return lexicon.strings(lexicon.document(doc.title, doc.body, exact=False).words)


def add_document(writer, doc: documents.Document, lexicons: dict) -> None:
    """One document, analysed once for all its text fields by `lexicons` (one per analysis
    language: `analysis.lexicons()`), which count its words (`analysis.vocabulary`)."""
    lang = analysis_language(doc.lang)
    lexicon = lexicons[lang]
    analysed = lexicon.document(doc.title, doc.body, exact=lang == "nl")  # exact: Dutch only
    lexicon.count_words(analysed)
    names = LANGUAGE_FIELDS[lang]
    # Stored under title/body whatever the language; indexed in the language's fields.
    text_fields = {names["title"]: analysed.title, names["body"]: analysed.body,
                   names.get("parts", "parts"): analysed.parts}
    writer.add_document(**doc_fields(doc), **{"title": NO_TOKENS, "body": NO_TOKENS, **text_fields},
                        _stored_title=doc.title, _stored_body=doc.body,
                        title_key=analysed.title_key, exact=analysed.exact)
