"""The whole result list of a search, in the page's order, up to a cap; and what names and describes it
(file name, French title, the page's URL parameters, links to each document's page)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from findit.search.results import FACET_TITLES, FACETS, Hit, SearchRequest, SearchResult
from findit.text import fold_key

# The page shows its results in the order the searcher ranks its best 100 (findit.search.searcher
# RERANK_TOP): an export's first 100 rows come from that same ranking, so they are the page's pages 1-10.
PAGE_ORDER_SPAN = 100
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

Search = Callable[[SearchRequest], SearchResult]


@dataclass
class Links:
    """Where a document's page, the search page and the feed are served; "" when unknown (a terminal
    export without a site URL)."""

    doc: Callable[[str], str] = lambda doc_id: ""
    search: str = ""
    feed: str = ""


@dataclass
class Collected:
    """A search's results for an export: `hits` in the page's order, `result` the first answer (total,
    facets, suggestion, message), `cap` the most an export holds, `notices` what the request had cut."""

    request: SearchRequest
    result: SearchResult
    hits: list[Hit]
    cap: int
    notices: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.result.total

    @property
    def truncated(self) -> bool:
        return self.result.total > len(self.hits)

    def cut_note(self) -> str:
        """The French sentence saying the export was cut, or ""."""
        if not self.truncated:
            return ""
        return f"Export limité aux {len(self.hits)} premiers résultats sur {self.total}."


def whole_list(search: Search, request: SearchRequest, cap: int, notices: list[str] | None = None) -> Collected:
    """Every result of `request` (its page and limit ignored) up to `cap`, in the page's order. `search`
    must accept a limit of `cap` (a Searcher whose Settings.max_limit is at least `cap`)."""
    first = search(replace(request, page=1, limit=min(cap, PAGE_ORDER_SPAN)))
    hits = list(first.hits)
    if first.total > len(hits) and len(hits) < cap:
        # Past the first 100 the page's own order depends on the page asked; one ranking of the whole
        # list keeps every result exactly once.
        whole = search(replace(request, page=1, limit=cap, facet_limit=0))
        seen = {hit.id for hit in hits}
        hits += [hit for hit in whole.hits if hit.id not in seen][: cap - len(hits)]
    return Collected(request=request, result=first, hits=hits, cap=cap, notices=list(notices or []))


def newest(search: Search, request: SearchRequest, entries: int) -> Collected:
    """The newest `entries` results of `request` (dated ones: an undated document is never « new »)."""
    result = search(replace(request, page=1, limit=entries, sort="date"))
    dated = [hit for hit in result.hits if hit.date]
    return Collected(request=request, result=result, hits=dated, cap=entries)


def search_params(request: SearchRequest) -> list[tuple[str, str]]:
    """The page's URL parameters for this search (as findit.webapp.urlstate writes them), page left out."""
    pairs = [("q", request.query)] if request.query else []
    for name in FACETS:
        pairs += [(name, str(value)) for value in request.filters.get(name, [])]
    if request.sort != "relevance":
        pairs.append(("sort", request.sort))
    if request.include_all:
        pairs.append(("all", "1"))
    return pairs


def site_links(site_url: str, request: SearchRequest) -> Links:
    """Links on a site served at `site_url` (Settings.site_url); none when it is empty."""
    site = site_url.rstrip("/")
    if not site:
        return Links()
    query = urlencode(search_params(request))
    return Links(
        doc=lambda doc_id: f"{site}/doc/{doc_id}",
        search=f"{site}/?{query}" if query else f"{site}/",
        feed=f"{site}/export.atom?{query}" if query else f"{site}/export.atom",
    )


def describe(request: SearchRequest) -> str:
    """The search in French: « algorithmes » · Année : 2021 · Type : event."""
    parts = [f"« {request.query} »"] if request.query else ["tous les documents"]
    for name in FACETS:
        values = request.filters.get(name, [])
        if values:
            parts.append(f"{FACET_TITLES[name]} : {', '.join(str(v) for v in values)}")
    return " · ".join(parts)


def file_name(request: SearchRequest, extension: str) -> str:
    """An ASCII download name: findit-algorithmes-publics.csv."""
    slug = _NOT_SLUG.sub("-", fold_key(request.query)).strip("-")[:60].strip("-")
    return f"findit-{slug or 'recherche'}.{extension}"


def stable_id(*parts: object) -> str:
    """A URN that stays the same for the same parts (Atom ids, whatever host serves the page)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "findit:" + "\x1f".join(map(str, parts))).urn


def search_key(request: SearchRequest) -> tuple:
    """What makes two requests the same saved search (sort and page aside)."""
    filters = tuple((name, tuple(sorted(fold_key(str(v)) for v in request.filters.get(name, [])))) for name in FACETS)
    return (fold_key(request.query), filters, bool(request.include_all))
