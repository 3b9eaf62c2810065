"""Search over the current index generation: ranking, facets, snippets, suggestions, duplicate groups.

`Searcher(settings)` serves the terminal, the web page and the benchmarks. It opens the current generation
lazily and opens it anew whenever the generation or Whoosh's TOC changes (never `Searcher.refresh()`,
which counts documents twice after a merging commit), so a running server sees every update."""

from __future__ import annotations

import datetime as dt
import heapq
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from pathlib import Path

from whoosh import query as wq
from whoosh import scoring

from findit.documents import Document, Kind
from findit.facets import FacetTables
from findit.highlight import highlight_terms, snippet
from findit.index import NoIndexError, current_generation, open_index
from findit.proximity import rerank, split_exact
from findit.query import MIN_ALL_WORDS, WIDENED, QueryReader, ReadQuery, alternatives, fold, widened
from findit.results import FACETS, Hit, SearchRequest, SearchResult
from findit.settings import Settings
from findit.suggest import Suggester, has_indexed_terms

__all__ = ["Searcher", "SearchError", "NoIndexError"]

SORTS = ("relevance", "date")
# A suggestion is offered when a query finds at most this many results.
FEW_RESULTS = 2
# Queries whose scores a generation keeps (facet clicks and pages repeat a query).
CACHED_QUERIES = 64
CACHED_SNIPPETS = 1000
# How many of the best documents get the proximity reward (see findit.proximity).
RERANK_TOP = 100
TRUNCATED = "La requête a été raccourcie à {n} caractères."
EMPTY = "La requête ne contient aucun mot à chercher."
_DOC_FIELDS = {f.name for f in fields(Document)}


class SearchError(ValueError):
    """A request that cannot be served as asked (unknown sort or facet, page or limit out of range)."""


@dataclass
class _Generation:
    """One opened generation and everything read from it once."""

    key: str
    index: object
    searcher: object
    reader: object
    schema: object
    parser: QueryReader
    tables: FacetTables
    cache: OrderedDict = field(default_factory=OrderedDict)    # recent queries -> scores
    snippets: OrderedDict = field(default_factory=OrderedDict)  # (docnum, terms) -> snippet
    _display: dict[str, str] | None = None

    def remember(self, key, value, store: OrderedDict | None = None, size: int = 0) -> None:
        store = self.cache if store is None else store
        store[key] = value
        while len(store) > (size or CACHED_QUERIES):
            store.popitem(last=False)

    @classmethod
    def open(cls, settings: Settings) -> "_Generation":
        ix, _table, key, acronyms = open_index(settings)
        searcher = ix.searcher(weighting=weighting())
        reader = searcher.reader()
        tables = (FacetTables.load(Path(ix.storage.folder), reader.generation(), reader.doc_count_all())
                  or FacetTables.read(reader))
        values = {name: list(tables.postings.get(name, {})) for name in ("tag", "outlet", "kind")}
        parser = QueryReader(ix.schema, values, {"kind": dict(Kind.LABELS_FR)}, acronyms)
        return cls(key, ix, searcher, reader, ix.schema, parser, tables)

    @property
    def display(self) -> dict[str, str]:
        """Folded name word -> display form, for suggestions; built when a query first needs one (most
        never do: a one-shot query would pay for it at every run)."""
        display = self._display
        if display is None:
            display = {}   # built aside and set whole (another thread may read it meanwhile)
            for facet in ("speaker", "organisation"):
                for value in self.tables.postings.get(facet, {}):
                    for word in value.split():
                        display.setdefault(fold(word).strip(".,;:"), word.strip(".,;:"))
            self._display = display
        return display

    def close(self) -> None:
        self.searcher.close()


class Searcher:
    """One per process is enough: calls from several threads (a web server's) take turns, as Whoosh's
    readers and the per-generation caches are not made for concurrent use (and pure-Python search would
    not run in parallel under the GIL anyway)."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        self._gen: _Generation | None = None
        self._lock = threading.RLock()

    # -- opening -----------------------------------------------------------------------------------------

    def _current(self) -> _Generation:
        """The generation to read now; reopened when the index changed. Raises NoIndexError."""
        key = current_generation(self.settings)
        if self._gen is None or self._gen.key != key:
            # No key: no index (NoIndexError) or a damaged one (DamagedIndexError); opening tells which.
            new = _Generation.open(self.settings)
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
            return self._document(doc_id)

    def versions(self, doc_id: str) -> list[Document]:
        """The other members of the document's duplicate group, oldest first."""
        with self._lock:
            return self._versions(doc_id)

    def related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents like this one: first the coverage of an event (or the event a coverage item speaks
        of), then more-like-this; one per duplicate group, drafts and junk left out."""
        with self._lock:
            return self._related(doc_id, limit)

    # -- search ------------------------------------------------------------------------------------------

    def _search(self, request: SearchRequest) -> SearchResult:
        request, messages = self._checked(request)
        gen = self._current()
        tables = gen.tables

        read = gen.parser.read(request.query)
        if read.message:
            messages.append(read.message)
        mask = None if request.include_all else tables.hidden
        try:
            scores, words, found_bits = self._scores(gen, read, mask)
        except Exception:  # noqa: BLE001 - a parsed query Whoosh cannot run is read again as words
            read = gen.parser.read_plain(request.query)
            messages.append(read.message)
            try:
                scores, words, found_bits = self._scores(gen, read, mask)
            except Exception:  # noqa: BLE001 - still unreadable: no result, and the message says why
                read = ReadQuery(wq.NullQuery, read.words, read.message)
                scores, words, found_bits = {}, [], 0
        if read.query is wq.NullQuery and not read.words and request.query.strip():
            messages.append(EMPTY)
        strict = len(scores)             # documents with every word, before any widening
        widen = False
        if read.query is not None and strict < MIN_ALL_WORDS:
            wide = widened(read.query)
            try:
                found = self._scores(gen, ReadQuery(wide, read.words), mask) if wide is not None else None
            except Exception:  # noqa: BLE001 - the strict answer stands
                found = None
            if found is not None:
                wide_scores, wide_words, wide_bits = found
                if len(wide_scores) > len(scores):
                    scores, found_bits, widen = wide_scores, wide_bits, True
                    words = words or wide_words
                    messages.append(WIDENED)

        # Facet selections: values resolved to indexed ones, documents per facet.
        selected = {name: list(dict.fromkeys(tables.resolve(name, v) for v in request.filters.get(name, [])))
                    for name in FACETS}
        chosen = {name: tables.selection(name, vals) for name, vals in selected.items() if vals}
        chosen_bits = {name: tables.selection_bits(name, selected[name]) for name in chosen}
        matched = scores.keys()
        final = set(matched)
        final_bits = found_bits
        for name, docs in chosen.items():
            final &= docs
            final_bits &= chosen_bits[name]

        facets = {}
        for name in FACETS:
            among, among_bits = final, final_bits
            if name in chosen:
                # A facet's counts ignore its own selection, so its other values stay choosable.
                among, among_bits = set(matched), found_bits
                for other, docs in chosen.items():
                    if other != name:
                        among &= docs
                        among_bits &= chosen_bits[other]
            labels = dict(Kind.LABELS_FR) if name == "kind" else None
            facets[name] = tables.count(name, among_bits, among, selected[name], request.facet_limit, labels)

        ranked = self._collapsed(final, scores, tables)
        start = (request.page - 1) * request.limit
        wanted = start + request.limit
        if request.sort == "relevance" and words:
            ranked = rerank(gen.reader, words, ranked, max(RERANK_TOP, wanted), coordinate=widen)
        ordered = self._ordered(ranked, tables, request.sort, wanted, browse=read.query is None)
        hits = self._hits(gen, read, ordered[start:wanted], ranked)

        suggestion = None
        if min(strict, len(ranked)) <= FEW_RESULTS and read.words:
            suggestion = self._suggestion(gen, request, read, strict, mask)
        return SearchResult(
            query=request.query, total=len(ranked), page=request.page, hits=hits, facets=facets,
            suggestion=suggestion, message=" ".join(dict.fromkeys(messages)) or None)

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
            if name == "year" and any(not v.lstrip("-").isdigit() for v in filters[name]):
                raise SearchError("a year is a number, e.g. 2021")
        return SearchRequest(query=query, page=page, limit=limit, sort=request.sort, filters=filters,
                             include_all=bool(request.include_all), facet_limit=max(facet_limit, 0)), messages

    def _scores(self, gen: _Generation, read: ReadQuery, mask) -> tuple[dict[int, float], list, int]:
        """Matching documents (drafts and junk masked) -> relevance score; the query's words for the
        second-stage ranking (findit.proximity); the matching documents as bits (for facet counts).
        Kept per generation for the last queries: choosing facets or pages repeats the same query."""
        if read.query is wq.NullQuery:
            return {}, [], 0
        key = (repr(read.query), mask is None)
        cached = gen.cache.get(key)
        if cached is not None:
            return cached
        if read.query is None:
            hidden = mask or frozenset()
            scores, words = {d: 0.0 for d in gen.tables.all_docs if d not in hidden}, []
        else:
            base, words = split_exact(read.query)
            results = gen.searcher.search(base, limit=None, mask=set(mask) if mask else None)
            scores = {docnum: score for score, docnum in results.top_n}
        found = (scores, words, gen.tables.bits(scores))
        gen.remember(key, found)
        return found

    @staticmethod
    def _collapsed(docs, scores: dict[int, float], tables: FacetTables) -> dict[int, float]:
        """One document per duplicate group: its original (see FacetTables.original_key) among the
        documents given, scored as the group's best match."""
        out: dict[int, float] = {}
        members: dict[str, list[int]] = {}
        group_of = tables.group_of
        for d in docs:
            group = group_of.get(d)
            if group is None:
                out[d] = scores[d]
            else:
                members.setdefault(group, []).append(d)
        for group_docs in members.values():
            best = min(group_docs, key=tables.original_key)
            out[best] = max(scores[d] for d in group_docs)
        return out

    @staticmethod
    def _ordered(scores: dict[int, float], tables: FacetTables, sort: str, n: int, browse: bool) -> list[int]:
        """The first n documents: by relevance (then newest), or newest first (undated last)."""
        if browse:
            # Every score is 0: newest first, read off the order computed once per generation.
            out = []
            for d in tables.by_date:
                if d in scores:
                    out.append(d)
                    if len(out) == n:
                        break
            return out
        dates = tables.dates
        if sort == "date":
            return heapq.nlargest(n, scores, key=lambda d: (dates.get(d, 0), scores[d], -d))
        return heapq.nlargest(n, scores, key=lambda d: (scores[d], dates.get(d, 0), -d))

    def _hits(self, gen: _Generation, read: ReadQuery, docnums: list[int], scores) -> list[Hit]:
        if not docnums:
            return []
        terms = highlight_terms(read.query, gen.reader, ("title", "summary", "body", "speakers",
                                                         "organisations"))
        analyzer = gen.schema["body"].analyzer
        hits = []
        for d in docnums:
            stored = gen.searcher.stored_fields(d)
            doc = _stored_doc(stored)
            key = (d, terms)
            text = gen.snippets.get(key)
            if text is None:
                text = snippet([doc.get("body", ""), doc.get("summary", "")], terms, analyzer)
                gen.remember(key, text, gen.snippets, CACHED_SNIPPETS)
            group = gen.tables.group_of.get(d)
            hits.append(Hit(
                id=doc.get("id", stored.get("id", "")), kind=doc.get("kind", ""), title=doc.get("title", ""),
                date=doc.get("date") or doc.get("event_date"), year=doc.get("year"),
                outlet=doc.get("outlet", ""), tags=list(doc.get("tags", [])),
                speakers=list(doc.get("speakers", [])), organisations=list(doc.get("organisations", [])),
                url=doc.get("url", ""), source=doc.get("source", ""), score=round(float(scores[d]), 4),
                snippet=text, duplicates=gen.tables.group_size[group] - 1 if group else 0))
        return hits

    def _suggestion(self, gen: _Generation, request: SearchRequest, read: ReadQuery, total: int,
                    mask) -> str | None:
        def known(word: str) -> bool:
            q = gen.parser.read(word).query
            return q is not wq.NullQuery and has_indexed_terms(q, gen.reader)

        try:
            text = Suggester(gen.searcher, gen.display).suggest(request.query, read.words, known)
            if text is None:
                return None
            better = self._scores(gen, gen.parser.read(text), mask)[0]
        except Exception:  # noqa: BLE001 - a suggestion is a courtesy, never a failure
            return None
        return text if len(better) > total else None

    # -- documents ---------------------------------------------------------------------------------------

    def _document(self, doc_id: str) -> Document | None:
        gen = self._current()
        stored = gen.searcher.document(id=doc_id)
        return _document(_stored_doc(stored)) if stored else None

    def _versions(self, doc_id: str) -> list[Document]:
        """The other members of the document's duplicate group, oldest first."""
        gen = self._current()
        stored = gen.searcher.document(id=doc_id)
        if not stored or not stored.get("group"):
            return []
        others = [_document(_stored_doc(s)) for s in gen.searcher.documents(group=stored["group"])
                  if s.get("id") != doc_id]
        return sorted(others, key=lambda d: ((d.date or d.event_date or dt.date.max), d.id))

    def _related(self, doc_id: str, limit: int = 5) -> list[Hit]:
        """Documents like this one: first the coverage of an event (or the event a coverage item speaks
        of), then more-like-this; one per duplicate group, drafts and junk left out."""
        gen = self._current()
        docnum = _docnum(gen, doc_id)
        if docnum is None or limit <= 0:
            return []
        doc = _stored_doc(gen.searcher.stored_fields(docnum))
        tables = gen.tables
        own_group = tables.group_of.get(docnum)
        exclude = set(tables.hidden) | {docnum}
        if own_group:
            exclude |= {d for d, g in tables.group_of.items() if g == own_group}

        scores: dict[int, float] = {}
        links = _link_query(gen, doc)
        if links is not None:
            for score, d in gen.searcher.search(links, limit=limit * 3, mask=exclude).top_n:
                scores[d] = 1000.0 + score      # links first
        text = " ".join(filter(None, (doc.get("title"), doc.get("summary"), doc.get("body"))))
        if text.strip():
            try:
                like = gen.searcher.more_like(docnum, "body", text=text, top=limit * 3, numterms=12)
                for score, d in like.top_n:
                    if d not in exclude:
                        scores.setdefault(d, score)
            except Exception:  # noqa: BLE001 - no key terms (e.g. a text of stop words): links only
                pass
        ranked = self._collapsed(scores, scores, tables)
        ordered = sorted(ranked, key=lambda d: (-ranked[d], d))[:limit]
        return self._hits(gen, ReadQuery(None), ordered, {d: ranked[d] % 1000.0 for d in ordered})


def weighting():
    """BM25F without length normalisation for the name fields: most documents name nobody, so the few
    names a document has would otherwise count as a very long field."""
    return scoring.BM25F(speakers_B=0.0, organisations_B=0.0)


def _link_query(gen: _Generation, doc: dict) -> wq.Query | None:
    """Event -> its press coverage, coverage item -> its event: the other kind, sharing the title's words
    close together or a speaker."""
    kind = doc.get("kind")
    other = {Kind.EVENT: Kind.COVERAGE, Kind.COVERAGE: Kind.EVENT}.get(kind)
    if other is None:
        return None
    clues = []
    title_words = [w for w in gen.parser.read_plain(doc.get("title", "")).words if len(w) > 3]
    if len(title_words) >= 2:
        # The terms of each word (a word may have alternatives, see LemmaTable.lookup), in order.
        per_word: dict[int, list[str]] = {}
        for tok in gen.schema["body"].analyzer(" ".join(title_words), mode="query", positions=True):
            per_word.setdefault(tok.pos, []).append(tok.text)
        if len(per_word) >= 2:
            for name in ("title", "summary", "body"):
                clues.append(wq.Sequence([alternatives(name, terms) for terms in per_word.values()], slop=3))
    for person in doc.get("speakers", []):
        words = list(gen.schema["speakers"].process_text(person, mode="query"))
        if len(words) >= 2:   # a full name, not a lone first name
            clues.append(wq.Phrase("speakers", words))
    if not clues:
        return None
    q = wq.And([wq.Term("kind", other), wq.Or(clues)])
    year = doc.get("year")
    if isinstance(year, int):
        q = wq.And([q, wq.NumericRange("year", year - 1, year + 1)])
    return q


def _docnum(gen: _Generation, doc_id: str) -> int | None:
    try:
        return gen.searcher.document_number(id=doc_id)
    except Exception:  # noqa: BLE001 - an id that is not in the index
        return None


def _stored_doc(stored: dict) -> dict:
    try:
        doc = json.loads(stored.get("doc") or "{}")
    except (TypeError, ValueError):
        doc = {}
    for key in ("id", "kind", "source", "outlet", "year"):
        doc.setdefault(key, stored.get(key))
    return doc


def _document(data: dict) -> Document:
    values = {k: v for k, v in data.items() if k in _DOC_FIELDS}
    for key in ("date", "event_date"):
        if isinstance(values.get(key), str):
            try:
                values[key] = dt.date.fromisoformat(values[key][:10])
            except ValueError:
                values[key] = None
    values.setdefault("body", "")
    values.setdefault("title", "")
    return Document(**values)

