"""Markdown (with raw HTML, kramdown attribute lists and Hugo shortcodes) to clean text.

markdown-it-py does the parsing; the token stream is turned into paragraphs of plain text while keeping
the bits of structure later steps read: links with their text, and "**Name**, *Organisation*" lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Hugo shortcodes: {{< name args >}} / {{% name args %}}; a title="…" argument is the only readable text.
SHORTCODE = re.compile(r"\{\{[<%]\s*(/?)\s*[\w-]+(?P<args>[^}]*?)[>%]\}\}", re.DOTALL)
SHORTCODE_TITLE = re.compile(r'\btitle\s*=\s*"([^"]*)"')
# kramdown / markdown-it-attrs attribute lists, which markdown-it would print as text:
# "{: .encadre role="presentation" }" on its own line or after a block, "{:target="_blank"}" after a
# link, "{title="…"}" after a link, "{.subtitle}" after a heading.
ATTRIBUTE_LIST = re.compile(r"\{:[^{}\n]*\}|\{\s*(?:[.#][\w-]|[\w-]+\s*=)[^{}\n]*\}")
# Markdown syntax left inside the text of an HTML block.
MARKDOWN_HINT = re.compile(r"\*\*|__|\]\(|^#{1,6} |^[*-] ", re.MULTILINE)
BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "blockquote",
        "figure",
        "figcaption",
        "br",
        "hr",
        "dl",
        "dt",
        "dd",
        "main",
        "pre",
    }
)
SKIP_TAGS = frozenset({"style", "script", "iframe", "noscript", "svg", "template"})
SPACES = re.compile(r"[ \t\u00a0\u202f\u2009\u2007]+")


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class NamedLine:
    """A paragraph or list item opening with bold text: "**Name**, *Organisation*, role"."""

    strong: str
    rest: str  # the text after the bold part
    emphasis: tuple[str, ...] = ()  # italic parts of the rest


@dataclass(frozen=True)
class Block:
    """One heading (level 1-6) or paragraph (level 0) in reading order, with the links it holds."""

    level: int
    text: str
    links: tuple[Link, ...] = ()


@dataclass
class Rendered:
    paragraphs: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    named_lines: list[NamedLine] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def clean_spaces(text: str) -> str:
    """One space between words, no-break spaces included; lines trimmed; at most one blank line."""
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def strip_extensions(source: str) -> str:
    """Remove Hugo shortcodes (keeping a title) and attribute lists before markdown parsing."""

    def shortcode(match: re.Match) -> str:
        title = SHORTCODE_TITLE.search(match["args"] or "")
        return title.group(1) if title else ""

    source = SHORTCODE.sub(shortcode, source)
    return ATTRIBUTE_LIST.sub("", source)


class _HtmlText(HTMLParser):
    """Text of an HTML fragment: block tags and <br> break lines, style/script contents dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n" if tag not in ("br", "li") else "\n")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    parser = _HtmlText()
    parser.feed(fragment)
    parser.close()
    return unescape("".join(parser.parts))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Built once: setting up markdown-it's rule chains costs more than parsing a page.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def render(source: str, *, _nested: bool = False) -> Rendered:
    """Clean text of a markdown document, paragraph by paragraph, with its links and named lines."""
    tokens = _parser().parse(strip_extensions(source))
    out = Rendered()
    heading_level = 0
    row: list[str] | None = None
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            if row is not None and any(row):
                out.paragraphs.append(" ".join(cell for cell in row if cell))
            row = None
        elif token.type == "inline":
            first_link = len(out.links)
            # "**6 mai 2022 **" is not emphasis for CommonMark: its markers would stay in the text.
            text = clean_spaces(_inline(token.children or [], out).replace("**", ""))
            if row is not None:
                row.append(text)
            elif text:
                out.paragraphs.append(text)
                out.blocks.append(Block(heading_level, text, tuple(out.links[first_link:])))
                if heading_level:
                    out.headings.append((heading_level, text))
        elif token.type == "html_block":
            text = clean_spaces(html_to_text(token.content))
            if not _nested and MARKDOWN_HINT.search(text):
                # Markdown written inside an HTML block is left raw by the parser: parse what is left.
                inner = render(text, _nested=True)
                out.paragraphs.extend(inner.paragraphs)
                out.links.extend(inner.links)
                out.named_lines.extend(inner.named_lines)
                continue
            out.paragraphs.extend(block.strip() for block in text.split("\n\n") if block.strip())
        elif token.type in ("fence", "code_block"):
            text = clean_spaces(token.content)
            if text:
                out.paragraphs.append(text)
    return out


def _inline(children: list[Token], out: Rendered) -> str:
    parts: list[str] = []
    link_stack: list[tuple[str, int]] = []  # (href, index in parts where its text starts)
    strong_start = strong_end = -1
    emphasis: list[str] = []
    em_start = -1
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "html_inline":
            tag = child.content.lower()
            if tag.startswith("<br"):
                parts.append("\n")
        elif kind == "link_open":
            link_stack.append((str(child.attrs.get("href", "")), len(parts)))
        elif kind == "link_close" and link_stack:
            href, start = link_stack.pop()
            text = clean_spaces("".join(parts[start:]))
            out.links.append(Link(text, href.strip()))
        elif kind == "strong_open" and strong_start < 0 and not "".join(parts).strip():
            strong_start = len(parts)
        elif kind == "strong_close" and strong_start >= 0 and strong_end < 0:
            strong_end = len(parts)
        elif kind == "em_open":
            em_start = len(parts)
        elif kind == "em_close" and em_start >= 0:
            emphasis.append(clean_spaces("".join(parts[em_start:])))
            em_start = -1
    text = "".join(parts)
    if strong_start >= 0 and strong_end > strong_start:
        strong = clean_spaces("".join(parts[strong_start:strong_end]))
        rest = clean_spaces("".join(parts[strong_end:]))
        if strong:
            out.named_lines.append(NamedLine(strong, rest, tuple(e for e in emphasis if e)))
    return text
