"""Dates as the archive writes them in its data: YAML dates and datetimes, ISO strings, bare years; and
what a date states: a day, a month ("mai 2022") or a year (2022), kept as its precision so that no day is
made up (the value of a month or a year is its first day, never to be shown as a day)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Years an archive of this kind can plausibly speak of; outside this a value is a typo or a placeholder.
MIN_YEAR = 1990
MAX_YEAR = 2100

DAY, MONTH, YEAR = "day", "month", "year"
ISO_DATE = re.compile(r"^\s*(?P<year>\d{1,4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
ISO_MONTH = re.compile(r"^\s*(?P<year>\d{4})-(?P<month>\d{1,2})\s*$")


@dataclass(frozen=True)
class ParsedDate:
    value: dt.date | None  # the day; for a month or a year, its first day (see precision)
    flag: str = ""  # why a value was refused; "" when clean
    precision: str = DAY  # what the source stated: DAY, MONTH or YEAR
    end: dt.date | None = None  # the last day of a range ("du 4 au 6 décembre 2024")

    @property
    def year(self) -> int | None:
        return self.value.year if self.value else None

    @property
    def month_only(self) -> bool:
        return self.value is not None and self.precision == MONTH


NO_DATE = ParsedDate(None)


def make_date(year: int, month: int, day: int, raw: object, precision: str = DAY) -> ParsedDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return ParsedDate(None, f"date impossible {raw!s} ignorée")
    try:
        return ParsedDate(dt.date(year, month, day), precision=precision)
    except ValueError:
        return ParsedDate(None, f"date invalide {raw!s} ignorée")


def with_end(start: ParsedDate, end: ParsedDate) -> ParsedDate:
    """A start with its end when the end is a later day (an end before the start is not kept)."""
    if start.value and end.value and end.value > start.value:
        return ParsedDate(start.value, start.flag, start.precision, end.value)
    return start


def parse_value(value: object) -> ParsedDate:
    """A front-matter value (date, datetime, ISO string, bare year, French or English text) as a date."""
    from findit.ingest.textdates import parse_text  # prose dates build on this module

    if value is None or value == "":
        return NO_DATE
    if isinstance(value, bool):
        return ParsedDate(None, f"date invalide {value!s} ignorée")
    if isinstance(value, dt.datetime):
        # The calendar day as written: an event at 00:30 +01:00 is on that day, not the day before in UTC.
        return make_date(value.year, value.month, value.day, value)
    if isinstance(value, dt.date):
        return make_date(value.year, value.month, value.day, value)
    if isinstance(value, int):
        return make_date(value, 1, 1, value, YEAR)
    if isinstance(value, str):
        text = value.strip()
        match = ISO_DATE.match(text)
        if match:
            return make_date(int(match["year"]), int(match["month"]), int(match["day"]), text)
        match = ISO_MONTH.match(text)
        if match:
            return make_date(int(match["year"]), int(match["month"]), 1, text, MONTH)
        if re.fullmatch(r"\d{4}", text):
            return parse_value(int(text))
        parsed = parse_text(text)
        if parsed.value or parsed.flag:
            return parsed
        return ParsedDate(None, f"date illisible « {text} » ignorée")
    return ParsedDate(None, f"date illisible « {value!s} » ignorée")
