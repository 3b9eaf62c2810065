"""The documents a date written in a query keeps (« en 2021 », « depuis septembre 2022 »: see
findit.search.querydates), as the bits of an int: those dated then, and those whose text names the month
or day asked."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING

from whoosh import query as wq

from findit.index.facetstore import from_bits, to_bits
from findit.search.clauses import EXACT
from findit.search.hits import stored_doc
from findit.search.querydates import DateFilter, month_end
from findit.search.results import is_year
from findit.text import fold

if TYPE_CHECKING:
    from findit.search.generation import Generation


def dated_bits(gen: Generation, wanted: DateFilter) -> int:
    """The documents a date filter keeps, as bits: those whose date lies within it, by an event's own
    date, else by the publication date. A date known to the month or the year only lies within a filter
    when all of that month or year does: a page of 2019 is one of « en 2019 », not of « janvier 2019 »."""
    when = gen.lazy.get("dates")
    if when is None:
        when = gen.lazy["dates"] = _filter_dates(gen)  # built once per generation, shared by its views
    days, docs, ends = when
    low = bisect.bisect_left(days, wanted.start.toordinal()) if wanted.start else 0
    high = bisect.bisect_right(days, wanted.end.toordinal()) if wanted.end else len(days)
    kept = docs[low:high]
    if wanted.end and ends:
        last = wanted.end.toordinal()
        kept = [d for d in kept if ends.get(d, 0) <= last]
    return to_bits(kept)


def mentioned_bits(gen: Generation, wanted: DateFilter) -> int:
    """The documents whose text names the month or the day asked (« mai 2022 », « 16 mai 2022 »),
    whatever their own date: a workshop's page published weeks later, a calendar, a report of the day.
    A year is not enough: nearly every page names one."""
    period = wanted.one_period()
    if period is None:
        return 0
    bits = gen.mentioned.get(period)
    if bits is None:
        # « 1er mai 2022 » is also written « 1 mai 2022 ».
        written = {period, period.replace("1er ", "1 ", 1)}
        bits = _holding(gen, written)
        if wanted.precision == "day" and wanted.start is not None:
            # A day written without its year (« le 17 avril » in a letter of April 2023) is in the page's
            # own year. Not a month: « en avril » alone says too little.
            year = wanted.start.year
            whole_year = DateFilter(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", str(year))
            bits |= _holding(gen, {w.rsplit(" ", 1)[0] for w in written}) & dated_bits(gen, whole_year)
        gen.mentioned[period] = bits
    return bits


def _holding(gen: Generation, phrases: set[str]) -> int:
    """The documents whose text holds one of the phrases, as bits."""
    q = wq.Or([wq.Phrase(EXACT, [fold(w) for w in text.split()]) for text in sorted(phrases)])
    return to_bits(list(gen.searcher.docs_for_query(q)))


def _filter_dates(gen: Generation) -> tuple[list[int], list[int], dict[int, int]]:
    """Every dated document's date for date filters (days since year 1), in order, and the documents in
    the same order: the index's date field (an event's own date, else the publication date), else
    1 January of its year; and the last day of each date known to the month or the year only."""
    from whoosh.util.times import long_to_datetime

    tables = gen.tables
    when = {d: long_to_datetime(v).date().toordinal() for d, v in tables.dates.items()}
    ends: dict[int, int] = {}
    for d, day in when.items():
        shown = dt.date.fromordinal(day)
        if shown.day == 1:  # a month or a year known only is stored as its first day: which is it?
            end = _last_day(shown, _precision(gen, d))
            if end is not None:
                ends[d] = end
    for year, bits in tables.values.get("year", {}).items():
        if is_year(year) and 1 <= int(year) <= 9999:
            january = dt.date(int(year), 1, 1).toordinal()
            for d in from_bits(bits):
                if d not in when:
                    when[d] = january
                    ends[d] = dt.date(int(year), 12, 31).toordinal()
    ordered = sorted((day, d) for d, day in when.items())
    return [day for day, _ in ordered], [d for _, d in ordered], ends


def _precision(gen: Generation, docnum: int) -> str:
    """How precise the date a document shows is (day, month or year), from its stored document."""
    doc = stored_doc(gen.searcher.stored_fields(docnum))
    if doc.get("kind") == "event" and doc.get("event_date"):
        return doc.get("event_precision") or "day"
    return doc.get("date_precision") or "day"


def _last_day(first: dt.date, precision: str) -> int | None:
    """The last day of the month or year a date known only so begins; None for a day."""
    if precision == "year":
        return dt.date(first.year, 12, 31).toordinal()
    if precision == "month":
        return month_end(first).toordinal()
    return None
