"""The shapes a page's text is read into, whatever its markup (Markdown or HTML): paragraphs in reading
order, headings, links with their text, "**Name**, *Organisation*" lines and the cells of table rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    cells: tuple[str, ...] = ()  # a table row's cells, in order
    item: bool = False  # a list item's text


@dataclass
class Rendered:
    paragraphs: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    named_lines: list[NamedLine] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    rows: list[tuple[str, ...]] = field(default_factory=list)  # every table row's cells (HTML tables too)
    captions: list[str] = field(default_factory=list)  # paragraphs that caption a picture

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
