"""An iCalendar file (.ics) to its events: each VEVENT an event document with its title (SUMMARY), its
dates (DTSTART, DTEND), its place (LOCATION) and its description. icalendar reads broken lines leniently;
each one left out is said in a flag."""

from __future__ import annotations

import datetime as dt

from findit.documents import Document, Kind
from findit.ingest import lang, people, peopletext, quality
from findit.ingest.dates import make_date
from findit.ingest.htmltext import html_to_text
from findit.ingest.ids import slug, source_id
from findit.ingest.paths import read_path
from findit.ingest.reading import UnreadableFile
from findit.ingest.skips import Skip
from findit.ingest.structure import clean_spaces

MAX_EVENTS = 5000  # a calendar holding more is an export of a whole agenda: the rest is left out


def _day(value: object) -> dt.date | None:
    value = getattr(value, "dt", value)
    if isinstance(value, dt.datetime):
        return value.date()  # the day as written in the event's own time zone
    return value if isinstance(value, dt.date) else None


def _text(component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    text = str(value)
    if "<" in text and ">" in text:
        text = html_to_text(text)
    return clean_spaces(text)


def read_calendar(source: str, text: str, warning: str = "") -> list[Document]:
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise UnreadableFile(Skip.BAD_CALENDAR, f"calendrier illisible ({exc})") from exc
    info = read_path(source)
    base = source_id(source)
    documents: list[Document] = []
    events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    if not events:
        raise UnreadableFile(Skip.NO_EVENTS, "calendrier sans événement")
    for position, event in enumerate(events[:MAX_EVENTS], start=1):
        flags = [f"{quality.ENCODING} : {warning}"] if warning else []
        broken = len(getattr(event, "errors", []) or [])
        if broken:
            flags.append(f"{quality.CALENDAR} : {broken} ligne(s) cassée(s) laissée(s) de côté")
        title = _text(event, "SUMMARY")
        body = _text(event, "DESCRIPTION")
        if not title and not body:
            continue
        start, end = _day(event.get("DTSTART")), _day(event.get("DTEND"))
        if (
            end
            and start
            and isinstance(getattr(event.get("DTEND"), "dt", None), dt.date)
            and not isinstance(event.get("DTEND").dt, dt.datetime)
        ):
            end -= dt.timedelta(days=1)  # an all-day event's DTEND is the day after it
        when = make_date(start.year, start.month, start.day, start) if start else None
        found = people.People()
        peopletext.from_text([body], found, event=True)
        organizer = event.get("ORGANIZER")
        if organizer is not None and organizer.params.get("CN"):
            found.add_speaker(str(organizer.params.get("CN")))
        found.finish()
        uid = str(event.get("UID") or "")
        stated = lang.normalise(event.get("SUMMARY").params.get("LANGUAGE")) if event.get("SUMMARY") is not None else ""
        doc = Document(
            id=f"{base}-{slug(uid)[:24]}"
            if uid and len(events) > 1
            else base
            if len(events) == 1
            else f"{base}-{position}",
            kind=Kind.EVENT,
            title=title or body.split("\n")[0][:120],
            body=body,
            source=source,
            event_date=when.value if when else None,
            event_end=end if end and when and when.value and end > when.value else None,
            date=_day(event.get("CREATED")) or _day(event.get("DTSTAMP")),
            year=when.value.year if when and when.value else None,
            venue=_text(event, "LOCATION"),
            url=str(event.get("URL") or ""),
            speakers=found.speakers,
            organisations=found.organisations,
            people=found.people,
            tags=[str(c) for c in (event.get("CATEGORIES").cats if event.get("CATEGORIES") is not None else [])],
            lang=lang.language(stated or info.lang, title, body),
            flags=flags,
        )
        if when is not None and when.flag:
            doc.flags.append(f"{quality.EVENT_DATE} : {when.flag}")
        quality.flag_document(doc)
        documents.append(doc)
    if len(events) > MAX_EVENTS:
        documents[-1].flags.append(f"{quality.CALENDAR} : événements au-delà des {MAX_EVENTS} premiers laissés de côté")
    return documents
