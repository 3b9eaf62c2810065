"""The events among a search's results as an iCalendar file (icalendar), for any agenda.

Only events known to the day go in: « mai 2022 » cannot be placed on a calendar, and a made-up first of
the month would be a false date. The calendar says how many events it left out and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from findit.documents import Document, Kind
from findit.export.collect import Collected, Links
from findit.export.plain import snippet_text, visible, web_url

PRODID = "-//findit//Export de recherche//FR"


@dataclass
class Agenda:
    """Events placed on the calendar, with what was left out (events without a day-precise date)."""

    events: list[Document] = field(default_factory=list)
    left_out: int = 0
    snippets: dict[str, str] = field(default_factory=dict)  # id -> the result's snippet, as plain text


def on_calendar(doc: Document) -> bool:
    """Whether the document is an event whose first day is known."""
    return doc.kind == Kind.EVENT and doc.event_date is not None and doc.event_precision == "day"


def agenda(collected: Collected, document: Callable[[str], Document | None]) -> Agenda:
    """The events of the results in their order (`document` reads each whole, for its venue)."""
    out = Agenda()
    for hit in collected.hits:
        if hit.kind != Kind.EVENT:
            continue
        if not hit.event_date or hit.event_precision != "day":
            out.left_out += 1
            continue
        doc = document(hit.id)
        if doc is None or not on_calendar(doc):
            out.left_out += 1
            continue
        out.events.append(doc)
        out.snippets[doc.id] = snippet_text(hit.snippet)
    return out


def left_out_note(count: int) -> str:
    if count == 0:
        return ""
    if count == 1:
        return "1 événement sans date connue au jour près a été laissé de côté."
    return f"{count} événements sans date connue au jour près ont été laissés de côté."


def to_ics(found: Agenda, links: Links, name: str, notes: list[str] | None = None) -> bytes:
    """The calendar: one all-day VEVENT per event, named `name`, its description saying what is missing."""
    from icalendar import Calendar, vText

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(visible(name)))
    count = len(found.events)
    # French counts in the singular below 2: « 0 événement ».
    said = [f"{count} événement{'s' if count > 1 else ''}.", left_out_note(found.left_out), *(notes or [])]
    calendar.add("x-wr-caldesc", vText(" ".join(filter(None, said))))
    calendar.add("x-findit-left-out", vText(str(found.left_out)))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for doc in found.events:
        calendar.add_component(_event(doc, links, stamp, found.snippets.get(doc.id, "")))
    return calendar.to_ical()


def _event(doc: Document, links: Links, stamp: dt.datetime, snippet: str):
    from icalendar import Event

    assert doc.event_date is not None  # on_calendar()
    event = Event()
    event.add("uid", f"{doc.id}@findit")
    event.add("dtstamp", stamp)
    event.add("summary", visible(doc.title) or doc.id)
    event.add("dtstart", doc.event_date)
    last = doc.event_end if doc.event_end and doc.event_end >= doc.event_date else doc.event_date
    event.add("dtend", last + dt.timedelta(days=1))  # all-day events end the day after, exclusive
    if doc.venue:
        event.add("location", visible(doc.venue))
    page, original = links.doc(doc.id), web_url(doc.url)
    text = visible(doc.summary) or snippet
    description = "\n\n".join(filter(None, [text, original, page if page != original else ""]))
    if description:
        event.add("description", description)
    if page or original:
        event.add("url", page or original)
    if doc.tags:
        event.add("categories", [visible(tag) for tag in doc.tags])
    return event


def single(doc: Document, links: Links) -> bytes:
    """The calendar of one event (its page's « add to my agenda »); the caller checks on_calendar()."""
    return to_ics(Agenda(events=[doc]), links, visible(doc.title) or doc.id)
