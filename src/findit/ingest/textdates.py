"""Dates written in prose, in French (and English): "vendredi 10 septembre 2021", "1er juin 2021",
"du 4 au 6 décembre 2024", "les 7, 8 et 9 septembre", "du 30 novembre au 2 décembre 2024", "le 17/03",
"mai 2022", "12 April 2019". A day without a year takes the year that fits the date of the text (and
its weekday, when given); a month alone stays a month."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from findit.ingest.dates import DAY, MONTH, NO_DATE, ParsedDate, make_date, with_end

MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9,
    "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12,
    "déc": 12, "dec": 12, "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
MONTHS_FR = {name: number for name, number in MONTHS.items() if name not in ("may", "march", "june")}
WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
    "lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6, "monday": 0, "tuesday": 1,
    "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:er|st|nd|rd|th)?"
_LINK = r"\s*(?:,|et|and|au|à|to|-|–|—|/)\s*"
_YEAR = r"(?:19|20)\d{2}"
# "[du|les] [jeudi] 4[, 5 et] 6 décembre [2024] [au 2 janvier [2025]]"
DAY_MONTH = re.compile(
    rf"(?<![\w/°#])(?:(?P<weekday>{_WEEKDAY})\.?\s+)?(?P<days>{_DAY}(?:{_LINK}(?:(?:{_WEEKDAY})\.?\s+)?{_DAY})*)"
    rf"\s+(?P<month>{_MONTH})\.?(?:\s+(?P<year>{_YEAR}))?"
    rf"(?:\s*(?:au|à|to|-|–|—|jusqu['’]au)\s*(?:(?:{_WEEKDAY})\.?\s+)?(?P<day2>{_DAY})\s+(?P<month2>{_MONTH})\.?"
    rf"(?:\s+(?P<year2>{_YEAR}))?)?(?![\w])",
    re.IGNORECASE,
)
# "April 12, 2019", "December 4-6, 2024"
MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<days>{_DAY}(?:{_LINK}{_DAY})*),?\s+(?P<year>{_YEAR})\b", re.IGNORECASE
)
# "17/03/2024", "le 17/03", "ven 10/09/2021": a short form only after a word that introduces a date.
NUMERIC = re.compile(
    rf"(?:(?<![\w/.])|(?<=\s))(?:(?P<intro>le|du|au|dès le|(?:{_WEEKDAY})\.?)\s+)?"
    r"(?P<day>[0-3]?\d)/(?P<month>[01]?\d)(?:/(?P<year>(?:19|20)?\d{2}))?(?![\w/])",
    re.IGNORECASE,
)
RANGE_LINK = re.compile(r"\s*(?:au|-|–|—|à|to)?\s*", re.IGNORECASE)
MONTH_YEAR = re.compile(rf"(?<![\w])(?P<month>{_MONTH})\.?\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
# "mardi 6 juillet à 9h30", "le jeudi 3 mars 2022 de 14h à 16h": a day with its weekday or its time is
# when something takes place (a bare "le 21 mai 2021" may be any past date of the text).
APPOINTMENT_TIME = re.compile(r"^,?\s+(?:à|de|dès)\s+\d{1,2}\s*h", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int  # offset in the text
    month: int
    day: int | None  # None for a month alone
    year: int | None
    weekday: int | None = None
    end: tuple[int, int, int | None] | None = None  # (month, day, year) of a range's last day
    raw: str = ""
    timed: bool = False  # followed by a time ("à 9h30")


def _days(text: str) -> list[int]:
    return [int(d) for d in re.findall(r"\d{1,2}", text)]


def mentions(text: str) -> list[Mention]:
    """Every date the text writes, in reading order."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for match in DAY_MONTH.finditer(text):
        days = _days(match["days"])
        month = MONTHS[match["month"].lower()]
        year = int(match["year"]) if match["year"] else None
        end = None
        if match["day2"]:
            month2, year2 = MONTHS[match["month2"].lower()], int(match["year2"]) if match["year2"] else None
            if year is None and year2 is not None:
                year = year2 - 1 if month > month2 else year2
            end = (month2, _days(match["day2"])[0], year2 or (year + 1 if year and month2 < month else year))
        elif len(days) > 1:
            end = (month, days[-1], year)
        weekday = WEEKDAYS[match["weekday"].lower()] if match["weekday"] else None
        timed = bool(APPOINTMENT_TIME.match(text[match.end() : match.end() + 20]))
        found.append(Mention(match.start(), month, days[0], year, weekday, end, match.group(0), timed))
        taken.append(match.span())
    for match in MONTH_DAY_YEAR.finditer(text):
        if not _overlaps(match.span(), taken):
            days = _days(match["days"])
            month, year = MONTHS[match["month"].lower()], int(match["year"])
            end = (month, days[-1], year) if len(days) > 1 else None
            found.append(Mention(match.start(), month, days[0], year, None, end, match.group(0)))
            taken.append(match.span())
    numeric: list[tuple[int, Mention]] = []  # (end offset, mention)
    for match in NUMERIC.finditer(text):
        if _overlaps(match.span(), taken) or not (match["year"] or match["intro"]):
            continue
        year = int(match["year"]) if match["year"] else None
        if year is not None and year < 100:
            year += 2000
        intro = (match["intro"] or "").lower().rstrip(".")
        mention = Mention(
            match.start(), int(match["month"]), int(match["day"]), year, WEEKDAYS.get(intro), raw=match[0]
        )
        taken.append(match.span())
        if numeric and intro in ("au", "") and RANGE_LINK.fullmatch(text[numeric[-1][0] : match.start()]):
            first = numeric.pop()[1]  # "du 21/11 au 24/11": one range
            ranged = Mention(first.start, first.month, first.day, first.year or year, first.weekday,
                             (mention.month, mention.day or 1, mention.year), first.raw)  # fmt: skip
            found[found.index(first)] = ranged
            continue
        found.append(mention)
        numeric.append((match.end(), mention))
    for match in MONTH_YEAR.finditer(text):
        if not _overlaps(match.span(), taken):
            found.append(
                Mention(match.start(), MONTHS[match["month"].lower()], None, int(match["year"]), raw=match.group(0))
            )
    found.sort(key=lambda m: m.start)
    return found


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def resolve(mention: Mention, reference: dt.date | None = None) -> ParsedDate:
    """A mention as a date; without a year, the year that fits the reference date (and the weekday)."""
    if mention.day is None:
        return make_date(mention.year or 0, mention.month, 1, mention.raw, MONTH)
    year = mention.year
    if year is None:
        if reference is None:
            return ParsedDate(None, f"pas d'année pour « {mention.raw.strip()} »")
        year = _infer_year(mention, reference)
        if year is None:
            return ParsedDate(None, f"aucune année proche de {reference.year} ne va à « {mention.raw.strip()} »")
    start = make_date(year, mention.month, mention.day, mention.raw)
    if start.value and mention.weekday is not None and mention.year and start.value.weekday() != mention.weekday:
        start = ParsedDate(start.value, f"weekday of {mention.raw.strip()!r} does not match the date")
    if start.value and mention.end:
        month2, day2, year2 = mention.end
        end_year = year2 or (year + 1 if month2 < mention.month else year)
        return with_end(start, make_date(end_year, month2, day2, mention.raw))
    return start


def _infer_year(mention: Mention, reference: dt.date) -> int | None:
    """The year nearest the reference that gives a real date (and the weekday written); a date after
    the reference is likelier than one before it (an announcement precedes its event)."""
    best: tuple[int, int] | None = None
    for year in (reference.year, reference.year + 1, reference.year - 1):
        try:
            day = dt.date(year, mention.month, mention.day or 1)
        except ValueError:
            continue
        if mention.weekday is not None and day.weekday() != mention.weekday:
            continue
        gap = (day - reference).days
        cost = gap if gap >= 0 else -2 * gap
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


def parse_text(text: str) -> ParsedDate:
    """The first date of the text that says its year: a day (a range keeps its end), else a month."""
    found = [m for m in mentions(text) if m.year is not None]
    for mention in found:
        if mention.day is not None:
            return resolve(mention)
    return resolve(found[0]) if found else NO_DATE


parse_french = parse_text


def find_event_date(texts: list[str], reference: dt.date | None) -> ParsedDate:
    """When an event takes place, from its title and first lines, in that order: the first day named
    (its year from the text, else from the reference date), else the first month with its year."""
    months: list[Mention] = []
    flag = ""
    for text in texts:
        for mention in mentions(text):
            if mention.day is None:
                months.append(mention)
                continue
            parsed = resolve(mention, reference)
            if parsed.value:
                return parsed
            flag = flag or parsed.flag
    if months:
        return resolve(months[0])
    return ParsedDate(None, flag)


def parse_appointment(text: str, year: int | None) -> ParsedDate:
    """The first day the text says something takes place ("mardi 6 juillet à 9h30"). Without a year,
    the year given (the page's) or, when the weekday says otherwise, the year after or before it."""
    for mention in mentions(text):
        if mention.day is None or not (mention.weekday is not None or mention.timed):
            continue
        if mention.year:
            return resolve(mention)
        if year is None:
            return ParsedDate(None, f"pas d'année pour « {mention.raw.strip()} »")
        for candidate in (year, year + 1, year - 1):
            parsed = make_date(candidate, mention.month, mention.day, mention.raw)
            if parsed.value and (mention.weekday is None or parsed.value.weekday() == mention.weekday):
                return parsed
        return ParsedDate(None, f"aucune année proche de {year} ne va à « {mention.raw.strip()} »")
    return NO_DATE


__all__ = ["DAY", "MONTH", "MONTHS_FR", "ParsedDate", "find_event_date", "mentions", "parse_text", "resolve"]
