"""The caches of recent queries (findit.search.recent.Recent, findit.search.keptscores): bounded in entries
and, for the kept scores, in the documents they hold, the newest always kept; a repeated query answers as
the first time."""

from __future__ import annotations

import sys
import threading

from findit.search.keptscores import keep, weight
from findit.search.recent import Recent
from findit.search.results import SearchRequest


def test_at_most_size_entries_the_oldest_forgotten_first():
    cache = Recent(2)
    for key in "abc":
        cache[key] = key
    assert list(cache) == ["b", "c"]


def test_a_budget_forgets_the_oldest_while_the_entries_weigh_more():
    cache = Recent(10, budget=5, weight=len)
    cache["a"] = "xx"
    cache["b"] = "xx"
    assert list(cache) == ["a", "b"]
    cache["c"] = "xx"  # 6 > 5: the oldest goes
    assert list(cache) == ["b", "c"]
    cache["d"] = "xxxxxxxx"  # heavier than the whole budget alone: the newest is still kept
    assert list(cache) == ["d"]


def test_an_entry_set_again_is_the_newest():
    cache = Recent(10, budget=4, weight=len)
    cache["a"] = "xx"
    cache["b"] = "xx"
    cache["a"] = "xx"  # a second view storing the same query
    cache["c"] = "xx"
    assert list(cache) == ["a", "c"]


def test_threads_adding_at_once_keep_the_bounds_and_raise_nothing():
    """The views of a generation share its caches across the server's threads."""
    cache = Recent(8, budget=20, weight=len)
    errors: list[BaseException] = []

    def add(thread: int) -> None:
        try:
            for n in range(3000):
                cache[(thread, n % 50)] = "x" * (1 + n % 5)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=add, args=(t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert 1 <= len(cache) <= 8 and sum(map(len, cache.values())) <= 20


def test_kept_scores_give_the_same_scores_back_and_weigh_their_documents():
    scores = {3: 1.5, 70000: 0.25, 12: 0.0}
    kept = keep(scores, [{"body": ["x"]}], 0b1)
    assert kept.unpacked() == scores and list(kept.unpacked()) == list(scores)
    assert weight(kept) == 3
    changed = kept.unpacked()
    changed[3] = 99.0  # what a request does to its scores changes nothing kept
    assert kept.unpacked() == scores


def answer(searcher, **kw):
    result = searcher.search(SearchRequest(limit=50, **kw))
    return [h.id for h in result.hits], result.total, result.facets


def test_a_query_asked_again_answers_as_the_first_time(searcher):
    searcher.forget_queries()
    first = answer(searcher, query="cartographie")
    # the same query, from its kept scores, with a facet chosen and on another page in between
    answer(searcher, query="cartographie", filters={"kind": ["page"]})
    searcher.search(SearchRequest(query="cartographie", page=2, limit=1))
    assert len(searcher._current().scores) == 1, "the query's scores, kept once and used again"
    assert answer(searcher, query="cartographie") == first
    searcher.forget_queries()
    assert answer(searcher, query="cartographie") == first
