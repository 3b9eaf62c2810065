"""Dates as the archive writes them: YAML dates and datetimes, ISO strings, bare years, French prose."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Years an archive of this kind can plausibly speak of; outside this a value is a typo or a placeholder.
MIN_YEAR = 1990
MAX_YEAR = 2100

MONTHS_FR = {
    "janvier": 1,
    "janv": 1,
    "février": 2,
    "fevrier": 2,
    "févr": 2,
    "fevr": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "décembre": 12,
    "decembre": 12,
    "déc": 12,
    "dec": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS_FR, key=len, reverse=True))
_WEEKDAY_RE = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
# "vendredi 10 septembre 2021", "1er juin 2021", "les 7, 8 et 9 septembre 2021" (the first day)
FRENCH_DAY_DATE = re.compile(
    rf"(?:{_WEEKDAY_RE}\s+)?(?P<day>\d{{1,2}})(?:er)?(?:\s*(?:,|et|au|-|–)\s*\d{{1,2}}(?:er)?)*"
    rf"\s+(?P<month>{_MONTH_RE})\.?\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
# "mai 2022"
FRENCH_MONTH_DATE = re.compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# "mardi 6 juillet à 9h30", "le jeudi 3 mars 2022 de 14h à 16h": a day with its weekday or its time is
# when something takes place (a bare "le 21 mai 2021" may be any past date of the text).
APPOINTMENT = re.compile(
    rf"(?:\b(?P<weekday>{_WEEKDAY_RE})\s+)?\b(?P<day>\d{{1,2}})(?:er)?\s+(?P<month>{_MONTH_RE})\b\.?"
    rf"(?:\s+(?P<year>\d{{4}}))?(?P<time>,?\s+(?:à|de|dès)\s+\d{{1,2}}\s*h)?",
    re.IGNORECASE,
)
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})\b")
ISO_DATE = re.compile(r"^\s*(?P<year>\d{1,4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")


@dataclass(frozen=True)
class ParsedDate:
    value: dt.date | None  # None for a bare year: a day would be made up
    flag: str = ""  # why a value was refused or is approximate; "" when clean
    month_only: bool = False
    year_only: int | None = None

    @property
    def year(self) -> int | None:
        return self.value.year if self.value else self.year_only


def _make(year: int, month: int, day: int, raw: object) -> ParsedDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return ParsedDate(None, f"impossible date {raw!s} ignored")
    try:
        return ParsedDate(dt.date(year, month, day))
    except ValueError:
        return ParsedDate(None, f"invalid date {raw!s} ignored")


def parse_value(value: object) -> ParsedDate:
    """A front-matter value (date, datetime, ISO string, bare year, French text) as a date."""
    if value is None or value == "":
        return ParsedDate(None)
    if isinstance(value, bool):
        return ParsedDate(None, f"invalid date {value!s} ignored")
    if isinstance(value, dt.datetime):
        # The calendar day as written: an event at 00:30 +01:00 is on that day, not the day before in UTC.
        return _make(value.year, value.month, value.day, value)
    if isinstance(value, dt.date):
        return _make(value.year, value.month, value.day, value)
    if isinstance(value, int):
        if MIN_YEAR <= value <= MAX_YEAR:
            return ParsedDate(None, f"date given as a year only ({value})", year_only=value)
        return ParsedDate(None, f"impossible date {value} ignored")
    if isinstance(value, str):
        text = value.strip()
        match = ISO_DATE.match(text)
        if match:
            return _make(int(match["year"]), int(match["month"]), int(match["day"]), text)
        if re.fullmatch(r"\d{4}", text):
            return parse_value(int(text))
        parsed = parse_french(text)
        if parsed.year or parsed.flag:
            return parsed
        return ParsedDate(None, f"unreadable date {text!r} ignored")
    return ParsedDate(None, f"unreadable date {value!r} ignored")


def parse_french(text: str) -> ParsedDate:
    """The first date written in French prose: "vendredi 10 septembre 2021", "ven 10/09/2021", "mai 2022"."""
    match = FRENCH_DAY_DATE.search(text)
    if match:
        month = MONTHS_FR[match["month"].lower()]
        return _make(int(match["year"]), month, int(match["day"]), match.group(0))
    match = NUMERIC_DATE.search(text)
    if match:
        return _make(int(match["year"]), int(match["month"]), int(match["day"]), match.group(0))
    match = FRENCH_MONTH_DATE.search(text)
    if match:
        month = MONTHS_FR[match["month"].lower()]
        parsed = _make(int(match["year"]), month, 1, match.group(0))
        if parsed.value:
            return ParsedDate(parsed.value, f"date given as a month only ({match.group(0)})", month_only=True)
        return parsed
    return ParsedDate(None)


def parse_appointment(text: str, year: int | None) -> ParsedDate:
    """The first day the text says something takes place ("mardi 6 juillet à 9h30"). Without a year,
    the year given (the page's) or, when the weekday says otherwise, the year after or before it."""
    for match in APPOINTMENT.finditer(text):
        if not (match["weekday"] or match["time"]):
            continue
        month, day = MONTHS_FR[match["month"].lower()], int(match["day"])
        if match["year"]:
            return _make(int(match["year"]), month, day, match.group(0))
        if year is None:
            return ParsedDate(None, f"no year for {match.group(0).strip()!r}")
        weekday = match["weekday"].lower() if match["weekday"] else None
        for candidate in (year, year + 1, year - 1):
            parsed = _make(candidate, month, day, match.group(0))
            if parsed.value and (weekday is None or WEEKDAYS_FR[parsed.value.weekday()] == weekday):
                return parsed
        return ParsedDate(None, f"no year near {year} fits {match.group(0).strip()!r}")
    return ParsedDate(None)
