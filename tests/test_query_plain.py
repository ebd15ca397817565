"""The fast query-tree paths build the very trees Whoosh builds.

`querytree.plain_query` skips the parser's tokenizer and plugins for texts of
plain words, and `querytree.normalized` is normalize() without its deep copies.
Their trees must equal Whoosh's: the same nodes, fields, terms and boosts, and
the same character ranges on each node (a highlight's provenance is read from
them).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query

from indexer.index.schema import make_schema
from indexer.search import synonyms
from indexer.search.query import (
    ExpansionBudget,
    cached_parser,
    clean,
    drop_unpositioned_phrases,
    expand_patterns,
    language_fields,
    parse_words,
    widened,
)
from indexer.search.querytree import normalized, plain_query, reweighted

WORDS = ["netwerken", "leefbaar", "loon", "coördineren", "SOMO", "de", "het", "een", "van", "the",
         "of", "and", "AND", "or", "OR", "NOT", "not", "to", "TO", "ANDMAYBE", "2019", "x2", "e",
         "kinderarbeid", "incidentbeheer", "Rijen", "invoegen", "werkbalken", "vóór", "één", "naïef",
         "spreadsheet", "cells", "printing", "ß", "İstanbul", "ǅemal", "ﬁle", "²", "Ⅻ", "日本"]
SCHEMA = make_schema()
FIELD_SETS = [("title", "body", "parts", "exact"), ("title_en", "body_en"), ("title", "body")]


def boosts(names) -> dict:
    from indexer.search.query import FIELD_BOOSTS
    return {name: FIELD_BOOSTS[name] for name in names}


def leaves(q) -> list[tuple]:
    """Every node as (depth, type, field, text, boost, startchar, endchar)."""
    out = []

    def walk(node, depth):
        out.append((depth, type(node).__name__, getattr(node, "fieldname", None),
                    getattr(node, "text", None), getattr(node, "words", None), node.boost,
                    getattr(node, "startchar", None), getattr(node, "endchar", None)))
        if not node.is_leaf():
            for child in node.children():
                walk(child, depth + 1)
    walk(q, 0)
    return out


def same_as_parser(text: str) -> None:
    for names in FIELD_SETS:
        for match_all in (True, False):
            parser = cached_parser(SCHEMA, match_all, names)
            plain = plain_query(text, parser, boosts(names), match_all)
            assert plain is not None, text
            parsed = parser.parse(text)
            assert plain == parsed, (text, names)
            assert leaves(plain) == leaves(parsed), (text, names)


@pytest.mark.parametrize("text", [
    "groen kleurcomponenten verlagen", "de", "de het een", "Rijen invoegen", "netwerken netwerken",
    "vóór één naïef", "2019 x2", "the of spreadsheet", "kinderarbeid", "İstanbul ß ﬁle", "Ⅻ ²",
    "e e e", "日本 loon",
])
def test_plain_words_give_the_parsers_tree(text):
    same_as_parser(text)


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS),
                          st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12)),
                min_size=1, max_size=8))
def test_any_plain_words_give_the_parsers_tree(words):
    text = clean(" ".join(words))
    if plain_query(text, cached_parser(SCHEMA, True, FIELD_SETS[0]), boosts(FIELD_SETS[0]), True) is None:
        return  # an operator word, or a character that is not a letter or digit: the parser reads it
    same_as_parser(text)


@pytest.mark.parametrize("text", [
    '"werkbalk aanpassen"', "tabel*", "title:macro", "macro OR draaitabel", "macro -basic", "NOT macro",
    "+macro basic", "e-mail", "l'hôpital", "opmaak (tekst)", "macro  basic", "a_b", "x AND y", "to be",
])
def test_anything_else_is_left_to_the_parser(text, searcher):
    parser = cached_parser(SCHEMA, True, FIELD_SETS[0])
    assert plain_query(text, parser, boosts(FIELD_SETS[0]), True) is None
    names = language_fields(searcher.schema, searcher.reader())["nl"]
    assert parse_words(text, searcher.schema, names, True, []) == \
        cached_parser(searcher.schema, True, names).parse(text)


SYNTAX_QUERIES = [
    '"werkbalk aanpassen" macro', "tabel* rij", "title:macro basic", "macro OR draaitabel", "macro -basic",
    "NOT macro", "+macro basic", "e-mail adres", "(macro OR basic) tabel", "macro AND (a OR b) -c",
    '"oeso" landen', "oeso oecd", "ANDMAYBE x", "a b c d a b", "de het", "title:(a b) OR body:c",
]


@pytest.mark.parametrize("text", SYNTAX_QUERIES + ["groen kleurcomponenten verlagen", "oeso"])
def test_normalized_gives_whooshs_normal_form(text):
    table = synonyms.table()
    for match_all in (True, False):
        readings = []
        for names in FIELD_SETS[:2]:
            raw = cached_parser(SCHEMA, match_all, names).parse(text, normalize=False)
            for tree in (raw, synonyms.expand(raw, table)):
                assert normalized(tree) == tree.normalize()
                assert leaves(normalized(tree)) == leaves(tree.normalize())
            readings.append(synonyms.expand(raw, table))
        both = query.Or([readings[0], reweighted(readings[1], 0.6)])
        assert leaves(both) == leaves(query.Or([readings[0], readings[1].with_boost(0.6)]))
        assert normalized(both) == both.normalize()
        assert leaves(normalized(both)) == leaves(both.normalize())
        # Readings normalized first (as parse() joins them) are not normalized again.
        joined = query.Or([normalized(readings[0]), reweighted(normalized(readings[1]), 0.6)])
        assert leaves(normalized(joined)) == leaves(both.normalize())


def widened_by_apply(q, table, reader, budget):
    """query.widened as Whoosh's apply() walk, every node copied."""
    if not q.is_leaf():
        return q.apply(lambda child: widened_by_apply(child, table, reader, budget))
    q = drop_unpositioned_phrases(synonyms.expand(q, table))
    return expand_patterns(q, reader, [], budget)


@pytest.mark.parametrize("text", SYNTAX_QUERIES + ["groen kleurcomponenten verlagen", "oeso oeganda",
                                                   "netw* OR loon*", "oeganda -netwerk"])
def test_widened_keeps_unchanged_nodes_and_copies_the_rest(text, searcher):
    table, reader = synonyms.table(), searcher.reader()
    for match_all in (True, False):
        raw = cached_parser(searcher.schema, match_all, FIELD_SETS[0]).parse(text)
        mine = widened(raw, table, reader, [], ExpansionBudget())
        assert mine == widened_by_apply(raw, table, reader, ExpansionBudget())
        assert leaves(normalized(mine)) == \
            leaves(normalized(widened_by_apply(raw, table, reader, ExpansionBudget())))
