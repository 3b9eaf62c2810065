"""The page's state as URL parameters: parsed (and bounded) into a SearchRequest, and written back.

Every state of the search page lives in its query string, so a search is shareable and the back button
works. The same parameters drive `/api/search`."""

from __future__ import annotations

from dataclasses import dataclass, field

from findit.search.results import FACETS, SORTS, SearchRequest, is_year
from findit.settings import Settings
from findit.text import fold_key

# A request may select at most this many values in one facet, each at most this long.
MAX_VALUES_PER_FACET = 50
MAX_VALUE_CHARS = 200


@dataclass
class PageState:
    """What the URL asked for, after bounds; `notices` say in French what was cut."""

    request: SearchRequest
    notices: list[str] = field(default_factory=list)

    def params(self, **changes) -> list[tuple[str, str]]:
        """URL parameters of this state, with `changes` applied (None removes a parameter)."""
        values: dict[str, object] = {
            "q": self.request.query or None,
            "sort": self.request.sort if self.request.sort != "relevance" else None,
            "page": self.request.page if self.request.page > 1 else None,
            "all": "1" if self.request.include_all else None,
        }
        values.update({name: list(self.request.filters.get(name, [])) for name in FACETS})
        values.update(changes)
        pairs: list[tuple[str, str]] = []
        for key in ("q", *FACETS, "sort", "all", "page"):
            value = values.get(key)
            if value is None or value == "" or value == []:
                continue
            if isinstance(value, list):
                pairs.extend((key, str(v)) for v in value)
            else:
                pairs.append((key, str(value)))
        return pairs

    def without_filters(self) -> list[tuple[str, str]]:
        """Parameters of the same search with no facet selected."""
        return self.params(page=None, **{name: None for name in FACETS})

    def with_filter(
        self, facet: str, value: str, selected: bool, names: frozenset[str] = frozenset()
    ) -> list[tuple[str, str]]:
        """Parameters with one facet value added or removed; back to the first page. Removing it also
        removes the URL's other spellings of it: values whose folded form is in `names` (the searcher
        reads « acteurs publics » or the kind label « Presse » as the indexed value)."""
        current = [v for v in self.request.filters.get(facet, []) if v != value and fold_key(v) not in names]
        if selected:
            current.append(value)
        return self.params(**{facet: current, "page": None})


def bounded_int(raw: str | None, default: int, low: int, high: int) -> tuple[int, bool]:
    """`raw` as an int within [low, high]; the flag says whether it had to be changed."""
    if raw is None or raw == "":
        return default, False
    try:
        value = int(raw.strip())
    except ValueError:
        return default, True
    bounded = min(max(value, low), high)
    return bounded, bounded != value


def parse_args(args, settings: Settings, *, limit_param: bool = False) -> PageState:
    """A SearchRequest from a request's query string (a werkzeug MultiDict), never raising."""
    notices: list[str] = []
    query = " ".join((args.get("q") or "").split())
    if len(query) > settings.max_query_chars:
        query = query[: settings.max_query_chars].rstrip()
        notices.append(f"La recherche a été raccourcie à {settings.max_query_chars} caractères.")
    page, changed = bounded_int(args.get("page"), 1, 1, settings.max_page)
    if changed:
        notices.append(f"Numéro de page invalide : page {page} affichée.")
    limit = settings.default_limit
    if limit_param:
        limit, _ = bounded_int(args.get("limit"), settings.default_limit, 1, settings.max_limit)
    sort = args.get("sort") if args.get("sort") in SORTS else "relevance"
    filters: dict[str, list[str]] = {}
    for name in FACETS:
        values: list[str] = []
        for raw in dict.fromkeys(args.getlist(name)):
            # Cut, then trimmed: the value must read the same once it is back in a URL.
            value = " ".join(raw.split())[:MAX_VALUE_CHARS].strip()
            if name == "year" and value and not is_year(value):
                notice = f"Année ignorée : « {value} » n’est pas une année."
                if notice not in notices:
                    notices.append(notice)
                continue
            if value and value not in values:
                values.append(value)
        if values:
            filters[name] = values[:MAX_VALUES_PER_FACET]
    include_all = args.get("all") in ("1", "true", "oui")
    request = SearchRequest(query=query, page=page, limit=limit, sort=sort, filters=filters, include_all=include_all)
    return PageState(request=request, notices=notices)
