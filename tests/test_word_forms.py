"""Dutch word forms (issue 15): every inflection a reader expects finds the
others, the exact form typed ranks first, and an unknown compound in a query
is searched by its parts."""

import pytest
from corpus import make_corpus

from indexer.analysis import STEM_OVERRIDES, lemma, query_terms, term_for
from indexer.analysis.pipeline import snowball_stem
from indexer.index.build import build_index
from indexer.index.store import IndexHandle
from indexer.search import search
from indexer.search.query import QueryError


def terms(sentence: str) -> list[str]:
    return query_terms(sentence)


# (sentence, sentence with the same words in another form): the same terms.
SAME_TERMS = {
    "diminutive -je": ("Klik op het kaartje met de pipetje-knop", "Klik op de kaart met de pipet-knop"),
    "diminutive -tje": ("Zet het stoeltje bij de winkeltjes", "Zet de stoel bij de winkels"),
    "diminutive -pje": ("Een bloempje onder het boompje", "Een bloem onder de boom"),
    "diminutive -etje": ("Het poppetje en het zinnetje", "De pop en de zin"),
    "diminutive -kje": ("Het koninkje regeert", "De koning regeert"),
    "plural -s and -'s": ("De menu's met foto's en tafels", "Het menu met de foto en de tafel"),
    "plural -en": ("De voorwoorden van de woorden", "Het voorwoord van het woord"),
    "adjective -e": ("Een complexe formule met actieve cellen", "Complex is de formule, actief de cel"),
    "verb -t": ("Calc controleert de invoer", "Calc: controleer de invoer"),
    "verb -d": ("De tabel is verbeterd", "De tabel verbeteren"),
    "verb -de(n)": ("Zij selecteerden de kolom en wijzigde de rij",
                    "Selecteren van de kolom en wijzigen de rij"),
    "verb -te(n)": ("Wij werkten en hij gebruikte de macro", "Wij werken en hij gebruiken de macro"),
    "participle with trema": ("Gegevens zijn geïmporteerd en gecreëerd", "Gegevens importeren en creëren"),
    "participle without trema": ("Gegevens zijn geimporteerd en gecreeerd", "Gegevens importeren en creeren"),
    "participle adjective": ("De geïnformeerde lezer en de georiënteerde lijn",
                             "De lezer informeren en de lijn oriënteren"),
}


@pytest.mark.parametrize("form_class", sorted(SAME_TERMS))
def test_forms_of_a_word_get_one_term(form_class):
    inflected, base = SAME_TERMS[form_class]
    assert sorted(terms(inflected)) == sorted(terms(base)), form_class


def test_the_lookup_ignores_diacritics():
    assert term_for("gecreëerd") == term_for("gecreeerd") == term_for("creëren")
    assert term_for("geïnformeerd") == term_for("geinformeerd") == term_for("informeren")
    assert term_for("variërend") == term_for("varierend") == term_for("variëren")


def test_snowball_alone_splits_what_the_lemma_joins():
    # Why the lookup is there: Kraaij-Pohlmann gives these pairs two stems.
    for form, base in [("voorwoorden", "voorwoord"), ("kaartje", "kaart"), ("complexe", "complex"),
                       ("controleert", "controleren")]:
        assert snowball_stem(form) != snowball_stem(base)
        assert term_for(form) == term_for(base)


def test_stem_overrides_stay_on_top():
    # The dictionary reads velden as a form of vel; the override (velden veld) wins.
    assert lemma.lemma("velden") == "vel" and STEM_OVERRIDES["velden"] == "veld"
    assert term_for("velden") == term_for("veld") != term_for("vel")


@pytest.mark.parametrize("a, b", [("gekocht", "kopje"), ("bleek", "blijken"), ("best", "goed"),
                                  ("gewenst", "gewend"), ("velden", "vellen"), ("kaart", "kaar")])
def test_different_words_stay_apart(a, b):
    assert term_for(a) != term_for(b)


# ------------------------------------------------------------- in an index ----

DOCS = {
    "import-a.txt": "Tabel in Calc\n\nDe geïmporteerde tabel staat in het werkblad met de gegevens.\n",
    "import-b.txt": "Tabel in Writer\n\nU kunt een tabel importeren in het document met de gegevens.\n",
    "incidenten.txt": "Het beheer van incidenten\n\n"
                      "Meld een storing bij de servicedesk; zij lossen hem op.\n",
    "kaartje.txt": "Pipet\n\nMet de pipet kiest u een kleur uit de afbeelding.\n",
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    src = make_corpus(tmp_path_factory.mktemp("forms-src"), 600)
    for name, text in DOCS.items():
        (src / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("forms-index")
    build_index(src, index_dir)
    return IndexHandle(index_dir).searcher()


def titles(result) -> list[str]:
    return [hit.title for hit in result.hits]


def test_the_exact_form_ranks_first(searcher):
    # Both pages have a form of importeren; the one with the very form typed comes first,
    # with or without the trema, and the other page is still found.
    for typed in ("geïmporteerde tabel", "geimporteerde tabel"):
        assert titles(search(searcher, typed))[:2] == ["Tabel in Calc", "Tabel in Writer"], typed
    assert titles(search(searcher, "tabel importeren"))[:2] == ["Tabel in Writer", "Tabel in Calc"]


def test_a_diminutive_finds_the_page_with_the_word(searcher):
    assert titles(search(searcher, "pipetje"))[:1] == ["Pipet"]


def test_an_unknown_compound_is_searched_by_its_parts(searcher):
    result = search(searcher, "incidentbeheer")
    assert titles(result)[:1] == ["Het beheer van incidenten"]
    assert "gezocht als: incident beheer" in result.notices
    assert result.hits[0].title_marked.html() == "Het <mark>beheer</mark> van <mark>incidenten</mark>"


def test_a_known_word_is_not_split(searcher):
    result = search(searcher, "servicedesk")
    assert titles(result)[:1] == ["Het beheer van incidenten"]
    assert not any(n.startswith("gezocht als") for n in result.notices)


def test_a_compound_in_a_field_or_prefix_is_left_alone(searcher):
    result = search(searcher, "title:incidentbeheer")
    assert result.total == 0 and not any(n.startswith("gezocht als") for n in result.notices)
    with pytest.raises(QueryError):  # a prefix of nothing in the index: not read as parts
        search(searcher, "incidentbeheer*")


def test_a_noun_in_ing_keeps_apart_from_its_verb_or_adjective():
    # Snowball's dutch strips -ing: korting = kort, instelling = instellen.
    assert snowball_stem("korting") == snowball_stem("kort")
    assert term_for("korting") == term_for("kortingen") != term_for("kort")
    assert term_for("instellingen") == term_for("instelling") != term_for("instellen")
