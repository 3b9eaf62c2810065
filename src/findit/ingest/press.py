"""Press pages ("On parle de nous"): one coverage item per `#### headline` followed by
`[Outlet, 29 septembre 2023](url)` and a « quote », under section and year headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from findit.ingest.dates import ParsedDate, parse_french
from findit.ingest.markup import Block, Rendered

# The label of an item's link: "Acteurs publics, 29 septembre 2023", "Culture Études, mai 2022".
ITEM_LABEL = re.compile(r"^(?P<outlet>.+?)\s*[,–-]\s*(?P<date>(?:\d{1,2}(?:er)?\s+)?[^\W\d_]+\.?\s+\d{4})\s*$")
YEAR_HEADING = re.compile(r"^(?:en\s+|année\s+)?(?P<year>(?:19|20)\d{2})$", re.IGNORECASE)
QUOTE_MARKS = " \t:«»“”\"'’‘"
# A page needs at least this many items to be read as a press page.
MIN_ITEMS = 3


@dataclass
class PressItem:
    position: int  # 1-based order on the page
    title: str
    outlet: str = ""
    date: ParsedDate = field(default_factory=lambda: ParsedDate(None))
    url: str = ""
    quote: str = ""
    section: str = ""  # "Le programme EIG"
    heading_year: int | None = None


@dataclass
class PressPage:
    items: list[PressItem]
    intro: list[str]  # paragraphs before the first item


def _label(block: Block) -> tuple[str, str, str, str] | None:
    """(outlet, date text, url, text after the link) when the block opens with an item link."""
    for link in block.links:
        match = ITEM_LABEL.match(link.text)
        if match and parse_french(match["date"]).year:
            after = block.text.split(link.text, 1)[1] if link.text in block.text else ""
            return match["outlet"].strip(), match["date"], link.href, after
    return None


def read_press_page(rendered: Rendered) -> PressPage | None:
    """The coverage items of a press page, or None when the page is not one."""
    items: list[PressItem] = []
    intro: list[str] = []
    section = ""
    year: int | None = None
    current: PressItem | None = None
    item_level = 0
    blocks = rendered.blocks
    for index, block in enumerate(blocks):
        if block.level:
            year_match = YEAR_HEADING.match(block.text.strip())
            if year_match:
                year = int(year_match["year"])
                current = None
                continue
            if _starts_item(blocks, index):
                current = PressItem(len(items) + 1, block.text.strip(), section=section, heading_year=year)
                items.append(current)
                item_level = block.level
            else:
                if not item_level or block.level < item_level:
                    section = block.text.strip()
                    year = None
                current = None
            continue
        if current is None:
            if not items:
                intro.append(block.text)
            continue
        label = _label(block) if not current.outlet else None
        if label:
            current.outlet, date_text, current.url, after = label
            current.date = parse_french(date_text)
            after = after.strip(QUOTE_MARKS)
            if after:
                current.quote = after
        else:
            text = block.text.strip(QUOTE_MARKS)
            current.quote = f"{current.quote}\n\n{text}".strip() if current.quote else text
    items = [item for item in items if item.outlet]
    for position, item in enumerate(items, start=1):
        item.position = position
    if len(items) < MIN_ITEMS:
        return None
    return PressPage(items, intro)


def _starts_item(blocks: list[Block], index: int) -> bool:
    """A heading starts an item when the next block carries an "Outlet, date" link."""
    return index + 1 < len(blocks) and blocks[index + 1].level == 0 and _label(blocks[index + 1]) is not None
