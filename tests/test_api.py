"""The JSON API contract: keys, types, errors, health."""

from conftest import SOMO

KEYS = ["query", "total", "page", "per_page", "took_ms", "results", "suggestion"]


def test_search_contract(client):
    r = client.get("/api/search?q=netwerken")
    assert r.status_code == 200 and r.mimetype == "application/json"
    data = r.get_json()
    for key in KEYS:
        assert key in data
    assert data["query"] == "netwerken" and data["page"] == 1 and data["per_page"] == 10
    assert isinstance(data["took_ms"], (int, float)) and data["total"] == len(data["results"])
    first = data["results"][0]
    assert {"id", "title", "score", "snippet", "url"} <= set(first)
    assert set(first) == {"id", "title", "score", "snippet", "url",
                          "page", "date", "collection", "type", "lang", "source_url", "matched"}
    assert first["page"] is None and first["type"] == "txt"
    assert set(data["facets"]) == {"collection", "year", "type", "lang"} and data["filters"] == {}
    assert first["id"] == SOMO and "<mark>" in first["snippet"]
    assert first["url"].startswith(f"/doc/{SOMO}")
    assert client.get(first["url"]).status_code == 200


def test_coordineren_finds_somo(client):
    data = client.get("/api/search?q=coordineren").get_json()
    assert data["results"][0]["id"] == SOMO


def test_snippets_escape_document_text(client):
    # 004 writes "NGO’s" and "(inter)nationale": nothing but <mark> is markup.
    data = client.get("/api/search?q=coordineren").get_json()
    snippet = data["results"][0]["snippet"]
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_per_page_and_page(client):
    assert client.get("/api/search?q=netwerk&per_page=1").get_json()["per_page"] == 1
    assert len(client.get("/api/search?q=netwerk&per_page=1").get_json()["results"]) == 1
    for bad in ["per_page=101", "per_page=0", "page=0", "page=abc", "per_page=1.5"]:
        r = client.get(f"/api/search?q=netwerk&{bad}")
        assert r.status_code == 400, bad
        body = r.get_json()
        assert body["ok"] is False and body["status"] == 400 and body["error"]


def test_missing_query_uses_the_error_shape(client):
    for url in ["/api/search", "/api/search?q="]:
        r = client.get(url)
        assert r.status_code == 400
        assert r.get_json() == {"ok": False, "error": r.get_json()["error"], "status": 400}
        assert "q ontbreekt" in r.get_json()["error"]


def test_unsearchable_query_is_empty_result_with_reason(client):
    # Well-formed requests get the result shape; the notice says why nothing was searched.
    for q, reason in [("de het een", "stopwoorden"), ("*", "stopwoorden"), ("   ", "lege zoekvraag")]:
        r = client.get("/api/search", query_string={"q": q})
        data = r.get_json()
        assert r.status_code == 200, q
        assert data["total"] == 0 and data["results"] == [] and data["suggestion"] is None
        assert any(reason in notice for notice in data["notices"]), (q, data["notices"])


def test_paging_past_the_depth_limit_is_empty_with_reason(client):
    data = client.get("/api/search?q=netwerk&page=11&per_page=100").get_json()
    assert data["total"] == 0 and data["results"] == []
    assert "hoogstens 1000" in data["notices"][0]


def test_integers_are_plain_digits(client):
    for bad in ["+1", "1_0", " 1", "١", ""]:
        r = client.get("/api/search", query_string={"q": "netwerk", "page": bad})
        assert r.status_code == 400, repr(bad)


def test_unknown_api_path_is_json_404(client):
    r = client.get("/api/nope")
    assert r.status_code == 404 and r.get_json() == {
        "ok": False, "error": r.get_json()["error"], "status": 404}


def test_healthz_reports_count_and_build(client):
    data = client.get("/healthz").get_json()
    assert data["documents"] == 3
    assert data["index"]["stemmer"] == "dutch" and data["index"]["document_count"] == 3


def test_repeated_query_comes_from_the_cache_until_a_rebuild(seeds, tmp_path):
    import shutil

    from indexer.index.build import build_index
    from webapp import create_app
    src = tmp_path / "src"
    shutil.copytree(seeds, src)
    build_index(src, tmp_path / "ix")
    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "TESTING": True}).test_client()
    first = client.get("/api/search?q=walvisvaart").get_json()
    assert first["total"] == 0
    (src / "walvis.txt").write_text("Walvisvaart\n\nOver de walvisvaart.", encoding="utf-8")
    build_index(src, tmp_path / "ix")
    assert client.get("/api/search?q=walvisvaart").get_json()["total"] == 1
    cache = client.application.extensions["zoek.search"].results
    entries = len(cache._items)
    assert entries == 1  # the old generation's results went when the new one went live
    assert client.get("/api/search?q=walvisvaart").get_json()["total"] == 1
    assert len(cache._items) == entries  # the repeat was served from the cache
