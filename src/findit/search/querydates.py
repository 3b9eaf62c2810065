"""Dates written in a query: « en 2021 », « septembre 2022 », « depuis 2020 », « avant 2019 », « l'an
dernier », « cette année », « 12 mars 2024 », « entre 2019 et 2021 », « du 12 au 14 juin 2022 » become a
date filter (a year, a month, a day or a range, as precise as written), taken out of the words searched.

dateparser reads the date itself (French month names and abbreviations, « 1er », relative years against an
injectable today); the rules here are what it lacks: which words of a query are a date at all, what « depuis
», « avant », « après », « jusqu'en », « entre … et … » make of it, and « l'an dernier ».

A bare year with other words (« rapport 2019 ») is not a filter: it is often the subject (a title's year),
and the index already counts a document's years as words of it (the `context` field), so documents of that
year rank first without the others being left out. A year is a filter when a word says so (« en 2019 »,
« depuis 2019 ») or when it is the whole query. Nothing inside quotes or after `champ:` is read as a date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from findit.text import MONTHS_FR, fold

# Years read as dates (others are numbers).
FIRST_YEAR, LAST_YEAR = 1900, 2099

_MONTH = (
    r"janv(?:ier|\.)?|f[ée]vr(?:ier|\.)?|mars|avr(?:il|\.)?|mai|juin|juil(?:let|\.)?|ao[uû]t|"
    r"sept(?:embre|\.)?|oct(?:obre|\.)?|nov(?:embre|\.)?|d[ée]c(?:embre|\.)?"
)
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?:1er|[12]\d|3[01]|0?[1-9])"
_APOS = r"['’]"
_RELATIVE = (
    rf"l{_APOS}an(?:n[ée]e)?\s+(?:derni[eè]re?|pass[ée]e?)|cette\s+ann[ée]e|l{_APOS}ann[ée]e\s+en\s+cours|"
    rf"ce\s+mois(?:-ci)?|le\s+mois\s+(?:dernier|pass[ée])"
)
# A date: a day, a month or a year, or a relative one.
_DATE = rf"(?:(?:le\s+|du\s+)?{_DAY}\s+(?:{_MONTH})\s+{_YEAR}|(?:{_MONTH})\s+{_YEAR}|{_YEAR}|{_RELATIVE})"
_PREFIX = (
    rf"en|au\s+cours\s+de|courant|depuis|d[èe]s|[àa]\s+partir\s+d(?:e\s+|{_APOS})|apr[èe]s|avant|"
    rf"jusqu{_APOS}(?:en|[àa]|au)"
)
# The first end of a range may leave out what it shares with the second: « de mars à mai 2022 », « du 12
# au 14 juin 2022 ».
_LOW = rf"(?:{_DATE}|(?:le\s+)?{_DAY}(?:\s+(?:{_MONTH}))?|(?:{_MONTH}))"
_PATTERN = (
    rf"(?<![\w:'’-])(?:(?P<between>entre|de|du|des|les)\s+(?P<low>{_LOW})\s+(?P<sep>et|[àa]|au)\s+(?P<high>{_DATE})"
    rf"|(?:(?P<prefix>{_PREFIX})\s*)?(?P<date>{_DATE}))(?![\w-])"
)
# Every date above holds a year or one of these words: a query without any holds no date, and the pattern
# (a few ms to compile, at every one-shot `findit query`) is then not compiled.
_MAY_HOLD_DATE = re.compile(r"(?:19|20)\d\d|\b(?:an|ann[ée]e|mois)\b", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"?')
_BARE_YEAR = re.compile(rf"{_YEAR}")
_LAST_YEAR = re.compile(rf"l{_APOS}an(?:n[ée]e)?\s+(?:derni[eè]re?|pass[ée]e?)", re.IGNORECASE)


@dataclass(frozen=True)
class DateFilter:
    """Documents dated from `start` to `end`, both included (None: no bound), as precise as written."""

    start: dt.date | None
    end: dt.date | None
    precision: str  # of the date written: year, month or day
    text: str  # the words it was read from, as typed

    def to_json(self) -> dict:
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "precision": self.precision,
            "text": self.text,
            "label": self.label(),
        }

    def one_period(self) -> str | None:
        """The filter as one month or one day written in French (« mai 2022 », « 16 mai 2022 »); None for
        a year, a span or an open end."""
        if self.precision == "year" or self.start is None or self.end is None:
            return None
        shown = _shown(self.start, self.precision)
        return shown if shown == _shown(self.end, self.precision) else None

    def month(self) -> DateFilter | None:
        """The month of a one-day filter (« 3 mars 2019 » → « mars 2019 »); None for any other filter."""
        if self.precision != "day" or self.start is None or self.start != self.end:
            return None
        first = self.start.replace(day=1)
        return DateFilter(first, month_end(first), "month", self.text)

    def label(self) -> str:
        """The period in French, as precise as written: « 2021 », « septembre 2022 », « 12 mars 2024 »,
        « de 2019 à 2021 », « depuis mars 2022 », « jusqu'à 2018 »."""
        start = _shown(self.start, self.precision) if self.start else ""
        end = _shown(self.end, self.precision) if self.end else ""
        if start and end:
            if start == end:
                return start
            return f"du {start} au {end}" if self.precision == "day" else f"de {start} à {end}"
        if start:
            return f"depuis {start}"
        return f"jusqu’à {end}" if end else ""


@dataclass(frozen=True)
class QueryDates:
    """A query with its date taken out: the words left to search, the filter, and where it was written."""

    text: str  # the query without the date's words
    date: DateFilter | None = None
    span: tuple[int, int] | None = None  # the date's words in the query as typed

    def without_date(self, query: str) -> str:
        """The query as typed, the date's words removed (the page's chip removes the filter so)."""
        if self.span is None:
            return query
        start, end = self.span
        return " ".join((query[:start] + " " + query[end:]).split())


class DateReader:
    """Reads the date of a query against `today` (a date, or a function giving one: tests fix it)."""

    def __init__(self, today: dt.date | Callable[[], dt.date] | None = None):
        self._today = today
        self._parser: tuple | None = None  # (today, dateparser's reader)

    def today(self) -> dt.date:
        today = self._today
        if today is None:
            return dt.date.today()
        return today() if callable(today) else today

    def read(self, query: str) -> QueryDates:
        """The first date written in the query, outside quotes and field values; the query unchanged
        when there is none (or what looks like one is not a real date, such as « 31 février 2021 »)."""
        query = query or ""
        today = self.today()  # once per query: a query read around midnight stays one day's
        if not _MAY_HOLD_DATE.search(query):
            return QueryDates(query)
        quoted = [m.span() for m in _QUOTED.finditer(query)]
        for m in re.finditer(_PATTERN, query, re.IGNORECASE):
            if any(a < m.end() and m.start() < b for a, b in quoted):
                continue
            found, span = self._filter(m, query, today), m.span()
            if found is None and m.group("between"):
                # Not a range (« de 5 à mai 2022 »): its second end may still be a date.
                high = " ".join(m.group("high").split())
                found, span = self._single("", high, high, query, today), m.span("high")
            if found is not None:
                rest = " ".join((query[: span[0]] + " " + query[span[1] :]).split())
                return QueryDates(rest, found, span)
        return QueryDates(query)

    def _filter(self, m: re.Match, query: str, today: dt.date) -> DateFilter | None:
        text = " ".join(m.group(0).split())
        if m.group("between"):
            completed = _completed(m.group("low"), m.group("high"))
            if completed is None:
                return None
            written_low, taken = completed
            low, high = self._period(written_low, today), self._period(m.group("high"), today)
            if low and high and low[0] > high[1] and taken:
                low = _earlier(low, taken)  # « de décembre à février 2023 », « du 28 au 3 mars »
            if low is None or high is None or low[0] > high[1]:
                return None
            if fold(m.group("between")) in ("les", "des") and fold(m.group("sep")) == "et":
                # « les 13 et 14 juin »: two days in a row are a span; « les 2 et 30 juin » are two days.
                if low[2] != "day" or (high[0] - low[1]).days != 1:
                    return None
            return DateFilter(low[0], high[1], _finer(low[2], high[2]), text)
        prefix = fold(" ".join((m.group("prefix") or "").split()))
        return self._single(prefix, m.group("date"), text, query, today)

    def _single(self, prefix: str, written: str, text: str, query: str, today: dt.date) -> DateFilter | None:
        """One date, after its prefix (folded: « depuis », « avant »…, or « »); `text`: as typed."""
        if not prefix and _BARE_YEAR.fullmatch(written) and query.strip() != written:
            return None  # a year among other words: a word of the query (see the module docstring)
        period = self._period(written, today)
        if period is None:
            return None
        start, end, precision = period
        if prefix in ("depuis", "des") or prefix.startswith("a partir"):
            return DateFilter(start, None, precision, text)
        if prefix == "apres":
            return DateFilter(end + dt.timedelta(days=1), None, precision, text)
        if prefix == "avant":
            return DateFilter(None, start - dt.timedelta(days=1), precision, text)
        if prefix.startswith("jusqu"):
            return DateFilter(None, end, precision, text)
        return DateFilter(start, end, precision, text)

    def _period(self, written: str, today: dt.date) -> tuple[dt.date, dt.date, str] | None:
        """The first and last day of a date as written, and its precision."""
        written = " ".join(written.split())
        if _LAST_YEAR.fullmatch(written):
            return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31), "year"
        if _BARE_YEAR.fullmatch(written):
            year = int(written)
            return (dt.date(year, 1, 1), dt.date(year, 12, 31), "year") if FIRST_YEAR <= year <= LAST_YEAR else None
        if re.search(r"mois", written, re.IGNORECASE):
            first = today.replace(day=1)
            if re.search(r"dernier|pass", written, re.IGNORECASE):
                first = (first - dt.timedelta(days=1)).replace(day=1)
            return first, month_end(first), "month"
        data = self._dateparser(today).get_date_data(re.sub(r"^(?:le|du)\s+", "", written, flags=re.IGNORECASE))
        if data is None or data.date_obj is None:
            return None
        day = data.date_obj.date()
        precision = data.period if data.period in ("year", "month", "day") else "day"
        if precision == "year":
            return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"
        if precision == "month":
            first = day.replace(day=1)
            return first, month_end(first), "month"
        return day, day, "day"

    def _dateparser(self, today: dt.date):
        """dateparser's reader for French only (no language detection, no other locale tried, so nothing
        else is loaded), relative to today; imported when a query first has a date (most have none, and
        `findit query` starts faster without it). One per day, as today is one of its settings."""
        if self._parser is None or self._parser[0] != today:
            from dateparser.date import DateDataParser

            settings = {
                "RELATIVE_BASE": dt.datetime(today.year, today.month, today.day),
                "PREFER_DAY_OF_MONTH": "first",
                "DATE_ORDER": "DMY",
                "PARSERS": ["relative-time", "absolute-time"],
            }
            self._parser = (today, DateDataParser(languages=["fr"], try_previous_locales=False, settings=settings))
        return self._parser[1]


def _completed(low: str, high: str) -> tuple[str, str] | None:
    """The first end of a range with what it left out taken from the second, and what was taken (« year »,
    « month », or « » when nothing): « mars » and « mai 2022 » give « mars 2022 »; « 12 » and « 14 juin
    2022 » give « 12 juin 2022 ». None when the second lacks it (« de 5 à mai 2022 »)."""
    low, words = re.sub(r"^le\s+", "", " ".join(low.split()), flags=re.IGNORECASE), high.split()
    if re.fullmatch(_DATE, low, re.IGNORECASE):
        return low, ""
    if not re.fullmatch(_YEAR, words[-1]):
        return None
    if re.fullmatch(_DAY, low, re.IGNORECASE):
        day_high = len(words) >= 3 and re.fullmatch(_DAY, words[-3], re.IGNORECASE)
        return (f"{low} {words[-2]} {words[-1]}", "month") if day_high else None
    return f"{low} {words[-1]}", "year"


def _earlier(period: tuple[dt.date, dt.date, str], taken: str) -> tuple[dt.date, dt.date, str] | None:
    """A range's first end one year (or month) earlier, when the part it took from the second end put it
    after that end; None when that day does not exist (« du 31 au 2 mars »)."""
    start, _, precision = period
    try:
        if taken == "year":
            first = start.replace(year=start.year - 1)
        else:
            before = start.replace(day=1) - dt.timedelta(days=1)
            first = before.replace(day=start.day)
    except ValueError:
        return None
    return (first, month_end(first), precision) if precision == "month" else (first, first, precision)


def _shown(day: dt.date, precision: str) -> str:
    if precision == "year":
        return str(day.year)
    month = f"{MONTHS_FR[day.month - 1]} {day.year}"
    if precision == "month":
        return month
    return f"{'1er' if day.day == 1 else day.day} {month}"


def month_end(first: dt.date) -> dt.date:
    """The last day of the month that `first` is in."""
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _finer(a: str, b: str) -> str:
    order = ("year", "month", "day")
    return order[max(order.index(a), order.index(b))]
