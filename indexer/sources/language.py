"""The language of a document: `nl`, `en`, or `und` when it cannot be told.

A language the file declares (HTML `lang`, Word/ODF properties) wins; else
lingua's detector decides, restricted to Dutch and English and in its
low-accuracy mode: on the benchmark's labelled pages it is as right as the
full mode (`python -m benchmarks.language`) at a third of the memory (about
11 MB per indexing process) and a fraction of a millisecond per document.
Its models ship inside the package: nothing is downloaded at run time.

Text full of Dutch function words (de, het, een, ...) with hardly an English
one is Dutch without asking the detector: on every page of the benchmark
corpus that rule decides (94 % of them) lingua says nl too, and lingua took a
sixth of a build's time.

Paged documents (PDF) are detected page by page; the document's language is
the one with the most text among the pages that were told.
"""

import functools
import re

LANGUAGES = ("nl", "en")
UNDETERMINED = "und"
SAMPLE_CHARS = 600        # detection reads this much of a text: enough (as 1,000 on the corpus), and fast
MIN_LETTERS = 20          # below this a text is too short to tell
MIN_CONFIDENCE = 0.8      # the detector's share for the winner; below it: und
# MIN_LETTERS letters anywhere in the text (any other characters between them)
ENOUGH_LETTERS_RE = re.compile(rf"(?:[\W\d_]*[^\W\d_]){{{MIN_LETTERS}}}")
# A declared tag: a primary language subtag, optionally a region (nl-NL, en_US, EN-gb).
TAG_RE = re.compile(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*")
ISO_639_2 = {"nld": "nl", "dut": "nl", "eng": "en"}
# Function words of one language only (not "in", "is", "over", ...), lowercase.
DUTCH_WORDS = frozenset("de het een van en niet voor met op te dat die zijn wordt worden deze naar ook "
                        "bij om uit aan er dan kan wanneer waar".split())
# Not "of" and "as": Dutch words too (or; axis, ash), they sent a sixth of the Dutch pages
# to the detector for nothing.
ENGLISH_WORDS = frozenset("the and to that with for this are you be by from which can it an on not "
                          "or when will your at if has have".split())
SURE_DUTCH = 8            # this many Dutch function words ...
ENGLISH_SHARE = 1 / 8     # ... and at most this share of English ones: Dutch, no detector needed
WORD_RE = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def detector():
    """The detector, built once per process (it loads two small models)."""
    from lingua import Language, LanguageDetectorBuilder

    return (LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH)
            .with_low_accuracy_mode().build())


def detect(text: str) -> str:
    """nl, en or und for a text (of which a sample is read)."""
    sample = text[:SAMPLE_CHARS]
    if not ENOUGH_LETTERS_RE.match(sample):
        return UNDETERMINED
    if clearly_dutch(sample):
        return "nl"
    confidences = detector().compute_language_confidence_values(sample)
    best = confidences[0] if confidences else None
    if best is None or best.value < MIN_CONFIDENCE:
        return UNDETERMINED
    return best.language.iso_code_639_1.name.lower()


def clearly_dutch(sample: str) -> bool:
    """Many Dutch function words and hardly any English ones."""
    words = WORD_RE.findall(sample.lower())
    dutch = sum(map(DUTCH_WORDS.__contains__, words))
    english = sum(map(ENGLISH_WORDS.__contains__, words))
    return dutch >= SURE_DUTCH and english <= dutch * ENGLISH_SHARE


def declared(tag: str | None) -> str | None:
    """The language a file declares, as nl/en; und for another language; None for none.

    The hook every format reader calls with what it found (`<html lang>`,
    docx `dc:language`, ODF `dc:language`): 'nl-NL' -> nl, 'EN_us' -> en, 'de' -> und.
    """
    match = TAG_RE.fullmatch(tag or "")
    if not match:
        return None
    primary = match.group(1).lower()
    primary = ISO_639_2.get(primary, primary)
    return primary if primary in LANGUAGES else UNDETERMINED


def pages_language(pages: list[str]) -> str:
    """The language of a paged document: per page, the majority by text length."""
    weight: dict[str, int] = {}
    for page in pages:
        lang = detect(page)
        if lang != UNDETERMINED:
            weight[lang] = weight.get(lang, 0) + len(page)
    return max(weight, key=weight.get) if weight else UNDETERMINED


def document_language(declared_tag: str | None, title: str, body: str,
                      pages: list[str] | None = None) -> str:
    """A document's `lang`: the declared language if any, else detected."""
    told = declared(declared_tag)
    if told is not None:
        return told
    if pages and len(pages) > 1:
        return pages_language(pages)
    return detect(f"{title}\n{body}")
