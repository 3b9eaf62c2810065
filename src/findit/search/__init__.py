"""The search stage: a request over the current index generation -> ranked, collapsed hits with facets,
snippets and suggestions (`Searcher`)."""

from findit.index import NoIndexError
from findit.search.requestchecks import SearchError
from findit.search.results import FACETS, FacetValue, Hit, SearchRequest, SearchResult
from findit.search.searcher import Searcher

__all__ = ["FACETS", "FacetValue", "Hit", "NoIndexError", "SearchError", "SearchRequest", "SearchResult", "Searcher"]
