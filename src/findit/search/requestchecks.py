"""A request's checks before the search: its numbers and names within bounds (else SearchError), its
query cut to the longest allowed (the message says so), its filter values cleaned, and the date its words
name read out of them (findit.search.querydates)."""

from __future__ import annotations

from findit.search.querydates import DateReader, QueryDates
from findit.search.results import FACETS, SORTS, SearchRequest, is_year
from findit.settings import Settings
from findit.text import typed

TRUNCATED = "La requête a été raccourcie à {n} caractères."


class SearchError(ValueError):
    """A request that cannot be served as asked (unknown sort or facet, page or limit out of range)."""


def checked(
    request: SearchRequest, settings: Settings, dates: DateReader
) -> tuple[SearchRequest, list[str], QueryDates]:
    """The request as the search runs it (or SearchError), what was changed in it, and the date read
    in its query (findit.search.querydates)."""
    s = settings
    messages = []
    query = typed(request.query) if isinstance(request.query, str) else ""
    if len(query) > s.max_query_chars:
        query = query[: s.max_query_chars]
        messages.append(TRUNCATED.format(n=s.max_query_chars))
    try:
        page, limit, facet_limit = int(request.page), int(request.limit), int(request.facet_limit)
    except (TypeError, ValueError):
        raise SearchError("page, limit and facet_limit must be whole numbers") from None
    if not 1 <= page <= s.max_page:
        raise SearchError(f"page must be between 1 and {s.max_page}")
    if not 1 <= limit <= s.max_limit:
        raise SearchError(f"limit must be between 1 and {s.max_limit}")
    if request.sort not in SORTS:
        raise SearchError(f"sort must be one of {', '.join(SORTS)}")
    unknown = set(request.filters or {}) - set(FACETS)
    if unknown:
        raise SearchError(f"unknown facet {sorted(unknown)[0]!r}: facets are {', '.join(FACETS)}")
    filters = {}
    for name, values in (request.filters or {}).items():
        values = [values] if isinstance(values, (str, int)) else list(values or [])
        cleaned = (typed(str(v)).strip() for v in values)
        filters[name] = [v for v in cleaned if v]
        if name == "year" and not all(map(is_year, filters[name])):
            raise SearchError("a year is a number, e.g. 2021")
    checked = SearchRequest(
        query=query,
        page=page,
        limit=limit,
        sort=request.sort,
        filters=filters,
        include_all=bool(request.include_all),
        facet_limit=max(facet_limit, 0),
        explain=bool(request.explain),
    )
    return checked, messages, dates.read(query)
