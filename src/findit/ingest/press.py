"""Press pages ("On parle de nous", "Revue de presse"): one coverage item per article written about the
organisation, whatever the form the page gives it:

- `#### Headline` then `[Outlet, 29 septembre 2023](url) : « quote »` (under section and year headings);
- `[Headline](url), Outlet, mai 2022` and `Outlet — [Headline](url) (12 mars 2019)`, as paragraphs,
  bullets or table rows (a "Date | Média | Titre" review);
- lists of items in front matter or data files (presslists.py).

An item needs a headline, and an outlet with a date (or a link, on a page that says it is a press page)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from findit.ingest.dates import NO_DATE, ParsedDate
from findit.ingest.markup import Block, Link, Rendered
from findit.ingest.textdates import mentions, resolve
from findit.text import fold

# The label of an item's link: "Acteurs publics, 29 septembre 2023", "Culture Études, mai 2022".
ITEM_LABEL = re.compile(r"^(?P<outlet>[^,–—]+?)\s*[,–—-]\s*(?P<date>.*\d{4})\s*$")
YEAR_HEADING = re.compile(r"^(?:en\s+|année\s+)?(?P<year>(?:19|20)\d{2})$", re.IGNORECASE)
QUOTE_MARKS = " \t:«»“”\"'’‘"
SEPARATORS = " \t,;:–—-|/()[]·•"
# Words that make a page a press page by its path or title.
PRESS_CONTEXT = re.compile(
    r"(?<![^\W_])(?:press|presse|revue de presse|m[ée]dias?|parle de nous|retomb[ée]es|coverage)(?![^\W_])", re.I
)
# A page needs at least this many items to be read as a press page (one is enough on a press page).
MIN_ITEMS = 3
MAX_OUTLET_WORDS = 8


@dataclass
class PressItem:
    position: int  # 1-based order on the page
    title: str
    outlet: str = ""
    date: ParsedDate = field(default_factory=lambda: NO_DATE)
    url: str = ""
    quote: str = ""
    section: str = ""  # "Le programme EIG"
    heading_year: int | None = None


@dataclass
class PressPage:
    items: list[PressItem]
    intro: list[str]  # the page's own paragraphs (before, between and after the items)


def domain_outlet(url: str) -> str:
    """ "https://www.numerique.gouv.fr/espace-presse/…" → "numerique.gouv.fr"."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _dated(text: str) -> tuple[ParsedDate, str, str]:
    """The first date with a year in a text, and the text before and after it."""
    for mention in mentions(text):
        if mention.year:
            start = mention.start
            return resolve(mention), text[:start], text[start + len(mention.raw) :]
    return NO_DATE, text, ""


def _label(block: Block) -> tuple[str, ParsedDate, str, str] | None:
    """(outlet, date, url, text after the link) when the block carries an "Outlet, date" link."""
    for link in block.links:
        match = ITEM_LABEL.match(link.text)
        if match:
            date, _, _ = _dated(match["date"])
            if date.value:
                after = block.text.split(link.text, 1)[1] if link.text in block.text else ""
                return match["outlet"].strip(), date, link.href, after
    return None


def _outlet(text: str) -> str:
    text = re.sub(r"^\s*(?:par|dans|sur|in|on|by|via|source)\s*:?\s+", "", text.strip(SEPARATORS), flags=re.I)
    text = text.strip(SEPARATORS + '«»"')
    words = text.split()
    if not words or len(words) > MAX_OUTLET_WORDS or re.search(r"[.!?]\s|https?:", text):
        return ""
    return text if text[0].isupper() or text[0].isdigit() else ""


def _headline_link(block: Block) -> Link | None:
    for link in block.links:
        words = link.text.split()
        if len(words) >= 2 and not ITEM_LABEL.match(link.text) and not link.text.startswith("http"):
            return link
    return None


def line_item(block: Block, press_context: bool) -> PressItem | None:
    """`[Headline](url), Outlet, date`, `Outlet — [Headline](url) (date)`, `[Headline](url) — [Outlet,
    date](url)` or a table row holding them, as an item; None when the block is something else."""
    label = _label(block)
    link = _headline_link(block)
    if label and link is None:
        outlet, date, url, _ = label
        before = block.text.split(block.links[0].text, 1)[0].strip(SEPARATORS + '«»"')
        if len(before.split()) >= 2:
            return PressItem(0, before, outlet, date, url)
        return None
    if link is None or not link.href.startswith(("http://", "https://")):
        return None
    rest = " ".join(block.cells) if block.cells else block.text
    before, _, after = rest.partition(link.text)
    date, before_date, after_date = _dated(f"{before} | {after}")
    if label:
        outlet, date, _, _ = label
    elif date.value:
        outlet = _outlet(before_date) or _outlet(after_date.split(":", 1)[0])
        if not outlet and press_context:
            outlet = domain_outlet(link.href)  # "[Headline](url) (12 mars 2019)" on a press page
    else:
        # Undated, on a press page: "[Headline](url), Outlet" or "Outlet — [Headline](url)", the outlet
        # set apart by its separator (a sentence around a link is no item).
        outlet = _outlet(after) if re.match(r"^\s*[,–—-]", after) else ""
        if not outlet and re.search(r"[–—:]\s*$", before) and not after.strip(SEPARATORS):
            outlet = _outlet(before)
        if not outlet and not f"{before}{after}".strip(SEPARATORS):
            outlet = domain_outlet(link.href)  # a bare link on a press page: the site it points to
    if not outlet or not (date.value or press_context):
        return None
    quote = after_date.split(":", 1)[1].strip(QUOTE_MARKS) if ":" in after_date else ""
    return PressItem(0, link.text.strip(QUOTE_MARKS), outlet, date, link.href, quote)


def read_press_page(rendered: Rendered, context: str = "") -> PressPage | None:
    """The coverage items of a page, or None when it is not a press page. `context`: the page's path and
    title, which may say it is one."""
    press_context = bool(PRESS_CONTEXT.search(fold(context)))
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
            elif _starts_item(blocks, index):
                current = PressItem(len(items) + 1, block.text.strip(), section=section, heading_year=year)
                items.append(current)
                item_level = block.level
            else:
                if not item_level or block.level < item_level:
                    section = block.text.strip()
                    year = None
                current = None
            continue
        if current is not None and not current.outlet:
            label = _label(block)
            if label:
                current.outlet, current.date, current.url, after = label
                current.quote = after.strip(QUOTE_MARKS)
                continue
        item = line_item(block, press_context)
        if item is not None:
            item.section, item.heading_year, item.position = section, year, len(items) + 1
            items.append(item)
            current = None
            continue
        if current is not None:
            text = block.text.strip(QUOTE_MARKS)
            current.quote = f"{current.quote}\n\n{text}".strip() if current.quote else text
        else:
            intro.append(block.text)
    items = [item for item in items if item.outlet]
    for position, item in enumerate(items, start=1):
        item.position = position
    if len(items) < (1 if press_context else MIN_ITEMS):
        return None
    return PressPage(items, [p for p in intro if p not in {i.title for i in items}])


def _starts_item(blocks: list[Block], index: int) -> bool:
    """A heading starts an item when the next block carries an "Outlet, date" link."""
    if index + 1 >= len(blocks) or blocks[index + 1].level != 0:
        return False
    label = _label(blocks[index + 1])
    return label is not None and _headline_link(blocks[index + 1]) is None
