"""XML documents: DocBook (4 and 5) and Mallard (GNOME's help pages, `.page`).

The text of the elements, a line per block; metadata blocks (<info>, credits,
revision history), editorial comments and index terms are left out. The title
is the document's <title> (or its info's); the date is DocBook's <date> or
<pubdate>, or the latest Mallard <revision date>. Other XML is skipped with a
reason. Parsing goes through defusedxml: entity declarations are refused.
"""

from indexer.sources.formats.common import Extracted, Refused, iso_date, local_name, parse_xml, tidy

MALLARD_NS = "http://projectmallard.org/1.0/"
DOCBOOK_NS = "http://docbook.org/ns/docbook"
DOCBOOK_ROOTS = {"book", "article", "chapter", "section", "sect1", "part", "preface", "appendix",
                 "refentry", "reference", "set", "glossary", "bibliography"}
LEFT_OUT = {"info", "bookinfo", "articleinfo", "chapterinfo", "sectioninfo", "prefaceinfo",
            "revhistory", "indexterm", "remark", "comment"}
INLINE = {  # everything else is a block: a line of its own
    "link", "gui", "guiseq", "app", "key", "keyseq", "cmd", "file", "sys", "em", "input", "output",
    "span", "var", "code", "hi", "em", "emphasis", "literal", "filename", "command", "application",
    "guilabel", "guibutton", "guimenu", "guimenuitem", "guisubmenu", "menuchoice", "keycap",
    "keycombo", "userinput", "computeroutput", "replaceable", "option", "ulink", "xref", "quote",
    "acronym", "abbrev", "phrase", "citetitle", "productname", "systemitem", "envar", "varname",
    "function", "parameter", "classname", "trademark", "footnoteref", "firstterm", "glossterm",
    "wordasword", "foreignphrase", "subscript", "superscript", "date", "media",
}


def dialect(root) -> str:
    """'mallard', 'docbook' or '' for other XML."""
    tag = root.tag if isinstance(root.tag, str) else ""
    name = local_name(tag)
    if tag == f"{{{MALLARD_NS}}}page":
        return "mallard"
    if name in DOCBOOK_ROOTS and (tag.startswith(f"{{{DOCBOOK_NS}}}") or not tag.startswith("{")):
        return "docbook"
    return ""


def text_of(element, out: list[str]) -> None:
    name = local_name(element.tag)
    if name in LEFT_OUT:
        if element.tail:
            out.append(element.tail)
        return
    block = name not in INLINE
    if block:
        out.append("\n")
    if element.text:
        out.append(element.text)
    for child in element:
        text_of(child, out)
    if block:
        out.append("\n")
    if element.tail:
        out.append(element.tail)


def child(element, *names: str):
    for node in element:
        if local_name(node.tag) in names:
            return node
    return None


def plain(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def title_of(root) -> str:
    found = plain(child(root, "title"))
    for info_name in ("info", "bookinfo", "articleinfo", "chapterinfo"):
        info = child(root, info_name)
        if not found and info is not None:
            found = plain(child(info, "title"))
    return found


def date_of(root, kind: str):
    if kind == "mallard":
        info = child(root, "info")
        revisions = [r.get("date", "") for r in (info if info is not None else []) if
                     local_name(r.tag) == "revision"]
        dates = [d for d in map(iso_date, revisions) if d]
        return max(dates) if dates else None
    for info_name in ("info", "bookinfo", "articleinfo", "chapterinfo"):
        info = child(root, info_name)
        if info is not None:
            found = iso_date(plain(child(info, "pubdate", "date")))
            if found:
                return found
    return None


def read_xml(data: bytes) -> Extracted:
    root = parse_xml(data)
    kind = dialect(root)
    if not kind:
        raise Refused("XML, but not a DocBook or Mallard document")
    parts: list[str] = []
    text_of(root, parts)
    return Extracted(pages=[tidy("".join(parts))], title=title_of(root), declared_date=date_of(root, kind))
