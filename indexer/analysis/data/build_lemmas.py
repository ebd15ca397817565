"""Build ``lemmas.tsv.gz``, the lemma table the analyzer looks words up in.

Source: simplemma's Dutch dictionary (``pip install simplemma==2.0.0``; data
from Wiktionary and other open lexicons, MIT licence). Only this script needs
simplemma: the committed table is what ``indexer.analysis.lemma`` reads.

Forms and lemmas are folded the way the analyzer folds them (gecreëerd ->
gecreeerd), a lemma is followed to its own lemma (kaartjes -> kaartje ->
kaart), and a form is kept only where the table changes its term: where the
stem of the lemma differs from the stem the analyzer would give without the
entry (Snowball, or a diminutive/participle rule). Irregular pairs (strong verbs,
suppletion) and derivations (behandeling -> behandelen) are left out. That keeps about 50k of 360k
forms and a small dictionary in every process. Rebuild after editing the stem
overrides or the lexicon.

    python -m indexer.analysis.data.build_lemmas
"""

import gzip
import sys

from indexer.analysis import lemma
from indexer.analysis.pipeline import fold, snowball_stem

MAX_CHAIN = 3


def simplemma_pairs():
    """(folded form, folded lemma) of simplemma's Dutch dictionary, alphabetic only."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    dictionary = DefaultDictionaryFactory().get_dictionary("nl")
    for form, base in dictionary.items():
        form, base = (x.decode() if isinstance(x, bytes) else x for x in (form, base))
        form, base = fold(form), fold(base)
        if form.isalpha() and base.isalpha():
            yield form, base


def followed(lemmas: dict, form: str) -> str:
    """The lemma of a lemma, a few steps deep; in a cycle (kaartje -> kaartjes ->
    kaartje), its shortest word."""
    base = lemmas.get(form, form)
    seen = [form, base]
    for _ in range(MAX_CHAIN):
        nxt = lemmas.get(base, base)
        if nxt == base:
            break
        if nxt in seen:
            return min(seen[seen.index(nxt):], key=lambda w: (len(w), w))
        seen.append(nxt)
        base = nxt
    return base


def is_regular(form: str, base: str) -> bool:
    """Whether the lemma is spelled out in the form (woorden/woord, gewerkt/werken):
    irregular pairs are left to Snowball, as they join other words (gekocht ->
    kopen -> kop = kopje, bleek -> blijken, best -> goed)."""
    form = form[2:] if form.startswith("ge") and not base.startswith("ge") else form
    common = next((i for i, (a, b) in enumerate(zip(form, base)) if a != b), min(len(form), len(base)))
    return common >= max(len(base) - 3, 3) and common >= len(base) - len("eren")


# Derivational endings, and what a lemma of the same word ends in: a form with
# one its lemma lacks is another word (behandeling/behandelen,
# betrouwbaarheid/betrouwbaar), which the dictionary sometimes lists as its
# lemma; such entries are left out. beschikbare/beschikbaar stays.
DERIVATIONS = {"ing": "ing", "ingen": "ing", "heid": "heid", "heden": "heid", "nis": "nis",
               "nissen": "nis", "schap": "schap", "schappen": "schap", "baar": "baar", "bare": "baar",
               "lijk": "lijk", "lijke": "lijk", "ig": "ig", "ige": "ig", "isch": "isch", "ische": "isch",
               "loos": "loos", "loze": "loos", "iteit": "iteit", "iteiten": "iteit"}
AGENT_NOUNS = ("er", "ers", "aar", "aars", "ster", "sters")  # lezer is no form of lezen


def is_derivation(form: str, base: str) -> bool:
    if any(form.endswith(end) and not base.endswith(lemma_end) for end, lemma_end in DERIVATIONS.items()):
        return True
    if base.endswith("en") and form.endswith(AGENT_NOUNS):
        return True
    return form.startswith(base) and form[len(base):] in ("te", "ten", "tes")  # groot -> grootte


def needed_entries(lemmas: dict) -> dict:
    """The regular forms whose term the table changes."""
    regular = {form: followed(lemmas, form) for form in lemmas}
    regular = {form: base for form, base in regular.items()
               if is_regular(form, base) and not is_derivation(form, base)}
    out = {}
    for form, base in sorted(regular.items()):
        if form.startswith("ge") and lemma.participle_stem(form):
            continue  # the participle rule gives the verb; the table at times a noun (gewenst -> wens)
        if snowball_stem(base) != snowball_stem(lemma.rule_lemma(form) or form):
            out[form] = base
    # Known words whose head the table would read wrongly (at run time, from
    # this table) keep their own entry.
    for form, base in sorted(regular.items()):
        head = form not in out and lemma.head_lemma(form, out)
        if head and snowball_stem(head) != snowball_stem(base):
            out[form] = base
    return out


def main() -> int:
    lemmas: dict[str, str] = {}
    for form, base in sorted(simplemma_pairs()):
        if form != base or form not in lemmas:  # two spellings folding alike: keep one, stably
            lemmas.setdefault(form, base)
    entries = needed_entries(lemmas)
    with gzip.GzipFile(lemma.LEMMAS_PATH, "wb", mtime=0) as f:
        f.write("".join(f"{form}\t{base}\n" for form, base in entries.items()).encode("utf-8"))
    print(f"{len(entries)} of {len(lemmas)} forms written to {lemma.LEMMAS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
