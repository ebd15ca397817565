"""Dutch compound splitting for index-time decompounding.

    split_compound("convenantspartijen") -> ("convenant", "partijen")
    split_compound("toetsenbord") -> ()

A word is split into parts that are words of the lexicon, each at least
``MIN_PART`` (4) letters, optionally joined by a linking morpheme
(tussenklank) ``s`` or ``er``.  Parts keep the form they have in the word
("partijen"; "kinder" in kinderarbeid), except that a linking ``s`` is
dropped ("arbeid" in arbeidsomstandigheden, "convenant" in
convenantspartijen); the caller stems each part itself.  Input is one
lowercase word with diacritics folded; anything else gives ().

Data (``indexer/analysis/data``, built from the OpenTaal word list by
``python -m indexer.analysis.data.build_lexicon``; the runtime needs no Debian
package):

* ``lexicon.txt.gz``: the words parts are made of;
* ``names.txt.gz``: names (eindhoven, duitsland, volkswagen), which are never
  split but may be a part (westfriesland -> west + friesland);
* ``compound_exceptions.txt``: lexicalised words, never split and never cut
  through inside a longer compound (toetsenbord, ziekenhuis, werkgever).

Precision guards:

* a part must be at least 4 letters: this alone rules out most junk splits
  (net+werken, vak+bonden, ver+antwoord, be+drijf);
* a modifier must not be a preposition, adverb, verb particle, number or a
  known junk fragment (NON_MODIFIERS: voor+stellen, over+heden,
  samen+werking, burg+e+meester), and a head must not be a suffix, an
  inflection ending or a form of a common verb (NON_HEADS: vriend+schap,
  belang+rijk, koester+ende, deel+nemen);
* the split with the fewest parts wins, then the one reading fewest linking
  morphemes, where a modifier that usually takes a linking s (lichaam,
  bedrijf, raad) reads one for free (lichaam+s+taal, but glitter+steen),
  then the one whose shortest part is longest (bijeen+komsten, not
  bijeenkom+sten), then the one with the longer first part
  (kleinkunst+avond).

The data loads once, lazily, on the first call (about 0.15 s); results are
cached.
"""

import bisect
import functools
import gzip
import re
from pathlib import Path

import snowballstemmer

DATA_DIR = Path(__file__).parent / "data"
LEXICON_PATH = DATA_DIR / "lexicon.txt.gz"
NAMES_PATH = DATA_DIR / "names.txt.gz"
EXCEPTIONS_PATH = DATA_DIR / "compound_exceptions.txt"

MIN_PART = 4
MAX_PARTS = 4
# The shortest word that can be split: two parts of MIN_PART letters.
MIN_WORD = 2 * MIN_PART
_ALPHA = re.compile(r"[a-z]+")

# Linking morphemes that may stand between two parts: "s" (dropped from the
# output: arbeid+s+omstandigheden) and "er" (kept on its part: kinder+arbeid,
# wieler+ploeg, noorder+licht; Snowball stems kinder like kinderen).  The
# plural-like "en" and "e" links (boeken+kast, zonne+bloem) need no rule: the
# lexicon has boeken and zonne as words, while allowing en/e between any two
# words mostly produced junk (burg+e+meester, volg+e+boekt).
_LINKS = ("s", "er")
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
    combi maxi trans topo dicht vanzelf gemeen
    aangesp aart alge ambte best bete betrok beur brui buit burge choco cult
    driest gebeurte gesp gevang gevange hande herin koer koes kris krist
    krui kunste marte mees moorde neder ongel opper prak prakt pres presen
    scha spon tempe tempera toep verg vers verst volst volt
    beha bestem bief drup geblind geco genera grif herop hots insta kaar
    kakker kawa luiste meed onaf ontman oord para pent plag poly predik
    promo psych schor schro signa spar spet trim verdoe verga verrek voord
    wasser wegs
    beau bekom bemoei bras conto dage erdoor gemene herover heter marc meen
    moer past prof sant tops trage tweeen voorn vooronder ware
    gelijker leve schei
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
    abel ante dement eken enen enten gels innen iele kelen nering nissen
    omen pels pijen ving wekkend wekkende teren teerde teert
    naar naars laar laren
    schappelijk schappelijke
    sleden slang smacht snood stak
    door
    tien twintig dertig veertig vijftig zestig zeventig tachtig negentig
    honderd duizend
    gekeurd gekeurde
    alen anten arde arier ariers baarlijk baarlijke biel boarden chute doekt
    eelt enken ester ette even fier giek iaat ijker neren oenen opaten
    ordineerde pelen pots raar ragen rechtelijk rechtelijke robe saki
    slicht stens tanen teling terende terend tuigen tuur turen veerde
    veert wijdte zelen zend
    amen assen dies heren lenden lijkt open orale spaar spoort
    onder boven beneden
    aart sering seringen tuigje leren leert leerde leerden rissen zijn
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


def _read_gzip_words(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="ascii") as lines:
        return lines.read().split()


def read_exceptions(path: Path = EXCEPTIONS_PATH) -> frozenset:
    """The words of an exception list: one a line, "#" starts a comment."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
    return frozenset(words)


@functools.cache
def _data() -> tuple[frozenset, dict, list[str]]:
    """(part words, never-split index, the sorted lexicon for prefix counts).

    Read once from the committed data files.  Names are parts too
    (westfriesland -> west + friesland) but are never split themselves.  The
    never-split index maps the first MIN_PART letters of each never-split
    word to {length: ...} sets of the whole words, longest first.
    """
    words = _read_gzip_words(LEXICON_PATH)
    names = _read_gzip_words(NAMES_PATH)
    parts = frozenset(words + names)
    by_prefix: dict[str, dict[int, set]] = {}
    for word in set(names).union(read_exceptions()):
        by_prefix.setdefault(word[:MIN_PART], {}).setdefault(len(word), set()).add(word)
    whole = {
        prefix: tuple((length, frozenset(group)) for length, group in
                      sorted(lengths.items(), reverse=True))
        for prefix, lengths in by_prefix.items()
    }
    return parts, whole, words


def _lexicon() -> frozenset:
    """The words a compound may be made of."""
    return _data()[0]


def is_word(word: str) -> bool:
    """Whether a folded word (4+ letters) is in the lexicon."""
    return word in _lexicon()


def lexicon_size() -> int:
    """Number of words in the lexicon, names included (loads it)."""
    return len(_lexicon())


# A modifier "takes" a linking s when at least this share of the lexicon
# words that start with it continue with an s: lichaam (lichaamstaal,
# lichaamsdeel, ...: 0.99), raad (0.62), bedrijf (1.0), against glitter
# (0.14), wereld (0.09), kranten (0.10).
S_LINK_AFFINITY = 0.5


@functools.lru_cache(maxsize=1 << 16)
def _takes_linking_s(part: str) -> bool:
    """Whether `part` is mostly followed by a linking s in lexicon words."""
    words = _data()[2]
    start = bisect.bisect_left(words, part)
    total = bisect.bisect_left(words, part + "{", start) - start - 1
    if total <= 0:
        return False
    s_start = bisect.bisect_left(words, part + "s", start)
    with_s = bisect.bisect_left(words, part + "s{", s_start) - s_start
    return with_s >= S_LINK_AFFINITY * total


def _link_cost(part: str, link: str, word: str, j: int, lexicon: frozenset) -> int:
    """1 if the boundary after `part` reads a linking morpheme, else 0.

    Where the letters after a modifier can be read both as a linking s + head
    and as a head starting with s, the modifier decides: one that takes a
    linking s gets it for free (lichaam+s+taal, raad+s+leden,
    toegang+s+poort), any other pays for it (glitter+steen, spreek+stemmen,
    kier+stand).  A modifier that is a plural or s-form of a word (genres in
    genrestukjes) counts as linked, so genre+stukjes wins over genres+tukjes.
    """
    if link == "s":
        return 0 if _takes_linking_s(part) else 1
    if link:
        return 1
    if word.startswith("s", j) and _takes_linking_s(part):
        return 1
    return 1 if part[-1] == "s" and part[:-1] in lexicon else 0


@functools.lru_cache(maxsize=1 << 16)
def _drop_plural_s(part: str) -> str:
    """'convenants' -> 'convenant': a modifier that is a word ending in s is
    read as word + linking s when the stem does not end in a vowel or j (kruis
    stays kruis) and the stemmer would not conflate the two forms anyway
    (plaats stays plaats)."""
    if part[-1] != "s" or part[-2] in "aeiouyj":
        return part
    stem = part[:-1]
    if len(stem) < MIN_PART or stem not in _lexicon():
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
    lexicon, whole, _ = _data()
    memo = {}

    def min_end(i):
        """A part starting at i must reach at least this far, so that it does
        not cut through a lexicalised word or a name starting at i."""
        for length, group in whole.get(word[i:i + MIN_PART], ()):
            if i + length <= n and word[i:i + length] in group:
                return i + length
        return i + MIN_PART

    def best_from(i, parts_left):
        """Best (score, parts) for word[i:], or None.

        score = (parts, linking morphemes, -shortest part, -first part);
        lower is better.
        """
        key = (i, parts_left)
        if key in memo:
            return memo[key]
        best = None
        start = min_end(i)
        # The head: word[i:] as a whole.
        if i > 0 and start <= n:
            head = word[i:]
            if head in lexicon and head not in NON_HEADS:
                best = ((1, 0, i - n, i - n), (head,))
        if parts_left >= 2:
            for j in range(start, n - MIN_PART + 1):
                part = word[i:j]
                if part not in lexicon or part in NON_MODIFIERS:
                    continue
                options = [(j, "")]
                for link in _LINKS:
                    k = j + len(link)
                    if n - k >= MIN_PART and word.startswith(link, j):
                        # A linking er is only read when part+er is not a word
                        # itself (then that longer part is tried as such).
                        if link not in _DROPPED_LINKS and part + link in lexicon:
                            continue
                        options.append((k, link))
                for k, link in options:
                    rest = best_from(k, parts_left - 1)
                    if rest is None:
                        continue
                    (count, links, shortest, _), parts = rest
                    if link:
                        shown = part if link in _DROPPED_LINKS else part + link
                    else:
                        shown = _drop_plural_s(part)
                        if shown in NON_MODIFIERS:
                            continue
                    score = (count + 1, links + _link_cost(part, link, word, j, lexicon),
                             max(shortest, i - j), i - j)
                    if best is None or score < best[0]:
                        best = (score, (shown,) + parts)
        memo[key] = best
        return best

    result = best_from(0, MAX_PARTS)
    if result is None or len(result[1]) < 2:
        return ()
    return result[1]
