"""Press items kept as data: a front-matter list (`communiques:` of a Jekyll press page, looped over by
its template) or a data file (`_data/presse.yml`): items with a title and a link or a date."""

from __future__ import annotations

from findit.ingest.dates import parse_value
from findit.ingest.fields import TITLE_KEYS, first, text_of
from findit.ingest.press import PRESS_CONTEXT, PressItem, domain_outlet
from findit.text import fold

URL_KEYS = ("url", "link", "lien", "href", "source_url")
OUTLET_KEYS = ("outlet", "media", "média", "source", "journal", "publication", "site", "editor")
DATE_KEYS = ("date", "published", "publishedDate", "date_publication", "pubDate")
QUOTE_KEYS = ("quote", "citation", "excerpt", "extrait", "description", "summary", "resume")
MIN_ITEMS = 1


def press_lists(meta: dict, context: str) -> dict[str, list[PressItem]]:
    """The lists of press items in a mapping, by key: a list whose key names the press (`communiques`,
    `presse`, `revue`), or any list of such items on a page whose path or title does."""
    found: dict[str, list[PressItem]] = {}
    page_says = bool(PRESS_CONTEXT.search(fold(context)))
    for key, value in meta.items():
        if not isinstance(value, list) or not value:
            continue
        named = bool(PRESS_CONTEXT.search(fold(str(key)))) or "communique" in fold(str(key))
        if not (named or page_says):
            continue
        items = [item for item in (_item(entry) for entry in value) if item is not None]
        # Every entry must read as an item: a list of anything else (slides, people) is not a press list.
        if len(items) >= MIN_ITEMS and len(items) == len(value):
            for position, item in enumerate(items, start=1):
                item.position = position
            found[str(key)] = items
    return found


def _item(entry: object) -> PressItem | None:
    if not isinstance(entry, dict):
        return None
    title = text_of(first(entry, TITLE_KEYS + ("headline", "titre_article")))
    url = text_of(first(entry, URL_KEYS))
    date = parse_value(first(entry, DATE_KEYS))
    if not title or not (url.startswith(("http://", "https://")) or date.value):
        return None
    outlet = text_of(first(entry, OUTLET_KEYS)) or domain_outlet(url)
    quote = text_of(first(entry, QUOTE_KEYS))
    return PressItem(0, title, outlet, date, url if url.startswith("http") else "", quote)
