"""The caches of recent queries (findit.search.recent.Recent, findit.search.keptscores): bounded in entries
and, for the kept scores, in the documents they hold, the newest always kept; a repeated query answers as
the first time."""

from __future__ import annotations

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
    answer(searcher, query="cartographie", page=2)
    assert answer(searcher, query="cartographie") == first
    searcher.forget_queries()
    assert answer(searcher, query="cartographie") == first
