"""Property tests: generated strings through the parser, the search and the endpoint.

Whatever is typed, parsing ends in a bounded query over the searchable fields
or a QueryError, and the endpoint in a 200 or a 400 in the error shape.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.search import search
from indexer.search.query import (
    MAX_EXPANSIONS,
    MAX_PATTERNS,
    MAX_QUERY_CHARS,
    SEARCH_FIELDS,
    QueryError,
    parse,
    positive_terms,
)
from webapp import create_app

SYNTAX = ['"', "(", ")", "[", "]", "{", "}", "*", "?", "-", "+", "~", "^", ":", "\\", "/",
          "!", "'", "AND", "OR", "NOT", "TO", "title:", "body:", "id:", "titel:", "*:*"]
WORDS = ["netwerken", "leefbaar", "loon", "coördineren", "SOMO", "de", "het", "een",
         "samenwerk*", "ne?werk", "oeganda", "2019", "ISV", "🙂", "<script>", "&amp;"]
# Bounded so the properties run in seconds: every test here is in the normal suite.
PROPERTY = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

queries = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(SYNTAX + WORDS), st.text(max_size=8)), max_size=60)
      .flatmap(lambda parts: st.sampled_from(["", " "]).map(lambda sep: sep.join(parts))),
)
MAX_LEAVES = (MAX_QUERY_CHARS + MAX_PATTERNS * MAX_EXPANSIONS) * len(SEARCH_FIELDS)


@PROPERTY
@given(text=queries)
def test_parse_gives_a_bounded_query_or_a_query_error(searcher, text):
    try:
        parsed = parse(text, searcher.schema, searcher.reader())
    except QueryError as err:
        assert str(err)
        return
    leaves = list(parsed.query.leaves())
    assert 0 < len(leaves) <= MAX_LEAVES
    assert {leaf.fieldname for leaf in leaves if hasattr(leaf, "fieldname")} <= set(SEARCH_FIELDS)
    assert list(positive_terms(parsed.query))
    assert len(parsed.notices) == len(set(parsed.notices))


@PROPERTY
@given(text=queries, page=st.integers(1, 5))
def test_search_returns_plain_data_or_a_query_error(searcher, text, page):
    try:
        result = search(searcher, text, page=page, per_page=3)
    except QueryError:
        return
    assert 0 <= len(result.hits) <= 3 and result.total >= 0
    for hit in result.hits:
        html = hit.snippet.html()
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


@pytest.fixture(scope="module")
def api(seed_index):
    return create_app({"INDEX_DIR": str(seed_index)}).test_client()


@pytest.mark.slow
@settings(PROPERTY, max_examples=100)
@given(text=queries)
def test_endpoint_and_page_answer_200_or_400(api, text):
    assert api.get("/", query_string={"q": text}).status_code in (200, 400)
    r = api.get("/api/search", query_string={"q": text})
    assert r.status_code in (200, 400)
    body = r.get_data(as_text=True)
    assert "<" not in body  # HTML-safe JSON: no markup in the bytes, whatever was typed
    data = json.loads(body)
    if r.status_code == 400:
        assert data == {"ok": False, "error": data["error"], "status": 400}
    else:
        assert data["query"] == text and isinstance(data["results"], list)
