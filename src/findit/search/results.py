"""What a search asks and answers: the contract shared by `findit query --json`, the web page and the API."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from findit.documents import LANGUAGE_LABELS_FR, LANGUAGE_WORDS_FR, Kind

FACETS = ("year", "tag", "outlet", "kind", "lang", "speaker", "organisation")
# Each facet's French name, as the terminal and messages say it.
FACET_LABELS = {
    "year": "Année",
    "tag": "Thème",
    "outlet": "Média / source",
    "kind": "Type",
    "lang": "Langue",
    "speaker": "Intervenant·e",
    "organisation": "Organisation",
}
# The title of each facet's list of values (the page, exports).
FACET_TITLES = {
    "year": "Année",
    "tag": "Thème",
    "outlet": "Média / source",
    "kind": "Type",
    "lang": "Langue",
    "speaker": "Intervenant·es",
    "organisation": "Organisations",
}
# The French names of the values of the facets whose index holds a code (a kind, a language).
VALUE_LABELS = {"kind": Kind.LABELS_FR, "lang": LANGUAGE_LABELS_FR}
# Every name a value may be asked by, its label first (« anglaise », « english » for « en »).
_OTHER_NAMES = {"lang": {"fr": ["française", "french"], **{c: w.split() for c, w in LANGUAGE_WORDS_FR.items()}}}
VALUE_NAMES = {
    facet: {value: [label, *_OTHER_NAMES.get(facet, {}).get(value, [])] for value, label in labels.items()}
    for facet, labels in VALUE_LABELS.items()
}
# Facets shown only when the archive holds two values or more: one language has nothing to choose.
SHOWN_WHEN_SEVERAL = ("lang",)
# Orders of results: by relevance, newest first, oldest first (undated documents last either way).
SORTS = ("relevance", "date", "oldest")
_YEAR = re.compile(r"[0-9]{1,4}")


def is_year(value: str) -> bool:
    """Whether a filter value can name a year: ASCII digits only (« ² » is a digit to str.isdigit())."""
    return bool(_YEAR.fullmatch(value))


@dataclass
class SearchRequest:
    query: str = ""
    page: int = 1
    limit: int = 10
    sort: str = "relevance"  # one of SORTS
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet name -> selected values
    include_all: bool = False  # include drafts and junk
    facet_limit: int = 20  # values shown per facet (selected ones always kept)
    explain: bool = False  # each hit says which words matched where and how (findit.search.explain)


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False
    label: str = ""  # display label (e.g. French kind name); value if empty


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    date: str | None
    year: int | None
    outlet: str
    tags: list[str]
    speakers: list[str]
    organisations: list[str]
    url: str
    source: str
    score: float
    snippet: str  # HTML-safe: escaped text, matches wrapped in <mark>
    duplicates: int  # how many other versions were collapsed under this one
    event_date: str | None = None  # an event's own date (first day), ISO
    event_end: str | None = None  # an event's last day, when it lasts several
    date_precision: str = "day"  # of `date`: day, month (« mai 2022 ») or year
    event_precision: str = "day"
    # With SearchRequest.explain: [{word, field, term, how}] (findit.search.explain); else None, left out
    explain: list[dict] | None = None


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None
    message: str | None = None  # e.g. how an unreadable query was read
    # What the list was filtered by, as read: "date" (a date written in the query: from, to, precision,
    # text) and, per facet given as a filter, each value asked and the indexed values it named.
    filters: dict = field(default_factory=dict)
    searched: str | None = None  # the words searched, when a date was taken out of the query
    problems: list[str] = field(default_factory=list)  # filter values that name no single value (French)

    def to_json(self) -> dict:
        """The documented JSON object of `findit query --json` and `/api/search`."""
        data = {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "hits": [hit_json(h) for h in self.hits],
            "facets": {
                name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
                for name, values in self.facets.items()
            },
            "suggestion": self.suggestion,
            "filters": self.filters,
        }
        if self.searched is not None:
            data["searched"] = self.searched
        if self.message:
            data["message"] = self.message
        return data


def hit_json(hit: Hit) -> dict:
    """A hit as the JSON contract has it (`explain` only when asked for)."""
    data = asdict(hit)
    if data["explain"] is None:
        del data["explain"]  # asked for only
    return data
