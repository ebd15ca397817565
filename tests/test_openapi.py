"""The API description: valid OpenAPI 3.1, complete, true to the answers, and unbreakable by a fuzzer."""

import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, SOMO
from openapi_spec_validator import validate


def spec_of(client) -> dict:
    r = client.get("/api/openapi.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    return r.get_json()


def test_description_is_valid_openapi_3_1(client):
    spec = spec_of(client)
    assert spec["openapi"].startswith("3.1")
    validate(spec)  # raises on an invalid description


def test_every_json_endpoint_is_described(app, client):
    described = set(spec_of(client)["paths"])
    served = {rule.rule for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/") or rule.rule == "/healthz"}
    assert served == described


def conforms(spec: dict, name: str, data) -> None:
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    jsonschema.Draft202012Validator(schema).validate(data)


def test_answers_match_their_schemas(client):
    spec = spec_of(client)
    for url in ["/api/search?q=netwerken", "/api/search?q=netwerk&per_page=1&page=3",
                "/api/search?q=de+het", "/api/search?q=walvisvaart", "/api/search?q=netwerk&page=11&per_page=100"]:
        conforms(spec, "SearchResult", client.get(url).get_json())
    for url in ["/api/suggest?q=netw", "/api/suggest?q=samen", "/api/suggest?q=", "/api/suggest"]:
        conforms(spec, "Suggestions", client.get(url).get_json())
    conforms(spec, "Health", client.get("/healthz").get_json())
    conforms(spec, "Stats", client.get("/api/stats").get_json())
    for url in ["/api/search", "/api/search?q=x&page=abc", "/api/nope", "/api/suggest?q=" + "x" * 601]:
        conforms(spec, "Error", client.get(url).get_json())


def test_missing_values_are_null_not_missing(client):
    data = client.get("/api/search?q=walvisvaart").get_json()
    assert "suggestion" in data and data["suggestion"] is None
    terms = client.get("/api/suggest?q=netw").get_json()["suggestions"]
    assert terms and all("url" in s for s in terms)
    assert all(s["url"] is None for s in terms if s["kind"] == "term")
    titles = client.get("/api/suggest?q=samen").get_json()["suggestions"]
    assert any(s["kind"] == "title" and s["url"] == f"/doc/{SOMO}" for s in titles)


def test_api_page_is_dutch_and_links_the_description(client):
    r = client.get("/api")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert 'href="/api/openapi.json"' in r.text and "De zoek-API" in r.text
    assert "/api/search" in r.text and "/api/suggest" in r.text


@pytest.mark.slow
def test_schemathesis_finds_no_failures(live_server, tmp_path):
    """The fuzzer an outside tester would run, with every check, against the real server."""
    schemathesis = Path(sys.executable).parent / "schemathesis"
    command = [str(schemathesis), "run", live_server.url + "/api/openapi.json", "--checks", "all",
               "--max-examples", "150", "--workers", "1", "--seed", "20261123", "--report-dir", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, cwd=tmp_path,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1"})
    output = done.stdout[-6000:] + done.stderr[-2000:]
    assert done.returncode == 0, output
    assert "No issues found" in done.stdout, output


def test_readme_documents_the_api_and_links_the_description():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "/api/openapi.json" in readme and "/api/suggest" in readme
