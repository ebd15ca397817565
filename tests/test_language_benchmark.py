"""The language benchmarks' own machinery: labels, the English-title set and
judging added pages, on small data (the benchmarks themselves never run in CI)."""

from benchmarks import english_queries, language, querysets, relevance


def test_the_committed_sample_has_300_labelled_pages_of_both_languages():
    rows = language.read_sample()
    assert len(rows) >= 300 and len({(pkg, i) for pkg, i, _ in rows}) == len(rows)
    labels = [label for _, _, label in rows]
    assert set(labels) == {"nl", "en"} and labels.count("en") >= 50


def test_lilypond_pages_are_labelled_by_their_texinfo_names():
    assert language.texinfo_name("four_002dpart-satb-vocal-score") == "four part satb vocal score"
    label = language.lilypond_label
    assert label("learning/adding-and-removing-engravers.nl.html",
                 "LilyPond beginnershandleiding: 4.3.5 Adding and removing engravers") == "en"
    assert label("learning/absolute-note-names.nl.html",
                 "LilyPond beginnershandleiding: 1.2.1 Absolute nootnamen") == "nl"
    assert label("web/essay.nl.html", "LilyPond – Muzieknotatie voor iedereen: Essay") is None


def test_english_title_queries_inflect_words_the_pages_use():
    records = [("a", "Manual: 4.3 Adding and removing engravers", "An engraver adds things."),
               ("b", "Templates", "A template is a score to start from."),
               ("c", "Unique words", "nothing else")]
    queries = {q.source: q for q in english_queries.english_title_queries(records)}
    assert queries["Adding and removing engravers"].relevant == {"a"}
    assert queries["Adding and removing engravers"].text != "Adding and removing engravers"
    assert queries["Templates"].text == "template"
    assert "Unique words" not in queries  # no other form of these words in the pages
    assert "engraver" in english_queries.forms("engravers")
    assert "policy" in english_queries.forms("policies") and "add" in english_queries.forms("adding")


def test_added_pages_are_judged_by_the_compound_queries_own_rule():
    q = querysets.Query("compounds", "template", frozenset({"nl1"}), target=frozenset({"nl1"}))
    records = [("english/x", "Templates", "A template."), ("english/y", "Scores", "notes")]
    added = relevance.judge_added_pages([q], records, frozenset({"template", "templates"}))
    assert added == 1 and q.relevant == {"nl1", "english/x"} and q.target == {"nl1"}
