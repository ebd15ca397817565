"""Query trees built and normalised as Whoosh does, at a fraction of its cost.

Whoosh's parser spends nine tenths of its time on tokenizing and plugins that
plain words (the queries people type most) do not need, and its normalize()
deep-copies every subtree it lifts into its parent. `plain_query` builds the
parser's tree for plain words from the parser's own term queries; `normalized`
is normalize() without the copies of subtrees whose boost does not change.
Both give the same trees as Whoosh, node for node (tests/test_query_plain.py).
"""

import copy
import re

from whoosh import query

# Plain words: letters and digits between single spaces (the text is clean()ed), none of
# them an operator (Whoosh's are upper case; any case is left to the parser, to be safe).
PLAIN_RE = re.compile(r"[^\W_]+(?: [^\W_]+)*")
OPERATOR_WORDS = frozenset({"and", "or", "not", "andnot", "andmaybe", "to"})
SPECIAL = (query.Every, query.TermRange, query.NumericRange)  # normalize() merges these
# Node types whose with_boost() is a copy with that boost (AndNot's, for one, boosts its
# first part instead): lifted at their own boost, they are moved, not copied.
MOVABLE = (query.And, query.Or, query.Term, query.Phrase)
NORMAL = "zoek_normal"  # attribute on an And/Or that `normalized` made: normalizing it again is a no-op


def attached(q, start: int, end: int):
    """The query with the place in the text it was read from (Whoosh's qparser attach)."""
    if q:
        q.startchar, q.endchar = start, end
    return q


def plain_query(text: str, parser, boosts: dict, match_all: bool) -> query.Query | None:
    """What a MultifieldParser over the fields `boosts` (name -> boost) makes of plain
    words: per word an OR of the parser's term query in each field (the field's analysis,
    stopwords and words that analyse to several terms handled as the parser does), with
    the character ranges of the word, normalised as its parse() does. None when the text
    is not plain words: the parser reads it then."""
    if not PLAIN_RE.fullmatch(text):
        return None
    words, start = [], 0
    for word in text.split(" "):
        if word.lower() in OPERATOR_WORDS:
            return None
        end, texts_of = start + len(word), {}
        fielded = (attached(term_query(parser, name, word, boost, texts_of), start, end)
                   for name, boost in boosts.items())
        words.append(attached(query.Or([q for q in fielded if q is not None]), start, end))
        start = end + 1
    group = query.And if match_all else query.Or
    return normalized(attached(group(words), 0, len(text)))


def term_query(parser, name: str, word: str, boost: float, texts_of: dict):
    """parser.term_query(name, word, Term, boost): the same steps, with the analysis of
    the word shared by the fields with equal analyzers (title, body and parts read a
    query word alike); `texts_of` keeps it for one word."""
    field = field_of(parser.schema, name)
    if field is None or field.self_parsing():
        return parser.term_query(name, word, query.Term, boost=boost)
    key = (type(field), field.analyzer)
    texts = texts_of.get(key)
    if texts is None:
        texts = texts_of[key] = query_texts(field, word)
    if len(texts) > 1:
        return parser.multitoken_query(field.multitoken_query, texts, name, query.Term, boost)
    return query.Term(name, texts[0], boost=boost) if texts else None


def field_of(schema, name: str):
    """The schema's field of that name; None without a schema or without the field."""
    if schema is None:
        return None
    try:
        return schema[name]
    except KeyError:
        return None


def query_texts(field, word: str) -> list[str]:
    """field.process_text(word) in query mode; zoek's analyzers give the terms directly."""
    direct = getattr(field.analyzer, "query_texts", None)
    if direct is not None:
        return direct(word)
    return list(field.process_text(word, mode="query", tokenize=True, removestops=True))


def normalized(q: query.Query) -> query.Query:
    """q.normalize(): Whoosh's steps for And and Or, except that a part lifted out of a
    nested And/Or of boost 1 is moved, not deep-copied (the copy would equal it). Other
    node types, and an And/Or holding a range or Every, are Whoosh's own normalize()."""
    kind = type(q)
    if kind is not query.And and kind is not query.Or:
        return q.normalize()
    parts = []
    for sub in q.subqueries:
        # A Term normalizes to itself (most parts are Terms), and so does a tree made here
        # (parse() normalizes the readings plain_query normalized once more, joined).
        if type(sub) is not query.Term and not getattr(sub, NORMAL, False):
            sub = normalized(sub)
        if isinstance(sub, kind):
            parts += [s if sub.boost == 1.0 and type(s) in MOVABLE else reweighted(s, s.boost * sub.boost)
                      for s in sub]
        else:
            parts.append(sub)
    if all(type(p) is query.Term for p in parts):  # the most common node: a word's fields
        kept = unique_terms(parts)
    else:
        if all(p is query.NullQuery for p in parts):
            return query.NullQuery
        if any(isinstance(p, SPECIAL) for p in parts):
            return q.normalize()
        kept = unique_parts(parts)
    if not kept:
        return query.NullQuery
    if len(kept) == 1:
        sub = kept[0]
        boost = getattr(sub, "boost", 1.0)
        return sub if q.boost == 1.0 and boost == 1.0 else sub.with_boost(boost * q.boost)
    out = kind(kept, boost=q.boost)
    if kind is query.Or:
        out.minmatch, out.scale = q.minmatch, q.scale
    setattr(out, NORMAL, True)  # its parts hold no part to lift, repeat or drop
    return out


def unique_terms(terms: list) -> list:
    """Terms without repeats, as Term.__eq__ tells them (field, text, boost), first kept."""
    seen, kept = set(), []
    for term in terms:
        key = (term.fieldname, term.text, term.boost)
        if key not in seen:
            seen.add(key)
            kept.append(term)
    return kept


def unique_parts(parts: list) -> list:
    """Parts without repeats or NullQuery, as Whoosh's normalize() keeps them."""
    kept = []
    if all(type(p) in MOVABLE or p is query.NullQuery for p in parts):
        for part in parts:  # their == implies equal hashes: a list finds what Whoosh's set finds,
            if part is not query.NullQuery and part not in kept:  # without hashing whole subtrees
                kept.append(part)
    else:
        seen = set()
        for part in parts:
            if part not in seen and part is not query.NullQuery:
                seen.add(part)
                kept.append(part)
    return kept


def reweighted(q: query.Query, boost: float) -> query.Query:
    """q.with_boost(boost), without deep-copying the subtree of a MOVABLE node."""
    if type(q) not in MOVABLE:
        return q.with_boost(boost)
    out = copy.copy(q)
    out.boost = boost
    return out
