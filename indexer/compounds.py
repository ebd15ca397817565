"""Dutch compound splitting for index-time decompounding.

``split_compound("convenantspartijen") -> ("convenant", "partijen")``

A word is split into parts that are words of the lexicon
(``data/lexicon.txt.gz``, built from the OpenTaal word list by
``python -m indexer.data.build_lexicon``), each at least ``MIN_PART`` letters,
optionally joined by a linking morpheme (tussenklank): ``s``, ``en``, ``e`` or
``er``.  Parts keep the form they have in the word ("partijen", "kinder" in
kinderarbeid), except that a linking ``s`` is dropped ("arbeid" in
arbeidsomstandigheden); the caller stems each part itself.

Precision guards, in order:

* lexicalised words in ``data/compound_exceptions.txt`` are never split, and
  no split may cut through one (toetsenbord, handtekening, ...);
* a part must be at least 4 letters: this alone rules out most junk splits
  (net+werken, vak+bonden, ver+antwoord, be+drijf);
* a modifier must not be a preposition, adverb, verb particle or number
  (voor+stellen, over+heden, samen+werking, onder+wijs, acht+tien), and a head
  must not be a suffix or an inflection ending that happens to be a word
  (vriend+schap, moeite+loos, koester+ende, benadruk+king);
* the split with the fewest parts wins, then the one using fewest linking
  morphemes (glitter+steen, not glitter+s+teen), then the one whose shortest
  part is longest (bijeen+komsten, not bijeenkom+sten).

The lexicon loads once, lazily, on the first call; results are cached.
"""

import functools
import gzip
import re
from pathlib import Path

import snowballstemmer

DATA_DIR = Path(__file__).parent / "data"
LEXICON_PATH = DATA_DIR / "lexicon.txt.gz"
EXCEPTIONS_PATH = DATA_DIR / "compound_exceptions.txt"

MIN_PART = 4
MAX_PARTS = 4
# The shortest word that can be split: two parts of MIN_PART letters.
MIN_WORD = 2 * MIN_PART
_ALPHA = re.compile(r"[a-z]+")

# Linking morphemes that may stand between two parts.  "s" is dropped from the
# output; "er", "en" and "e" stay on the part they follow (kinder, boeken),
# which the Snowball stemmer maps onto the plural anyway.
_LINKS = ("s", "en", "er", "e")
_DROPPED_LINKS = frozenset({"s"})

# Words that are never a modifier (first or middle part): prepositions,
# adverbs and verb particles (split verbs and their derivations: voorstellen,
# overheden, samenwerking, onderwijs, terugkeer, deelnemen), numbers
# (achttien, vierentwintig), combining forms that make lexicalised words
# (transport, combinatie, evenement) and lexicon fragments that only ever show
# up in mis-segmentations (best+ellen, krui+s+punt).
NON_MODIFIERS = frozenset("""
    aaneen achter achteraf achterin achterna achterom achterop achteruit
    alle aller alles alleen
    bezig binnen boven beneden buiten bijeen
    daar daarin daarop daarmee door doorheen
    eens erbij erin erom erop eruit eraan even
    heen hier hierin hierop
    kwijt klaar
    mede mee midden
    nabij naar neer
    omhoog omlaag omver onder ongeveer opeen open over overal overeen
    rond rondom
    samen sinds stil
    tegen tegenover tentoon teleur terecht terug thuis
    uiteen
    vast veel voor vooraf vooraan voorbij vooruit voort vrij
    waar weder weer weerom wegge
    zich zonder
    twee drie vier vijf zeven acht negen tien twaalf dertien veertien
    vijftien zestien zeventien achttien negentien twintig dertig veertig
    vijftig zestig zeventig tachtig negentig honderd duizend miljoen
    voorst voorste achterst achterste onderst onderste bovenst bovenste
    binnenst binnenste buitenst buitenste benedenst achteren onderen overs
    combi maxi trans topo
    best beur buit driest herin koer krui verg vers verst
""".split())

# Words that are never a head (last part):
# * derivational suffixes that are also (rare) words: vriend+schap,
#   moeite+loos, belang+rijk, geloof+waardig, noodzakelijk, helemaal,
#   document, combinatie;
# * inflection endings the lexicon happens to contain: koester+ende,
#   benadruk+king, verba+zing, schep+ping, nagel+aten;
# * s-shifted fragments: kier+s+tand for kier+stand;
# * forms of common verbs, which make separable verbs rather than compounds:
#   deel+nemen, plaats+vinden, schoon+maken, hard+lopen, langs+komen.
NON_HEADS = frozenset("""
    aard aards aardig aardige aarden
    achtig achtige achtiger
    aars aren arij arijen essen
    baar bare baarder baars baarheid baarst baarste
    deels derde deren ding dingen dom dommen
    eden eert eerde eerden ellen eren erde erden ende enden ener enere erik
    foon
    geerde geerden gers gewijs gewijze gierig gierigheid
    graaf grafen grafie grafieen grafisch grafische
    heden
    isme ismen ist isten
    jarig jarige jarigen
    keurig keurige
    king kers pers sten laars lende rende kende kenden mende pende raars
    lijk lijke lijken lijker lijkheid
    ling lingen
    logie logieen logisch logische loog logen
    loos loze lozer lozen loosheid
    maal male matig matige matigheid ment menten
    netje netjes nomie
    pees ping
    rijen rijk rijke rijker rijkere rijks rijkst rijkste
    ring ringen
    schap schappen schappij
    teen tenen tand tanden tukken tukjes tokken treek taart theist oren
    tijdig tijdige
    vaardig vaardige vaardigen vaardigheid vaardigheden
    waardig waardige waardigheid waardigheden werkelijk werkelijke
    zaam zame zaamheid zakelijk zakelijke zing zinnig zinnige zins
    ster sters aten allen
    nemen neem neemt nemend nemende nemer nemers name namen genomen
    vinden vind vindt vond vonden vindend gevonden
    maken maak maakt maakte maakten gemaakt gemaakte
    komen komt kwam kwamen komend komende gekomen
    gaan gaat ging gingen gegaan
    staan stond stonden gestaan
    hebben heeft hebbend
    houden houd houdt hield hielden gehouden
    halen haalt haalde haalden gehaald
    raken raakt raakte raakten geraakt
    leggen legt legde legden gelegd
    zetten zette zetten gezet
    stellen stelt stelde stelden gesteld gestelde
    keren keert keerde keerden gekeerd
    plegen pleegt pleegde pleegden gepleegd
    geven geeft gaf gaven gegeven
    doen doet deed deden gedaan
    brengen brengt bracht brachten gebracht
    krijgen krijgt kreeg kregen gekregen
    zien ziet zag zagen gezien
""".split())


_stemmer = snowballstemmer.stemmer("dutch")


@functools.cache
def _lexicon() -> frozenset:
    """The lexicon word set, read once from the committed data file."""
    with gzip.open(LEXICON_PATH, "rt", encoding="ascii") as lines:
        return frozenset(lines.read().split())


@functools.cache
def _exceptions() -> tuple[frozenset, tuple[int, ...]]:
    """Lexicalised words that are never split, and their distinct lengths."""
    words = set()
    for line in EXCEPTIONS_PATH.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
    return frozenset(words), tuple(sorted({len(word) for word in words}, reverse=True))


def lexicon_size() -> int:
    """Number of words in the lexicon (loads it)."""
    return len(_lexicon())


# Nouns with these suffixes take a linking s before a consonant
# (overwinning+s+teken, veiligheid+s+test): there an s-link is free and
# reading the s as the start of the head is what costs.
_S_LINKING_SUFFIXES = ("ing", "heid", "schap", "teit")


def _link_cost(part: str, link: str, word: str, j: int, lexicon: frozenset) -> int:
    """1 if the boundary after `part` uses a linking morpheme, else 0.

    A modifier that is a plural or s-form of a word (genres in genrestukjes)
    counts as linked, so genre+stukjes wins over genres+tukjes; likewise a
    head that starts with s wins over s-link + head (glitter+steen, not
    glitter+s+teen), except after the suffixes in _S_LINKING_SUFFIXES.
    """
    if part.endswith(_S_LINKING_SUFFIXES):
        if link == "s":
            return 0
        if not link and word.startswith("s", j):
            return 1
    if link:
        return 1
    return 1 if part[-1] == "s" and part[:-1] in lexicon else 0


def _drop_plural_s(part: str, lexicon: frozenset) -> str:
    """'convenants' -> 'convenant': a modifier that is a word ending in s is
    read as word + linking s when the stem does not end in a vowel or j (kruis
    stays kruis) and the stemmer would not conflate the two forms anyway
    (plaats stays plaats)."""
    if part[-1] != "s" or part[-2] in "aeiouyj":
        return part
    stem = part[:-1]
    if len(stem) < MIN_PART or stem not in lexicon:
        return part
    if _stemmer.stemWord(part) == _stemmer.stemWord(stem):
        return part
    return stem


@functools.lru_cache(maxsize=1 << 18)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Dutch compound, or () if the word is not split.

    ``word`` is lowercase with diacritics folded.  Every part has at least
    ``MIN_PART`` letters; a linking ``s`` is left out.
    """
    n = len(word)
    if n < MIN_WORD or not _ALPHA.fullmatch(word):
        return ()
    lexicon = _lexicon()
    exceptions, exception_lengths = _exceptions()

    # min_end[i]: a part starting at i must reach at least this far, so that
    # it does not cut through a lexicalised word starting at i.
    @functools.cache
    def min_end(i):
        for length in exception_lengths:
            if i + length <= n and word[i:i + length] in exceptions:
                return i + length
        return i + MIN_PART

    @functools.cache
    def best_from(i, parts_left):
        """Best (score, parts) for word[i:], or None.

        score = (parts, linking morphemes, -shortest part, -first part);
        lower is better.
        """
        best = None
        start = min_end(i)
        # The head: word[i:] as a whole.
        if i > 0 and n - i >= start - i:
            head = word[i:]
            if head in lexicon and head not in NON_HEADS:
                best = ((1, 0, -(n - i), -(n - i)), (head,))
        if parts_left < 2:
            return best
        for j in range(start, n - MIN_PART + 1):
            part = word[i:j]
            if part not in lexicon or part in NON_MODIFIERS:
                continue
            options = [(j, "")]
            for link in _LINKS:
                k = j + len(link)
                if n - k >= MIN_PART and word.startswith(link, j):
                    # A linking en/e/er is only read when part+link is not a
                    # word itself (then that longer part is tried as such).
                    if link not in _DROPPED_LINKS and part + link in lexicon:
                        continue
                    options.append((k, link))
            for k, link in options:
                rest = best_from(k, parts_left - 1)
                if rest is None:
                    continue
                (count, links, shortest, _), parts = rest
                shown = part if link in _DROPPED_LINKS or not link else part + link
                if not link:
                    shown = _drop_plural_s(part, lexicon)
                    if shown in NON_MODIFIERS:
                        continue
                score = (count + 1, links + _link_cost(part, link, word, j, lexicon),
                         max(shortest, -len(part)), -len(part))
                if best is None or score < best[0]:
                    best = (score, (shown,) + parts)
        return best

    result = best_from(0, MAX_PARTS)
    if result is None or len(result[1]) < 2:
        return ()
    return result[1]
