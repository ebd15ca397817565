"""The Dutch analysis (and the English one, english.py): text to index terms, the same for indexing, queries and
highlighting. No Whoosh here; the index layer wraps it for the schema."""

from indexer.analysis.languages import (
                                       ANALYSES,
                                       DEFAULT_LANGUAGE,
                                       analysis_for,
                                       analysis_language,
                                       lexicons,
                                       vocabulary,
)
from indexer.analysis.pipeline import (
                                       ANALYSIS_VERSION,
                                       DATA_DIR,
                                       STEM_OVERRIDES,
                                       STEMMER_ALGORITHM,
                                       STOPWORDS,
                                       WORD_RE,
                                       Lexicon,
                                       Tokens,
                                       analyze,
                                       analyze_exact,
                                       analyze_parts,
                                       fold,
                                       folded_term,
                                       normalise,
                                       part_terms,
                                       query_terms,
                                       read_word_list,
                                       stem,
                                       stemmer_library,
                                       term_for,
                                       title_key,
                                       word_info,
                                       words,
)

__all__ = ["ANALYSES", "DEFAULT_LANGUAGE", "analysis_for", "analysis_language", "lexicons", "vocabulary",
           "ANALYSIS_VERSION", "DATA_DIR", "STEM_OVERRIDES", "STEMMER_ALGORITHM", "STOPWORDS", "WORD_RE",
           "analyze", "analyze_exact", "analyze_parts", "fold", "folded_term", "Lexicon", "Tokens", "normalise",
           "part_terms", "query_terms", "read_word_list", "stem", "stemmer_library", "term_for",
           "title_key", "word_info", "words"]
