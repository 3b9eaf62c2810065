"""A time budget per query: a search that takes longer stops where it is and answers with what it found,
so that one heavy query (hundreds of words, a pattern matching half the vocabulary) cannot hold a
server's searcher for seconds while others wait."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from whoosh import query as wq

PARTIAL = "La recherche a pris trop de temps : elle a été arrêtée après {seconds:g} s et les résultats sont partiels."


@dataclass
class Matched:
    scores: dict[int, float]  # document number -> score
    complete: bool  # False: the budget ran out, `scores` holds what was found by then


def within(searcher, q: wq.Query, mask: set[int] | None, seconds: float, vector_postings: int | None) -> Matched:
    """Every document `q` matches (but those in `mask`), with its score, in at most about `seconds`
    (Whoosh checks the time between matching documents). A query whose terms hold `vector_postings`
    postings or more is matched by posting lists (findit.search.vectorscore), with the same scores; so is
    every query once numpy is loaded. Below that, in a fresh process, loading numpy (~0.1 s) would cost
    more than it saves (~5 µs per posting). `vector_postings` None: Whoosh's matchers only."""
    from whoosh.collectors import TimeLimit, TimeLimitCollector

    hidden = mask or set()
    # Once numpy is loaded (a warm process that matched a large query) posting lists are faster at any size.
    if vector_postings is not None and (
        "numpy" in sys.modules or postings_volume(searcher.reader(), q, vector_postings) >= vector_postings
    ):
        from findit.search.vectorscore import all_scores

        scores, complete = all_scores(searcher, q, seconds)
        return Matched({d: s for d, s in scores.items() if d not in hidden}, complete)

    # No SIGALRM: the page searches in worker threads, where signals cannot be used. The mask is applied
    # after: Whoosh's masking collector would take the place of the one that watches the time.
    collector = TimeLimitCollector(searcher.collector(limit=None), timelimit=seconds, use_alarm=False)
    complete = True
    try:
        searcher.search_with_collector(q, collector)
    except TimeLimit:
        complete = False
    finally:
        if collector.timer is not None:
            collector.timer.cancel()
    return Matched({d: score for score, d in collector.results().top_n if d not in hidden}, complete)


def postings_volume(reader, q: wq.Query, enough: int) -> int:
    """How many postings the query's terms hold (counting stops at `enough`): what matching it by
    posting lists reads."""
    total = 0
    for fieldname, text in q.iter_all_terms():
        try:
            total += reader.doc_frequency(fieldname, text)
        except Exception:  # noqa: BLE001 - a term Whoosh cannot look up counts for nothing
            continue
        if total >= enough:
            break
    return total
