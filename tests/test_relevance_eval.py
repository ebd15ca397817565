"""The relevance evaluation's machinery on a tiny corpus: metrics, query-set
generators and one end-to-end run of both engines (no Debian package needed)."""

import shutil
import subprocess
import unicodedata

import pytest
from conftest import SEEDS
from test_languages import COMPANY_PAGE

from benchmarks import querysets as qs
from benchmarks import relevance
from indexer.analysis import STOPWORDS
from indexer.sources.documents import split_title

PAGES = {
    "calc/tabel": "Tabel invoegen\n\nZo voegt u een tabel met rijen en kolommen in.",
    "calc/werkbalk": "Werkbalk\n\nDe werkbalk toont knoppen voor veelgebruikte opdrachten.",
    "calc/opmaak": "Opmaak\n\nDe opmaakwerkbalk toont knoppen voor de opmaak van tekst.",
    "calc/kopie": "Kopiëren naar\n\nKopieert de selectie naar een ander werkblad.",
    "calc/kopie2": "Kopiëren naar\n\nKopieert de cellen naar een ander document.",
    "calc/cats": "Categorieën beheren\n\nHier beheert u de categorieën van uw sjablonen.",
    "calc/cat": "Categorie kiezen\n\nKies een categorie voor de tabel.",
}


@pytest.fixture(scope="module")
def lexicon():
    return qs.load_lexicon()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The seeds plus generated help pages, as files and as records."""
    src = tmp_path_factory.mktemp("tiny")
    for path in SEEDS.glob("*.txt"):
        (src / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for doc_id, text in PAGES.items():
        (src / f"{doc_id}.txt").parent.mkdir(exist_ok=True)
        (src / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    records = []
    for path in sorted(src.rglob("*.txt")):
        title, body = split_title(path.read_text(encoding="utf-8"))
        records.append((path.relative_to(src).with_suffix("").as_posix(), title, body))
    return src, records


def test_reciprocal_rank_and_recall():
    ranked = ["a", "b", "c", "d"]
    assert relevance.reciprocal_rank(ranked, {"c", "d"}) == pytest.approx(1 / 3)
    assert relevance.reciprocal_rank(ranked, {"x"}) == 0.0
    assert relevance.reciprocal_rank(ranked, {"d"}, k=3) == 0.0
    assert relevance.recall(ranked, {"b", "x"}) == 0.5
    assert relevance.recall(ranked, {"d"}, k=3) == 0.0
    assert relevance.recall(ranked, set()) == 1.0


def test_evaluate_averages_over_queries():
    queries = [qs.Query("t", "een", frozenset({"a"})), qs.Query("t", "twee", frozenset({"b"}))]
    score, runs = relevance.evaluate(queries, {"een": ["a"], "twee": ["x", "b"]}.get)
    assert (score.queries, score.mrr, score.recall) == (2, 0.75, 1.0)
    assert [q.text for q, _ in score.misses] == ["twee"] and runs == [["a"], ["x", "b"]]


@pytest.mark.parametrize("word, forms", [
    ("tabel", {"tabellen", "tabelletje"}), ("werkbalk", {"werkbalken"}),
    ("opmaak", {"opmaken"}), ("invoegen", {"invoeg"}), ("regels", {"regel"}),
    ("tabellen", {"tabel"}), ("categorie", {"categorieen"}), ("brief", {"brieven"}),
])
def test_inflections_are_lexicon_words_other_than_the_word(lexicon, word, forms):
    out = qs.inflections(word, lexicon)
    assert forms <= set(out)
    assert word not in out and all(form in lexicon for form in out)


def test_best_split_reads_links_and_skips_particles_and_derivations(lexicon):
    assert qs.best_split("werkbalken", lexicon) == ("werk", "", "balken")
    assert qs.best_split("levensduur", lexicon) == ("leven", "s", "duur")
    assert qs.best_split("scherpstellen", lexicon) == ("scherp", "", "stellen")
    for word in ["voorwaarde", "achtergebleven", "adressering", "werkbalk"[:4]]:
        assert qs.best_split(word, lexicon) is None


def test_query_sets_on_the_tiny_corpus(tiny, lexicon):
    _, records = tiny
    sets = qs.build_sets(records, lexicon, STOPWORDS)
    assert set(sets) == {"exact", "inflected", "diacritics", "compounds", "other-form", "trema"}
    exact = {q.text: q.relevant for q in sets["exact"]}
    assert exact["Tabel invoegen"] == {"calc/tabel"}
    assert "Kopiëren naar" not in exact  # two pages have this title
    for q in sets["inflected"]:
        assert qs.title_key(q.text) != qs.title_key(q.source) and len(q.relevant) == 1
    assert {"Tabellen invoegen", "Tabelletje invoegen"} & {q.text for q in sets["inflected"]}
    diacritics = {(q.kind, q.text) for q in sets["diacritics"] if q.source == "Categorieën beheren"}
    assert diacritics == {("stripped", "Categorieen beheren"), ("mistyped", "Categorieén beheren"),
                          ("decomposed", unicodedata.normalize("NFD", "Categorieën beheren"))}
    for q in sets["diacritics"]:
        assert q.text != q.source and qs.tokens(q.text) == qs.tokens(q.source)
    pages = {doc_id: set(qs.tokens(f"{title} {body}")) for doc_id, title, body in records}
    for q in sets["other-form"]:  # the typed form is nowhere on the target page
        changed = set(qs.tokens(q.text)) - set(qs.tokens(q.source))
        assert changed and not changed & pages[next(iter(q.relevant))]
    # categorieen typed without its trema; the page with only "categorie" is the rival.
    assert ("categorieen", "categorieën", {"calc/cats"}) in [(q.text, q.source, q.relevant)
                                                             for q in sets["trema"]]
    for q in sets["trema"]:
        assert q.text == qs.fold(q.source) != q.source
        assert all(q.text in pages[doc_id] for doc_id in q.relevant)


def test_compound_query_judges_the_compound_only_page(tiny, lexicon):
    _, records = tiny
    q = next(q for q in qs.build_sets(records, lexicon, STOPWORDS)["compounds"] if q.text == "werkbalk")
    assert q.kind == "head" and q.extra["compounds"] == ["opmaakwerkbalk"]
    assert q.relevant == {"calc/werkbalk", "calc/opmaak"} and q.target == {"calc/opmaak"}


def test_generation_is_deterministic(tiny, lexicon):
    _, records = tiny
    a, b = (qs.build_sets(records, lexicon, STOPWORDS) for _ in range(2))
    assert {n: [q.text for q in s] for n, s in a.items()} == {n: [q.text for q in s] for n, s in b.items()}


def test_zoek_and_stock_on_the_tiny_corpus(tiny, lexicon, tmp_path):
    src, records = tiny
    sets = qs.build_sets(records, lexicon, STOPWORDS)
    results, runs = relevance.run_evaluation(records, src, sets, tmp_path)
    assert results["exact"]["zoek"].mrr == 1.0
    werkbalk = [i for i, q in enumerate(sets["compounds"]) if q.text == "werkbalk"][0]
    # zoek finds the page that only says "opmaakwerkbalk"; stock Whoosh does not.
    assert "calc/opmaak" in runs["compounds"]["zoek"][werkbalk]
    assert "calc/opmaak" not in runs["compounds"]["stock"][werkbalk]
    stripped = [i for i, q in enumerate(sets["diacritics"]) if q.text == "Categorieen beheren"][0]
    assert runs["diacritics"]["zoek"][stripped][0] == "calc/cats"
    assert runs["diacritics"]["stock"][stripped] == []
    data = relevance.as_json(sets, results, runs, {"package": "tiny"})
    assert data["sets"]["exact"]["scores"]["zoek"]["mrr"] == 1.0


PRE_LANGUAGE = "1d7da38"  # main before issue 14: everything read as Dutch


def test_baseline_runs_the_revisions_code_on_the_same_files(tiny, tmp_path):
    """--baseline: the old revision indexes the same folder and answers the same
    queries with its own code (it reads "companies" as Dutch, so misses "company")."""
    have = subprocess.run(["git", "-C", str(relevance.baseline.REPO), "cat-file", "-e",
                           f"{PRE_LANGUAGE}^{{commit}}"], capture_output=True)
    if have.returncode:
        pytest.skip(f"revision {PRE_LANGUAGE} not in this clone")
    src = shutil.copytree(tiny[0], tmp_path / "src")
    (src / "company.txt").write_text(COMPANY_PAGE, encoding="utf-8")
    sets = {"english": [qs.Query("english", "companies", frozenset({"company"})),
                        qs.Query("english", "Tabel invoegen", frozenset({"calc/tabel"}))]}
    ranked = relevance.baseline.rankings(PRE_LANGUAGE, src, sets, relevance.K)
    assert ranked["english"][0] == [] and ranked["english"][1][0] == "calc/tabel"
    results, runs = relevance.run_evaluation([], src, sets, tmp_path / "work", rev=PRE_LANGUAGE)
    assert runs["english"][relevance.BASELINE] == ranked["english"]
    assert runs["english"]["zoek"][0][0] == "company"
    assert results["english"]["zoek"].mrr == 1.0 and results["english"][relevance.BASELINE].mrr == 0.5


def test_exact_variants_set_the_scoring_and_weight_while_they_run():
    from indexer.search import engine, query
    seen = []

    def probe(text):
        seen.append((engine.EXACT_SCORING, query.FIELD_BOOSTS.get("exact")))
        return []
    variants = relevance.exact_variants(probe, [0.3, 1.0], ["bm25", "presence"])
    assert list(variants) == ["bm25 0.3", "bm25 1", "presence 0.3", "presence 1"]
    for run in variants.values():
        run("woord")
    assert seen == [("bm25", 0.3), ("bm25", 1.0), ("presence", 0.3), ("presence", 1.0)]
    assert (engine.EXACT_SCORING, query.FIELD_BOOSTS["exact"]) == ("gated", 0.7)  # restored
    assert list(relevance.exact_variants(probe, [], ["bm25"])) == ["bm25 0.7"]
