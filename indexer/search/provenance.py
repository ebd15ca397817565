"""Why a document matched: which typed word each highlighted form came from, and how.

Query parsing tags what it adds: synonym members (`synonyms.expand`) and a
prefix's completions (`query.expand_patterns`) point back at the query node
they widen. Whoosh's parser gives each typed word its place in the query text
(startchar, endchar); a phrase is found back among the quoted parts.
`indexer.search.why` turns that into a hit's `matched` list.
"""

import re

from whoosh import query

from indexer import analysis

ORIGIN = "zoek_origin"    # attribute on a Whoosh query node: (node it widens, via)
QUOTED_RE = re.compile(r'"([^"]*)"?')


def tag(node: query.Query, source: query.Query, via: str) -> query.Query:
    """Mark a node as added for `source` (synonym, prefix)."""
    setattr(node, ORIGIN, getattr(source, ORIGIN, (source, via))[:1] + (via,))
    return node


def typed_text(node: query.Query, text: str, quoted: dict) -> str:
    """What the user typed for a node of the parsed query."""
    source = getattr(node, ORIGIN, (None,))[0]
    if source is not None:
        return typed_text(source, text, quoted)
    if isinstance(node, query.Prefix):
        return node.text + "*"
    if isinstance(node, query.Wildcard):
        return node.text
    if isinstance(node, query.Phrase):
        words = tuple(node.words)
        return quoted.get(words, " ".join(words))
    start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
    if start is not None and end is not None and text[start:end].strip():
        return text[start:end].strip().lstrip("+")
    return getattr(node, "text", "")


def origins(q: query.Query, text: str) -> dict:
    """term or phrase tuple -> (typed, via) for the positive parts of a parsed query."""
    quoted = {tuple(analysis.query_terms(m.group(1))): m.group(1).strip()
              for m in QUOTED_RE.finditer(text)}
    out: dict = {}

    def walk(node):
        if isinstance(node, query.Not):
            return
        if isinstance(node, query.AndNot):
            walk(node.a)
            return
        if isinstance(node, (query.Term, query.Phrase)):
            item = node.text if isinstance(node, query.Term) else tuple(node.words)
            via = getattr(node, ORIGIN, (None, "phrase" if isinstance(item, tuple) else "word"))[1]
            out.setdefault(item, (typed_text(node, text, quoted), via))
            return
        for child in node.children():
            walk(child)
    walk(q)
    return out
