"""One result model: the API's JSON, the export rows and the OpenAPI schemas come from it;
the core checks filters once and has a lenient mode; the service's caches follow generations."""

import gc
import shutil
import weakref

import msgspec
import pytest
from conftest import SOMO

from indexer.index.build import build_index
from indexer.search import QueryError, search
from indexer.search.export import to_csv
from indexer.search.results import (
    EXPORT_COLUMNS,
    Export,
    Hit,
    SearchResult,
    Suggestions,
    check_json,
    document_url,
    json_schemas,
    wire_type,
)
from indexer.search.service import SearchService
from indexer.settings import Settings


def test_api_json_is_exactly_the_models_wire_shape(client):
    for url in ["/api/search?q=netwerken", "/api/search?q=de+het", "/api/search?q=netwerk&type=txt"]:
        check_json(client.get(url).get_json(), SearchResult)  # raises on a missing, extra or mistyped key
    data = client.get("/api/search?q=netwerken").get_json()
    data["results"][0]["extra"] = 1
    with pytest.raises(msgspec.ValidationError):
        check_json(data, SearchResult)
    assert "title_marked" not in client.get("/api/search?q=netwerken").get_json()["results"][0]


def test_export_json_and_csv_follow_the_model(client):
    exported = client.get("/api/export?q=netwerk&format=json").get_json()
    check_json(exported, Export)
    csv_header = client.get("/api/export?q=netwerk").text.lstrip("\ufeff").splitlines()[0]
    assert tuple(csv_header.split(",")) == EXPORT_COLUMNS
    assert tuple(json_schemas(Export)["ExportRow"]["properties"]) == EXPORT_COLUMNS
    assert to_csv([]).lstrip("\ufeff").strip() == ",".join(EXPORT_COLUMNS)


def test_suggestions_follow_the_model(client):
    for q in ["netw", "samen", ""]:
        check_json(client.get("/api/suggest", query_string={"q": q}).get_json(), Suggestions)


def test_a_new_hit_field_is_one_line():
    class WithLang(Hit, kw_only=True):
        lang: str = "nl"
    wire = wire_type(WithLang)
    assert "lang" in wire.__struct_fields__ and "title_marked" not in wire.__struct_fields__
    assert "lang" in json_schemas(WithLang)["WithLang"]["required"]


def test_document_urls_are_the_routers(app):
    from flask import url_for
    with app.test_request_context():
        for doc_id, q in [(SOMO, "netwerken"), ("web/isv academie", "leefbaar loon"),
                          ("jaar/verslag 2021 (ééns)", "a&b=c?d#e"), ("x+y;z", None),
                          ("help/nl/text/scalc/01/func_date.x-y~z", "datum"), ("a%2Fb", None),
                          ("ñ/ß", None), ("a\u00a0b", None)]:
            args = {"q": q} if q is not None else {}
            assert document_url(doc_id, q) == url_for("pages.document", doc_id=doc_id, **args)


def test_lenient_mode_returns_an_empty_result_with_the_reason(searcher):
    with pytest.raises(QueryError):
        search(searcher, "de het")
    result = search(searcher, "de het", lenient=True)
    assert result.total == 0 and result.hits == [] and "stopwoorden" in result.notices[0]
    deep = search(searcher, "netwerk", page=11, per_page=100, lenient=True)
    assert deep.total == 0 and "hoogstens 1000" in deep.notices[0]
    for bad in ({"filters": {"type": ["exe"]}}, {"sort": "random"}, {"filters": {"kleur": ["rood"]}}):
        with pytest.raises(QueryError):  # filters and sort stay errors, lenient or not
            search(searcher, "netwerk", lenient=True, **bad)


def test_service_drops_the_old_generations_caches(seeds, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(seeds, src)
    build_index(src, tmp_path / "ix")
    service = SearchService(Settings.load(environ={}, index=tmp_path / "ix"))
    assert service.search("netwerk", filters={"type": ["txt"]}).total == 2
    _, old = service.live()
    assert old.vocabulary.counts  # the vocabulary was used (facet values are companion columns)
    gone = weakref.ref(old)
    del old
    (src / "walvis.txt").write_text("Walvisvaart\n\nOver de walvisvaart en netwerken.", encoding="utf-8")
    build_index(src, tmp_path / "ix")
    assert service.search("netwerk", filters={"type": ["txt"]}).total == 3
    _, new = service.live()
    gc.collect()
    assert gone() is None, "the old generation's caches are still held"
    assert "walvisvaart" in new.vocabulary.counts and len(service.results._items) == 1


def test_results_cache_can_be_off(seed_index):
    service = SearchService(Settings.load(environ={}, index=seed_index, result_cache=0))
    service.search("netwerken")
    assert service.results.size == 0 and len(service.results._items) == 0
