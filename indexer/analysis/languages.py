"""Which analysis a language gets: English for `en`, the Dutch pipeline for
everything else (`nl`, and `und`: the collection is Dutch)."""

from collections import Counter

from indexer.analysis import english, pipeline

ANALYSES = {"nl": pipeline, "en": english}
DEFAULT_LANGUAGE = "nl"


def analysis_language(lang: str | None) -> str:
    """The language whose analysis (and fields) a document of `lang` gets."""
    return lang if lang in ANALYSES else DEFAULT_LANGUAGE


def analysis_for(lang: str | None):
    """The analysis module (pipeline or english) for a document's or a field's language."""
    return ANALYSES[analysis_language(lang)]


def lexicons() -> dict:
    """A Lexicon per analysis language, for one run of the indexer."""
    return {lang: pipeline.Lexicon(module.word_info) for lang, module in ANALYSES.items()}


def vocabulary(lexicons: dict) -> Counter:
    """folded word -> the number of documents the lexicons counted with it."""
    return sum((lexicon.vocabulary() for lexicon in lexicons.values()), Counter())


def load_data() -> None:
    """Read every analysis's data files now (the lemma table, the compound lexicon: half a
    second) rather than with the first words analysed."""
    for module in ANALYSES.values():
        module.word_info("kinderboeken")
