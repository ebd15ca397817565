"""Finder.find without phrases (one pass, no sort) equals the general path's definition,
and the prefix scan (anchored_words) finds what word-by-word analysis finds."""

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.search.highlight import Found, Finder, Wanted

WORDS = ["arbeid", "kinderarbeid", "Arbeid.", "service", "Servicedesk", "desk", "werk", "werken", "Werkgroep",
         "netwerk", "de", "en", "kopie\u0308ren", "coördineren", "x", "12", "l'hôpital", "—"]
TERMS = [["arbeid"], ["service", "desk"], ["werk"], ["desk", "arbeid", "groep"], ["coordiner"]]
FORMS = {"arbeid": ["arbeid"], "service": ["service"], "desk": ["desk"], "werk": ["werk", "werken"],
         "groep": ["groep"], "coordiner": ["coordineren"]}


def plain_find(finder: Finder, text: str, lang=None) -> list[Found]:
    """The general path: every token, a compound part kept when it is the head or the
    text lacks the whole word, then sorted."""
    from indexer import analysis
    tokens = finder.tokens(text, None, analysis.analysis_for(lang))
    whole = {t[2] for t in tokens if t[2] in finder.wanted.terms}
    found = []
    for start, end, term, part, head in tokens:
        if term in finder.wanted.terms:
            found.append(Found(start, end, term, "term"))
        elif part and (head or part not in whole):
            found.append(Found(start, end, part, "part"))
    return sorted(found)


@settings(max_examples=500, deadline=None, database=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join), st.sampled_from(TERMS), st.booleans(),
       st.sampled_from([None, "nl", "en"]))
def test_find_without_phrases_is_its_definition(text, terms, with_forms, lang):
    finder = Finder(Wanted.of(terms), FORMS.get if with_forms else None)
    assert not finder.wanted.phrases
    assert finder.find(text, lang=lang) == plain_find(finder, text, lang)
    assert finder.find(text, lang=lang) == plain_find(finder, text, lang)  # again, from the query's memo
    if with_forms:  # FORMS holds every form WORDS has of each term
        assert finder.find(text, lang=lang) == Finder(finder.wanted).find(text, lang=lang)
