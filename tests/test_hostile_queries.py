"""Hostile queries: each gets a 200 with results or a 400 in the error shape,
never a 500 or a traceback, and the work a query may cause is bounded."""

import json
import math

import pytest
from conftest import SOMO

from indexer.search import MAX_RESULT_DEPTH, search
from indexer.search import query as query_module
from indexer.search.query import (
    MAX_EXPANSIONS,
    MAX_PATTERNS,
    MAX_QUERY_CHARS,
    SEARCH_FIELDS,
    QueryError,
    parse,
)
from webapp.params import MAX_PARAM_CHARS

WORDS_500 = " ".join(f"woord{n}" for n in range(500))
HOSTILE = [
    '"netwerken', "(netwerken", "netwerken)", "((((netwerken", '"leefbaar loon',
    "NOT NOT NOT", "NOT", "AND", "OR", "-", "+", "~", "^", "*", "?", "*:*", "title:*",
    "{a TO z}", "[a TO z]", "netwerk*~2^3", "titel:netwerken", "title:", "title:title:",
    "id:" + SOMO, "path:seeds", "links:*", "netwerken~", "netwerken~99999", '"netwerk samen"~99999',
    "netwerken^999999999999", "netwerken^" + "9" * 400, "netwerken^0", "netwerken^-1", "^^^^",
    "a" * 5000, WORDS_500, "net\x00werken", "\x01\x02\x7f\x1b[31m", "🙂 netwerken 👍", "🙂" * 50,
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "' OR 1=1; DROP TABLE docs; --",
    "de het een", "", " ", "\t\n\r", "(" * 499 + "netwerken" + ")" * 499, "(" * 1000, ")" * 1000,
    '"' * 1000, "NOT " * 240 + "netwerken", "-" * 500 + "netwerken", "netwerken AND " * 100,
    "a OR " * 300, '"' + " ".join(f"woord{n}" for n in range(200)) + '"', "\\" * 100, ":" * 100,
    "e\u0301" * 500, "\u202enetwerken", "\ufeffnetwerken", "İstanbul ß ﬁ", "n*k", "ne?werk",
    " ".join(a + b + "*" for a in "abcdefghijklmnopqrstuvwxyz" for b in "aeiou"),
]


def check_response(r):
    assert r.status_code in (200, 400), (r.status_code, r.get_data(as_text=True)[:300])
    text = r.get_data(as_text=True)
    assert "Traceback" not in text
    return text


@pytest.mark.parametrize("q", HOSTILE)
def test_api_answers_200_or_400_in_the_error_shape(client, q):
    r = client.get("/api/search", query_string={"q": q})
    text = check_response(r)
    data = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    if r.status_code == 400:
        assert data == {"ok": False, "error": data["error"], "status": 400} and data["error"]
    else:
        assert isinstance(data["results"], list) and data["total"] >= len(data["results"])
        assert all(math.isfinite(hit["score"]) for hit in data["results"])
        assert len(data["notices"]) == len(set(data["notices"]))


@pytest.mark.parametrize("q", HOSTILE)
def test_pages_answer_200_or_400(client, q):
    check_response(client.get("/", query_string={"q": q}))
    view = client.get(f"/doc/{SOMO}", query_string={"q": q})
    assert view.status_code == (200 if len(q) <= MAX_PARAM_CHARS else 400)


def test_a_query_over_the_limit_is_cut_with_a_notice(searcher, client):
    result = search(searcher, "netwerken " * (MAX_QUERY_CHARS // 5))
    assert result.total >= 1 and any(str(MAX_QUERY_CHARS) in n for n in result.notices)
    r = client.get("/api/search", query_string={"q": "a" * (MAX_PARAM_CHARS + 1)})
    assert r.status_code == 400 and str(MAX_PARAM_CHARS) in r.get_json()["error"]


def test_page_depth_is_bounded(client):
    r = client.get("/api/search", query_string={"q": "netwerken", "page": 11, "per_page": 100})
    data = r.get_json()
    if r.status_code == 200:  # past the depth: no results, and a notice says why
        assert data["results"] == [] and any(str(MAX_RESULT_DEPTH) in n for n in data["notices"])
    else:
        assert r.status_code == 400 and str(MAX_RESULT_DEPTH) in data["error"]
    assert client.get("/api/search?q=netwerken&page=10&per_page=100").status_code == 200


def leaf_fields(parsed):
    return {leaf.fieldname for leaf in parsed.query.leaves() if hasattr(leaf, "fieldname")}


def test_only_title_and_body_can_be_searched(searcher):
    for q in ["id:" + SOMO, "path:seeds netwerken", "links:http netwerken", "titel:netwerken"]:
        parsed = parse(q, searcher.schema, searcher.reader())
        assert leaf_fields(parsed) <= set(SEARCH_FIELDS), q


def test_boosts_are_words_not_score_factors(searcher):
    plain = search(searcher, "netwerken")
    for q in ["netwerken^0", "netwerken^" + "9" * 400]:
        result = search(searcher, q)
        assert [h.id for h in result.hits] == [h.id for h in plain.hits]
        assert all(math.isfinite(h.score) for h in result.hits)


def test_prefix_expansion_is_bounded_per_query(searcher):
    reader = searcher.reader()
    prefixes = sorted({t.decode()[:3] for t in reader.lexicon("body") if len(t) > 4})[:60]
    assert len(prefixes) > MAX_PATTERNS
    parsed = parse(" OR ".join(p + "*" for p in prefixes), searcher.schema, reader)
    leaves = list(parsed.query.leaves())
    assert len(leaves) <= MAX_PATTERNS * MAX_EXPANSIONS * len(SEARCH_FIELDS)
    assert len({leaf.text[:3] for leaf in leaves}) <= MAX_PATTERNS
    assert any(f"eerste {MAX_PATTERNS}" in n for n in parsed.notices)


def test_nothing_searchable_is_a_query_error(searcher):
    for q in ["de het een", "*", "*:*", "NOT netwerken", "-netwerken", "a* b*", "   "]:
        with pytest.raises(QueryError):
            parse(q, searcher.schema, searcher.reader())


def test_expansions_share_a_postings_budget(searcher, monkeypatch):
    monkeypatch.setattr(query_module, "MAX_EXPANSION_POSTINGS", 3)
    parsed = parse("sa* ne*", searcher.schema, searcher.reader())
    per_pattern = {leaf.text[:2] for leaf in parsed.query.leaves()}
    assert per_pattern == {"sa", "ne"}  # each pattern keeps at least its most frequent term
    assert any("meest voorkomende" in n for n in parsed.notices)
    monkeypatch.undo()
    full = parse("sa* ne*", searcher.schema, searcher.reader())
    assert len(list(full.query.leaves())) > len(list(parsed.query.leaves()))
    assert not any("meest voorkomende" in n for n in full.notices)
