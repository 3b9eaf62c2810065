"""The page's state in its URL (findit.webapp.urlstate): parse_args() bounds whatever a query string holds
(saying in French what it changed) and never raises; PageState writes the state back as parameters that
parse to the same state, so a search is shareable and the back button works."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request

from findit.search.results import FACETS, SORTS, SearchRequest
from findit.settings import Settings
from findit.webapp.urlstate import (
    MAX_VALUE_CHARS,
    MAX_VALUES_PER_FACET,
    BadParameter,
    PageState,
    api_request,
    parse_args,
    return_token,
    returned_state,
)

SETTINGS = Settings(max_query_chars=40, max_page=20, max_limit=30, default_limit=10)


def args(*pairs: tuple[str, str]) -> MultiDict:
    return MultiDict(list(pairs))


def parse(*pairs: tuple[str, str], **kw) -> PageState:
    return parse_args(args(*pairs), SETTINGS, **kw)


def from_url(params: list[tuple[str, str]], **kw) -> PageState:
    """The state a browser following a link with these parameters gets (urlencode, as views.href does;
    werkzeug's parsing, as Flask's request.args)."""
    return parse_args(Request.from_values(query_string=urlencode(params)).args, SETTINGS, **kw)


# -- parse_args: defaults and the query ---------------------------------------------------------------------


def test_no_parameters_is_the_first_page_of_everything():
    state = parse()
    assert state.request == SearchRequest(query="", page=1, limit=10, sort="relevance", filters={}, include_all=False)
    assert state.notices == []


def test_the_query_has_its_blanks_collapsed():
    assert parse(("q", "  données \t\n publiques  ")).request.query == "données publiques"


def test_a_long_query_is_cut_and_the_page_says_so():
    state = parse(("q", "cartographie " * 10))
    assert len(state.request.query) <= SETTINGS.max_query_chars
    assert state.request.query == state.request.query.strip(), "no blank left at the cut"
    assert "cartographie cartographie".startswith(state.request.query[:25])
    assert state.notices == ["La recherche a été raccourcie à 40 caractères."]
    exact = "x" * SETTINGS.max_query_chars
    assert parse(("q", exact)).request.query == exact and parse(("q", exact)).notices == []


# -- parse_args: page, limit, sort, all ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, page, notice",
    [
        ("", 1, False),
        ("1", 1, False),
        ("7", 7, False),
        (" 7 ", 7, False),
        ("20", 20, False),
        ("0", 1, True),
        ("-3", 1, True),
        ("abc", 1, True),
        ("2.5", 1, True),
        ("21", 20, True),
        (str(10**30), 20, True),
    ],
)
def test_the_page_is_bounded_and_a_change_is_announced(raw, page, notice):
    state = parse(("page", raw))
    assert state.request.page == page
    expected = [f"Numéro de page invalide : page {page} affichée."] if notice else []
    assert state.notices == expected


def test_the_page_ignores_a_limit():
    assert parse(("limit", "25")).request.limit == SETTINGS.default_limit


@pytest.mark.parametrize(
    "raw, sort",
    [("date", "date"), ("oldest", "oldest"), ("relevance", "relevance"), ("hasard", "relevance"), ("", "relevance")],
)
def test_an_unknown_sort_falls_back_to_relevance(raw, sort):
    assert parse(("sort", raw)).request.sort == sort


@pytest.mark.parametrize(
    "raw, include", [("1", True), ("true", True), ("oui", True), ("0", False), ("non", False), ("", False)]
)
def test_all_includes_drafts_and_junk_only_when_asked(raw, include):
    assert parse(("all", raw)).request.include_all is include


# -- parse_args: facet values ----------------------------------------------------------------------------------


def test_facet_values_keep_their_order_without_repeats_or_blanks():
    state = parse(
        ("tag", "algorithme"),
        ("tag", "  Le  programme\tEIG "),
        ("tag", "algorithme"),
        ("tag", "Le programme EIG"),
        ("tag", "   "),
        ("tag", ""),
        ("outlet", "Le Monde"),
        ("inconnu", "x"),
    )
    assert state.request.filters == {"tag": ["algorithme", "Le programme EIG"], "outlet": ["Le Monde"]}
    assert state.notices == []


def test_facet_values_are_capped_in_number_and_length():
    many = [("speaker", f"Personne {i}") for i in range(MAX_VALUES_PER_FACET + 20)]
    assert parse(*many).request.filters["speaker"] == [f"Personne {i}" for i in range(MAX_VALUES_PER_FACET)]
    long = parse(("organisation", "o" * (MAX_VALUE_CHARS * 3))).request.filters["organisation"]
    assert long == ["o" * MAX_VALUE_CHARS]


def test_a_year_that_is_not_a_number_is_dropped_and_the_page_says_so():
    state = parse(("year", "2021"), ("year", "deux-mille"), ("year", "2019a"), ("year", "2020"))
    assert state.request.filters == {"year": ["2021", "2020"]}
    assert state.notices == [
        "Année ignorée : « deux-mille » n’est pas une année.",
        "Année ignorée : « 2019a » n’est pas une année.",
    ]
    assert "year" not in parse(("year", "-2021")).request.filters


@pytest.mark.parametrize("raw", ["²", "2²", "¹⁹⁹⁰"])
def test_a_year_written_in_superscript_digits_is_not_a_year(raw):
    state = parse(("year", raw))
    assert "year" not in state.request.filters
    assert state.notices == [f"Année ignorée : « {raw} » n’est pas une année."]


def test_a_repeated_bad_year_is_announced_once():
    state = parse(*[("year", "deux-mille")] * 3)
    assert state.notices == ["Année ignorée : « deux-mille » n’est pas une année."]


URL_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=80)
URL_ARGS = st.lists(
    st.tuples(st.sampled_from(["q", "page", "limit", "sort", "all", "x", *FACETS]), URL_TEXT), max_size=20
)


@settings(deadline=None)
@given(URL_ARGS)
def test_any_query_string_gives_a_bounded_request(pairs):
    state = parse(*pairs)
    request = state.request
    assert 1 <= request.page <= SETTINGS.max_page
    assert 1 <= request.limit <= SETTINGS.max_limit
    assert len(request.query) <= SETTINGS.max_query_chars
    assert request.sort in SORTS
    assert set(request.filters) <= set(FACETS)
    for values in request.filters.values():
        assert 1 <= len(values) <= MAX_VALUES_PER_FACET and len(set(values)) == len(values)
        assert all(0 < len(v) <= MAX_VALUE_CHARS for v in values)
    assert all(v.isdigit() for v in request.filters.get("year", []))


# -- PageState: the URL is the state ----------------------------------------------------------------------------


STATES = [
    [],
    [("q", "données publiques")],
    [("q", "a&b=c #d ?e +f %20"), ("page", "3")],
    [("q", "cartographie"), ("sort", "date"), ("all", "1"), ("page", "2")],
    [("tag", "Le programme EIG"), ("tag", "algorithme"), ("year", "2021"), ("year", "2019"), ("kind", "event")],
    [("q", "« Histoire(s) d’algorithmes »"), ("outlet", "Acteurs publics"), ("speaker", "Dominique Cardon")],
    [("organisation", "Ministère de l’Intérieur, DGGN"), ("page", "20")],
]


@pytest.mark.parametrize("pairs", STATES)
def test_the_parameters_of_a_state_parse_back_to_it(pairs):
    state = parse(*pairs)
    assert from_url(state.params()).request == state.request


@settings(deadline=None)
@given(URL_ARGS)
def test_any_state_survives_its_own_url(pairs):
    state = parse(*pairs)
    again = from_url(state.params())
    assert again.request == state.request
    assert again.notices == []
    assert from_url(again.params()).request == state.request


def test_a_value_cut_at_its_length_limit_survives_its_own_url():
    state = parse(("tag", "a" * (MAX_VALUE_CHARS - 1) + " b"))
    assert from_url(state.params()).request == state.request


def test_default_values_are_left_out_of_the_url():
    assert parse(("q", ""), ("page", "1"), ("sort", "relevance"), ("all", "0")).params() == []
    assert parse(("q", "x"), ("sort", "date"), ("all", "1"), ("page", "2")).params() == [
        ("q", "x"),
        ("sort", "date"),
        ("all", "1"),
        ("page", "2"),
    ]


def test_params_apply_changes_and_none_removes_a_parameter():
    state = parse(("q", "cartographie"), ("page", "4"), ("tag", "algorithme"))
    assert state.params(page=5) == [("q", "cartographie"), ("tag", "algorithme"), ("page", "5")]
    assert state.params(page=None, q=None) == [("tag", "algorithme")]
    assert state.params(tag=["a", "b"]) == [("q", "cartographie"), ("tag", "a"), ("tag", "b"), ("page", "4")]


def test_with_filter_adds_or_removes_one_value_and_goes_back_to_the_first_page():
    state = parse(("q", "eig"), ("sort", "date"), ("page", "3"), ("tag", "A"), ("tag", "B"), ("year", "2021"))
    added = from_url(state.with_filter("tag", "C", True)).request
    assert added.filters == {"tag": ["A", "B", "C"], "year": ["2021"]}
    assert (added.page, added.query, added.sort) == (1, "eig", "date")
    removed = from_url(state.with_filter("tag", "A", False)).request
    assert removed.filters == {"tag": ["B"], "year": ["2021"]} and removed.page == 1
    last = from_url(state.with_filter("year", "2021", False)).request
    assert last.filters == {"tag": ["A", "B"]}
    # Selecting a value already selected does not repeat it; removing one not selected changes nothing.
    assert from_url(state.with_filter("tag", "A", True)).request.filters["tag"] == ["B", "A"]
    assert from_url(state.with_filter("tag", "Z", False)).request.filters == state.request.filters


def test_selecting_then_deselecting_a_value_gives_the_first_state_back():
    state = from_url([("q", "eig"), ("outlet", "Le Monde")])
    selected = from_url(state.with_filter("kind", "coverage", True))
    assert selected.request.filters == {"outlet": ["Le Monde"], "kind": ["coverage"]}
    assert from_url(selected.with_filter("kind", "coverage", False)).request == state.request


def test_without_filters_keeps_the_search_and_drops_every_facet_and_the_page():
    state = parse(("q", "eig"), ("sort", "date"), ("all", "1"), ("page", "3"), *[(f, "2021") for f in FACETS])
    cleared = from_url(state.without_filters()).request
    assert cleared == SearchRequest(query="eig", page=1, limit=10, sort="date", filters={}, include_all=True)


# -- the way back from a result to its search ----------------------------------------------------------------


@pytest.mark.parametrize("pairs", STATES[1:])
def test_the_way_back_names_the_same_search(pairs):
    state = parse(*pairs)
    token = return_token(state)
    assert token
    # The token travels as one URL parameter (encoded by url_for) and comes back as one string.
    back = returned_state(Request.from_values(query_string=urlencode({"retour": token})).args["retour"], SETTINGS)
    assert back is not None and back.request == state.request


def test_no_way_back_from_the_home_page_or_from_nothing():
    assert return_token(parse()) is None
    assert returned_state(None, SETTINGS) is None and returned_state("", SETTINGS) is None
    assert returned_state("x=1&inconnu=2", SETTINGS) is None, "nothing of a search in it"


def test_a_forged_way_back_is_bounded_like_any_url():
    back = returned_state(urlencode([("q", "x" * 1000), ("page", "-4"), ("year", "abc"), ("sort", "hasard")]), SETTINGS)
    assert back is not None
    assert len(back.request.query) <= SETTINGS.max_query_chars and back.request.page == 1
    assert back.request.sort == "relevance" and "year" not in back.request.filters


# -- api_request: checked as the command line checks, never bounded --------------------------------------------------


def api(*pairs: tuple[str, str]) -> SearchRequest:
    return api_request(args(*pairs), SETTINGS)


@pytest.mark.parametrize(
    "pairs, parameter, code",
    [
        ([("limit", "500")], "limit", "out_of_range"),
        ([("limit", "31")], "limit", "out_of_range"),
        ([("limit", "0")], "limit", "out_of_range"),
        ([("limit", "-1")], "limit", "out_of_range"),
        ([("limit", "abc")], "limit", "not_an_integer"),
        ([("limit", "2.5")], "limit", "not_an_integer"),
        ([("limit", "１０")], "limit", "not_an_integer"),
        ([("page", "0")], "page", "out_of_range"),
        ([("page", str(10**30))], "page", "out_of_range"),
        ([("page", "9" * 5000)], "page", "out_of_range"),
        ([("page", "1"), ("page", "2")], "page", "repeated"),
        ([("sort", "foo")], "sort", "not_allowed"),
        ([("sort", "DATE")], "sort", "not_allowed"),
        ([("year", "abc")], "year", "not_a_year"),
        ([("year", "2021"), ("year", "-2021")], "year", "not_a_year"),
        ([("year", "²")], "year", "not_a_year"),
        ([("all", "peut-être")], "all", "not_allowed"),
        ([("q", "a"), ("q", "b")], "q", "repeated"),
    ],
)
def test_the_api_refuses_what_findit_query_refuses(pairs, parameter, code):
    with pytest.raises(BadParameter) as caught:
        api(*pairs)
    exc = caught.value
    assert (exc.parameter, exc.code) == (parameter, code)
    assert f"« {parameter} »" in exc.message, "the French message names the parameter"
    assert len(exc.message) < 200, "and quotes no more than the start of a long value"
    assert set(exc.to_json()) == {"code", "parameter", "value", "allowed"}


def test_the_api_asks_the_searcher_exactly_what_it_was_asked():
    long_query = "cartographie " * 10
    request = api(
        ("q", long_query),
        ("page", "20"),
        ("limit", " 30 "),
        ("sort", "oldest"),
        ("all", "1"),
        ("year", "2021"),
        ("year", "2019"),
        ("organisation", "o" * (MAX_VALUE_CHARS * 3)),
    )
    assert request == SearchRequest(
        query=long_query,  # the searcher cuts it and says so, as for the terminal
        page=20,
        limit=30,
        sort="oldest",
        filters={"year": ["2021", "2019"], "organisation": ["o" * (MAX_VALUE_CHARS * 3)]},
        include_all=True,
    )
    assert api() == SearchRequest(limit=SETTINGS.default_limit)
    assert api(("limit", ""), ("page", ""), ("sort", ""), ("year", "")) == api(), "an empty value asks nothing"
