"""Search over the current index generation: ranking, facets, snippets, suggestions, duplicate groups.

`Searcher(settings)` serves the terminal, the web page and the benchmarks. It opens the current generation
lazily and opens it anew whenever the generation or Whoosh's TOC changes (never `Searcher.refresh()`,
which counts documents twice after a merging commit), so a running server sees every update."""

from __future__ import annotations

import datetime as dt
import heapq
import threading

from whoosh import query as wq

from findit.documents import Document, Kind
from findit.index import NoIndexError, current_generation
from findit.index.facetstore import FacetTables, from_bits, to_bits
from findit.search.generation import CACHED_QUERIES, Generation
from findit.search.hits import collapsed, hits, stored_doc, to_document
from findit.search.query import ReadQuery
from findit.search.ranking import rerank, split_exact
from findit.search.related import related
from findit.search.relax import MIN_ALL_WORDS, WIDENED, widened
from findit.search.results import FACETS, SORTS, Hit, SearchRequest, SearchResult, is_year
from findit.search.suggest import Suggester, has_indexed_terms
from findit.settings import Settings

__all__ = ["Searcher", "SearchError", "NoIndexError"]

# A suggestion is offered when a query finds at most this many results.
FEW_RESULTS = 2
# How many of the best documents get the proximity reward (see findit.search.ranking).
RERANK_TOP = 100
TRUNCATED = "La requête a été raccourcie à {n} caractères."
EMPTY = "La requête ne contient aucun mot à chercher."

# What a query matched: document -> score, the query's plain words (for the second-stage ranking), and
# the matching documents as bits (for facet counts).
Found = tuple[dict[int, float], list, int]


class SearchError(ValueError):
    """A request that cannot be served as asked (unknown sort or facet, page or limit out of range)."""


class Searcher:
    """One per process is enough: calls from several threads (a web server's) take turns, as Whoosh's
    readers and the per-generation caches are not made for concurrent use (and pure-Python search would
    not run in parallel under the GIL anyway)."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        self._gen: Generation | None = None
        self._lock = threading.RLock()

    def _current(self) -> Generation:
        """The generation to read now; reopened when the index changed. Raises NoIndexError."""
        key = current_generation(self.settings)
        if self._gen is None or self._gen.key != key:
            # No key: no index (NoIndexError) or a damaged one (DamagedIndexError); opening tells which.
            new = Generation.open(self.settings)
            if self._gen is not None:
                self._gen.close()
            self._gen = new
        return self._gen

    def close(self) -> None:
        with self._lock:
            if self._gen is not None:
                self._gen.close()
            self._gen = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the public calls, one at a time -------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        """The page of results a request asks for, with facets, total and suggestion."""
        with self._lock:
            return self._search(request)

    def document(self, doc_id: str) -> Document | None:
        with self._lock:
            stored = self._current().searcher.document(id=doc_id)
            return to_document(stored_doc(stored)) if stored else None

    def versions(self, doc_id: str) -> list[Document]:
        """The other members of the document's duplicate group, oldest first."""
        with self._lock:
            searcher = self._current().searcher
            stored = searcher.document(id=doc_id)
            if not stored or not stored.get("group"):
                return []
            others = [
                to_document(stored_doc(s)) for s in searcher.documents(group=stored["group"]) if s.get("id") != doc_id
            ]
            return sorted(others, key=lambda d: ((d.date or d.event_date or dt.date.max), d.id))

    def related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents like this one (findit.search.related)."""
        with self._lock:
            return related(self._current(), doc_id, limit)

    # -- search ------------------------------------------------------------------------------------------

    def _search(self, request: SearchRequest) -> SearchResult:
        request, messages = self._checked(request)
        gen = self._current()
        tables, counter = gen.tables, gen.facets
        mask = None if request.include_all else tables.hidden

        # The first reading Whoosh can run: as written, else as plain words (QueryReader.readings()).
        for read in gen.parser.readings(request.query):
            try:
                scores, words, found_bits = self._scores(gen, read, mask)
                break
            except Exception:  # noqa: BLE001 - a reading Whoosh cannot run: the next one
                continue
        else:  # not even as plain words: no result, and the message says why
            read = ReadQuery(wq.NullQuery, read.words, read.message)
            scores, words, found_bits = {}, [], 0
        if read.message:
            messages.append(read.message)
        if read.query is wq.NullQuery and not read.words and request.query.strip():
            messages.append(EMPTY)
        strict = len(scores)  # documents with every word, before any widening
        # Facet selections: values resolved to indexed ones, documents per facet.
        selected = {
            name: list(dict.fromkeys(counter.resolve(name, v) for v in request.filters.get(name, [])))
            for name in FACETS
        }
        chosen = {name: counter.selection(name, values) for name, values in selected.items() if values}
        # Widened when few documents the user will see have every word, filters counted: a filter that
        # leaves one full match still shows the partial ones after it.
        shown = found_bits
        for bits in chosen.values():
            shown &= bits
        widen = False
        if read.query is not None and (shown.bit_count() if chosen else strict) < MIN_ALL_WORDS:
            wide = widened(read.query)
            try:
                found = self._scores(gen, ReadQuery(wide, read.words), mask) if wide is not None else None
            except Exception:  # noqa: BLE001 - the strict answer stands
                found = None
            if found is not None and len(found[0]) > len(scores):
                scores, wide_words, found_bits = found
                words, widen = words or wide_words, True
                messages.append(WIDENED)

        final_bits = found_bits
        for bits in chosen.values():
            final_bits &= bits
        facets = {}
        for name in FACETS:
            among = final_bits
            if name in chosen:
                # A facet's counts ignore its own selection, so its other values stay choosable.
                among = found_bits
                for other, bits in chosen.items():
                    if other != name:
                        among &= bits
            labels = dict(Kind.LABELS_FR) if name == "kind" else None
            facets[name] = counter.count(name, among, selected[name], request.facet_limit, labels)

        final = from_bits(final_bits) if chosen else scores.keys()
        ranked = collapsed(final, scores, tables)
        start = (request.page - 1) * request.limit
        wanted = start + request.limit
        if request.sort == "relevance" and words:
            ranked = rerank(gen.reader, words, ranked, max(RERANK_TOP, wanted), coordinate=widen)
        ordered = _ordered(ranked, tables, request.sort, wanted, browse=read.query is None)
        page = hits(gen, read.query, ordered[start:wanted], ranked)

        suggestion = None
        if (min(strict, len(ranked)) <= FEW_RESULTS or read.corrections) and read.words:
            suggestion = self._suggestion(gen, request, read, strict, mask)
        return SearchResult(
            query=request.query,
            total=len(ranked),
            page=request.page,
            hits=page,
            facets=facets,
            suggestion=suggestion,
            message=" ".join(dict.fromkeys(messages)) or None,
        )

    def _checked(self, request: SearchRequest) -> tuple[SearchRequest, list[str]]:
        s = self.settings
        messages = []
        query = request.query if isinstance(request.query, str) else ""
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
            filters[name] = [str(v).strip() for v in values if str(v).strip()]
            if name == "year" and not all(map(is_year, filters[name])):
                raise SearchError("a year is a number, e.g. 2021")
        return SearchRequest(
            query=query,
            page=page,
            limit=limit,
            sort=request.sort,
            filters=filters,
            include_all=bool(request.include_all),
            facet_limit=max(facet_limit, 0),
        ), messages

    def _scores(self, gen: Generation, read: ReadQuery, mask) -> Found:
        """What the query matches, drafts and junk masked (see Found). Kept per generation for the last
        queries: choosing facets or pages repeats the same query."""
        if read.query is wq.NullQuery:
            return {}, [], 0
        key = (repr(read.query), mask is None)
        cached = gen.scores.get(key)
        if cached is not None:
            return cached
        if read.query is None:
            hidden = mask or frozenset()
            scores = {d: 0.0 for d in gen.tables.all_docs if d not in hidden}
            words: list[dict[str, list[str]]] = []
        else:
            base, words = split_exact(read.query)
            results = gen.searcher.search(base, limit=None, mask=set(mask) if mask else None)
            scores = {docnum: score for score, docnum in results.top_n}
        found = (scores, words, to_bits(scores))
        gen.remember(gen.scores, key, found, CACHED_QUERIES)
        return found

    def _suggestion(self, gen: Generation, request: SearchRequest, read: ReadQuery, total: int, mask) -> str | None:
        def known(word: str) -> bool:
            q = gen.parser.read(word, other_spellings=False).query  # the word as typed
            return q is not wq.NullQuery and has_indexed_terms(q, gen.reader)

        try:
            text = Suggester(gen.searcher, gen.display).suggest(request.query, read.words, known)
            if text is None:
                return None
            better = self._scores(gen, gen.parser.read(text), mask)[0]
        except Exception:  # noqa: BLE001 - a suggestion is a courtesy, never a failure
            return None
        # Offered when it finds more, or when the words typed were also searched in other forms: the
        # suggestion then searches only the form the archive knows.
        return text if len(better) > total or read.corrections else None


def _ordered(scores: dict[int, float], tables: FacetTables, sort: str, n: int, browse: bool) -> list[int]:
    """The first n documents: by relevance (then newest), or newest first (undated last)."""
    dates = tables.dates
    if browse and sort != "oldest":
        # Every score is 0: newest first, read off the order computed once per generation.
        out = []
        for d in tables.by_date:
            if d in scores:
                out.append(d)
                if len(out) == n:
                    break
        return out
    if sort == "oldest":
        # Undated last: they have no place on a time line.
        return heapq.nsmallest(n, scores, key=lambda d: (d not in dates, dates.get(d, 0), -scores[d], d))
    if sort == "date":
        return heapq.nlargest(n, scores, key=lambda d: (dates.get(d, 0), scores[d], -d))
    return heapq.nlargest(n, scores, key=lambda d: (scores[d], dates.get(d, 0), -d))
