"""Plain text and Markdown.

Markdown is parsed with markdown-it-py (CommonMark plus tables) and its text
taken from the token stream, so what is syntax never reaches the index;
front matter is read with python-frontmatter (YAML).
"""

import functools

from indexer.sources.formats.common import Extracted, decode, tidy, to_date

BLOCK_ENDS = {"paragraph_close", "heading_close", "blockquote_close", "bullet_list_close",
              "ordered_list_close", "table_close", "hr"}
INLINE_TEXT = {"text", "code_inline"}


def read_txt(data: bytes) -> Extracted:
    text, warning = decode(data)
    return Extracted(pages=[text], warning=warning)


@functools.cache
def parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def inline_text(token, links: list[str]) -> str:
    """The words of an inline token: text, code, image alt text; no markup."""
    out = []
    for child in token.children or []:
        if child.type in INLINE_TEXT:
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if href.startswith(("http://", "https://")):
                links.append(href)
    return "".join(out)


def markdown_text(tokens, links: list[str]) -> str:
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts.append(inline_text(token, links))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content.rstrip("\n") + "\n\n")
        elif token.type in ("td_close", "th_close"):
            parts.append(" ")
        elif token.type in ("tr_close", "list_item_close"):
            parts.append("\n")
        elif token.type in BLOCK_ENDS:
            parts.append("\n" if token.hidden else "\n\n")
    return tidy("".join(parts))


def strip_markdown(text: str) -> str:
    """The text of a Markdown document, without its syntax."""
    return markdown_text(parser().parse(text), [])


def first_h1(tokens) -> str:
    for n, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and token.tag == "h1":
            return " ".join(inline_text(tokens[n + 1], []).split())
    return ""


def front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter (keys lowercased) and the text after it; broken YAML is text."""
    import frontmatter

    try:
        post = frontmatter.loads(text)
    except Exception:  # YAML errors of any kind: the block is then just text
        return {}, text
    meta = post.metadata if isinstance(post.metadata, dict) else {}
    return {str(k).lower(): v for k, v in meta.items()}, post.content


def read_markdown(data: bytes) -> Extracted:
    raw, warning = decode(data)
    meta, raw = front_matter(raw.replace("\r\n", "\n"))
    tokens = parser().parse(raw)
    links: list[str] = []
    body = markdown_text(tokens, links)
    title = meta.get("title")
    title = " ".join(title.split()) if isinstance(title, str) else ""  # not str() of any YAML value
    title = title or first_h1(tokens)
    return Extracted(pages=[body], title=title, links=list(dict.fromkeys(links)),
                     declared_date=to_date(meta.get("date")), warning=warning)
