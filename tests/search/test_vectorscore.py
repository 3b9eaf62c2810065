"""Matching by posting lists (findit.search.vectorscore) finds the documents Whoosh's matchers find, with
the same scores, on indexes large enough for many posting blocks, with several segments and deleted
documents; and a search gives the same page, total and facets whichever way it matched.

The scores are compared with Whoosh's matcher read document by document: Whoosh's collector also swaps an
exhausted part of an Or out of the matcher, which changes a coordinated Or's count of terms for the
documents after it (a score depending on where a document sits in the index); posting lists count the
Or's terms for every document alike."""

from __future__ import annotations

import random
import shutil

import pytest
from whoosh import fields, scoring
from whoosh import query as wq
from whoosh.index import create_in

from findit.search import Searcher
from findit.search.budget import within
from findit.search.clauses import ValueMatch
from findit.search.results import SearchRequest
from findit.search.weighting import Weighting, named_average

WORDS = [f"w{i}" for i in range(40)]
WHOOSH = None  # vector_postings: never by posting lists
ALWAYS = 0  # always by posting lists


def _text(rng: random.Random) -> str:
    # Skewed: w0 is in nearly every document (many posting blocks), w39 in few.
    return " ".join(rng.choice(WORDS[: rng.randint(2, 40)]) for _ in range(rng.randint(1, 60)))


@pytest.fixture(scope="module")
def segmented(tmp_path_factory):
    """A Whoosh index of 1,500 documents in three segments, some of them deleted, scored as findit scores
    (BM25F, no length normalisation in one field)."""
    folder = tmp_path_factory.mktemp("vector-index")
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(),
        body=fields.TEXT(),
        tag=fields.KEYWORD(),
        organisations=fields.TEXT(),  # a name field: empty in most documents (findit.search.weighting)
    )
    ix = create_in(str(folder), schema)
    rng = random.Random(7)
    for batch in range(3):
        writer = ix.writer()
        for n in range(500):
            names = _text(rng)[:20] if rng.random() < 0.2 else ""
            writer.add_document(
                id=f"{batch}-{n}",
                title=_text(rng)[:40],
                body=_text(rng),
                tag=rng.choice(WORDS[:5]),
                organisations=names,
            )
        writer.commit(merge=False)
    writer = ix.writer()
    for n in range(0, 500, 7):
        writer.delete_by_term("id", f"1-{n}")
    writer.commit(merge=False)
    yield ix
    ix.close()
    shutil.rmtree(folder, ignore_errors=True)


def _queries() -> list[wq.Query]:
    t, b = (lambda w: wq.Term("title", w)), (lambda w: wq.Term("body", w))
    word = lambda w, boost=1.0: wq.Or([t(w).with_boost(2.0), b(w), wq.Term("tag", w)], boost=boost)  # noqa: E731
    return [
        b("w0"),
        b("w39").with_boost(3.0),
        wq.And([word("w0"), word("w1")]),
        wq.And([word("w0"), word("w30"), word("w2", boost=0.5)]),
        wq.Or([word("w0"), word("w35")]),
        wq.Or([word("w3"), word("w31"), word("w38")], scale=0.9),  # coordinated, as a widened query
        wq.Or([wq.And([word("w1"), word("w2")]), wq.Phrase("body", ["w0", "w1"])], scale=0.9),
        wq.AndMaybe(word("w5"), word("w0").with_boost(0.1)),
        wq.AndNot(word("w0"), word("w4")),
        wq.And([word("w2"), wq.Phrase("body", ["w0", "w0"])]),
        wq.And([word("w6"), wq.Sequence([b("w1"), wq.Or([b("w0"), b("w2")])])]),
        wq.And([word("w1"), ValueMatch(wq.Term("tag", "w0"), 0.4)]),
        wq.And([word("w1"), wq.Not(b("w3"))]),
        wq.And([word("w7"), wq.Prefix("body", "w3")]),
        wq.And([word("w0"), b("absent")]),
        wq.Or([b("absent"), t("w8")]),
        # What a part holds outside its matches must not reach the Or above it: an exclusion, an And in a
        # coordinated Or (two parts: never preloaded), a coordinated Or inside another Or.
        wq.Or([wq.AndNot(word("w0"), word("w4")), b("w35")]),
        wq.Or([wq.And([b("w1"), b("w2")]), b("w3")], scale=0.9),
        wq.Or([wq.Or([b("w3"), b("w38")], scale=0.9), b("w5")]),
        # A value match counts its term in a coordinated Or only where Whoosh's matcher exposes it (not
        # through a boost, nor in a segment with deletions).
        wq.Or([b("w1"), b("w2"), ValueMatch(wq.Term("tag", "w0"), 0.4)], scale=0.9),
        wq.Or([b("w1"), b("w2"), ValueMatch(wq.Term("tag", "w1", boost=2.0), 0.4)], scale=0.9),
    ]


def _matcher_scores(searcher, q: wq.Query) -> dict[int, float]:
    """Whoosh's matcher, document by document, in every segment (deleted documents are skipped by it)."""
    scores = {}
    for sub, offset in searcher.leaf_searchers():
        matcher = q.matcher(sub, searcher.context())
        while matcher.is_active():
            scores[offset + matcher.id()] = matcher.score()
            matcher.next()
    return scores


@pytest.mark.parametrize("number", range(len(_queries())))
def test_posting_lists_match_and_score_as_whoosh(segmented, number):
    q = _queries()[number]
    with segmented.searcher(weighting=scoring.BM25F(tag_B=0.0)) as searcher:
        assert len(searcher.leaf_searchers()) >= 3 and searcher.reader().has_deletions()
        collected = within(searcher, q, None, 60, WHOOSH)
        ours = within(searcher, q, None, 60, ALWAYS)
        theirs = _matcher_scores(searcher, q)
    assert collected.complete and ours.complete
    assert theirs or "absent" in str(q), f"the query matches nothing: {q}"
    assert set(ours.scores) == set(collected.scores) == set(theirs)
    for doc, score in theirs.items():
        assert ours.scores[doc] == pytest.approx(score, rel=1e-9, abs=1e-12), (q, doc)


@pytest.mark.parametrize(
    "q",
    [
        wq.Term("organisations", "w0"),
        wq.Term("organisations", "w3", boost=1.3),
        wq.Or([wq.Term("organisations", "w1"), wq.Term("body", "w1"), wq.Term("title", "w1", boost=2.0)]),
        wq.And([wq.Or([wq.Term("organisations", "w2"), wq.Term("body", "w2")]), wq.Term("body", "w0")]),
    ],
    ids=repr,
)
def test_the_name_fields_weighting_scores_alike_both_ways(segmented, q):
    """findit's weighting (name fields normalised against the documents that name someone) through
    posting lists and through Whoosh's matchers: three segments, deletions."""
    with segmented.searcher(weighting=Weighting()) as searcher:
        ours = within(searcher, q, None, 60, ALWAYS)
        theirs = _matcher_scores(searcher, q)
        average = named_average(searcher, "organisations")
        over_all = searcher.reader().field_length("organisations") / searcher.reader().doc_count_all()
    assert average > 2 * over_all, "most documents name no organisation"
    assert theirs and set(ours.scores) == set(theirs)
    for doc, score in theirs.items():
        assert ours.scores[doc] == pytest.approx(score, rel=1e-9, abs=1e-12), (q, doc)


def test_an_index_with_no_segment_matches_nothing(tmp_path):
    ix = create_in(str(tmp_path), fields.Schema(body=fields.TEXT()))
    with ix.searcher() as searcher:
        found = within(searcher, wq.Term("body", "w0"), None, 60, ALWAYS)
    assert found.complete and found.scores == {}
    ix.close()


def test_hidden_documents_stay_hidden(segmented):
    with segmented.searcher() as searcher:
        q = wq.Term("body", "w0")
        every = within(searcher, q, None, 60, ALWAYS).scores
        hidden = set(sorted(every)[::3])
        kept = within(searcher, q, hidden, 60, ALWAYS).scores
    assert set(kept) == set(every) - hidden


QUERIES = [
    "données publiques",
    "algorithmes",
    "design des services publics",
    "DINUM",
    '"intelligence artificielle"',
    "open data",
    "entrepreneurs d'intérêt général -santé",
    "data*",
    "qu'est-ce que le numérique responsable ?",
    "soizic penicaud",
    "parité fiction design ateliers",
]


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_shows_the_same_page_either_way(make_settings, settings, query):
    by_whoosh = Searcher(make_settings(settings.corpus, settings.index, vector_postings=WHOOSH))
    by_lists = Searcher(make_settings(settings.corpus, settings.index, vector_postings=ALWAYS))
    with by_whoosh, by_lists:
        theirs = by_whoosh.search(SearchRequest(query=query, limit=20))
        ours = by_lists.search(SearchRequest(query=query, limit=20))
    assert theirs.total > 0 or query == "parité fiction design ateliers"
    assert ours.total == theirs.total
    assert [h.id for h in ours.hits] == [h.id for h in theirs.hits]
    assert [h.score for h in ours.hits] == pytest.approx([h.score for h in theirs.hits], rel=1e-9)
    assert ours.facets == theirs.facets
    assert ours.message == theirs.message
