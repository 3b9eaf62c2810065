"""What the search page shows (findit.webapp.viewdata): facet panels, filter chips, the timeline and the
pager, each value with the URL parameters that toggle it; French dates and counts. On SearchResults built
by hand, and on those of a real Searcher over the search tests' small index (helpers.DOCS)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from werkzeug.wrappers import Request

from findit.search import Searcher
from findit.search.results import FACET_TITLES, FACETS, FacetValue, Hit, SearchResult
from findit.settings import Settings
from findit.webapp.dates import iso_of, shown_date, span_fr
from findit.webapp.urlstate import PageState, parse_args
from findit.webapp.viewdata import (
    LONG_FACET,
    chips,
    count_fr,
    date_fr,
    exports,
    kind_label,
    pager,
    panels,
    return_label,
    timeline,
    value_label,
)
from helpers import DOCS, build_index

SETTINGS = Settings()


def state_of(params: list[tuple[str, str]]) -> PageState:
    """The state a browser following a link with these parameters gets (urlencode, as views.href does)."""
    return parse_args(Request.from_values(query_string=urlencode(params)).args, SETTINGS)


def result(facets: dict[str, list[FacetValue]] | None = None, total: int = 0, page: int = 1, query: str = ""):
    return SearchResult(query=query, total=total, page=page, hits=[], facets=facets or {})


FACETS_BY_HAND = {
    "year": [FacetValue("2019", 4), FacetValue("2022", 9), FacetValue("2021", 1, selected=True)],
    "tag": [FacetValue("Le programme EIG", 5), FacetValue("algorithme", 2, selected=True)],
    "outlet": [],
    "kind": [FacetValue("coverage", 5, label="Presse"), FacetValue("event", 2), FacetValue("inconnu", 1)],
    "speaker": [FacetValue("Dominique Cardon", 1)],
}
SELECTED = [("q", "eig"), ("page", "3"), ("sort", "date"), ("year", "2021"), ("tag", "algorithme")]


# -- labels -------------------------------------------------------------------------------------------


def test_kinds_have_french_labels_and_other_values_are_their_own_label():
    assert kind_label("coverage") == "Presse"
    assert kind_label("event") == "Événement"
    assert kind_label("inconnu") == "inconnu"
    assert value_label("kind", "article") == "Article"
    assert value_label("tag", "article") == "article", "only kinds are translated"
    assert value_label("kind", "event", "Étiquette") == "Étiquette", "the searcher's label wins"


# -- panels ----------------------------------------------------------------------------------------------


def test_one_panel_per_facet_with_values_in_the_pages_order():
    shown = panels(result(FACETS_BY_HAND), state_of(SELECTED))
    assert [p.name for p in shown] == ["year", "tag", "kind", "speaker"]
    assert [p.title for p in shown] == [FACET_TITLES[p.name] for p in shown]
    assert [p.title for p in shown] == ["Année", "Thème", "Type", "Intervenant·es"]


def test_panel_items_carry_labels_counts_and_selections():
    shown = {p.name: p for p in panels(result(FACETS_BY_HAND), state_of(SELECTED))}
    assert [i.value for i in shown["year"].items] == ["2022", "2021", "2019"], "years newest first"
    assert [i.value for i in shown["tag"].items] == ["Le programme EIG", "algorithme"], "others as counted"
    assert [(i.label, i.count) for i in shown["kind"].items] == [("Presse", 5), ("Événement", 2), ("inconnu", 1)]
    assert (shown["year"].selected, shown["tag"].selected, shown["kind"].selected) == (1, 1, 0)


def test_each_items_toggle_selects_or_deselects_it_alone():
    state = state_of(SELECTED)
    for panel in panels(result(FACETS_BY_HAND), state):
        for item in panel.items:
            after = state_of(item.toggle).request
            assert (item.value in after.filters.get(panel.name, [])) is not item.selected, (panel.name, item.value)
            others = set(state.request.filters.get(panel.name, [])) - {item.value}
            assert set(after.filters.get(panel.name, [])) - {item.value} == others
            for name in FACETS:
                if name != panel.name:
                    assert after.filters.get(name, []) == state.request.filters.get(name, [])
            assert (after.query, after.sort, after.page) == ("eig", "date", 1), "same search, first page"


def test_a_facet_with_many_values_is_long_except_years():
    many = [FacetValue(f"thème {i}", 1) for i in range(LONG_FACET + 1)]
    years = [FacetValue(str(2000 + i), 1) for i in range(LONG_FACET + 4)]
    shown = {p.name: p for p in panels(result({"tag": many, "outlet": many[:LONG_FACET], "year": years}), state_of([]))}
    assert shown["tag"].long and not shown["outlet"].long and not shown["year"].long


# -- chips -----------------------------------------------------------------------------------------------


def test_one_chip_per_active_filter_each_removing_only_itself():
    state = state_of([("q", "eig"), ("kind", "coverage"), ("tag", "A"), ("tag", "B"), ("year", "2021"), ("page", "2")])
    shown = chips(state)
    assert [(c.facet_title, c.label) for c in shown] == [
        ("Année", "2021"),
        ("Thème", "A"),
        ("Thème", "B"),
        ("Type", "Presse"),
    ]
    for chip, (facet, value) in zip(
        shown, [("year", "2021"), ("tag", "A"), ("tag", "B"), ("kind", "coverage")], strict=True
    ):
        after = state_of(chip.remove).request
        expected = {
            name: [v for v in values if (name, v) != (facet, value)] for name, values in state.request.filters.items()
        }
        assert after.filters == {name: values for name, values in expected.items() if values}
        assert after.query == "eig" and after.page == 1


def test_no_filter_no_chip():
    assert chips(state_of([("q", "eig"), ("page", "2")])) == []


# -- timeline --------------------------------------------------------------------------------------------------


def test_timeline_bars_run_oldest_first_relative_to_the_busiest_year():
    years = [FacetValue("2022", 10), FacetValue("2019", 5), FacetValue("2020", 0, selected=True), FacetValue("2021", 1)]
    bars = timeline(result({"year": years}), state_of([("year", "2020")]))
    assert [b.year for b in bars] == ["2019", "2020", "2021", "2022"]
    assert [b.count for b in bars] == [5, 0, 1, 10]
    assert [b.percent for b in bars] == [50, 0, 10, 100]
    assert [b.selected for b in bars] == [False, True, False, False]


def test_a_year_with_few_results_still_shows_a_bar():
    bars = timeline(result({"year": [FacetValue("2020", 1000), FacetValue("2021", 1)]}), state_of([]))
    assert [b.percent for b in bars] == [100, 4]


def test_timeline_bars_toggle_their_year():
    years = [FacetValue("2019", 5), FacetValue("2020", 2, selected=True), FacetValue("2021", 1)]
    state = state_of([("q", "eig"), ("year", "2020"), ("page", "2")])
    for bar in timeline(result({"year": years}), state):
        after = state_of(bar.toggle).request
        expected = [] if bar.year == "2020" else ["2020", bar.year]
        assert after.filters.get("year", []) == expected
        assert after.query == "eig" and after.page == 1


def test_no_timeline_for_a_single_unselected_year_or_none():
    assert timeline(result({"year": [FacetValue("2021", 4)]}), state_of([])) == []
    assert timeline(result({}), state_of([])) == []
    assert timeline(result({"year": [FacetValue("inconnue", 4), FacetValue("2021", 1)]}), state_of([])) == [], (
        "only years count"
    )
    one = timeline(result({"year": [FacetValue("2021", 4, selected=True)]}), state_of([("year", "2021")]))
    assert [(b.year, b.percent, b.selected) for b in one] == [("2021", 100, True)], "a chosen year stays visible"


# -- pager --------------------------------------------------------------------------------------------------------


def numbers(p) -> list[int | None]:
    return [number for number, _ in p.links]


def page_of(params) -> int:
    return state_of(params).request.page


def test_the_pager_shows_first_last_and_two_either_side_of_the_current_page():
    state = state_of([("q", "eig"), ("tag", "A"), ("page", "5")])
    p = pager(result(total=95, page=5), state, max_page=1000)
    assert (p.page, p.pages) == (5, 10)
    assert numbers(p) == [1, None, 3, 4, 5, 6, 7, None, 10]
    for number, params in p.links:
        if number is None:
            assert params is None, "a gap is not a link"
            continue
        assert page_of(params) == number
        after = state_of(params).request
        assert after.query == "eig" and after.filters == {"tag": ["A"]}, "the same search"
    assert page_of(p.previous) == 4 and page_of(p.next) == 6


def test_the_pager_at_both_ends():
    first = pager(result(total=95, page=1), state_of([]), max_page=1000)
    assert first.previous is None and page_of(first.next) == 2
    assert numbers(first) == [1, 2, 3, None, 10]
    assert first.links[0][1] == [], "page 1 is the URL without a page"
    second = pager(result(total=95, page=2), state_of([("page", "2")]), max_page=1000)
    assert second.previous == [] and numbers(second) == [1, 2, 3, 4, None, 10]
    last = pager(result(total=95, page=10), state_of([("page", "10")]), max_page=1000)
    assert last.next is None and page_of(last.previous) == 9
    assert numbers(last) == [1, None, 8, 9, 10]


def test_no_results_is_one_page():
    p = pager(result(total=0), state_of([]), max_page=1000)
    assert (p.page, p.pages, numbers(p), p.previous, p.next) == (1, 1, [1], None, None)


def test_the_pager_never_offers_a_page_beyond_max_page():
    state = state_of([("page", "20")])
    p = pager(result(total=10**6, page=20), state, max_page=20)
    assert p.pages == 20 and p.page == 20 and p.next is None
    assert max(n for n in numbers(p) if n is not None) == 20
    assert all(page_of(params) <= 20 for n, params in p.links if n is not None)


def test_a_page_beyond_the_results_is_current_in_no_link():
    p = pager(result(total=25, page=7), state_of([("q", "eig"), ("page", "7")]), max_page=1000)
    assert (p.page, p.pages, p.next) == (7, 3, None)
    assert numbers(p) == [1, 2, 3] and p.page not in numbers(p), "no page link is marked current"
    assert page_of(p.previous) == 3, "« précédente » leads to the last page"
    beyond_one = pager(result(total=4, page=2), state_of([("page", "2")]), max_page=1000)
    assert beyond_one.previous == [] and numbers(beyond_one) == [1]


# -- exports and the way back -------------------------------------------------------------------------------------


def test_export_links_carry_the_search_but_not_its_page():
    state = state_of([("q", "eig"), ("tag", "A"), ("year", "2021"), ("sort", "oldest"), ("all", "1"), ("page", "3")])
    links = exports(state)
    assert [link.path for link in links] == ["/export.csv"] * 2 + ["/export.json", "/export.atom", "/export.ics"]
    for link in links:
        after = state_of(link.params).request
        assert (
            after == state_of([("q", "eig"), ("tag", "A"), ("year", "2021"), ("sort", "oldest"), ("all", "1")]).request
        )
    assert ("sep", ";") in links[0].params and links[0].label == "Excel", "French Excel reads semicolons"
    assert all(("sep", ";") not in link.params for link in links[1:])


def test_the_way_back_is_named_after_the_query():
    assert return_label(state_of([("q", "données")])) == "Résultats pour « données »"
    assert return_label(state_of([("kind", "event")])) == "Résultats de la recherche"
    assert len(return_label(state_of([("q", "x" * 300)]))) < 90


# -- date_fr, count_fr --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, shown",
    [
        ("2019-11-29", "29 novembre 2019"),
        ("2019-11-01", "1er novembre 2019"),
        ("2021-02-03T10:30:00", "3 février 2021"),
        (dt.date(2022, 8, 15), "15 août 2022"),
        (dt.datetime(2020, 12, 1, 9, 0), "1er décembre 2020"),
        ("2018-01-31", "31 janvier 2018"),
        # A month alone is not read as a date: shown as it is, as anything unreadable.
        ("2022-05", "2022-05"),
        ("hier", "hier"),
        ("2019-13-01", "2019-13-01"),
        ("", ""),
        (None, ""),
    ],
)
def test_dates_in_french(value, shown):
    assert date_fr(value) == shown


@pytest.mark.parametrize(
    "value, precision, shown, iso",
    [
        ("2022-05-01", "month", "mai 2022", "2022-05"),
        (dt.date(2021, 8, 1), "month", "août 2021", "2021-08"),
        ("2020-01-01", "year", "2020", "2020"),
        ("2019-11-29", "day", "29 novembre 2019", "2019-11-29"),
        ("hier", "month", "hier", ""),
    ],
)
def test_a_date_is_shown_no_more_precisely_than_known(value, precision, shown, iso):
    assert date_fr(value, precision) == shown
    assert iso_of(value, precision) == iso


@pytest.mark.parametrize(
    "start, end, shown",
    [
        ("2022-06-03", "2022-06-05", "du 3 au 5 juin 2022"),
        ("2022-06-01", "2022-06-02", "du 1er au 2 juin 2022"),
        ("2022-06-30", "2022-07-02", "du 30 juin au 2 juillet 2022"),
        ("2021-12-30", "2022-01-02", "du 30 décembre 2021 au 2 janvier 2022"),
        ("2022-06-03", None, "3 juin 2022"),
        ("2022-06-03", "2022-06-03", "3 juin 2022"),
        ("2022-06-03", "2022-06-01", "3 juin 2022"),
    ],
)
def test_an_event_over_several_days(start, end, shown):
    assert span_fr(start, end) == shown


def hit(**fields) -> Hit:
    base = dict(
        id="x", kind="coverage", title="t", date=None, year=None, outlet="", tags=[], speakers=[], organisations=[],
        url="", source="s", score=0.0, snippet="", duplicates=0,
    )  # fmt: skip
    return Hit(**{**base, **fields})


def test_an_event_is_listed_at_its_own_date_not_its_announcements():
    event = hit(kind="event", date="2019-11-25", year=2019, event_date="2019-11-29")
    assert (shown_date(event).text, shown_date(event).iso, shown_date(event).event) == (
        "29 novembre 2019",
        "2019-11-29",
        True,
    )
    month = hit(kind="event", date="2022-04-02", event_date="2022-05-01", event_precision="month")
    assert shown_date(month).text == "mai 2022" and shown_date(month).iso == "2022-05"
    days = hit(kind="event", event_date="2022-06-03", event_end="2022-06-05")
    assert shown_date(days).text == "du 3 au 5 juin 2022"
    press = hit(date="2022-05-01", date_precision="month", event_date="2019-01-01")
    assert (shown_date(press).text, shown_date(press).event) == ("mai 2022", False), "only events"
    assert shown_date(hit(year=2021)).text == "2021"
    assert shown_date(hit()) is None


@pytest.mark.parametrize(
    "total, query, sentence",
    [
        (0, "eig", "Aucun résultat pour « eig »"),
        (1, "eig", "1 résultat pour « eig »"),
        (2, "", "2 résultats"),
        (1234567, "données", "1\u202f234\u202f567 résultats pour « données »"),
        (0, "", "Aucun résultat"),
    ],
)
def test_result_counts_in_french(total, query, sentence):
    assert count_fr(total, query) == sentence


# -- on a real search -------------------------------------------------------------------------------------------


# Duplicate groups among the documents: selecting a value may show one more version per group.
GROUPS = len({d.duplicate_group for d in DOCS if d.duplicate_group})


@pytest.fixture(scope="module")
def searcher(tmp_path_factory, analyser):
    with Searcher(build_index(tmp_path_factory.mktemp("viewdata"), DOCS, analyser)) as s:
        yield s


@pytest.mark.parametrize("params", [[], [("q", "atelier")], [("kind", "event")], [("q", "eig"), ("year", "2022")]])
def test_following_a_facet_link_selects_or_deselects_its_value(searcher, params):
    state = state_of(params)
    found = searcher.search(state.request)
    shown = panels(found, state)
    assert shown
    for panel in shown:
        chosen = bool(state.request.filters.get(panel.name))
        for item in panel.items:
            after = searcher.search(state_of(item.toggle).request)
            value = next((v for v in after.facets[panel.name] if v.value == item.value), None)
            if item.selected:
                assert value is None or not value.selected, (panel.name, item.value)
            else:
                assert value is not None and value.selected, (panel.name, item.value)
                if not chosen:
                    # What the link finds; a collapsed group may add the version that carries the value
                    # where the list showed another.
                    assert item.count <= after.total <= item.count + GROUPS, "the count shown is what the link finds"


def test_the_timeline_of_a_real_search(searcher):
    state = state_of([])
    bars = timeline(searcher.search(state.request), state)
    assert [b.year for b in bars] == sorted(b.year for b in bars) and len(bars) >= 3
    assert max(b.percent for b in bars) == 100
    exact = 0
    for bar in bars:
        total = searcher.search(state_of(bar.toggle).request).total
        assert bar.count <= total <= bar.count + GROUPS
        exact += total == bar.count
    assert exact >= len(bars) - GROUPS


@pytest.mark.parametrize(
    "facet, typed, indexed", [("outlet", "acteurs publics", "Acteurs publics"), ("kind", "Presse", "coverage")]
)
def test_a_value_written_otherwise_in_the_url_can_be_deselected_in_its_panel(searcher, facet, typed, indexed):
    state = state_of([(facet, typed)])
    found = searcher.search(state.request)
    assert found.total > 0
    item = next(i for p in panels(found, state) if p.name == facet for i in p.items if i.selected)
    assert item.value == indexed
    assert state_of(item.toggle).request.filters.get(facet, []) == []
