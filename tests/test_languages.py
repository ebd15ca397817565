"""Documents in Dutch and English: detection, declared languages, English
analysis in fields of its own, and rankings that stay per language."""

import random
import shutil
from pathlib import Path

import pytest

from indexer.index.build import build_index
from indexer.index.store import IndexHandle
from indexer.search import query as zoek_query
from indexer.search import search
from indexer.search.query import QueryError
from indexer.sources import documents, language
from tests.conftest import LILYPOND_PDF, make_docx
from tests.corpus import make_corpus
from webapp import create_app

# English prose in the style of the OECD Guidelines and the UN Guiding Principles
# (no "company" or "companies": those words are in one page only).
ENGLISH = [
    "Enterprises should carry out risk-based due diligence to identify, prevent and mitigate "
    "actual and potential adverse impacts.",
    "The Guidelines are recommendations addressed by governments to multinational enterprises "
    "operating in or from adhering countries.",
    "States must protect against human rights abuse within their territory by third parties.",
    "Business enterprises should respect human rights and address adverse human rights impacts "
    "with which they are involved.",
    "Meaningful engagement with relevant stakeholders is an important part of the due diligence "
    "process.",
    "National Contact Points further the effectiveness of the Guidelines by undertaking "
    "promotional activities and handling enquiries.",
    "Supply chains in the garment and footwear sector carry risks of child labour and forced labour.",
    "Workers and their representatives should be able to bargain collectively over wages and "
    "working conditions.",
    "Grievance mechanisms should be legitimate, accessible, predictable, equitable and transparent.",
    "Environmental management systems help enterprises to reduce pollution and the use of resources.",
    "Disclosure of material information on financial and non-financial matters builds trust "
    "among investors.",
    "Bribery undermines democratic institutions and distorts international competitive conditions.",
]
COMPANY_PAGE = ("Our company policy\n\nThe company publishes a policy on responsible business "
                "conduct under the OECD Guidelines every year, signed by its board.\n")
BELEID_DUTCH = ("Beleid voor verantwoord ondernemen\n\nHet beleid van de overheid vraagt bedrijven "
                "hun beleid op te schrijven. Dit beleid gaat over ketens, lonen en milieu; het "
                "beleid wordt elk jaar herzien.\n")
# A Dutch page about a compound whose head is a loanword, and a long English page
# that uses a word of the head's English stem in passing (separated: `separ`).
SEPARATOR_DUTCH = ("Decimaalseparator kiezen\n\nKies de decimaalseparator en het aantal decimalen "
                   "voor de cellen.\n")
SEPARATED_ENGLISH = ("Number formats\n\nNumbers in the cells of a sheet can be shown with or without "
                     "decimals, as a percentage, as currency or as a date; the thousands are separated "
                     "by a comma when you choose so, and negative numbers can be shown in red. "
                     + " ".join(ENGLISH[:8]) + "\n")
DUTCH_QUERIES = ("leefbaar loon", "kinderarbeid", "netwerk", "imvo", "arbeiders keten",
                 "internationale sociale voorwaarden", "beleid", "due diligence")


def english_corpus(dest: Path, count: int, seed: int = 1) -> Path:
    """`count` English pages from the sentences above, one mentioning the Dutch word beleid."""
    rng = random.Random(seed)
    folder = dest / "english"
    folder.mkdir(parents=True)
    for n in range(count):
        body = " ".join(rng.choices(ENGLISH, k=rng.randint(3, 7)))
        if n == 0:
            body += " In the Netherlands this is called government beleid, or policy."
        title = "Guidance note " + " ".join(rng.choice(ENGLISH).split()[:4])
        (folder / f"note-{n:04d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    (folder / "company.txt").write_text(COMPANY_PAGE, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """(mixed searcher, Dutch-only searcher, build summary, mixed index folder): the
    same Dutch pages in both; enough pages for multi-block posting lists."""
    root = tmp_path_factory.mktemp("languages")
    dutch = make_corpus(root / "nl", 700, seed=3)
    (dutch / "beleid.txt").write_text(BELEID_DUTCH, encoding="utf-8")
    (dutch / "decimaalseparator.txt").write_text(SEPARATOR_DUTCH, encoding="utf-8")
    mixed = root / "mixed"
    shutil.copytree(dutch, mixed / "nl")
    english_corpus(mixed, 300)
    (mixed / "english" / "number-formats.txt").write_text(SEPARATED_ENGLISH, encoding="utf-8")
    summary = build_index(mixed, root / "ix-mixed")
    build_index(dutch, root / "ix-nl")
    return (IndexHandle(root / "ix-mixed").searcher(), IndexHandle(root / "ix-nl").searcher(),
            summary, root / "ix-mixed")


def ids(result) -> list[str]:
    return [hit.id for hit in result.hits]


def ranked(result) -> list[tuple[float, str]]:
    """(-score, id) best first, ties by id; without the pages tied with the page's
    last one (which of them made the page is arbitrary)."""
    pairs = sorted((-hit.score, hit.id) for hit in result.hits)
    return [p for p in pairs if p[0] < pairs[-1][0]] if len(pairs) == result.per_page else pairs


def test_build_summary_counts_documents_per_language(indexes):
    summary = indexes[2]
    assert summary.languages == {"nl": 702, "en": 302}
    assert summary.line().endswith("; languages: 702 nl, 302 en")


def test_companies_finds_a_page_with_only_company(indexes):
    mixed = indexes[0]
    for query in ("companies", "company's"):
        assert ids(search(mixed, query)) == ["english/company"], query
    # "policy" is in two English pages, and no Dutch one
    assert set(ids(search(mixed, "policies"))) == {"english/company", "english/note-0000"}
    hit = search(mixed, "companies").hits[0]
    assert hit.lang == "en"
    marked = [hit.title[s:e] for s, e in hit.title_marked.ranges]
    assert marked == ["company"]  # highlighted with the English analysis


def test_synonyms_work_in_english_text_too(indexes):
    # synonyms.txt: "oeso, oecd, ..." read with the English analysis as well
    # (among the English pages: Dutch pages that say OESO rank above them)
    assert "english/company" in ids(search(indexes[0], "OESO", per_page=100,
                                           filters={"lang": ["en"]}))


def test_the_finds_nothing_on_its_own_in_english_text(indexes):
    mixed = indexes[0]
    try:
        hits = search(mixed, "the").hits
    except QueryError:
        hits = []
    assert not [h for h in hits if h.lang == "en"]
    # ...but does not stop a query from finding English pages by its other words
    result = search(mixed, "the guidelines of the")
    assert result.total and all(h.lang == "en" for h in result.hits)
    assert all("the" not in {h.snippet.text[s:e].lower() for s, e in h.snippet.ranges}
               for h in result.hits)


def test_a_dutch_page_about_beleid_is_not_outranked_by_english_pages(indexes):
    english = search(indexes[0], "beleid", per_page=100, filters={"lang": ["en"]})
    assert "english/note-0000" in ids(english)  # the English page that names the word is found...
    result = search(indexes[0], "beleid", per_page=100)
    assert result.hits[0].id == "nl/beleid"  # ...below the Dutch page about it
    first_english = next((i for i, h in enumerate(result.hits) if h.lang == "en"), len(result.hits))
    assert first_english > 0 and all(h.lang == "nl" for h in result.hits[:first_english])


def test_the_english_reading_is_weighted_below_the_dutch(indexes, monkeypatch):
    # Snowball english reads `separator` as `separ`, the stem of `separated`:
    # the prior that a query is Dutch keeps the Dutch compound page first...
    mixed, weight = indexes[0], zoek_query.LANGUAGE_WEIGHTS["en"]
    weighted = search(mixed, "separator").hits
    assert [h.id for h in weighted] == ["nl/decimaalseparator", "english/number-formats"]
    # ...which the English page outranks when both readings count alike,
    monkeypatch.setitem(zoek_query.LANGUAGE_WEIGHTS, "en", 1.0)
    alike = search(mixed, "separator").hits
    assert [h.id for h in alike] == ["english/number-formats", "nl/decimaalseparator"]
    # as the weight scales the English page's score and leaves the Dutch one's alone.
    assert weighted[0].score == pytest.approx(alike[1].score)
    assert weighted[1].score == pytest.approx(alike[0].score * weight)


@pytest.mark.parametrize("query", DUTCH_QUERIES)
def test_a_dutch_query_ranks_dutch_pages_as_on_a_dutch_only_index(indexes, query):
    mixed, dutch = indexes[:2]
    on_mixed = search(mixed, query, per_page=50, filters={"lang": ["nl"]})
    on_dutch = search(dutch, query, per_page=50)
    assert on_dutch.total > 0, query
    # The same pages with the same scores (equal scores may come in another order:
    # the two indexes were written by different numbers of worker processes)
    assert on_mixed.total == on_dutch.total
    assert ranked(on_mixed) == [(score, "nl/" + doc_id) for score, doc_id in ranked(on_dutch)]


def test_lang_filter_and_facet(indexes):
    mixed = indexes[0]
    both = search(mixed, "due diligence", per_page=100)
    assert both.facets["lang"]["en"] > 0
    english = search(mixed, "due diligence", per_page=100, filters={"lang": ["en"]})
    assert english.total == both.facets["lang"]["en"]
    assert all(h.lang == "en" for h in english.hits)
    with pytest.raises(QueryError, match="onbekende taal"):
        search(mixed, "due diligence", filters={"lang": ["fr"]})


def test_page_api_and_export_know_the_language(indexes):
    client = create_app({"INDEX_DIR": str(indexes[3]), "TESTING": True}).test_client()
    page = client.get("/?q=companies").get_data(as_text=True)
    assert 'lang="en"' in page and "· <span class=\"lang\">Engels</span>" in page
    dutch_page = client.get("/?q=beleid&lang=nl").get_data(as_text=True)
    assert "Engels" not in dutch_page.split('class="results"')[1]
    assert ">Taal<" in dutch_page
    api = client.get("/api/search?q=due+diligence&lang=en").get_json()
    assert api["filters"] == {"lang": ["en"]} and {h["lang"] for h in api["results"]} == {"en"}
    assert client.get("/api/search?q=beleid&lang=de").status_code == 400
    export = client.get("/api/export?q=policies&format=json").get_json()
    assert {row["lang"] for row in export["results"]} == {"en"}
    spec = client.get("/api/openapi.json").get_json()
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert "lang" in params and spec["components"]["schemas"]["Hit"]["properties"]["lang"]


# ------------------------------------------------------------- detection ----

def test_detection_tells_dutch_from_english_and_is_unsure_of_little_text():
    assert language.detect(BELEID_DUTCH) == "nl"
    assert language.detect(" ".join(ENGLISH[:2])) == "en"
    assert language.detect("OECD 2011") == "und"
    assert language.detect("") == "und"


def test_declared_tags_are_read_leniently():
    assert [language.declared(t) for t in ("nl-NL", "NL", "en_US", "en-gb", "eng", "nld", "de-DE")] \
        == ["nl", "nl", "en", "en", "en", "nl", "und"]
    assert language.declared("") is None and language.declared(None) is None
    assert language.declared("not a tag") is None


def test_pdf_language_is_the_majority_of_its_pages_by_text():
    dutch_page, english_page = BELEID_DUTCH * 3, " ".join(ENGLISH[:3])
    assert language.pages_language([english_page, dutch_page]) == "nl"
    assert language.pages_language([english_page, english_page, "12"]) == "en"
    assert language.pages_language(["", "3"]) == "und"


def read(path: Path, source: Path):
    doc, _ = documents.read_document(path, source, 10_000_000)
    return doc


def test_a_declared_language_wins_over_detection(tmp_path):
    english_text = " ".join(ENGLISH[:3])
    (tmp_path / "declared-nl.html").write_text(
        f'<html lang="nl-NL"><title>Rapport</title><body><p>{english_text}</p></body></html>')
    (tmp_path / "undeclared.html").write_text(
        f"<html><title>Rapport</title><body><p>{english_text}</p></body></html>")
    make_docx(tmp_path / "declared-en.docx", "Beleid", [BELEID_DUTCH])
    import docx
    word = docx.Document(tmp_path / "declared-en.docx")
    word.core_properties.language = "en-US"
    word.save(tmp_path / "declared-en.docx")
    make_docx(tmp_path / "plain.docx", "Beleid", [BELEID_DUTCH])
    assert read(tmp_path / "declared-nl.html", tmp_path).lang == "nl"
    assert read(tmp_path / "undeclared.html", tmp_path).lang == "en"
    assert read(tmp_path / "declared-en.docx", tmp_path).lang == "en"
    assert read(tmp_path / "plain.docx", tmp_path).lang == "nl"


def test_a_real_dutch_pdf_is_dutch(tmp_path):
    shutil.copy(LILYPOND_PDF, tmp_path / "lilypond.pdf")
    assert read(tmp_path / "lilypond.pdf", tmp_path).lang == "nl"



DUTCH_PAGE = ("De werkbalk van het venster wordt geopend met een klik op de knop. In dat geval kunt u de "
              "instellingen van het document aanpassen voor een nieuwe pagina die naar de printer gaat.")
ENGLISH_PAGE = ("The toolbar of the window is opened with a click on the button. In that case you can change "
                "the settings of the document for a new page that goes to the printer.")


def test_clearly_dutch_text_is_dutch_without_the_detector(monkeypatch):
    def no_detector():
        raise AssertionError("the detector was asked")

    monkeypatch.setattr(language, "detector", no_detector)
    assert language.detect(DUTCH_PAGE) == "nl"
    with pytest.raises(AssertionError):  # English text (and Dutch with much English) goes to lingua
        language.detect(ENGLISH_PAGE)
    with pytest.raises(AssertionError):
        language.detect(DUTCH_PAGE[:120] + " " + ENGLISH_PAGE)
