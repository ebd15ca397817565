"""The API described: OpenAPI 3.1 at /api/openapi.json and a Dutch page at /api.

The result schemas are derived from the result model (indexer.search.results)
and the limits are the ones the code enforces (imported, not copied), so the
description and the server cannot drift apart; a test runs schemathesis
against the live server to prove it.
"""

from flask import Blueprint, jsonify, render_template

from indexer.search.facets import KNOWN_LANGUAGES, KNOWN_TYPES, MAX_FILTER_VALUES, SORTS
from indexer.search.results import (
    EXPORT_LIMIT,
    MAX_PER_PAGE,
    MAX_RESULT_DEPTH,
    Export,
    SearchResult,
    Suggestions,
    json_schemas,
)

from .caching import conditional
from .params import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PARAM_CHARS

bp = Blueprint("apidocs", __name__)

JSON = "application/json"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(description: str, schema: dict, headers: bool = True) -> dict:
    response = {"description": description, "content": {JSON: {"schema": schema}}}
    if headers:
        response["headers"] = {"ETag": {"$ref": "#/components/headers/ETag"},
                               "Cache-Control": {"$ref": "#/components/headers/Cache-Control"}}
    return response


ERRORS = {
    "400": json_response("Ongeldige parameter (ontbrekend, geen geheel getal, buiten het bereik, te lang).",
                         ref("Error"), headers=False),
    "304": {"description": "Niet gewijzigd: de ETag in If-None-Match is nog actueel."},
    "default": json_response("Andere fouten, zoals 503 als er (nog) geen index is.", ref("Error"),
                             headers=False),
}

NULLABLE_STRING = {"type": ["string", "null"]}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}

SCHEMAS = {
    # The result shapes come from the one result model, so they cannot drift from the answers.
    **json_schemas(SearchResult, Export, Suggestions),
    "Error": {
        "type": "object",
        "description": "De ene foutvorm van de API.",
        "required": ["ok", "error", "status"],
        "properties": {
            "ok": {"const": False},
            "error": {"type": "string", "description": "Wat er mis is, in het Nederlands."},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
        },
        "additionalProperties": False,
    },
    "Health": {
        "type": "object",
        "required": ["ok", "documents", "index", "generation"],
        "properties": {
            "ok": {"const": True},
            "documents": {"type": "integer", "minimum": 0},
            "index": {"type": "object", "description": "Het bouwverslag (build.json) van de index."},
            "files": ref("FileCounts"),
            "generation": NULLABLE_STRING,
        },
        "additionalProperties": False,
    },
    "FileCounts": {
        "type": "object",
        "description": "Wat de bouw met de bronbestanden deed, geteld (meest voorkomend eerst).",
        "required": ["skipped", "unsupported", "warnings", "languages"],
        "properties": {
            "skipped": {**COUNTS, "description": "Overgeslagen bestanden per reden."},
            "unsupported": {**COUNTS, "description": "Bestanden in een niet ondersteund formaat, per extensie."},
            "warnings": {**COUNTS, "description": "Waarschuwingen per reden."},
            "languages": {**COUNTS, "description": "Documenten per taal (leeg als de taal onbekend is)."},
        },
        "additionalProperties": False,
    },
    "Stats": {
        "type": "object",
        "required": ["documents", "skipped", "unsupported", "warnings", "languages", "generation",
                     "built_at"],
        "properties": {
            "documents": {"type": "integer", "minimum": 0},
            "skipped": {**COUNTS, "description": "Overgeslagen bestanden per reden."},
            "unsupported": {**COUNTS, "description": "Bestanden in een niet ondersteund formaat, per extensie."},
            "warnings": {**COUNTS, "description": "Waarschuwingen per reden."},
            "languages": {**COUNTS, "description": "Documenten per taal (leeg als de taal onbekend is)."},
            "generation": NULLABLE_STRING,
            "built_at": NULLABLE_STRING,
        },
        "additionalProperties": False,
    },
}


def query_param(name: str, schema: dict, description: str, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


def paging_params() -> list[dict]:
    return [
        query_param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
                    f"Paginanummer. Voorbij resultaat {MAX_RESULT_DEPTH} komen geen resultaten "
                    "meer, met een melding in notices."),
        query_param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                 "default": DEFAULT_PER_PAGE}, "Resultaten per pagina."),
    ]


def filter_params() -> list[dict]:
    def repeated(items: dict) -> dict:
        return {"type": "array", "items": items, "maxItems": MAX_FILTER_VALUES}
    text = {"type": "string", "minLength": 1, "maxLength": MAX_PARAM_CHARS}
    return [
        {**query_param("collection", repeated(text), "Alleen deze collectie(s): herhaal voor meer."),
         "style": "form", "explode": True},
        {**query_param("year", repeated({"type": "string", "pattern": "^[0-9]{4}$"}),
                       "Alleen dit jaar (of deze jaren)."), "style": "form", "explode": True},
        {**query_param("type", repeated({"enum": list(KNOWN_TYPES)}), "Alleen dit bestandstype."),
         "style": "form", "explode": True},
        {**query_param("lang", repeated({"enum": list(KNOWN_LANGUAGES)}),
                       "Alleen documenten in deze taal: nl (Nederlands), en (Engels), und (onbepaald)."),
         "style": "form", "explode": True},
        # null stands for "left out": a query string cannot send a null, so a
        # fuzzer's null must not count as a value the server should refuse.
        query_param("sort", {"enum": [*SORTS, None], "default": "relevance"},
                    "relevance: beste eerst; date: nieuwste eerst."),
    ]


def operation(summary: str, description: str, params: list[dict], ok: dict, errors: dict) -> dict:
    return {"get": {"summary": summary, "description": description, "parameters": params,
                    "responses": {"200": ok, **errors}}}


def spec() -> dict:
    q_search = query_param(
        "q", {"type": "string", "minLength": 1, "maxLength": MAX_PARAM_CHARS},
        "De zoekvraag, met de zoeksyntaxis van de zoekpagina.", required=True)
    q_suggest = query_param(
        "q", {"type": "string", "maxLength": MAX_PARAM_CHARS},
        "Wat er tot nu toe getypt is; het laatste woord wordt aangevuld (vanaf 2 letters).")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "zoek",
            "version": "1",
            "description": "Zoeken in Nederlandse documenten. Alle eindpunten lezen alleen; ze "
                           "sturen een ETag mee en antwoorden 304 op een actuele If-None-Match.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/search": operation(
                "Zoeken",
                "Gerangschikte resultaten met fragmenten. Een zoekvraag zonder iets om op te zoeken "
                "(alleen stopwoorden of operatoren) geeft 0 resultaten en een melding in notices.",
                [q_search, *paging_params(), *filter_params()],
                json_response("De resultaten.", ref("SearchResult")),
                ERRORS),
            "/api/export": operation(
                "Exporteren",
                f"Alle resultaten (hoogstens {EXPORT_LIMIT}) als download, CSV of JSON, met dezelfde "
                "filters en sortering als /api/search.",
                [q_search, query_param("format", {"enum": ["csv", "json", None], "default": "csv"},
                                       "csv (UTF-8 met BOM, voor Excel) of json."), *filter_params()],
                {"description": "Het bestand, als bijlage.",
                 "content": {JSON: {"schema": ref("Export")}, "text/csv": {"schema": {"type": "string"}}}},
                ERRORS),
            "/api/suggest": operation(
                "Suggesties tijdens het typen",
                "Aanvullingen van het laatste woord en documenten met een passende titel.",
                [q_suggest], json_response("De suggesties (mogelijk geen).", ref("Suggestions")),
                ERRORS),
            "/api/openapi.json": operation(
                "Deze beschrijving", "De OpenAPI 3.1-beschrijving van de API.", [],
                json_response("OpenAPI 3.1.", {"type": "object"}), {"304": ERRORS["304"]}),
            "/api/stats": operation(
                "Statistieken",
                "Aantal documenten, en wat de bouw met de bronbestanden deed: overgeslagen per reden, "
                "niet ondersteunde formaten per extensie, waarschuwingen, talen. Wordt niet gecachet.",
                [], json_response("De tellingen.", ref("Stats"), headers=False),
                {"default": ERRORS["default"]}),
            "/healthz": operation(
                "Status", "Aantal documenten en het bouwverslag van de index. Wordt niet gecachet.",
                [], json_response("De index is beschikbaar.", ref("Health"), headers=False),
                {"default": ERRORS["default"]}),
        },
        "components": {
            "schemas": SCHEMAS,
            "headers": {
                "ETag": {"description": "Verandert als de index opnieuw is gebouwd.",
                         "schema": {"type": "string"}},
                "Cache-Control": {"description": "no-cache: bewaren mag, maar eerst hervalideren.",
                                  "schema": {"type": "string"}},
            },
        },
    }


@bp.get("/api/openapi.json")
@conditional(index=False)
def openapi_json():
    return jsonify(spec())


@bp.get("/api")
def api_page():
    return render_template("api.html", q="")
