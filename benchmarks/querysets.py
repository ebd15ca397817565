"""Judged query sets generated from a corpus of (doc_id, title, body) pages.

Six sets, each deterministic for a given corpus and seed:

* ``exact``      known-item: a page's title, for titles no other page has;
* ``inflected``  the same titles with one or two words in another inflection
                 (plural/singular, verb stem/infinitive, diminutive) that the
                 lexicon knows as a word;
* ``diacritics`` the titles with diacritics stripped, mistyped (ë -> é), in
                 decomposed Unicode, or added to an ASCII title (coördinatie);
* ``compounds``  a head (or modifier) of compounds in the corpus; relevant are
                 the pages with the word or a compound of it, and recall is
                 measured over the pages that have only the compound;
* ``other-form`` titles with one word in another inflection or a diminutive
                 that the target page has nowhere (Pipet -> pipetje);
* ``trema``      a word with a diacritic typed without it (geinformeerd), where
                 other pages have other forms of the word; relevant are the
                 pages with the very form.

Judgments use only this file's own tokenizer, morphology rules and the
OpenTaal lexicon, never zoek's analyzer or decompounder, so zoek is not
graded by its own rules.
"""
from __future__ import annotations

import gzip
import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

LEXICON_PATH = Path(__file__).resolve().parent.parent / "indexer" / "analysis" / "data" / "lexicon.txt.gz"
SEED = 20240531
VOWELS = set("aeiou")
# Linking morphemes, in the order they are tried: ruimte+vaart, not ruimt+e+vaart.
LINKS = ("s", "en", "", "e")
MIN_WORD = 4        # shortest word inflected or used as a compound part
MIN_HEAD = 5        # shortest compound head or modifier used as a query
MAX_RELEVANT = 10   # compound queries with more relevant pages are left out
MAX_ADDED = 100     # diacritics added to ASCII titles: at most this many queries
MAX_COMPOUND_QUERIES = 500  # a fixed random sample when there are more
# Derivational suffixes that are also words: eigen+schap, vrouw+e+lijk,
# belang+rijk and waarde+vol are not compounds of schap, lijk, rijk, vol.
SUFFIX_WORDS = frozenset("schap schappen heden achtig achtige matig matige lijk lijke lijken "
                         "lijker lijkere rijk rijke rijker rijkere vol volle voller vollere "
                         "zaamheid baarheid loosheid waardig vaardig".split())
# Prepositions and adverbs that make separable verbs (achterblijven,
# samenwerken), not compounds.
PARTICLES = frozenset("aaneen achter bijeen binnen boven buiten door mede neder onder over "
                      "overeen samen tegen terecht terug thuis voor voorbij vooruit voort "
                      "weder".split())
# Verb forms are not compound heads: blok+keert is blokkeert, gebruik+makend a verb.
VERB_FORM_RE = re.compile(r"(eert|eerde|eerden|eerd|ende?)$")
# Dutch vowel digraphs: a diaeresis is never put on their second letter.
DIGRAPHS = frozenset("aa ee oo uu ie ei ij ui ou au eu oe".split())
MISTYPED = str.maketrans("ëïöüéè", "éíóúèé")  # the accent people reach for instead


@dataclass
class Query:
    set: str
    text: str
    relevant: frozenset            # ids judged relevant (MRR)
    target: frozenset = None       # ids recall is measured over (default: relevant)
    kind: str = ""                 # how the query was made
    source: str = ""               # the title or word it was made from
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        self.target = self.target if self.target is not None else self.relevant


def load_lexicon(path: Path = LEXICON_PATH) -> frozenset:
    with gzip.open(path, "rt", encoding="ascii") as f:
        return frozenset(f.read().split())


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Folded words: runs of letters (digits, hyphens, apostrophes separate)."""
    return re.findall(r"[^\W\d_]+", fold(text))


def title_key(title: str) -> tuple:
    return tuple(tokens(title))


def unique_titles(records) -> list[tuple[str, str]]:
    """(doc_id, title) of pages whose title (as folded words) no other page has."""
    by_key = defaultdict(list)
    for doc_id, title, _ in records:
        if title_key(title):
            by_key[title_key(title)].append((doc_id, title))
    return sorted(pages[0] for pages in by_key.values() if len(pages) == 1)


# ------------------------------------------------------------ morphology -----

def _single_vowel_before(w: str) -> bool:
    """w ends consonant + single vowel + consonant: tab-e-l, form-a-t."""
    return (len(w) >= 3 and w[-1] not in VOWELS and w[-2] in VOWELS
            and w[-3] not in VOWELS and w[-1] not in "wjy")


def _stems_of_infinitive(w: str) -> list[str]:
    """tabellen -> tabel, opmaken -> opmaak, brieven -> brief, invoegen -> invoeg."""
    s = w[:-2]
    out = [s]
    if len(s) >= 2 and s[-1] == s[-2] and s[-1] not in VOWELS:
        out.append(s[:-1])
    if _single_vowel_before(s):
        out.append(s[:-1] + s[-2] + s[-1])  # open syllable: double the vowel
    out += [o[:-1] + {"v": "f", "z": "s"}[o[-1]] for o in list(out) if o[-1] in "vz"]
    return out


def _plurals(w: str) -> list[str]:
    """tabel -> tabels, tabellen; opmaak -> opmaken; brief -> brieven; werk -> werken."""
    out = [w + "s", w + "en"]
    if _single_vowel_before(w):
        out.append(w + w[-1] + "en")
    base = w
    if len(w) >= 4 and w[-2] == w[-3] and w[-2] in "aeou" and w[-1] not in VOWELS:
        base = w[:-2] + w[-1]  # opmaak -> opmak(en)
        out.append(base + "en")
    if base[-1] in "fs":
        out.append(base[:-1] + {"f": "v", "s": "z"}[base[-1]] + "en")
    return out


def _diminutives(w: str) -> list[str]:
    out = [w + "je", w + "tje", w + "pje"]
    if _single_vowel_before(w):
        out.append(w + w[-1] + "etje")
    return out


def _undiminish(w: str) -> list[str]:
    w = w[:-1] if w.endswith("jes") else w
    out = []
    if w.endswith("etje") and len(w) > 6 and w[-5] == w[-6]:
        out.append(w[:-5])                  # tabelletje -> tabel
    for end in ("tje", "pje", "je"):
        if w.endswith(end):
            out.append(w[:-len(end)])
            break
    return out


def inflections(word: str, lexicon: frozenset) -> list[str]:
    """Other inflections of a lowercase ASCII word that the lexicon knows."""
    w = word
    cands = _plurals(w) + _diminutives(w) + _undiminish(w)
    if w.endswith("s") and not w.endswith("ss"):
        cands.append(w[:-1])
    if w.endswith("en"):
        cands += _stems_of_infinitive(w)
    if w.endswith(("ie", "ee")):
        cands.append(w + "en")          # categorie -> categorieen (shown as ën)
    if w.endswith("ieen") or w.endswith("eeen"):
        cands.append(w[:-2])
    seen = {w}
    out = []
    for c in cands:
        if len(c) >= MIN_WORD and c not in seen and c in lexicon:
            seen.add(c)
            out.append(c)
    return out


def spelled(form: str, like: str) -> str:
    """A generated form written as Dutch would (ieen -> ieën), with like's capital."""
    form = re.sub(r"(ie|ee)en$", r"\1ën", form)
    return form[:1].upper() + form[1:] if like[:1].isupper() else form


# ------------------------------------------------------------ query sets -----

def exact_titles(titles) -> list[Query]:
    return [Query("exact", title, frozenset([doc_id]), kind="title", source=title)
            for doc_id, title in titles]


def inflected_titles(titles, lexicon, stopwords, rng, all_titles=()) -> list[Query]:
    """all_titles: every title in the corpus (a query equal to one is ambiguous)."""
    known = {title_key(t) for t in all_titles} | {title_key(t) for _, t in titles}
    out = []
    for doc_id, title in titles:
        parts = re.split(r"(\W+)", title)
        options = {i: inflections(p.lower(), lexicon) for i, p in enumerate(parts)
                   if p.isascii() and p.isalpha() and len(p) >= MIN_WORD
                   and p.lower() not in stopwords}
        options = {i: forms for i, forms in options.items() if forms}
        if not options:
            continue
        picked = rng.sample(sorted(options), min(len(options), rng.choice((1, 1, 2))))
        for i in picked:
            parts[i] = spelled(rng.choice(options[i]), parts[i])
        text = "".join(parts)
        if title_key(text) not in known:  # another page has this very title: ambiguous
            out.append(Query("inflected", text, frozenset([doc_id]),
                             kind="+".join(sorted(_kind(title, text))), source=title))
    return out


def _kind(title: str, text: str) -> set:
    """What changed: diminutive, plural/verb (longer form) or singular/stem."""
    kinds = set()
    for a, b in zip(tokens(title), tokens(text)):
        if a == b:
            continue
        if a.endswith(("je", "jes")) or b.endswith(("je", "jes")):
            kinds.add("diminutive")
        else:
            kinds.add("plural/verb" if len(b) > len(a) else "singular/stem")
    return kinds


def has_diacritics(text: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))


def add_diacritic(word: str) -> str | None:
    """coordinatie -> coördinatie-like: a diaeresis on the second vowel of a
    vowel pair that is not a digraph (creatie -> creätie), else é for e."""
    low = word.lower()
    for i in range(1, len(low)):
        if low[i] in VOWELS and low[i - 1] in VOWELS and low[i - 1:i + 1] not in DIGRAPHS \
                and low[i - 1:i + 2] not in ("ieu", "eeu"):
            return word[:i] + unicodedata.normalize("NFC", word[i] + "\u0308") + word[i + 1:]
    i = low.find("e")
    return word[:i] + "é" + word[i + 1:] if i >= 0 else None


def diacritic_titles(titles, rng) -> list[Query]:
    out, added = [], []
    for doc_id, title in titles:
        rel = frozenset([doc_id])
        if has_diacritics(title):
            stripped = "".join(c for c in unicodedata.normalize("NFD", title)
                               if not unicodedata.combining(c))
            out.append(Query("diacritics", stripped, rel, kind="stripped", source=title))
            mistyped = unicodedata.normalize("NFC", title).translate(MISTYPED)
            if mistyped != title:
                out.append(Query("diacritics", mistyped, rel, kind="mistyped", source=title))
            out.append(Query("diacritics", unicodedata.normalize("NFD", title), rel,
                             kind="decomposed", source=title))
        elif title.isascii():
            longest = max(re.findall(r"[A-Za-z]+", title), key=len, default="")
            new = add_diacritic(longest) if len(longest) >= MIN_HEAD else None
            if new:
                text = title.replace(longest, new, 1)
                added.append(Query("diacritics", text, rel, kind="added", source=title))
    return out + sorted(rng.sample(added, min(MAX_ADDED, len(added))), key=lambda q: q.source)


def other_form_titles(records, titles, lexicon, stopwords, rng) -> list[Query]:
    """Titles with one word in another inflection or a diminutive that the target
    page never has (Pipet -> pipetje): only the stemmer or lemma can find it."""
    page_words = {doc_id: set(tokens(f"{title} {body}")) for doc_id, title, body in records}
    known = {title_key(t) for _, t, _ in records}
    out = []
    for doc_id, title in titles:
        parts = re.split(r"(\W+)", title)
        options = {i: [f for f in inflections(p.lower(), lexicon) if f not in page_words[doc_id]]
                   for i, p in enumerate(parts)
                   if p.isascii() and p.isalpha() and len(p) >= MIN_WORD and p.lower() not in stopwords}
        options = {i: forms for i, forms in options.items() if forms}
        if not options:
            continue
        i = rng.choice(sorted(options))
        form = rng.choice(options[i])
        text = "".join(parts[:i] + [spelled(form, parts[i])] + parts[i + 1:])
        if title_key(text) not in known:
            out.append(Query("other-form", text, frozenset([doc_id]),
                             kind="+".join(sorted(_kind(title, text))), source=title))
    return out


def _same_word(a: str, b: str) -> bool:
    """Crude: two folded words that may be forms of one (geimporteerde, importeren)."""
    a, b = (w[2:] if w.startswith("ge") else w for w in (a, b))
    common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return common >= max(5, min(len(a), len(b)) - 4)


def trema_words(records, max_relevant: int = MAX_RELEVANT) -> list[Query]:
    """A word with a trema (or other diacritic), typed without it, where other
    pages have other forms of the word but not this one (geinformeerd against
    informeren): relevant are the (at most 10) pages with the very form."""
    with_form = defaultdict(set)      # folded word -> pages
    accented = {}                     # folded word -> as written
    for doc_id, title, body in records:
        for word in set(re.findall(r"[^\W\d_]+", f"{title} {body}".lower())):
            with_form[fold(word)].add(doc_id)
            if has_diacritics(word) and len(word) >= MIN_HEAD:
                accented.setdefault(fold(word), word)
    by_prefix = defaultdict(list)
    for word in with_form:
        by_prefix[(word[2:] if word.startswith("ge") else word)[:5]].append(word)
    out = []
    for plain, written in sorted(accented.items()):
        relevant = with_form[plain]
        key = (plain[2:] if plain.startswith("ge") else plain)[:5]
        others = [w for w in by_prefix[key] if w != plain and _same_word(w, plain)]
        rivals = set().union(*(with_form[w] for w in others)) - relevant if others else set()
        if rivals and len(relevant) <= max_relevant:
            out.append(Query("trema", plain, frozenset(relevant), kind="stripped", source=written,
                             extra={"rival_pages": len(rivals)}))
    return out


def best_split(w: str, lexicon) -> tuple[str, str, str] | None:
    """(modifier, link, head) of a compound, the longest lexicon head winning
    (scherp+stellen, not scherpst+ellen); None for a simple word.

    Both parts are lexicon words of at least MIN_WORD letters; a linking s or
    en is read where it can be (leven+s+duur, boek+en+kast). Not compounds: a
    verb with a particle (achter+gebleven), a verb's nominalisation
    (adressering from adresseren), a suffix (vrouwelijk) or a verb form
    (blokkeert) as head."""
    if w.endswith("ing") and w[:-3] + "en" in lexicon:
        return None
    for j in range(MIN_WORD, len(w) - MIN_WORD + 1):
        left, head = w[:j], w[j:]
        if head not in lexicon or head in SUFFIX_WORDS or VERB_FORM_RE.search(head):
            continue
        for k in LINKS:
            mod = left[:len(left) - len(k)]
            if left.endswith(k) and len(mod) >= MIN_WORD and mod in lexicon:
                if mod in PARTICLES:
                    break
                return mod, k, head
    return None


def compound_index(vocab, lexicon) -> tuple[dict, dict]:
    """head -> compounds ending in it, modifier -> compounds starting with it."""
    heads, mods = defaultdict(set), defaultdict(set)
    for w in vocab:
        split = best_split(w, lexicon)
        if split:
            heads[split[2]].add(w)
            mods[split[0]].add(w)
    return heads, mods


def compound_query(word, kind, table, pages_with, lexicon) -> Query | None:
    """The query for a head or modifier, if some page has only its compounds
    and at most MAX_RELEVANT pages are relevant."""
    forms = {word, *inflections(word, lexicon)}
    plain = set().union(*(pages_with.get(f, set()) for f in forms))
    if not plain:  # never used on its own here: a fragment, not a query
        return None
    compounds = set().union(*(table.get(f, set()) for f in forms)) - forms
    with_compound = set().union(*(pages_with[c] for c in compounds))
    only = with_compound - plain
    if not only or len(plain | with_compound) > MAX_RELEVANT:
        return None
    return Query("compounds", word, frozenset(plain | with_compound), target=frozenset(only),
                 kind=kind, source=word, extra={"compounds": sorted(compounds)})


def compound_queries(records, lexicon, stopwords, rng, limit=MAX_COMPOUND_QUERIES) -> list[Query]:
    pages_with = defaultdict(set)  # word -> ids
    for doc_id, title, body in records:
        for w in set(tokens(title + "\n" + body)):
            pages_with[w].add(doc_id)
    heads, mods = compound_index(pages_with, lexicon)
    out = []
    for kind, table in (("head", heads), ("modifier", mods)):
        for word in sorted(table):
            if len(word) >= MIN_HEAD and word not in stopwords and word not in SUFFIX_WORDS:
                q = compound_query(word, kind, table, pages_with, lexicon)
                out += [q] if q else []
    return sorted(rng.sample(out, min(limit, len(out))), key=lambda q: (q.kind, q.text))


def build_sets(records, lexicon, stopwords, seed: int = SEED) -> dict[str, list[Query]]:
    """The six judged query sets for a corpus (records: (id, title, body))."""
    records = list(records)
    titles = unique_titles(records)
    return {
        "exact": exact_titles(titles),
        "inflected": inflected_titles(titles, lexicon, stopwords, random.Random(seed),
                                      [title for _, title, _ in records]),
        "diacritics": diacritic_titles(titles, random.Random(seed + 1)),
        "compounds": compound_queries(records, lexicon, stopwords, random.Random(seed + 2)),
        "other-form": other_form_titles(records, titles, lexicon, stopwords, random.Random(seed + 3)),
        "trema": trema_words(records),
    }
