"""Markdown (with raw HTML and kramdown attribute lists) to clean text; template code is removed before
(templates.py).

markdown-it-py does the parsing; the token stream is turned into paragraphs of plain text while keeping
the bits of structure later steps read: links with their text, "**Name**, *Organisation*" lines, and the
cells of table rows (programme tables, press reviews)."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from findit.ingest.htmltext import html_text_and_rows, html_to_text
from findit.ingest.structure import Block, Link, NamedLine, Rendered, clean_spaces
from findit.namecues import BYLINE
from findit.text import fold

__all__ = ["Block", "Link", "NamedLine", "Rendered", "clean_spaces", "html_to_text", "render"]

# kramdown / markdown-it-attrs attribute lists, which markdown-it would print as text:
# "{: .encadre role="presentation" }" on its own line or after a block, "{:target="_blank"}" after a
# link, "{title="…"}" after a link, "{.subtitle}" after a heading.
ATTRIBUTE_LIST = re.compile(r"\{:[^{}\n]*\}|\{\s*(?:[.#][\w-]|[\w-]+\s*=)[^{}\n]*\}")
# Markdown syntax left inside the text of an HTML block.
MARKDOWN_HINT = re.compile(r"\*\*|__|\]\(|^#{1,6} |^[*-] ", re.MULTILINE)


def strip_extensions(source: str) -> str:
    """Remove attribute lists before markdown parsing (template code is removed by templates.py)."""
    return ATTRIBUTE_LIST.sub("", source)


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
    row_links = 0
    items = 0  # depth of list items
    after_picture = False  # the block before was only a picture: an emphasised line now is its caption
    for token in tokens:
        if token.type not in ("paragraph_open", "paragraph_close", "inline", "html_block"):
            after_picture = False  # a code block, a rule, a list or a heading comes between
        if token.type == "list_item_open":
            items += 1
        elif token.type == "list_item_close":
            items -= 1
        elif token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "tr_open":
            row = []
            row_links = len(out.links)
        elif token.type == "tr_close":
            if row is not None and any(row):
                text = " ".join(cell for cell in row if cell)
                out.paragraphs.append(text)
                out.blocks.append(Block(0, text, tuple(out.links[row_links:]), tuple(row)))
                out.rows.append(tuple(row))
            row = None
        elif token.type == "inline":
            pictures, caption = _picture_shape(token.children or [])
            caption = caption and not heading_level and row is None and (after_picture or pictures > 0)
            first_link = len(out.links)
            # "**6 mai 2022 **" is not emphasis for CommonMark: its markers would stay in the text.
            text = clean_spaces(_inline(token.children or [], out).replace("**", ""))
            caption = caption and not BYLINE.match(fold(text))  # « *Par Jean Dupont* » signs the piece
            if row is not None:
                row.append(text)
            elif text:
                out.paragraphs.append(text)
                out.blocks.append(Block(heading_level, text, tuple(out.links[first_link:]), item=items > 0))
                if heading_level:
                    out.headings.append((heading_level, text))
                if caption:
                    out.captions.append(text)
            after_picture = pictures > 0 and not text
        elif token.type == "html_block":
            raw, rows, captions = html_text_and_rows(token.content)
            text = clean_spaces(raw)
            after_picture = not text and "<img" in token.content.lower()
            out.rows.extend(rows)
            out.captions.extend(clean_spaces(c) for c in captions)
            if not _nested and MARKDOWN_HINT.search(text):
                # Markdown written inside an HTML block is left raw by the parser: parse what is left.
                inner = render(text, _nested=True)
                out.paragraphs.extend(inner.paragraphs)
                out.blocks.extend(inner.blocks)
                out.links.extend(inner.links)
                out.named_lines.extend(inner.named_lines)
                out.captions.extend(inner.captions)
                continue
            for block in text.split("\n\n"):
                if block.strip():
                    out.paragraphs.append(block.strip())
                    out.blocks.append(Block(0, block.strip()))
        elif token.type in ("fence", "code_block"):
            text = clean_spaces(token.content)
            if text:
                out.paragraphs.append(text)
    return out


def _picture_shape(children: list[Token]) -> tuple[int, bool]:
    """How many pictures a paragraph shows, and whether its text is only emphasis (« *Nicolas Joron et
    Hélène Cavalié, une équipe soudée* »): under a picture, such a line is the picture's caption."""
    pictures = 0
    emphasised = other = False
    depth = 0
    for child in children:
        kind = child.type
        if kind == "image" or (kind == "html_inline" and child.content.lower().startswith("<img")):
            pictures += 1
        elif kind == "em_open":
            depth += 1
        elif kind == "em_close":
            depth = max(0, depth - 1)
        elif kind in ("text", "code_inline") and child.content.strip():
            if depth:
                emphasised = True
            else:
                other = True
    return pictures, emphasised and not other


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
