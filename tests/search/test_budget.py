"""A query that takes longer than its budget answers with what it found so far, and says so."""

from __future__ import annotations

import time

import pytest
from whoosh import query as wq
from whoosh.matching import WrappingMatcher

from findit.index import open_index
from findit.search.budget import within


class _SlowMatcher(WrappingMatcher):
    """Every document of the wrapped matcher, 20 ms apart: a heavy query's pace."""

    def next(self):
        time.sleep(0.02)
        return self.child.next()

    def _replacement(self, newchild):
        return _SlowMatcher(newchild)


class SlowEvery(wq.Every):
    def matcher(self, searcher, context=None):
        return _SlowMatcher(super().matcher(searcher, context))


@pytest.mark.parametrize("vector_postings", [None, 0], ids=["whoosh", "posting lists"])
def test_a_search_past_its_budget_returns_part_of_the_documents(settings, vector_postings):
    ix = open_index(settings).index
    with ix.searcher() as searcher:
        total = searcher.doc_count()
        whole = within(searcher, wq.Every(), None, seconds=30, vector_postings=vector_postings)
        assert whole.complete and len(whole.scores) == total
        # 20 ms per document (over a second in all): a 50 ms budget stops well before the end.
        part = within(searcher, SlowEvery(), None, seconds=0.05, vector_postings=vector_postings)
        assert not part.complete and 0 < len(part.scores) < total
        # the documents found by then are real matches
        assert set(part.scores) <= set(whole.scores)


def test_masked_documents_are_left_out(settings):
    ix = open_index(settings).index
    with ix.searcher() as searcher:
        whole = within(searcher, wq.Every(), None, seconds=30, vector_postings=None)
        hidden = set(list(whole.scores)[:3])
        assert not set(within(searcher, wq.Every(), hidden, seconds=30, vector_postings=None).scores) & hidden


def test_an_exclusion_cut_short_lets_no_excluded_document_through(settings):
    """Every document is excluded; the exclusion, matched by Whoosh's matcher inside posting-list matching,
    is slow and the budget stops it early: the partial answer holds fewer documents than the whole one
    (none), never more."""
    ix = open_index(settings).index
    with ix.searcher() as searcher:
        part = within(searcher, wq.AndNot(wq.Every(), SlowEvery()), None, seconds=0.05, vector_postings=0)
    assert not part.complete and part.scores == {}
