"""Turning what a user typed into a Whoosh query, leniently and with bounds.

Syntax: plain words (all must match), "phrases", -exclusion, OR, NOT,
title:word, prefix*. Anything else is read as plain words; what was ignored
is reported as a notice, never as an error page.
"""

import itertools
import re
from dataclasses import dataclass, field

from whoosh import query
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup, PlusMinusPlugin
from whoosh.qparser.plugins import RangePlugin

from . import synonyms
from .highlight import Wanted

SEARCH_FIELDS = ("title", "body", "parts")
# A word in the title counts most; a word found only as part of a compound
# (arbeid in kinderarbeid) least, so whole-word matches rank first.
FIELD_BOOSTS = {"title": 2.5, "body": 1.0, "parts": 0.35}
UNPOSITIONED_FIELDS = ("parts",)
MAX_QUERY_CHARS = 1000
MIN_PREFIX_CHARS = 2
MAX_EXPANSIONS = 64          # terms a prefix may stand for
MAX_EXPANSION_SCAN = 20_000  # index terms looked at to find them
SYNTAX_RE = re.compile(r"[\"'()\[\]{}:*?^~+\-!\\/]")
# + and - are operators only at the start of a word: Python-scripts is a word,
# and so is -export in "HTML-import en -export" (a Dutch elision after en/of).
PLUS_RE = r"(?<!\S)\+(?=\S)"
MINUS_RE = r"(?<!\S)(?<!\b[Ee][Nn] )(?<!\b[Oo][Ff] )-(?=\S)"


class QueryError(ValueError):
    """Nothing sensible can be searched; the message says why."""


@dataclass
class ParsedQuery:
    query: query.Query
    wanted: Wanted              # what to highlight (never from excluded parts)
    notices: list = field(default_factory=list)


def make_parser(schema, match_all: bool) -> MultifieldParser:
    parser = MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS,
                              group=AndGroup if match_all else OrGroup)
    parser.remove_plugin_class(RangePlugin)  # ranges over words only cost CPU
    parser.add_plugin(PlusMinusPlugin(plusexpr=PLUS_RE, minusexpr=MINUS_RE))
    return parser


def clean(text: str) -> str:
    """Control characters out, whitespace collapsed."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def plain_words(text: str) -> str:
    """The text without syntax: lowercase, so AND/OR/NOT are words too."""
    return " ".join(SYNTAX_RE.sub(" ", text).lower().split())


def expand_patterns(q: query.Query, reader, notices: list) -> query.Query:
    """Replace prefix*/wild?card by the most frequent matching terms (bounded)."""
    if isinstance(q, query.Every):
        notices.append("een losse * zou alles vinden en is genegeerd")
        return query.NullQuery
    if isinstance(q, query.PatternQuery):
        stem = q.text.split("*")[0].split("?")[0]
        if len(stem) < MIN_PREFIX_CHARS:
            notices.append(f"'{q.text}' is een te kort begin van een woord en is genegeerd")
            return query.NullQuery
        texts = itertools.islice(q._btexts(reader), MAX_EXPANSION_SCAN)
        freq = [(reader.doc_frequency(q.fieldname, t), t) for t in texts]
        top = sorted(freq, reverse=True)[:MAX_EXPANSIONS]
        if not top:
            return query.NullQuery
        return query.Or([query.Term(q.fieldname, t.decode("utf-8") if isinstance(t, bytes) else t,
                                    boost=q.boost) for _, t in top])
    if q.is_leaf():
        return q
    return q.apply(lambda child: expand_patterns(child, reader, notices))


def drop_unpositioned_phrases(q: query.Query) -> query.Query:
    """Phrases need positions; the parts field has none."""
    if isinstance(q, query.Phrase) and q.fieldname in UNPOSITIONED_FIELDS:
        return query.NullQuery
    return q if q.is_leaf() else q.apply(drop_unpositioned_phrases)


def positive_terms(q: query.Query):
    """Terms (str) and phrases (tuples) the query looks for, leaving out NOT parts."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from positive_terms(q.a)
    elif isinstance(q, query.Term):
        yield q.text
    elif isinstance(q, query.Phrase):
        yield tuple(q.words)
    else:
        for child in q.children():
            yield from positive_terms(child)


def parse(text: str, schema, reader, match_all: bool = True) -> ParsedQuery:
    """A bounded Whoosh query for what the user typed."""
    text = clean(text)
    notices = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"de zoekvraag is ingekort tot de eerste {MAX_QUERY_CHARS} tekens")
    if not text:
        raise QueryError("lege zoekvraag: typ een of meer woorden")
    parser = make_parser(schema, match_all)
    try:
        q = parser.parse(text)
    except Exception:  # Whoosh's parser can trip on odd syntax: search the words
        try:
            q = parser.parse(plain_words(text))
        except Exception:
            raise QueryError("de zoekvraag is niet te lezen; probeer gewone woorden") from None
        notices.append("de zoeksyntaxis was niet te lezen; er is op de losse woorden gezocht")
    q = drop_unpositioned_phrases(synonyms.expand(q))
    q = expand_patterns(q, reader, notices).normalize()
    if q is query.NullQuery or not list(positive_terms(q)):
        raise QueryError("niets om op te zoeken: de zoekvraag bevat alleen stopwoorden, "
                         "operatoren of uitgesloten woorden")
    return ParsedQuery(q, Wanted.of(positive_terms(q)), notices)
