"""The page's state as URL parameters: parsed (and bounded) into a SearchRequest, and written back.

Every state of the search page lives in its query string, so a search is shareable and the back button
works. The same parameters drive `/api/search`, which checks them as `findit query` does instead of
bounding them (`api_request`, `BadParameter`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from werkzeug.datastructures import MultiDict

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


def parse_args(args, settings: Settings) -> PageState:
    """A SearchRequest from a request's query string (a werkzeug MultiDict), never raising."""
    notices: list[str] = []
    query = " ".join((args.get("q") or "").split())
    if len(query) > settings.max_query_chars:
        query = query[: settings.max_query_chars].rstrip()
        notices.append(f"La recherche a été raccourcie à {settings.max_query_chars} caractères.")
    page, changed = bounded_int(args.get("page"), 1, 1, settings.max_page)
    if changed:
        notices.append(f"Numéro de page invalide : page {page} affichée.")
    limit = settings.default_limit  # the page's own; the API asks for others (api_request)
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


# -- the way back to a search ---------------------------------------------------------------------------------

# The parameter that carries a search's state to the pages its results link to (documents, people,
# organisations), so they can link back to it. One parameter: those pages have a `page` of their own.
RETURN_PARAM = "retour"
# Longer than any state the page writes (a query of max_query_chars and a few dozen filters, encoded).
RETURN_MAX_CHARS = 20_000


def return_token(state: PageState) -> str | None:
    """The value of RETURN_PARAM for links leaving this search; None when the search is the home page."""
    return urlencode(state.params()) or None


def returned_state(raw: str | None, settings: Settings) -> PageState | None:
    """The search a RETURN_PARAM value names, bounded as any URL is; None when there is none."""
    if not raw:
        return None
    state = parse_args(MultiDict(parse_qsl(raw[:RETURN_MAX_CHARS])), settings)
    return state if state.params() else None


# -- the API: checked, never bounded ------------------------------------------------------------------------------


class BadParameter(ValueError):
    """A parameter of an API request that `findit query` would refuse: said in French (`message`) and for
    programs (`code`, `parameter`, `value`, `allowed`)."""

    def __init__(self, parameter: str, code: str, message: str, value: object, allowed: object = None):
        super().__init__(message)
        self.parameter, self.code, self.message, self.value, self.allowed = parameter, code, message, value, allowed

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "parameter": self.parameter,
            "value": self.value,
            "allowed": self.allowed,
        }


def _shown(raw: str) -> str:
    """A received value as a message quotes it: never a whole page of it."""
    return raw if len(raw) <= 40 else raw[:40] + "…"


ALL_VALUES = {"1": True, "true": True, "oui": True, "0": False, "false": False, "non": False, "": False}


def _single(args, name: str) -> str | None:
    values = args.getlist(name)
    if len(values) > 1:
        raise BadParameter(
            name,
            "repeated",
            f"Le paramètre « {name} » est donné {len(values)} fois : une seule valeur est permise.",
            values,
        )
    return values[0] if values else None


def checked_int(args, name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high], else BadParameter; absent or empty: `default`."""
    raw = _single(args, name)
    if raw is None or raw.strip() == "":
        return default
    allowed = {"min": low, "max": high}
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()):
        raise BadParameter(
            name, "not_an_integer", f"« {name} » doit être un nombre entier (reçu : « {_shown(raw)} »).", raw, allowed
        )
    try:
        value = int(text)
    except ValueError:  # more digits than Python converts: out of any range
        value = high + 1
    if not low <= value <= high:
        raise BadParameter(
            name,
            "out_of_range",
            f"« {name} » doit être compris entre {low} et {high} (reçu : {_shown(text)}).",
            raw,
            allowed,
        )
    return value


def api_request(args, settings: Settings) -> SearchRequest:
    """The SearchRequest an API query string asks for, checked as `findit query` checks its options:
    anything it would refuse raises BadParameter. The query goes to the searcher as written (it cuts an
    over-long one and says so in the result's message, as for the terminal)."""
    query = _single(args, "q") or ""
    page = checked_int(args, "page", 1, 1, settings.max_page)
    limit = checked_int(args, "limit", settings.default_limit, 1, settings.max_limit)
    sort = _single(args, "sort") or "relevance"
    if sort not in SORTS:
        raise BadParameter(
            "sort",
            "not_allowed",
            f"« sort » doit valoir {', '.join(SORTS)} (reçu : « {_shown(sort)} »).",
            sort,
            list(SORTS),
        )
    raw_all = _single(args, "all") or ""
    if raw_all.strip().lower() not in ALL_VALUES:
        raise BadParameter(
            "all", "not_allowed", f"« all » doit valoir 1 ou 0 (reçu : « {_shown(raw_all)} »).", raw_all, ["1", "0"]
        )
    filters: dict[str, list[str]] = {}
    for name in FACETS:
        values = [v for v in args.getlist(name) if v.strip()]
        for value in values:
            if name == "year" and not is_year(value.strip()):
                raise BadParameter(
                    "year",
                    "not_a_year",
                    f"« year » doit être une année, par exemple 2021 (reçu : « {_shown(value)} »).",
                    value,
                )
        if values:
            filters[name] = values
    return SearchRequest(
        query=query,
        page=page,
        limit=limit,
        sort=sort,
        filters=filters,
        include_all=ALL_VALUES[raw_all.strip().lower()],
    )
