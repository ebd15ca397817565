"""Turning what a user typed into a Whoosh query, leniently and with bounds.

Syntax: plain words (all must match), "phrases", -exclusion, OR, NOT,
title:word, prefix*. Anything else is read as plain words; what was ignored
is reported as a notice, never as an error page.
"""

import itertools
import operator
import re
from dataclasses import dataclass, field

from whoosh import fields, query
from whoosh.qparser import AndGroup, MultifieldParser, OrGroup, PlusMinusPlugin
from whoosh.qparser.plugins import BoostPlugin, RangePlugin

from indexer import analysis
from indexer.analysis.compounds import split_compound
from indexer.analysis.pipeline import MIN_COMPOUND_CHARS
from indexer.index.scoring import field_language
from indexer.index.whoosh_internals import pattern_terms
from indexer.search import provenance, synonyms
from indexer.search.highlight import Wanted
from indexer.search.querytree import normalized, plain_query, reweighted

# The fields a word is looked up in, and their weights: a word in the title
# counts most; a word found only as part of a compound (arbeid in
# kinderarbeid) least, so whole-word matches rank first. `exact` (the folded,
# unstemmed form of Dutch text) lifts a page with the very form typed above one
# with only another inflection. Its terms score by presence, this weight times
# their idf, and only for a word some page has in another form (engine.presence);
# 0.7 lifts the very form in a long page without burying a title that has another
# form of the word (the trade-off, measured: `python -m benchmarks.relevance
# --exact-scoring gated,presence,bm25 --exact-weights 0.5,0.7,1`; README "Search quality").
# English documents have fields of their own, boosted alike (schema.LANGUAGE_FIELDS).
FIELD_BOOSTS = {"title": 2.5, "body": 1.0, "parts": 0.35, "exact": 0.7, "title_en": 2.5, "body_en": 1.0}
SEARCH_FIELDS = tuple(FIELD_BOOSTS)
UNPOSITIONED_FIELDS = ("parts", "exact")
EXACT_FIELD = "exact"   # its terms are words, not stems: no prefixes, no highlighting
# The weight of each language's reading of a query: a prior that a query in a
# Dutch collection is Dutch. Snowball `english` joins the heads of Dutch
# compounds to other English words (separator/separate, suite/suit), so the
# English reading's matches are damped below Dutch pages with the compound.
# 0.6 keeps compounds R@10 at the all-Dutch code's and the English set's MRR@10
# above 0.9 (0.8: compounds -0.003; 0.5: English 0.903; README "Languages";
# `python -m benchmarks.relevance --english-weights 1,0.8,0.6,0.5,0.3`).
LANGUAGE_WEIGHTS = {"nl": 1.0, "en": 0.6}
# The fields whose terms show whether the index knows a word, per language.
WORD_FIELDS = {"nl": ("title", "body", "parts"), "en": ("title_en", "body_en")}
MAX_QUERY_CHARS = 1000
MIN_PREFIX_CHARS = 2
MAX_EXPANSIONS = 64          # terms a prefix may stand for
MAX_PATTERNS = 5             # prefixes/wildcards expanded per query; each costs a term scan
MAX_EXPANSION_POSTINGS = 50_000  # postings all expansions of a query may read
MAX_EXPANSION_SCAN = 20_000  # index terms looked at to find them
SYNTAX_RE = re.compile(r"[\"'()\[\]{}:*?^~+\-!\\/]")
# + and - are operators only at the start of a word: Python-scripts is a word,
# and so is -export in "HTML-import en -export" (a Dutch elision after en/of).
PLUS_RE = r"(?<!\S)\+(?=\S)"
MINUS_RE = r"(?<!\S)(?<!\b[Ee][Nn] )(?<!\b[Oo][Ff] )-(?=\S)"


class QueryError(ValueError):
    """Nothing sensible can be searched; the message says why: in Dutch for the page and
    the API, in English (`english`) for the command line."""

    def __init__(self, message: str, english: str | None = None):
        super().__init__(message)
        self.english = english or message


@dataclass
class ParsedQuery:
    query: query.Query
    wanted: Wanted              # what to highlight (never from excluded parts)
    notices: list = field(default_factory=list)


def make_parser(schema, match_all: bool, names=SEARCH_FIELDS) -> MultifieldParser:
    # Only the searchable fields: `id:`, `path:` or `titel:` are read as words.
    searchable = fields.Schema(**{name: schema[name] for name in names})
    parser = MultifieldParser(list(names), searchable,
                              fieldboosts={name: FIELD_BOOSTS[name] for name in names},
                              group=AndGroup if match_all else OrGroup)
    parser.remove_plugin_class(RangePlugin)  # ranges over words only cost CPU
    parser.remove_plugin_class(BoostPlugin)  # word^0 divides by zero, word^1e400 is inf
    parser.add_plugin(PlusMinusPlugin(plusexpr=PLUS_RE, minusexpr=MINUS_RE))
    return parser


_parsers: dict = {}  # (id(schema), match_all, fields, boosts) -> (schema, parser): building one costs ~1 ms


def cached_parser(schema, match_all: bool, names=SEARCH_FIELDS) -> MultifieldParser:
    """The parser for a schema and fields, built once (a parser keeps no state between parses)."""
    # The boosts are part of the key: benchmarks.relevance varies FIELD_BOOSTS between queries.
    key = (id(schema), match_all, tuple(names), tuple(FIELD_BOOSTS[name] for name in names))
    found = _parsers.get(key)
    if found is None or found[0] is not schema:
        if len(_parsers) > 16:
            _parsers.clear()
        found = _parsers[key] = (schema, make_parser(schema, match_all, names))
    return found[1]


def clean(text: str) -> str:
    """Control characters out, whitespace collapsed."""
    if text.isprintable():  # nearly always: no character to look at one by one
        return " ".join(text.split())
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def plain_words(text: str) -> str:
    """The text without syntax: lowercase, so AND/OR/NOT are words too."""
    return " ".join(SYNTAX_RE.sub(" ", text).lower().split())


@dataclass
class ExpansionBudget:
    """What the prefixes/wildcards of one query may still cost."""
    patterns: set = field(default_factory=set)   # pattern texts expanded so far
    postings: int = field(default_factory=lambda: MAX_EXPANSION_POSTINGS)


def completions(q: query.PatternQuery, reader, budget: ExpansionBudget, notices: list) -> list[str]:
    """The most frequent terms a pattern stands for, while the postings budget lasts.

    The first always fits: one term costs no more than searching a plain word.
    """
    texts = itertools.islice(pattern_terms(q, reader), MAX_EXPANSION_SCAN)
    freq = sorted(((reader.doc_frequency(q.fieldname, t), t) for t in texts), reverse=True)
    kept = []
    for df, text in freq[:MAX_EXPANSIONS]:
        if kept and df > budget.postings:
            notices.append(f"'{q.text}' past op heel veel woorden; alleen de meest voorkomende zijn gebruikt")
            break
        kept.append(text.decode("utf-8") if isinstance(text, bytes) else text)
        budget.postings -= df
    return kept


def expand_patterns(q: query.Query, reader, notices: list,
                    budget: ExpansionBudget | None = None) -> query.Query:
    """Replace prefix*/wild?card by the most frequent matching terms (bounded)."""
    budget = ExpansionBudget() if budget is None else budget
    if isinstance(q, query.Every):
        notices.append("een losse * zou alles vinden en is genegeerd")
        return query.NullQuery
    if isinstance(q, query.PatternQuery) and q.fieldname == EXACT_FIELD:
        return query.NullQuery  # a prefix already matches every form of a word
    if isinstance(q, query.PatternQuery):
        stem = q.text.split("*")[0].split("?")[0]
        if len(stem) < MIN_PREFIX_CHARS:
            notices.append(f"'{q.text}' is een te kort begin van een woord en is genegeerd")
            return query.NullQuery
        if q.text not in budget.patterns and len(budget.patterns) >= MAX_PATTERNS:
            notices.append(f"alleen de eerste {MAX_PATTERNS} woorden met * of ? zijn gebruikt")
            return query.NullQuery
        budget.patterns.add(q.text)
        terms = [provenance.tag(query.Term(q.fieldname, t, boost=q.boost), q, "prefix")
                 for t in completions(q, reader, budget, notices)]
        return query.Or(terms) if terms else query.NullQuery
    if q.is_leaf():
        return q
    return q.apply(lambda child: expand_patterns(child, reader, notices, budget))


def drop_unpositioned_phrases(q: query.Query) -> query.Query:
    """Phrases need positions; the parts field has none."""
    if isinstance(q, query.Phrase) and q.fieldname in UNPOSITIONED_FIELDS:
        return query.NullQuery
    return q if q.is_leaf() else q.apply(drop_unpositioned_phrases)


def widened(q: query.Query, synonym_table, reader, notices: list, budget: ExpansionBudget) -> query.Query:
    """The query with its synonyms, without unpositioned phrases, its patterns expanded:
    the three rewrites of leaves, made in one walk of the tree instead of three."""
    if not q.is_leaf():
        wider = [widened(child, synonym_table, reader, notices, budget) for child in q.children()]
        if same_parts(q, wider):
            return q  # what q.apply would build, equal node for node, without the copies
        each = iter(wider)
        return q.apply(lambda child: next(each))
    if type(q) is query.Term and (q.text,) not in (synonyms.table() if synonym_table is None else synonym_table):
        return q  # nearly every leaf: no synonym, no phrase, no pattern
    q = drop_unpositioned_phrases(synonyms.expand(q, synonym_table))
    return expand_patterns(q, reader, notices, budget)


def same_parts(q: query.Query, parts: list) -> bool:
    """Whether q.apply would give these very parts back in a node equal to q: an And,
    or an Or with Whoosh's defaults (apply keeps no minmatch or scale)."""
    kind = type(q)
    if kind is not query.And and not (kind is query.Or and q.minmatch == 0 and q.scale is None):
        return False
    return all(map(operator.is_, parts, q.subqueries))


def positive_terms(q: query.Query):
    """Terms (str) and phrases (tuples) the query looks for, leaving out NOT parts."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from positive_terms(q.a)
    elif isinstance(q, query.Term):
        if q.fieldname != EXACT_FIELD:
            yield q.text
    elif isinstance(q, query.Phrase):
        yield tuple(q.words)
    else:
        for child in q.children():
            yield from positive_terms(child)


# A plain word of a compound's length, not a field name, prefix or part of one.
COMPOUND_WORD_RE = re.compile(r"(?<![\w:*?'’+-])[^\W\d_]{%d,}(?![\w:*?'’])" % MIN_COMPOUND_CHARS)


def split_unknown_compounds(text: str, has_term, notices: list) -> str:
    """The text with every word the index lacks (`has_term(field, term)` says) that is a
    compound written as its parts (incidentbeheer -> incident beheer), with a notice for each."""
    def known(word: str) -> bool:
        for lang, names in WORD_FIELDS.items():
            term = analysis.analysis_for(lang).term_for(word)
            if term is None or any(has_term(f, term) for f in names):
                return True
        return False

    def replace(match: re.Match) -> str:
        word = match.group()
        parts = () if known(word) else split_compound(analysis.normalise(word))
        if not parts:
            return word
        notices.append(f"gezocht als: {' '.join(parts)}")
        return " ".join(parts)
    return COMPOUND_WORD_RE.sub(replace, text)


_language_fields: dict = {}  # (id(reader), id(schema), fields) -> (reader, schema, language_fields)


def language_fields(schema, reader) -> dict[str, tuple[str, ...]]:
    """language -> its search fields, for the languages that have text in the index
    (Dutch alone when none has: an empty index still parses). Worked out once per
    reader: what it holds never changes."""
    key = (id(reader), id(schema), tuple(FIELD_BOOSTS))  # read live: benchmarks.relevance varies them
    found = _language_fields.get(key)
    if found is None or found[0] is not reader or found[1] is not schema:
        if len(_language_fields) > 16:
            _language_fields.clear()
        found = _language_fields[key] = (reader, schema, fields_with_text(schema, reader))
    return found[2]


def fields_with_text(schema, reader) -> dict[str, tuple[str, ...]]:
    by_language: dict[str, tuple[str, ...]] = {}
    for name in FIELD_BOOSTS:
        if name in schema:
            lang = field_language(schema, name)
            by_language[lang] = by_language.get(lang, ()) + (name,)
    present = {lang: names for lang, names in by_language.items()
               if any(reader.field_length(name) for name in names)}
    return present or {"nl": by_language.get("nl", ())}


def parse_words(text: str, schema, names, match_all: bool, notices: list) -> query.Query:
    """What the user typed, read with the analysis of the fields `names`."""
    parser = cached_parser(schema, match_all, names)
    plain = plain_query(text, parser, {name: FIELD_BOOSTS[name] for name in names}, match_all)
    if plain is not None:
        return plain
    try:
        return parser.parse(text)
    except Exception:  # Whoosh's parser can trip on odd syntax: search the words
        try:
            q = parser.parse(plain_words(text))
        except Exception:
            raise QueryError("de zoekvraag is niet te lezen; probeer gewone woorden",
                             "the query cannot be read; try plain words") from None
        notices.append("de zoeksyntaxis was niet te lezen; er is op de losse woorden gezocht")
        return q


def parse(text: str, schema, reader, match_all: bool = True,
          synonym_table: dict | None = None, has_term=None) -> ParsedQuery:
    """A bounded Whoosh query for what the user typed: one reading per language in
    the index, each against that language's fields (a document matches in one).
    `has_term(field, term)` says whether the index has a term (the companion's lexicon
    answers it in one lookup); by default the reader is asked."""
    text = clean(text)
    notices = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"de zoekvraag is ingekort tot de eerste {MAX_QUERY_CHARS} tekens")
    if not text:
        raise QueryError("lege zoekvraag: typ een of meer woorden", "empty query: type one or more words")
    if has_term is None:
        def has_term(field, term):
            return reader.doc_frequency(field, term) > 0
    text = split_unknown_compounds(text, has_term, notices)
    readings, budget = [], ExpansionBudget()
    for lang, names in language_fields(schema, reader).items():
        q = parse_words(text, schema, names, match_all, notices)
        q = widened(q, synonyms.in_language(synonym_table, lang), reader, notices, budget)
        weight = LANGUAGE_WEIGHTS.get(lang, 1.0)
        weighted = weight != 1.0 and q is not query.NullQuery  # (a shared singleton)
        readings.append(reweighted(q, q.boost * weight) if weighted else q)
    q = readings[0] if len(readings) == 1 else query.Or(readings)
    origins = provenance.origins(q, text)  # before normalize(), which copies phrases untagged
    q = normalized(q)
    positive = list(positive_terms(q))
    if q is query.NullQuery or not positive:
        raise QueryError("niets om op te zoeken: de zoekvraag bevat alleen stopwoorden, "
                         "operatoren of uitgesloten woorden",
                         "nothing to search for: the query holds only stopwords, operators or "
                         "excluded words")
    wanted = Wanted.of(positive, origins)
    return ParsedQuery(q, wanted, list(dict.fromkeys(notices)))
