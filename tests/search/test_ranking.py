"""The second-stage ranking (findit.search.ranking): which queries it applies to (split_exact), and the
rewards it gives the best candidates on a real index: words as a phrase, then words near each other, then
nothing; the exact form typed; with coordination, documents holding more (and rarer) words first."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from findit.index.schema import build_schema
from findit.search import Searcher
from findit.search.clauses import EXACT, AnyOf
from findit.search.generation import Generation
from findit.search.query import QueryReader
from findit.search.ranking import (
    EXACT_BONUS,
    NEAR_BONUS,
    NEAR_SLOP,
    PHRASE_BONUS,
    WHOLE_TITLE_BONUS,
    _phrase,
    _window,
    rerank,
    split_exact,
    together,
)
from findit.search.relax import widened
from findit.search.results import SearchRequest
from helpers import build_index, doc

FILLER = "Le projet avance par étapes, avec les agents et les usagers, dans chaque administration. "

DOCS = [
    doc("phrase", "Note un", FILLER + "Les données publiques sont ouvertes. " + FILLER),
    # NEAR_SLOP (5) words between the two: still near
    doc("near", "Note deux", FILLER + "Les données, dit-on, sont très souvent publiques. " + FILLER),
    # one more word between them: apart
    doc("apart", "Note trois", FILLER + "Les données, dit-on, sont très très souvent publiques. " + FILLER),
    doc("far", "Note quatre", FILLER + "Les données sont là. " + FILLER + "Elles sont publiques. " + FILLER),
    doc("title", "Données publiques", FILLER + "Les données sont là. " + FILLER + "Elles sont publiques. " + FILLER),
    doc("reversed", "Note cinq", FILLER + "On les dit publiques, ces données. " + FILLER),
    doc("other-form", "Note six", FILLER + "La donnée publique est ouverte. " + FILLER),
    # coordination: a rare word and a common one
    doc("both", "Atelier", "La cartographie du service numérique."),
    doc("rare", "Atelier bis", "La cartographie des usages."),
    *[doc(f"common-{i}", f"Réunion {i}", "Le service numérique, le service, encore le service.") for i in range(6)],
]


@pytest.fixture(scope="module")
def gen(tmp_path_factory, analyser):
    opened = Generation.open(build_index(tmp_path_factory.mktemp("ranking"), DOCS, analyser))
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def number(gen) -> dict[str, int]:
    """Document id -> its document number in the index."""
    return {gen.searcher.stored_fields(d)["id"]: d for d in range(gen.reader.doc_count_all())}


def words_of(gen, text: str) -> list[dict[str, list[str]]]:
    return split_exact(gen.parser.read(text).query)[1]


def reranked(gen, number, text: str, ids: list[str], **kw) -> dict[str, float]:
    """rerank() of the query's words over these documents, all scored 1.0 before."""
    scores = {number[i]: 1.0 for i in ids}
    out = rerank(gen.reader, words_of(gen, text), scores, top=kw.pop("top", len(ids)), **kw)
    return {i: out[number[i]] for i in ids}


# -- split_exact ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reader_of_queries():
    return QueryReader(build_schema(), {})


def fields_of(q) -> set[str]:
    return {f for f, _ in q.iter_all_terms(phrases=True)}


def test_plain_words_are_split_into_their_terms_by_field_and_the_exact_clauses_dropped(gen):
    q = gen.parser.read("données publiques").query
    assert EXACT in fields_of(q)
    base, words = split_exact(q)
    assert EXACT not in fields_of(base)
    assert fields_of(base) == fields_of(q) - {EXACT}
    assert [w["exact"] for w in words] == [["donnees"], ["publiques"]]
    assert [w["body"] for w in words] == [["donnee"], ["public"]]  # the lemmas the body field holds
    assert {"title", "summary", "body", "speakers", "organisations"} <= words[0].keys()


def test_a_single_word_is_one_word(reader_of_queries):
    base, words = split_exact(reader_of_queries.read("cartographie").query)
    assert len(words) == 1 and words[0][EXACT] == ["cartographie"]
    assert EXACT not in fields_of(base)


def test_function_words_made_optional_are_not_the_querys_words(reader_of_queries):
    q = reader_of_queries.read("la cartographie des usages").query
    assert isinstance(q, wq.AndMaybe)
    base, words = split_exact(q)
    assert [w[EXACT] for w in words] == [["cartographie"], ["usages"]]
    assert isinstance(base, wq.AndMaybe) and EXACT not in fields_of(base)


def test_the_words_of_a_widened_query_are_its_words(reader_of_queries):
    wide = widened(reader_of_queries.read("cartographie usages publics").query)
    assert isinstance(wide, AnyOf)
    assert [w[EXACT] for w in split_exact(wide)[1]] == [["cartographie"], ["usages"], ["publics"]]


@pytest.mark.parametrize(
    "query",
    ["titre:cartographie", '"données publiques"', "carto*", "cartographie -site", "cartographie OU usages"],
)
def test_other_shapes_are_not_reranked_and_keep_their_exact_clauses(reader_of_queries, query):
    q = reader_of_queries.read(query).query
    base, words = split_exact(q)
    assert words == []
    assert base is q


def test_two_words_the_archive_also_writes_joined_are_still_ranked_as_two_words(tmp_path, analyser):
    # « open data » is also searched as « opendata » (a page writes it so): the words together in a title
    # still earn their phrase reward over the same words scattered through a text.
    docs = [
        doc("title", "L'open data de l'Insee", FILLER * 3),
        doc(
            "scattered", "Outils de confidentialité", "Open source, open code. " + "Data, data, data partout. " + FILLER
        ),
        doc("joined", "Le portail opendata", FILLER),
    ]
    opened = Generation.open(build_index(tmp_path, docs, analyser))
    try:
        q = opened.parser.read("open data").query
        assert [w[EXACT] for w in split_exact(q)[1]] == [["open"], ["data"]]
        assert "opendata" in split_exact(q)[1][0]["body"], "the joined form counts as each word"
    finally:
        opened.close()
    with Searcher(build_index(tmp_path / "search", docs, analyser)) as searcher:
        found = [h.id for h in searcher.search(SearchRequest(query="open data")).hits]
    assert found[0] == "title" and set(found) == {"title", "scattered", "joined"}


def test_no_query_has_no_words():
    assert split_exact(None) == (None, [])
    assert split_exact(wq.NullQuery) == (wq.NullQuery, [])


# -- rerank: proximity and the exact form --------------------------------------------------------------------


def test_a_phrase_beats_words_near_each_other_which_beat_words_apart(gen, number):
    out = reranked(gen, number, "données publiques", ["phrase", "near", "apart", "far", "reversed"])
    assert out["phrase"] > out["near"] > out["far"]
    # Each holds both forms as typed: the same exact-form reward; the rest is the body's reward.
    exact = 1.0 + EXACT_BONUS
    assert out["phrase"] == pytest.approx(exact + PHRASE_BONUS["body"])
    assert out["near"] == pytest.approx(exact + NEAR_BONUS["body"])
    assert out["apart"] == out["far"] == pytest.approx(exact), f"more than {NEAR_SLOP} words between: apart"
    assert out["reversed"] == pytest.approx(exact + NEAR_BONUS["body"]), "near in any order; a phrase in order only"


def test_a_phrase_in_the_title_weighs_more_than_one_in_the_body(gen, number):
    out = reranked(gen, number, "données publiques", ["phrase", "title"])
    # The title is the query's words and nothing else, in plural forms (each word is indexed under its
    # lemma and its form: two terms at one position, the words still two).
    assert out["title"] == pytest.approx(1.0 + EXACT_BONUS + PHRASE_BONUS["title"] + WHOLE_TITLE_BONUS)
    assert out["title"] > out["phrase"]


def test_the_exact_form_typed_earns_a_small_reward_over_other_forms(gen, number):
    out = reranked(gen, number, "données publiques", ["phrase", "other-form"])
    # Both hold the lemmas as a phrase; only one holds the forms as typed.
    assert out["other-form"] == pytest.approx(1.0 + PHRASE_BONUS["body"])
    assert out["phrase"] - out["other-form"] == pytest.approx(EXACT_BONUS)
    out = reranked(gen, number, "donnée publique", ["phrase", "other-form"])
    assert out["other-form"] > out["phrase"]


def test_only_the_top_candidates_are_reranked(gen, number):
    scores = {number["far"]: 3.0, number["phrase"]: 2.0, number["near"]: 1.0}
    out = rerank(gen.reader, words_of(gen, "données publiques"), scores, top=2)
    assert out[number["near"]] == 1.0, "below the top two: unchanged"
    assert out[number["phrase"]] > scores[number["phrase"]]
    assert rerank(gen.reader, [], scores, top=2) == scores
    assert rerank(gen.reader, words_of(gen, "données publiques"), {}, top=2) == {}


class _Watched:
    """The real reader, counting what is asked of it."""

    def __init__(self, reader):
        self.reader, self.calls = reader, 0

    def __getattr__(self, name):
        self.calls += 1
        return getattr(self.reader, name)


def test_the_same_words_over_the_same_documents_are_not_read_again(gen, number):
    """A page or a facet asked again reranks from what was kept: the index is not read again."""
    scores = {number["far"]: 3.0, number["phrase"]: 2.0, number["near"]: 1.0, number["title"]: 0.5}
    words = words_of(gen, "données publiques")
    kept: dict = {}
    for coordinate in (False, True):
        reader = _Watched(gen.reader)
        first = rerank(reader, words, scores, top=3, coordinate=coordinate, kept=kept)
        assert reader.calls > 0
        again = _Watched(gen.reader)
        assert rerank(again, words, scores, top=3, coordinate=coordinate, kept=kept) == first
        assert again.calls == 0
        assert first == rerank(gen.reader, words, scores, top=3, coordinate=coordinate)
    # Other documents on top: read.
    other = _Watched(gen.reader)
    rerank(other, words, {**scores, number["title"]: 9.0}, top=3, kept=kept)
    assert other.calls > 0 and len(kept) == 3


def test_on_the_real_scores_the_phrase_ranks_first(gen, number):
    """As the searcher does it: the query without its exact clauses run by Whoosh, then reranked."""
    base, words = split_exact(gen.parser.read("données publiques").query)
    scores = {d: s for s, d in gen.searcher.search(base, limit=None).top_n}
    out = rerank(gen.reader, words, scores, top=100)
    ranked = sorted(out, key=out.__getitem__, reverse=True)
    names = {d: i for i, d in number.items()}
    order = [names[d] for d in ranked]
    assert order[0] == "title"
    assert order.index("phrase") < order.index("near") < order.index("far")


# -- rerank: coordination ---------------------------------------------------------------------------------


def body_words(*texts: str) -> list[dict[str, list[str]]]:
    """Words given by hand, each in the body only (no proximity, no exact form): only coordination acts."""
    return [{"body": [t]} for t in texts]


def test_documents_holding_more_and_rarer_words_rank_first(gen, number):
    ids = ["common-0", "rare", "both"]
    # Before: the documents holding fewer words scored a little more (they repeat them).
    scores = {number["common-0"]: 1.5, number["rare"]: 1.2, number["both"]: 1.0}
    out = rerank(gen.reader, body_words("cartographie", "service"), scores, top=3, coordinate=True)
    order = sorted(ids, key=lambda i: out[number[i]], reverse=True)
    assert order == ["both", "rare", "common-0"], out
    assert out[number["both"]] == pytest.approx(1.0), "every word: the score as it was"
    # Without coordination, the same words change nothing.
    assert rerank(gen.reader, body_words("cartographie", "service"), scores, top=3) == scores


def test_on_the_real_scores_a_widened_query_ranks_more_words_first(gen, number):
    wide = widened(gen.parser.read("cartographie service").query)
    base, words = split_exact(wide)
    scores = {d: s for s, d in gen.searcher.search(base, limit=None).top_n}
    out = rerank(gen.reader, words, scores, top=100, coordinate=True)
    names = {d: i for i, d in number.items()}
    order = [names[d] for d in sorted(out, key=out.__getitem__, reverse=True)]
    assert order[:2] == ["both", "rare"], order
    assert set(order[2:]) == {f"common-{i}" for i in range(6)}


def test_a_word_no_document_holds_changes_no_share(gen, number):
    scores = {number[i]: s for i, s in [("both", 1.0), ("rare", 2.0), ("common-0", 3.0)]}
    without = rerank(gen.reader, body_words("cartographie", "service"), scores, top=3, coordinate=True)
    with_typo = rerank(gen.reader, body_words("cartographie", "service", "zorglubtypo"), scores, top=3, coordinate=True)
    assert with_typo == pytest.approx(without)


def test_documents_below_the_candidates_cannot_pass_them(gen, number):
    scores = {number["both"]: 4.0, number["common-0"]: 3.0, number["common-1"]: 2.9, number["rare"]: 0.5}
    out = rerank(gen.reader, body_words("cartographie", "service"), scores, top=2, coordinate=True)
    lowest = out[number["common-0"]] / scores[number["common-0"]]
    assert lowest < 1.0, "the candidate holding only the common word lost most of its score"
    assert out[number["common-1"]] == pytest.approx(2.9 * lowest), "scaled by the smallest share"
    assert out[number["common-1"]] < out[number["common-0"]]
    assert out[number["rare"]] < out[number["common-0"]], "not a candidate: it stays below them"


# -- together: every word, close together -----------------------------------------------------------------


def test_documents_holding_the_words_close_together_are_told_from_those_holding_them_apart(gen, number):
    docs = sorted(number[i] for i in ["phrase", "near", "apart", "far", "title", "reversed"])
    words = words_of(gen, "données publiques")
    held = {i for i, d in number.items() if d in together(gen.reader, words, docs, [False, False])}
    # As a phrase, within NEAR_SLOP words in any order, or in the title: together. Farther: apart.
    assert held == {"phrase", "near", "title", "reversed"}
    # A word also searched apart (« opendata » as « open data ») says nothing of where a document holds
    # it: judged on one word only, every document is kept.
    assert together(gen.reader, words, docs, [True, False]) == set(docs)
    assert together(gen.reader, words_of(gen, "données"), docs, [False]) == set(docs)
    # Flags that are not the words' (a widened query's words, its strict form having none): no judgement.
    assert together(gen.reader, words, docs, []) == set(docs)


FAMILY_DOCS = [
    # the query's words in other forms of their families (« lutter », « fraudes »), together
    doc("family", "Note", FILLER + "Ils veulent lutter contre les fraudes aux aides. " + FILLER),
    # the very words typed, far apart on a long page
    doc("scattered", "Bilan", "La lutte continue. " + FILLER * 4 + "Contre toute attente, la fraude recule. " + FILLER),
    # the title's last word and the body's first: one text in the stems field, but not words together
    doc("boundary", "Un bilan de la lutte", "Fraudes : contre toute attente, rien ne change. " + FILLER),
]


@pytest.fixture(scope="module")
def family(tmp_path_factory, analyser):
    opened = Generation.open(build_index(tmp_path_factory.mktemp("family"), FAMILY_DOCS, analyser))
    yield opened
    opened.close()


def test_words_of_one_family_standing_together_count_as_together(family):
    """« Lutter contre les fraudes » holds « lutte contre la fraude » together: another form of a word's
    family is the same words for proximity, as for matching (the stems field holds the text's words)."""
    number = {family.searcher.stored_fields(d)["id"]: d for d in range(family.reader.doc_count_all())}
    words = words_of(family, "lutte contre la fraude")
    docs = sorted(number.values())
    assert together(family.reader, words, docs, [False] * len(words)) == {number["family"]}
    out = rerank(family.reader, words, dict.fromkeys(docs, 1.0), top=len(docs))
    assert out[number["family"]] > out[number["scattered"]]
    assert out[number["family"]] > out[number["boundary"]]
    assert out[number["family"]] >= 1.0 + NEAR_BONUS["stems"]


# -- _phrase and _window on positions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "positions, expected",
    [
        ([{3}, {4}, {5}], True),
        ([{1, 10}, {11}, {12}], True),  # any occurrence of the first word may start it
        ([{4}, {3}], False),  # in order only
        ([{3}, {5}], False),
        ([{1, 10}, {2}, {12}], False),
        ([{7}], True),
    ],
)
def test_phrase_means_consecutive_positions_in_order(positions, expected):
    assert _phrase(positions) is expected


@pytest.mark.parametrize(
    "positions, span",
    [
        ([{1, 10}, {12}, {3}], 9),  # 3..12, not 1..12
        ([{0, 20}, {22}, {21}], 2),
        ([{30}, {2}], 28),
        ([{1, 50}, {49, 100}], 1),
        ([{5}], 0),
        ([{7}, {7}], 0),
    ],
)
def test_window_is_the_smallest_span_holding_every_word_in_any_order(positions, span):
    assert _window(positions) == span
