"""The one result model: what a search returns and, derived from it, the API's
JSON, the export rows and the OpenAPI schemas, so the three cannot disagree.

Adding a field to hits is one line in `Hit`: the API's JSON and its schema
follow. A field marked INTERNAL is for the HTML page only; highlighted text
(`Marked`) goes out as escaped HTML with our own <mark> tags. msgspec (pinned)
gives typed Structs and JSON Schema 2020-12 (what OpenAPI 3.1 uses) from the
same annotations; it is small, has no dependencies and no runtime magic.
"""

import re
from functools import cache
from typing import Annotated, Literal, Union, get_args, get_origin
from urllib.parse import quote, urlencode

import msgspec
from msgspec import Meta, Struct, field

from indexer.search.facets import FACET_FIELDS, KNOWN_LANGUAGES, KNOWN_TYPES, SORTS
from indexer.search.highlight import Marked

MAX_PER_PAGE = 100
MAX_RESULT_DEPTH = 1000  # page * per_page: deep paging costs memory and CPU
EXPORT_LIMIT = 10_000

INTERNAL = Meta(extra={"internal": True})  # kept out of the JSON and the schema

Sort = Literal[SORTS]
Match = Annotated[Literal["all", "any"], Meta(description=(
    "all: documenten met alle woorden; any: geen enkel document had ze alle, "
    "dit zijn de documenten met een deel ervan."))]
FacetField = Literal[FACET_FIELDS]
Filters = Annotated[dict[FacetField, list[str]], Meta(
    description="De toegepaste filters: per veld de gekozen waarden.")]
Facets = Annotated[dict[FacetField, dict[str, Annotated[int, Meta(ge=1)]]], Meta(
    description="Per filterveld: aantal resultaten per waarde (binnen de gekozen filters).",
    extra_json_schema={"required": list(FACET_FIELDS)})]
Notices = Annotated[list[str], Meta(description=(
    "Wat er aan de zoekvraag is aangepast of waarom er niets gezocht kon worden."))]
Count = Annotated[int, Meta(ge=0)]
DocType = Literal[KNOWN_TYPES]
Lang = Annotated[Literal[KNOWN_LANGUAGES], Meta(description=(
    "Taal van het document: nl, en, of und als die niet te bepalen was."))]
DATE = Meta(description=("Datum als ISO 8601, zo precies als bekend (2019-06-13 of 2021-01); "
                         "leeg als onbekend."))


class Matched(Struct, kw_only=True):
    """Een gevonden vorm en waar die vandaan komt."""
    form: Annotated[str, Meta(description=(
        "De vorm zoals in het document (kleine letters), bijvoorbeeld kinderarbeid."))]
    from_: Annotated[str, Meta(description=(
        "Wat er getypt is, bijvoorbeeld arbeid, netw* of een woordgroep."))] = field(name="from")
    via: Annotated[Literal["word", "stem", "synonym", "compound", "prefix", "phrase"], Meta(description=(
        "word: het getypte woord zelf; stem: een andere vorm ervan; synonym: een synoniem; "
        "compound: een deel van een samengesteld woord; prefix: een woord dat met het getypte "
        "begin begint; phrase: de woordgroep."))]


class Hit(Struct, kw_only=True):
    """Een gevonden document."""
    id: Annotated[str, Meta(description="Pad van het document zonder extensie.")]
    title: str
    score: Annotated[float, Meta(description="BM25F-score; hoger is beter.")]
    snippet: Annotated[Marked, Meta(description=(
        "HTML: het beste fragment uit het hele document (of twee, met … ertussen), de tekst "
        "ge-escaped, treffers in <mark>, een woordgroep als één <mark>."))]
    url: Annotated[str, Meta(description="Pad naar de documentweergave met de treffers gemarkeerd.")] = ""
    page: Annotated[int | None, Meta(description=(
        "Bladzijde van de eerste treffer in het getoonde fragment (PDF); anders null."))] = None
    date: Annotated[str, DATE] = ""
    collection: Annotated[str, Meta(description=(
        "Bovenste map onder de bronmap; leeg in de bronmap zelf."))] = ""
    type: DocType = ""
    lang: Lang = "und"
    source_url: Annotated[str | None, Meta(description=(
        "Bron-URL die het document noemt; anders null."))] = None
    matched: Annotated[list[Matched], Meta(description=(
        "Waarom dit resultaat: de gevonden vormen in titel en tekst, elk met wat er getypt is "
        "en hoe (hoogstens 20)."))] = field(default_factory=list)
    title_marked: Annotated[Marked | None, INTERNAL] = None


class SearchResult(Struct, kw_only=True):
    """Eén pagina gerangschikte resultaten."""
    query: str
    total: Annotated[int, Meta(ge=0, description="Aantal gevonden documenten.")]
    page: Annotated[int, Meta(ge=1)]
    per_page: Annotated[int, Meta(ge=1, le=MAX_PER_PAGE)]
    took_ms: Annotated[float, Meta(ge=0)]
    match: Match = "all"           # "all" words matched, or only "any" of them
    sort: Sort = "relevance"
    filters: Filters = field(default_factory=dict)   # {field: [values]} applied
    hits: Annotated[list[Hit], Meta(max_length=MAX_PER_PAGE)] = field(default_factory=list, name="results")
    facets: Facets = field(default_factory=dict)     # {field: {value: count}} over the filtered hits
    suggestion: Annotated[str | None, Meta(description="Bedoelde u ...? Anders null.")] = None
    notices: Notices = field(default_factory=list)

    @property
    def pages(self) -> int:
        return min(-(-self.total // self.per_page), MAX_RESULT_DEPTH // self.per_page)


class ExportRow(Struct, kw_only=True):
    """Eén rij van een export (CSV-kolommen in deze volgorde)."""
    id: str
    title: str
    score: float
    date: Annotated[str, DATE] = ""
    collection: str = ""
    type: DocType = ""
    lang: Lang = "und"
    source_url: Annotated[str, Meta(description="Bron-URL; leeg als onbekend.")] = ""
    url: Annotated[str, Meta(description="Volledige URL van de documentweergave.")] = ""


class Export(Struct, kw_only=True):
    """Alle resultaten van een zoekvraag (hoogstens EXPORT_LIMIT), zonder fragmenten."""
    query: str
    total: Count                    # all matches; rows stop at the limit
    exported: Annotated[int, Meta(ge=0, le=EXPORT_LIMIT)] = 0
    truncated: bool = False
    match: Match = "all"
    filters: Filters = field(default_factory=dict)
    sort: Sort = "relevance"
    rows: list[ExportRow] = field(default_factory=list, name="results")
    notices: Notices = field(default_factory=list)

    def __post_init__(self):
        self.exported, self.truncated = len(self.rows), self.total > len(self.rows)


class DocumentView(Struct, kw_only=True):
    """A whole document with the query's hits marked (the HTML page's document view)."""
    id: str
    title: Marked
    body: Marked
    links: list[str]
    path: str
    hits: int
    date: str = ""
    collection: str = ""
    type: str = ""
    source_url: str | None = None
    lang: str = "und"
    pages: list[Marked] = field(default_factory=list)  # the body per page (PDF)


class Suggestion(Struct, kw_only=True):
    """Een suggestie tijdens het typen."""
    text: Annotated[str, Meta(description=(
        "term: de hele zoekvraag met het laatste woord aangevuld; title: een documenttitel."))]
    kind: Literal["term", "title"]
    url: Annotated[str | None, Meta(description="Bij title: pad naar het document; anders null.")] = None


class Suggestions(Struct, kw_only=True):
    """Suggesties voor wat er tot nu toe getypt is (mogelijk geen)."""
    query: str
    suggestions: list[Suggestion] = field(default_factory=list)


EXPORT_COLUMNS = ExportRow.__struct_fields__


def empty_result(query: str, page: int, per_page: int, filters: dict, sort: str,
                 notice: str) -> SearchResult:
    """No results, and a notice saying why (the lenient answer to an unsearchable query)."""
    return SearchResult(query=query, total=0, page=page, per_page=per_page, took_ms=0.0, hits=[],
                        notices=[notice], filters=filters, sort=sort,
                        facets={name: {} for name in FACET_FIELDS})


def document_url(doc_id: str, query: str | None = None) -> str:
    """The document view's path, quoted as the web app's router quotes it."""
    return document_path(doc_id) + query_string(query)


PATH_SAFE = "!$&'()*+,/:;=@"  # what the web app's router leaves unquoted in a path
PLAIN_ID_RE = re.compile(r"[A-Za-z0-9_.~/-]*")  # ids that quote() gives back as they are


def document_path(doc_id: str) -> str:
    if PLAIN_ID_RE.fullmatch(doc_id):  # nearly every id: no quote() (a tenth of a hit's time)
        return "/doc/" + doc_id
    return "/doc/" + quote(doc_id, safe=PATH_SAFE)


def query_string(query: str | None) -> str:
    """What follows a document's path for a query ("" for none): the same for every hit."""
    return "?" + urlencode({"q": query}, safe="!$'()*,/:;?@") if query is not None else ""


# ------------------------------------------------------------ the wire shape -----

def to_json(value):
    """A result as JSON-ready builtins: Structs as objects (without INTERNAL fields),
    Marked text as escaped HTML."""
    if isinstance(value, Struct):
        return {f.encode_name: to_json(getattr(value, f.name)) for f in wire_fields(type(value))}
    if isinstance(value, Marked):
        return value.html()
    if isinstance(value, list):
        return [to_json(v) for v in value]
    return value


@cache
def wire_fields(cls) -> tuple:
    return tuple(f for f in msgspec.structs.fields(cls) if not is_internal(f.type))


def is_internal(tp) -> bool:
    return get_origin(tp) is Annotated and INTERNAL in get_args(tp)[1:]


@cache
def wire_type(tp):
    """The type a value has in the JSON: Marked as str, Structs without INTERNAL fields,
    every field present (so required in the schema) and no other field allowed."""
    if tp is Marked:
        return str
    if isinstance(tp, type) and issubclass(tp, Struct):
        fields = [(f.encode_name, wire_type(f.type)) for f in wire_fields(tp)]
        return msgspec.defstruct(tp.__name__, fields, forbid_unknown_fields=True,
                                 namespace={"__doc__": tp.__doc__})
    origin, args = get_origin(tp), get_args(tp)
    if origin is Annotated:
        return Annotated[(wire_type(args[0]), *args[1:])]
    if origin is list:
        return list[wire_type(args[0])]
    if origin is Union or (origin is not None and type(tp).__name__ == "UnionType"):
        return Union[tuple(wire_type(a) for a in args)]
    return tp


def json_schemas(*models) -> dict:
    """OpenAPI 3.1 component schemas of the models' JSON, keyed by model name."""
    _, components = msgspec.json.schema_components(
        [wire_type(m) for m in models], ref_template="#/components/schemas/{name}")
    return components


def check_json(data, model):
    """The JSON decoded against a model's wire shape: raises msgspec.ValidationError on any drift."""
    return msgspec.convert(data, wire_type(model))
