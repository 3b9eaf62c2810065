"""Search over the current index generation: ranking, facets, snippets, suggestions, duplicate groups.

`Searcher(settings)` serves the terminal, the web page and the benchmarks. It opens the current generation
lazily and opens it anew whenever the generation or Whoosh's TOC changes (never `Searcher.refresh()`,
which counts documents twice after a merging commit), so a running server sees every update."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable

from whoosh import query as wq

from findit.documents import Document
from findit.index import NoIndexError, current_generation
from findit.index.facetstore import from_bits, to_bits
from findit.search.budget import PARTIAL, within
from findit.search.datefilter import dated_bits, mentioned_bits
from findit.search.generation import Generation
from findit.search.hits import hits, stored_doc, to_document
from findit.search.keptscores import keep
from findit.search.leading import leading
from findit.search.query import ReadQuery
from findit.search.querydates import DateReader, QueryDates
from findit.search.ranking import by_order, rerank, split_exact
from findit.search.related import related
from findit.search.relax import MIN_ALL_WORDS, WIDENED, widened
from findit.search.requestchecks import checked
from findit.search.results import FACETS, Hit, SearchRequest, SearchResult
from findit.search.selections import select
from findit.search.titles import function_title_terms, item_bits
from findit.settings import Settings

__all__ = ["Searcher", "NoIndexError"]

# A suggestion is offered when a query finds at most this many results.
FEW_RESULTS = 2
# How many of the best documents get the proximity reward (see findit.search.ranking).
RERANK_TOP = 100
EMPTY = "La requête ne contient aucun mot à chercher."
DAY_TO_MONTH = "Aucun document pour le {day} : voici ceux de {month}."
DATE_AS_TEXT = "Aucun document pour la date {label} : « {words} » est cherché comme du texte."

# What a query matched: document -> score, the query's plain words (for the second-stage ranking), the
# matching documents as bits (for facet counts), and whether the search finished within its time budget.
Found = tuple[dict[int, float], list, int, bool]


class Searcher:
    """One per process is enough: calls from several threads (a web server's) take turns, as Whoosh's
    readers and the per-generation caches are not made for concurrent use (and pure-Python search would
    not run in parallel under the GIL anyway)."""

    def __init__(self, settings: Settings | None = None, today: dt.date | Callable[[], dt.date] | None = None):
        self.settings = settings or Settings.from_env()
        # Dates written in queries (« en 2021 », « l'an dernier »: `today` fixes the day for tests).
        self._dates = DateReader(today)
        # The date a date filter reads of each document, in order, for one generation's facet tables:
        # (tables, days, documents).
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

    def forget_queries(self) -> None:
        """Forget the scores and snippets kept for recent queries (the next search of each computes them
        again): what a query costs the first time it is asked, for benchmarks."""
        with self._lock:
            if self._gen is not None:
                self._gen.scores.clear()
                self._gen.snippets.clear()
                self._gen.reranks.clear()

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
        request, messages, dates = checked(request, self.settings, self._dates)
        result, _ = self._search_read(request, list(messages), dates)
        day = dates.date
        month = day.month() if result.total == 0 and day is not None else None
        if day is not None and month is not None:
            # « bootcamp EIG 3 mars 2019 »: nothing that day, the month's pages may be what is meant (the
            # page of a bootcamp held on the 12th): the month, saying so.
            in_month = self._search_read(request, list(messages), dataclasses.replace(dates, date=month))[0]
            if in_month.total:
                note = DAY_TO_MONTH.format(day=day.label(), month=month.label())
                in_month.message = " ".join(filter(None, [note, in_month.message]))
                return in_month
        if result.total == 0 and dates.date is not None and '"' not in request.query:
            # « parité en 2022 » may be a title's words, not a date: when the date leaves nothing and some
            # document has the query's words as written, side by side, the query is read whole, as text.
            phrase = dataclasses.replace(request, query=f'"{request.query}"')
            _, written = self._search_read(phrase, [], QueryDates(phrase.query))
            as_text = self._search_read(request, messages, QueryDates(request.query))[0] if written else None
            if as_text is not None and as_text.total:
                note = DATE_AS_TEXT.format(label=dates.date.label(), words=dates.date.text)
                as_text.message = " ".join(filter(None, [note, as_text.message]))
                return as_text
        return result

    def _search_read(self, request: SearchRequest, messages: list[str], dates: QueryDates) -> tuple[SearchResult, int]:
        """The result, and how many documents hold every word (before widening, filters aside)."""
        gen = self._current()
        tables, counter = gen.tables, gen.facets
        mask = None if request.include_all else tables.hidden
        text = dates.text  # the query without its date (findit.search.querydates)
        on_date = dated_bits(gen, dates.date) if dates.date is not None else 0
        dated = on_date | mentioned_bits(gen, dates.date) if dates.date is not None else None

        # The first reading Whoosh can run: as written, else as plain words (QueryReader.readings()).
        for read in gen.parser.readings(text):
            try:
                scores, words, found_bits, complete = self._scores(gen, read, mask)
                break
            except Exception:  # noqa: BLE001 - a reading Whoosh cannot run: the next one
                continue
        else:  # not even as plain words: no result, and the message says why
            read = ReadQuery(wq.NullQuery, read.words, read.message)
            scores, words, found_bits, complete = {}, [], 0, True
        if read.message:
            messages.append(read.message)
        if read.query is wq.NullQuery and not read.words and text.strip():
            messages.append(EMPTY)
        strict = len(scores)  # documents with every word, before any widening
        # Facet selections: values resolved to indexed ones, documents per facet (findit.search.selections).
        selections = select(counter, request.filters, 0 if request.include_all else counter.hidden_bits())
        messages.extend(selections.problems + selections.notes)
        chosen, selected = selections.chosen, selections.selected
        # Widened when few documents the user will see have every word, filters counted: a filter that
        # leaves one full match still shows the partial ones after it.
        shown = found_bits if dated is None else found_bits & dated
        for bits in chosen.values():
            shown &= bits
        widen = False
        if (
            complete
            and read.query is not None
            and not read.every_word
            and (shown.bit_count() if chosen or dated is not None else strict) < MIN_ALL_WORDS
        ):
            wide = widened(read.query)
            try:
                found = self._scores(gen, ReadQuery(wide, read.words), mask) if wide is not None else None
            except Exception:  # noqa: BLE001 - the strict answer stands
                found = None
            if found is not None and len(found[0]) > len(scores):
                scores, wide_words, found_bits, complete = found
                words, widen = words or wide_words, True
                messages.append(WIDENED)
        if not complete:
            messages.append(PARTIAL.format(seconds=self.settings.query_seconds))

        # One line per duplicate group, chosen among the matches the filters keep: a group whose original
        # is from 2024 still shows its 2025 re-post when 2025 is asked. Each facet counts the lines the
        # list would show with the other facets' selections (findit.search.facets).
        matched_bits = found_bits
        if dated is not None:
            found_bits &= dated
        final_bits = found_bits
        for bits in chosen.values():
            final_bits &= bits
        if widen and not final_bits:
            messages.remove(WIDENED)  # nothing to show, not « some of the words »
        shown_scores = tables.collapsed(scores.keys() if final_bits == matched_bits else from_bits(final_bits), scores)
        shown_bits = to_bits(shown_scores) if len(shown_scores) < final_bits.bit_count() else final_bits
        facets = counter.counts(FACETS, scores, found_bits, shown_bits, chosen, selected, request.facet_limit)

        ranked = shown_scores
        start = (request.page - 1) * request.limit
        wanted = start + request.limit
        if request.sort == "relevance" and words:
            ranked = rerank(
                gen.reader,
                words,
                ranked,
                max(RERANK_TOP, wanted),
                coordinate=widen,
                kept=gen.reranks,
                function_words=function_title_terms(read.query),
                items=item_bits(tables.values.get("kind", {})),
            )
        # Only those the filters keep can be shown (`shown`: fewer than MIN_ALL_WORDS when widened).
        lead = leading(gen.reader, tables, read, words, shown if widen else None, final_bits, on_date)
        if lead.message and request.sort == "relevance":
            messages.append(lead.message)
        browse = read.query is None
        ordered = by_order(ranked, tables, request.sort, wanted, browse, first=lead.first, then=lead.then)
        page = hits(gen, read.query, ordered[start:wanted], ranked)
        if request.explain:
            from findit.search.explain import explain  # asked for: not imported by a one-shot query

            for hit, docnum in zip(page, ordered[start:wanted], strict=True):
                hit.explain = [m.to_json() for m in explain(gen.reader, read.query, docnum)]

        suggestion = None
        if (min(strict, len(ranked)) <= FEW_RESULTS or read.corrections) and read.words:
            suggestion = self._suggestion(gen, request, read, strict, mask)
        filters: dict = {}
        if dates.date is not None:
            # Where it was written in the (checked) query: the page's chip removes those words.
            filters["date"] = {**dates.date.to_json(), "span": list(dates.span or (0, 0))}
        filters.update(selections.to_json())
        result = SearchResult(
            query=request.query,
            total=len(ranked),
            page=request.page,
            hits=page,
            facets=facets,
            suggestion=suggestion,
            message=" ".join(dict.fromkeys(messages)) or None,
            filters=filters,
            searched=text if dates.date is not None else None,
            problems=selections.problems,
        )
        return result, strict

    def _scores(self, gen: Generation, read: ReadQuery, mask) -> Found:
        """What the query matches, drafts and junk masked (see Found). Kept per generation for the last
        queries: choosing facets or pages repeats the same query."""
        if read.query is wq.NullQuery:
            return {}, [], 0, True
        key = _kept_key(read, mask)
        cached = gen.scores.get(key)
        if cached is not None:
            return cached.unpacked(), cached.words, cached.bits, True
        if read.query is None:
            hidden = mask or frozenset()
            scores = {d: 0.0 for d in gen.tables.all_docs if d not in hidden}
            words: list[dict[str, list[str]]] = []
        else:
            base, words = split_exact(read.query)
            s = self.settings
            matched = within(gen.searcher, base, set(mask) if mask else None, s.query_seconds, s.vector_postings)
            if not matched.complete:  # partial: not kept, the next time may finish
                return matched.scores, words, to_bits(matched.scores), False
            scores = matched.scores
        bits = to_bits(scores)
        gen.scores[key] = keep(scores, words, bits)
        return scores, words, bits, True

    def _suggestion(self, gen: Generation, request: SearchRequest, read: ReadQuery, total: int, mask) -> str | None:
        from findit.search.suggest import Suggester, has_indexed_terms  # few results only

        def known(word: str) -> bool:
            q = gen.parser.read(word, other_spellings=False).query  # the word as typed
            return q is not wq.NullQuery and has_indexed_terms(q, gen.reader)

        try:
            text = Suggester(gen.searcher, gen.display).suggest(request.query, read.words, known)
            if text is None:
                return None
            suggested = gen.parser.read(self._dates.read(text).text)
            kept = gen.scores.get(_kept_key(suggested, mask))  # counted without making its scores a dict again
            better = len(kept.docs) if kept is not None else len(self._scores(gen, suggested, mask)[0])
        except Exception:  # noqa: BLE001 - a suggestion is a courtesy, never a failure
            return None
        # Offered when it finds more, or when the words typed were also searched in other forms: the
        # suggestion then searches only the form the archive knows.
        return text if better > total or read.corrections else None


def _kept_key(read: ReadQuery, mask) -> tuple:
    """What a generation keeps a query's scores under (Generation.scores)."""
    return (repr(read.query), mask is None)
