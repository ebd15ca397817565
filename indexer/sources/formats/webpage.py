"""HTML pages: visible text without navigation, title, dates, canonical URL, links.

benchmarks/corpus.py subclasses HTMLText (with its own skip list).
"""

import html.parser
import re

from indexer.sources.formats.common import Extracted, decode, iso_date, tidy

SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "head",
             "template", "svg", "form", "button", "select", "iframe"}
SKIP_NAMES = {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "footer",
              "sidebar", "toc", "skip-link", "cookie", "cookies", "share", "social"}
PARA_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table",
             "ul", "ol", "dl", "section", "article", "main", "hr", "figure", "figcaption"}
LINE_TAGS = {"br", "li", "tr", "dt", "dd"}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "wbr", "source"}
DATE_METAS = {"article:published_time", "date", "dc.date", "dcterms.date", "dcterms.issued",
              "publication_date", "pubdate"}


class HTMLText(html.parser.HTMLParser):
    skip_names = SKIP_NAMES  # id/class values whose elements are skipped
    """Visible text, title, first h1, canonical URL, dates and links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = self.h1 = ""
        self.canonical = self.og_url = None
        self.dates: list[str] = []
        self.links: list[str] = []
        self.skip: list[str] = []  # stack of tags whose content is dropped
        self.field = ""            # "title" or "h1" while inside one
        self.pre = 0
        self.lang = None           # <html lang="nl">

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang") or a.get("xml:lang") or None
        self.read_head(tag, a)
        if tag in VOID_TAGS:
            if not self.skip and tag in ("br", "hr"):
                self.parts.append("\n" if tag == "br" else "\n\n")
            return
        names = set(f"{a.get('id', '')} {a.get('class', '')}".lower().split())
        if self.skip or tag in SKIP_TAGS or names & self.skip_names or a.get("role") == "navigation":
            self.skip.append(tag)  # <title> is read even though <head> is skipped
        if tag == "title" or (tag == "h1" and not self.h1):
            self.field = tag
        if tag == "a" and not self.skip and a.get("href", "").startswith(("http://", "https://")):
            self.links.append(a["href"])
        self.block(tag)
        self.pre += tag == "pre"

    def read_head(self, tag, a):
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href") or None
        elif tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name == "og:url":
                self.og_url = a.get("content") or None
            elif name in DATE_METAS or name == "datepublished":
                self.dates.append(a.get("content", ""))
        elif tag == "time" and a.get("datetime"):
            self.dates.append(a["datetime"])

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()
        elif self.skip and tag in self.skip:  # unclosed children (e.g. <p>)
            del self.skip[len(self.skip) - 1 - self.skip[::-1].index(tag):]
        if tag == self.field:
            self.field = ""
        self.block(tag)
        if tag == "pre" and self.pre:
            self.pre -= 1

    def block(self, tag):
        if not self.skip:
            if tag in PARA_TAGS:
                self.parts.append("\n\n")
            elif tag in LINE_TAGS:
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append(" ")

    def handle_data(self, data):
        if self.field == "title":
            self.title += data
        elif self.field == "h1" and not self.skip:
            self.h1 += data
        if not self.skip:
            self.parts.append(data if self.pre else re.sub(r"\s+", " ", data))


CHARSET_RE = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.I)


def read_html(data: bytes) -> Extracted:
    declared = CHARSET_RE.search(data[:4096])
    raw, warning = decode(data, declared.group(1).decode("ascii") if declared else None)
    p = HTMLText()
    p.feed(raw)
    p.close()
    source = p.canonical or p.og_url
    dates = [d for d in map(iso_date, p.dates) if d]
    return Extracted(pages=[tidy("".join(p.parts))], title=" ".join((p.title or p.h1).split()),
                     declared_date=dates[0] if dates else None,
                     source_url=source if source and source.startswith(("http://", "https://")) else None,
                     links=list(dict.fromkeys(p.links)), warning=warning, language=p.lang)
