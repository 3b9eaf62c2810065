"""HTML to text: a fragment inside Markdown to its text (`html_to_text`), and a whole page body (a Jekyll
HTML page, trafilatura's extract) to paragraphs, headings, links, list items and table rows
(`render_html`). Styles, scripts, inline SVG and embedded frames are never text."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

from findit.ingest.structure import Block, Link, NamedLine, Rendered, clean_spaces

BLOCK_TAGS = frozenset(
    "p div section article header footer nav aside li ul ol h1 h2 h3 h4 h5 h6 table tr blockquote figure"
    " figcaption br hr dl dt dd main pre form fieldset details summary caption".split()
)
SKIP_TAGS = frozenset({"style", "script", "iframe", "noscript", "svg", "template", "head", "title", "math"})
CELL_TAGS = frozenset({"td", "th"})
HEADINGS = {f"h{n}": n for n in range(1, 7)}
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())


class _HtmlText(HTMLParser):
    """Text of an HTML fragment: block tags and <br> break lines, style/script contents dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.rows: list[tuple[str, ...]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.captions: list[str] = []  # the text of each <figcaption>
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "figcaption":
            self._caption = []
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in CELL_TAGS:
            self._cell = []
            self.parts.append("\n")
        elif tag == "tr":
            self._row = []
            self.parts.append("\n\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n" if tag not in ("br", "li") else "\n")
        if tag in ("br", "p", "li", "div") and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "figcaption" and self._caption is not None:
            if "".join(self._caption).strip():
                self.captions.append(unescape("".join(self._caption)))
            self._caption = None
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in CELL_TAGS:
            if self._row is not None and self._cell is not None:
                self._row.append(clean_spaces(unescape("".join(self._cell))))
            self._cell = None
            self.parts.append("\n")
        elif tag == "tr":
            if self._row and any(self._row):
                self.rows.append(tuple(self._row))
            self._row = None
            self.parts.append("\n\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
            if self._cell is not None:
                self._cell.append(data)
            if self._caption is not None:
                self._caption.append(data)


def html_to_text(fragment: str) -> str:
    return html_text_and_rows(fragment)[0]


def html_text_and_rows(fragment: str) -> tuple[str, list[tuple[str, ...]], list[str]]:
    """The text of an HTML fragment, the cells of its table rows and the text of its figure captions."""
    parser = _HtmlText()
    parser.feed(fragment)
    parser.close()
    return unescape("".join(parser.parts)), parser.rows, parser.captions


class _HtmlBlocks(HTMLParser):
    """A page body as blocks: each heading, paragraph, list item and table row one block, with its links,
    a bold opening ("<strong>Name</strong>, role") and its cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Rendered()
        self.skip = 0
        self.buffer: list[str] = []
        self.links: list[Link] = []
        self.link: tuple[str, int] | None = None  # href, where its text starts in the buffer
        self.level = 0
        self.items = 0
        self.strong: list[int] = []  # buffer positions: start, end
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.caption = False  # inside <figcaption>

    def flush(self) -> None:
        text = clean_spaces("".join(self.buffer))
        if text and self.row is None:
            self.out.paragraphs.append(text)
            if self.caption:
                self.out.captions.append(text)
            self.out.blocks.append(Block(self.level, text, tuple(self.links), item=self.items > 0))
            if self.level:
                self.out.headings.append((self.level, text))
            if len(self.strong) == 2:
                strong = clean_spaces("".join(self.buffer[self.strong[0] : self.strong[1]]))
                if strong and not "".join(self.buffer[: self.strong[0]]).strip():
                    rest = clean_spaces("".join(self.buffer[self.strong[1] :]))
                    self.out.named_lines.append(NamedLine(strong, rest))
        if self.row is None:
            self.buffer, self.links, self.strong = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            if tag not in VOID_TAGS:
                self.skip += 1
            return
        if self.skip:
            return
        if tag == "a":
            self.link = (dict(attrs).get("href") or "", len(self.buffer))
        elif tag in ("strong", "b") and not self.strong:
            self.strong = [len(self.buffer)]
        elif tag == "br":
            self.buffer.append("\n")
            if self.cell is not None:
                self.cell.append("\n")
        elif tag == "tr":
            self.flush()
            self.row = []
        elif tag in CELL_TAGS:
            self.cell = []
        elif tag in BLOCK_TAGS:
            self.flush()
            self.level = HEADINGS.get(tag, self.level if tag in ("br", "a") else 0)
            if tag == "li":
                self.items += 1
            elif tag == "figcaption":
                self.caption = True

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "a" and self.link is not None:
            href, start = self.link
            self.links.append(Link(clean_spaces("".join(self.buffer[start:])), href.strip()))
            self.out.links.append(self.links[-1])
            self.link = None
        elif tag in ("strong", "b") and len(self.strong) == 1:
            self.strong.append(len(self.buffer))
        elif tag in CELL_TAGS and self.row is not None and self.cell is not None:
            self.row.append(clean_spaces("".join(self.cell)))
            self.cell = None
            self.buffer.append(" ")
        elif tag == "tr" and self.row is not None:
            row, self.row = self.row, None
            text = " ".join(cell.replace("\n", " ") for cell in row if cell)
            if text:
                self.out.paragraphs.append(text)
                self.out.blocks.append(Block(0, text, tuple(self.links), tuple(row)))
                self.out.rows.append(tuple(row))
            self.buffer, self.links, self.strong = [], [], []
        elif tag in BLOCK_TAGS:
            self.flush()
            if tag == "li":
                self.items = max(0, self.items - 1)
            elif tag == "figcaption":
                self.caption = False
            if tag in HEADINGS:
                self.level = 0

    def handle_data(self, data):
        if self.skip:
            return
        self.buffer.append(data)
        if self.cell is not None:
            self.cell.append(data)


def render_html(source: str) -> Rendered:
    """A whole HTML body in blocks (see _HtmlBlocks)."""
    parser = _HtmlBlocks()
    parser.feed(source)
    parser.close()
    parser.flush()
    return parser.out
