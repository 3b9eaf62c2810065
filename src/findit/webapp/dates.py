"""Dates as the page writes them, in French and no more precise than their source: « 29 novembre 2019 »,
« mai 2022 » for a month alone, « 2022 » for a year, « du 3 au 5 juin 2022 » for an event over days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from findit.text import MONTHS_FR

PRECISIONS = ("day", "month", "year")


def as_date(value: str | dt.date | None) -> dt.date | None:
    """A date from an ISO string (time ignored) or a date; None when unreadable."""
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _day(day: dt.date) -> str:
    return "1er" if day.day == 1 else str(day.day)


def date_fr(value: str | dt.date | None, precision: str = "day") -> str:
    """'2019-11-25' -> '25 novembre 2019'; precision "month" -> 'novembre 2019', "year" -> '2019'.
    Anything unreadable is shown as it is."""
    day = as_date(value)
    if day is None:
        return str(value) if value else ""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS_FR[day.month - 1]} {day.year}"
    return f"{_day(day)} {MONTHS_FR[day.month - 1]} {day.year}"


def iso_of(value: str | dt.date | None, precision: str = "day") -> str:
    """The `datetime` attribute of a <time>, as precise as the date: 2019-11-25, 2022-05 or 2022."""
    day = as_date(value)
    if day is None:
        return ""
    return {"year": f"{day.year:04d}", "month": f"{day.year:04d}-{day.month:02d}"}.get(precision, day.isoformat())


def span_fr(start: str | dt.date | None, end: str | dt.date | None, precision: str = "day") -> str:
    """An event's days: one date, or « du 3 au 5 juin 2022 », « du 30 juin au 2 juillet 2022 »,
    « du 30 décembre 2021 au 2 janvier 2022 »."""
    first, last = as_date(start), as_date(end)
    if first is None or last is None or last <= first or precision != "day":
        return date_fr(start, precision)
    if (first.year, first.month) == (last.year, last.month):
        return f"du {_day(first)} au {date_fr(last)}"
    if first.year == last.year:
        return f"du {_day(first)} {MONTHS_FR[first.month - 1]} au {date_fr(last)}"
    return f"du {date_fr(first)} au {date_fr(last)}"


@dataclass
class ShownDate:
    """The date a result is listed with: its text, its <time datetime> and whether it is an event's."""

    text: str
    iso: str
    event: bool


def shown_date(hit) -> ShownDate | None:
    """An event's own days (not when it was announced), else the publication date, else the year."""
    if hit.kind == "event" and hit.event_date:
        precision = hit.event_precision or "day"
        return ShownDate(span_fr(hit.event_date, hit.event_end, precision), iso_of(hit.event_date, precision), True)
    if hit.date:
        precision = hit.date_precision or "day"
        return ShownDate(date_fr(hit.date, precision), iso_of(hit.date, precision), False)
    if hit.year:
        return ShownDate(str(hit.year), f"{int(hit.year):04d}", False)
    return None
