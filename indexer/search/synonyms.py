"""Query-time synonyms: a plain file of groups (OESO, OECD, ...).

Each member of a group is analysed like any query text, so "Oeganda",
"oeganda" and "Oegandá" are the same member; a multi-word member becomes a
phrase. Expansion happens on the parsed query, so it works for plain words,
phrases and fields alike, and never inside an excluded (-word) part's meaning:
excluding a word also excludes its synonyms.
"""

import functools
from pathlib import Path

from whoosh import query

from indexer import analysis
from indexer.search import provenance

SYNONYM_BOOST = 0.8  # the word the user typed ranks a little above its synonyms


def parse_groups(text: str, lang: str = "nl") -> list[list[tuple[str, ...]]]:
    """Groups of members, each member the tuple of its terms in that language's analysis."""
    groups = []
    terms_of = analysis.analysis_for(lang).query_terms
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        members = [tuple(terms_of(m)) for m in line.split(",")]
        members = list(dict.fromkeys(m for m in members if m))
        if len(members) > 1:
            groups.append(members)
    return groups


class Table(dict):
    """member -> other members; knows the file it was read from (`path`)."""
    path: str


@functools.lru_cache(maxsize=8)
def load(path: str, lang: str = "nl") -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """member -> the other members of its groups."""
    table = Table()
    table.path = path
    for group in parse_groups(Path(path).read_text(encoding="utf-8"), lang):
        for member in group:
            others = table.setdefault(member, [])
            others.extend(m for m in group if m != member and m not in others)
    return table


SHIPPED = analysis.DATA_DIR / "synonyms.txt"


def table(path: Path | None = None, lang: str = "nl") -> dict:
    """The groups of a synonym file (the shipped one when None), read once per file
    and language. The file is a setting (ZOEK_SYNONYMS), passed in by the search
    service; each language reads it with its own analysis, so OESO, OECD find each
    other in Dutch and in English text alike."""
    return load(str(path or SHIPPED), lang)


def in_language(synonyms: dict | None, lang: str) -> dict | None:
    """The same synonym file read with another language's analysis (a table made
    by `table`); a table given as a plain dict is Dutch and used for Dutch only."""
    path = getattr(synonyms, "path", None) if synonyms is not None else str(SHIPPED)
    if path is None:
        return synonyms if lang == "nl" else {}
    return load(path, lang)


def member_query(fieldname: str, terms: tuple[str, ...], boost: float) -> query.Query:
    if len(terms) == 1:
        return query.Term(fieldname, terms[0], boost=boost)
    return query.Phrase(fieldname, list(terms), boost=boost)


def expand(q: query.Query, synonyms: dict | None = None) -> query.Query:
    """The query with every synonym member widened to its group."""
    synonyms = table() if synonyms is None else synonyms
    if isinstance(q, query.Term):
        key = (q.text,)
    elif isinstance(q, query.Phrase):
        key = tuple(q.words)
    else:
        return q if q.is_leaf() else q.apply(lambda child: expand(child, synonyms))
    others = synonyms.get(key)
    if not others:
        return q
    boost = q.boost * SYNONYM_BOOST
    return query.Or([q] + [provenance.tag(member_query(q.fieldname, m, boost), q, "synonym")
                           for m in others])
