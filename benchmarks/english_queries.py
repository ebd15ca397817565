"""The English-title set: known-item queries for the corpus's English pages,
made of their title words with one or two in another inflection.

Titles are the pages' own section titles ("LilyPond beginnershandleiding:
4.3.5 Adding and removing engravers" -> "Adding and removing engravers").
A word is changed only into a form the English pages themselves use
(engravers -> engraver, adding -> add), by this file's own rules, never by
zoek's analysis; a query that is also another page's title is left out.
"""
from __future__ import annotations

import random
import re
from collections import Counter

from benchmarks.querysets import Query

SET = "english"
MIN_WORD = 4
# Function words are never inflected (a small list of this file's own).
FUNCTION_WORDS = frozenset("the and for with from into that this what when your about which".split())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def section_title(title: str) -> str:
    """The title without a Dutch manual prefix or a section number."""
    return re.sub(r"^.*?:\s*(?:[\dA-Z]+(?:\.\d+)*\.?\s+)?", "", title).strip() or title


def forms(word: str) -> list[str]:
    """Other inflections of an English word: plural/singular, -ing/-ed/base."""
    out = [word + "s", word + "es"]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    elif word.endswith("es"):
        out += [word[:-2], word[:-1]]
    elif word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    if word.endswith("y"):
        out.append(word[:-1] + "ies")
    for suffix in ("ing", "ed"):
        if word.endswith(suffix):
            stem = word[:-len(suffix)]
            out += [stem, stem + "e", stem + "s", stem[:-1] if stem[-2:-1] == stem[-1:] else stem]
    return [f for f in dict.fromkeys(out) if f != word and len(f) >= 3]


def english_title_queries(records, seed: int = 14) -> list[Query]:
    """records: (doc_id, title, body) of the English pages."""
    records = list(records)
    vocabulary = Counter(w for _, title, body in records for w in words(f"{title} {body}"))
    titles = [(doc_id, section_title(title)) for doc_id, title, _ in records]
    by_key = Counter(tuple(words(t)) for _, t in titles)
    rng, out = random.Random(seed), []
    for doc_id, title in titles:
        if by_key[tuple(words(title))] != 1:
            continue
        parts = re.split(r"([^A-Za-z]+)", title)
        options = {i: [f for f in forms(p.lower()) if vocabulary[f]] for i, p in enumerate(parts)
                   if p.isalpha() and len(p) >= MIN_WORD and p.lower() not in FUNCTION_WORDS}
        options = {i: found for i, found in options.items() if found}
        if not options:
            continue
        for i in rng.sample(sorted(options), min(len(options), rng.choice((1, 1, 2)))):
            parts[i] = rng.choice(options[i])
        text = "".join(parts)
        if by_key[tuple(words(text))] == 0:
            out.append(Query(SET, text, frozenset([doc_id]), kind="inflected", source=title))
    return out
