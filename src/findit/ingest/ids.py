"""Stable, URL-safe document ids derived from where a document comes from."""

from __future__ import annotations

import re

from findit.text import digest, fold

MAX_SLUG = 80


def short_hash(text: str, size: int = 8) -> str:
    return digest(text)[:size]


def slug(text: str) -> str:
    """`[a-z0-9-]` only; long slugs are cut and given a hash of the full text so they stay unique."""
    value = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "document"
    if len(value) > MAX_SLUG:
        value = value[:MAX_SLUG].rstrip("-") + "-" + short_hash(text)
    return value


def source_id(source: str) -> str:
    """The id of a file's document: its relative path without the extension, slugged; a folder's own page
    (Hugo's bundle `x/index.md`, a built site's `x/index.html`) is known by the folder's path."""
    stem = re.sub(
        r"\.(?:md|markdown|mdown|mkd|mdx|njk|liquid|txt|text|html?|xhtml|pdf|ics|ical|ya?ml)$", "", source, flags=re.I
    )
    stem = re.sub(r"(?<=[^/_])(?:/|__)index$", "", stem)
    return slug(stem)


def item_id(page_id: str, position: int, url: str) -> str:
    """A press item's id: the page's id and a hash of the item's URL (so inserting an item above does not
    renumber the others), or its position when it has no URL."""
    return f"{page_id}-{short_hash(url) if url else f'item-{position}'}"


def part_id(page_id: str, position: int) -> str:
    """The id of another page's card shown on a scraped page: the page's id and the card's position."""
    return f"{page_id}-part-{position}"
