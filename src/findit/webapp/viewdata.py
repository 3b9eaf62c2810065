"""A SearchResult turned into what the page shows: facet panels, filter chips, a timeline, pages.

Plain data only: each value carries the URL parameters that toggle it, so the templates hold no logic
and the page works without JavaScript. Counts and selections come from the Searcher as they are."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from findit.documents import Kind
from findit.search.results import FACET_TITLES, FACETS, VALUE_LABELS, SearchResult
from findit.text import fold_key, thousands
from findit.webapp.dates import date_fr, shown_date
from findit.webapp.urlstate import PageState

__all__ = ["date_fr", "shown_date"]  # the templates' date filters live in findit.webapp.dates

# Past this many values a facet gets a filter box (when JavaScript runs); years are short enough.
LONG_FACET = 8
# The chip of a date written in the query (« en 2021 »).
DATE_TITLE = "Date"


@dataclass
class FacetItem:
    value: str
    label: str
    count: int
    selected: bool
    toggle: list[tuple[str, str]]  # URL parameters with this value toggled


@dataclass
class FacetPanel:
    name: str
    title: str
    items: list[FacetItem]
    selected: int
    long: bool


@dataclass
class Chip:
    facet_title: str
    label: str
    remove: list[tuple[str, str]]
    name: str = ""  # the facet, or "date" for a date written in the query


@dataclass
class TimelineBar:
    year: str
    count: int
    percent: int  # bar height relative to the busiest year
    selected: bool
    toggle: list[tuple[str, str]]


@dataclass
class Neighbours:
    """Values found together with a person or an organisation, with how many documents they share."""

    name: str
    title: str
    items: list[tuple[str, str, int]]  # value, label, documents in common
    partial: bool = False  # counted over the most recent documents only


NEIGHBOUR_TITLES = {
    "tag": "Thèmes associés",
    "speaker": "Intervenant·es associé·es",
    "organisation": "Organisations associées",
}


@dataclass
class Pager:
    page: int
    pages: int
    links: list[tuple[int | None, list[tuple[str, str]] | None]] = field(default_factory=list)
    previous: list[tuple[str, str]] | None = None
    next: list[tuple[str, str]] | None = None


def kind_label(kind: str) -> str:
    return Kind.LABELS_FR.get(kind, kind)


def value_label(facet: str, value: str, label: str = "") -> str:
    if label:
        return label
    return VALUE_LABELS.get(facet, {}).get(value, value)


def panels(result: SearchResult, state: PageState) -> list[FacetPanel]:
    """One panel per facet, in the page's order; years newest first."""
    out = []
    for name in FACETS:
        values = list(result.facets.get(name, []))
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        items = [
            FacetItem(
                value=v.value,
                label=value_label(name, v.value, v.label),
                count=v.count,
                selected=v.selected,
                toggle=state.with_filter(
                    name,
                    v.value,
                    not v.selected,
                    frozenset({fold_key(v.value), fold_key(value_label(name, v.value, v.label))}),
                ),
            )
            for v in values
        ]
        if items:
            out.append(
                FacetPanel(
                    name=name,
                    title=FACET_TITLES[name],
                    items=items,
                    selected=sum(i.selected for i in items),
                    long=name != "year" and len(items) > LONG_FACET,
                )
            )
    return out


def neighbours(facet: str, name: str, result: SearchResult, sample: SearchResult, limit: int = 12) -> list[Neighbours]:
    """What goes with one person or organisation. `result` filters on it, so its facet counts are
    co-occurrences, except in the entity's own facet, whose counts ignore that filter: those are
    counted over `sample`, a large first page of the same search."""
    out = []
    for other in ("tag", "speaker", "organisation"):
        if other == facet:
            counter = Counter(
                v
                for hit in sample.hits
                for v in dict.fromkeys(getattr(hit, _HIT_LISTS[other]))
                if v.casefold() != name.casefold()
            )
            items = [(v, v, n) for v, n in counter.most_common(limit)]
            partial = sample.total > len(sample.hits)
        else:
            items = [
                (v.value, value_label(other, v.value, v.label), v.count)
                for v in result.facets.get(other, [])
                if v.count and not v.selected
            ][:limit]
            partial = False
        if items:
            out.append(Neighbours(name=other, title=NEIGHBOUR_TITLES[other], items=items, partial=partial))
    return out


_HIT_LISTS = {"speaker": "speakers", "organisation": "organisations", "tag": "tags"}


def chips(state: PageState, result: SearchResult | None = None) -> list[Chip]:
    """The active filters, each with the parameters that remove it: first the date written in the query
    (removing it removes its words from the query), then the facet values, each with the archive's values
    it named when they differ from what the URL says (« dinum → Direction interministérielle du numérique
    (DINUM) »)."""
    out = []
    date = result.filters.get("date") if result is not None else None
    if date:
        out.append(
            Chip(
                facet_title=DATE_TITLE,
                label=f"{date['label']} (« {date['text']} »)" if date["label"] != date["text"] else date["label"],
                remove=state.params(q=without_date(state.request.query, date) or None, page=None),
                name="date",
            )
        )
    named = {
        (name, found["asked"]): found["values"]
        for name in FACETS
        for found in (result.filters.get(name, []) if result is not None else [])
    }
    for name in FACETS:
        for value in state.request.filters.get(name, []):
            label = value_label(name, value)
            values = named.get((name, value.strip()), [])
            if values and [value_label(name, v) for v in values] != [label]:
                label = f"{label} → {' ou '.join(value_label(name, v) for v in values)}"
            out.append(Chip(FACET_TITLES[name], label, state.with_filter(name, value, False), name))
    return out


def without_date(query: str, date: dict) -> str:
    """The query with the date's words taken out (its span in the query the search read)."""
    start, end = date.get("span") or (0, 0)
    return " ".join((query[:start] + " " + query[end:]).split())


def clear_all(state: PageState, result: SearchResult) -> list[tuple[str, str]]:
    """Parameters of the same words with no filter: no facet value, no date written in the query."""
    date = result.filters.get("date")
    query = without_date(state.request.query, date) if date else state.request.query
    return state.params(page=None, q=query or None, **{name: None for name in FACETS})


def timeline(result: SearchResult, state: PageState) -> list[TimelineBar]:
    """Results per year, oldest first, from the year facet (which ignores the year selection)."""
    years = [v for v in result.facets.get("year", []) if v.value.isdigit()]
    if len(years) < 2 and not any(v.selected for v in years):
        return []
    years.sort(key=lambda v: v.value)
    top = max((v.count for v in years), default=0) or 1
    return [
        TimelineBar(
            year=v.value,
            count=v.count,
            percent=max(4, round(100 * v.count / top)) if v.count else 0,
            selected=v.selected,
            toggle=state.with_filter("year", v.value, not v.selected),
        )
        for v in years
    ]


def undated(result: SearchResult, facet_limit: int) -> int:
    """Results the timeline has no bar for: those without a year. None are counted while a year is
    selected, nor when the year facet may have been cut at `facet_limit` values."""
    years = [v for v in result.facets.get("year", []) if v.value.isdigit()]
    if not years or any(v.selected for v in years) or len(years) >= facet_limit:
        return 0
    return max(0, result.total - sum(v.count for v in years))


def pager(result: SearchResult, state: PageState, max_page: int) -> Pager:
    """Page links around the current one: first, last, and two either side, with gaps as None. A page
    beyond the results is current in none of them (its « précédente » leads to the last one)."""
    pages = min(max(1, math.ceil(result.total / max(1, state.request.limit))), max_page)
    page = result.page
    around = min(page, pages)
    shown = sorted({1, pages, *range(max(1, around - 2), min(pages, around + 2) + 1)})
    links: list[tuple[int | None, list[tuple[str, str]] | None]] = []
    for number in shown:
        if links and links[-1][0] is not None and number - links[-1][0] > 1:
            links.append((None, None))
        links.append((number, state.params(page=number if number > 1 else None)))
    before = min(page - 1, pages)
    return Pager(
        page=page,
        pages=pages,
        links=links,
        previous=state.params(page=before if before > 1 else None) if page > 1 else None,
        next=state.params(page=page + 1) if page < pages else None,
    )


def count_fr(total: int, query: str) -> str:
    """The sentence that announces the result count."""
    if total == 0:
        words = "Aucun résultat"
    elif total == 1:
        words = "1 résultat"
    else:
        words = f"{thousands(total)} résultats"
    return f"{words} pour « {query} »" if query else words


def return_label(state: PageState) -> str:
    """How a page reached from a search names the way back to it."""
    query = state.request.query
    if query:
        return f"Résultats pour « {query[:60]}{'…' if len(query) > 60 else ''} »"
    return "Résultats de la recherche"


@dataclass
class ExportLink:
    path: str  # served by findit.webapp.exports
    label: str
    title: str  # what the file is for, said to everyone
    params: list[tuple[str, str]]


EXPORTS = (
    # French Excel reads « ; » as its separator (findit.webapp.exports: sep=;), other tableurs a comma.
    ("/export.csv", (("sep", ";"),), "Excel", "CSV à points-virgules, pour Excel en français"),
    ("/export.csv", (), "CSV", "à virgules, pour les autres tableurs"),
    ("/export.json", (), "JSON", "données pour un programme"),
    ("/export.atom", (), "Atom", "flux à suivre dans un lecteur de flux"),
    ("/export.ics", (), "iCalendar", "événements à ajouter à un agenda"),
)


def exports(state: PageState) -> list[ExportLink]:
    """Links exporting the whole search (every page: no `page`), in each format."""
    params = state.params(page=None)
    return [ExportLink(path, label, title, params + list(extra)) for path, extra, label, title in EXPORTS]
