"""A page's dates: when it was published and, for an event, when it takes place (first and last day),
each with the precision its source gave."""

from __future__ import annotations

from dataclasses import dataclass

from findit.documents import Document, Kind
from findit.ingest.dates import NO_DATE, ParsedDate, parse_value, with_end
from findit.ingest.fields import DATE_KEYS, EVENT_DATE_KEYS, EVENT_END_KEYS, first
from findit.ingest.quality import EVENT_DATE, event_date_from_text
from findit.ingest.textdates import find_event_date, parse_text

# Publication and event dates further apart than this are not the same occasion: one is a placeholder.
MAX_EVENT_GAP_YEARS = 2
# The text read for an event's date when its data gives none: the title, the summary, these paragraphs.
EVENT_TEXT_PARAGRAPHS = 3


@dataclass
class PageDates:
    published: ParsedDate = NO_DATE
    event: ParsedDate = NO_DATE

    @property
    def year(self) -> int | None:
        return self.event.year or self.published.year

    def apply(self, doc: Document) -> None:
        doc.date, doc.date_precision = self.published.value, self.published.precision
        doc.event_date, doc.event_precision = self.event.value, self.event.precision
        doc.event_end = self.event.end
        doc.year = self.year


def read_dates(
    meta: dict, kind: str, texts: list[str], flags: list[str], name_date: ParsedDate | None = None
) -> PageDates:
    """`texts`: the title, the summary and the first paragraphs, where an event's date may be written."""
    published = parse_value(first(meta, DATE_KEYS))
    if not published.value and name_date is not None and name_date.value:
        published = name_date  # Jekyll: the post's date is in its file name
    if kind != Kind.EVENT:
        _flag(published, "date", flags)
        _check_title(published, texts[0] if texts else "", flags)
        return PageDates(published)
    explicit = first(meta, EVENT_DATE_KEYS)
    end_value = first(meta, EVENT_END_KEYS)
    event = NO_DATE
    if explicit is not None:
        event = parse_value(explicit)
    elif meta.get("date") and (meta.get("publishDate") or end_value is not None):
        # Hugo (Wowchemy) events: `date` is when the event takes place, `publishDate` when the page was.
        event = parse_value(meta.get("date"))
        if meta.get("publishDate"):
            published = parse_value(meta.get("publishDate"))
    _flag(published, "date", flags)
    _flag(event, EVENT_DATE, flags)
    if event.value and published.value and abs(event.value.year - published.value.year) > MAX_EVENT_GAP_YEARS:
        flags.append(
            f"{EVENT_DATE} {event.value.isoformat()} en désaccord avec la date de publication "
            f"{published.value.isoformat()} : ignorée"
        )
        event = NO_DATE
    if not event.value:
        written = find_event_date([t for t in texts[: 2 + EVENT_TEXT_PARAGRAPHS] if t], published.value)
        if written.value:
            event = written
            flags.append(event_date_from_text(written.value))
    if event.value and end_value is not None:
        end = parse_value(end_value)
        if end.value and end.value < event.value:
            flags.append(f"l'événement finit ({end.value.isoformat()}) avant de commencer ({event.value.isoformat()})")
        elif end.value and end.value > event.value:
            event = with_end(event, end)
    return PageDates(published, event)


def _check_title(published: ParsedDate, title: str, flags: list[str]) -> None:
    """ "Infolettre Avril 2023 (#13)" dated 20 March: the report says so (the title is likelier right)."""
    stated = parse_text(title)
    if published.value and stated.value and stated.precision == "month":
        if (stated.value.year, stated.value.month) != (published.value.year, published.value.month):
            flags.append(
                f"date {published.value.isoformat()} en désaccord avec le mois du titre ({stated.value:%Y-%m})"
            )


def _flag(parsed: ParsedDate, what: str, flags: list[str]) -> None:
    if parsed.flag:
        flags.append(f"{what} : {parsed.flag}")
