"""A search as an Atom feed of its newest documents (feedgen): the saved search is the feed's URL, and
any feed reader that polls it sees what the archive gains."""

from __future__ import annotations

import datetime as dt

from findit.documents import Kind
from findit.export.collect import Collected, Links, describe, search_key, stable_id
from findit.export.plain import snippet_text, visible, web_url


def _instant(iso: str) -> dt.datetime:
    """A date as Atom wants an instant: midnight UTC of that day (the archive knows days, not hours)."""
    day = dt.date.fromisoformat(iso[:10])
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def to_atom(collected: Collected, links: Links) -> bytes:
    """The feed: newest first, one entry per document (`collected` from export.collect.newest)."""
    from feedgen.feed import FeedGenerator

    request = collected.request
    feed = FeedGenerator()
    feed.id(stable_id("search", *search_key(request)))
    feed.title(visible(f"findit : {describe(request)}"))
    shown, total = len(collected.hits), collected.total
    if total == 0:
        feed.subtitle("Aucun document ne correspond à cette recherche pour l’instant.")
    else:
        feed.subtitle(f"Les {shown} documents les plus récents sur {total} correspondant à la recherche.")
    feed.author({"name": "findit"})
    feed.language("fr")
    feed.generator("findit")
    if links.feed:
        feed.link(href=links.feed, rel="self", type="application/atom+xml")
    if links.search:
        feed.link(href=links.search, rel="alternate", type="text/html")
    updated = [_instant(hit.date) for hit in collected.hits if hit.date]
    feed.updated(max(updated) if updated else dt.datetime.now(dt.UTC))
    for hit in collected.hits:
        entry = feed.add_entry(order="append")
        entry.id(stable_id("doc", hit.id))
        entry.title(visible(hit.title) or hit.id)
        if hit.date:
            entry.updated(_instant(hit.date))
            entry.published(_instant(hit.date))
        # One link: feedgen 1.0 writes an entry's links without their rel, so a second one would read as
        # a second alternate. The document's page links to the original.
        link = links.doc(hit.id) or web_url(hit.url)
        if link:
            entry.link(href=link)
        text = snippet_text(hit.snippet)
        if not link:
            # Atom wants an alternate link or content: without a link the entry carries its text.
            entry.content(text or visible(hit.title), type="text")
        elif text:
            entry.summary(text)
        entry.category(term=hit.kind, label=Kind.LABELS_FR.get(hit.kind, hit.kind))
        for tag in hit.tags:
            entry.category(term=visible(tag))
    return feed.atom_str(pretty=True)
