"""Facet arithmetic over the index of the shipped corpus: a value's count is the total its selection
gives; values of one facet combine with OR, facets with AND; a facet's counts ignore its own selection;
a selected value stays listed at 0; a duplicate group counts once, by the version the list shows."""

from __future__ import annotations

import pytest

from findit.search import Searcher
from findit.search.results import FACETS, SearchRequest
from helpers import search


@pytest.fixture(scope="module")
def archive(settings):
    with Searcher(settings) as s:
        yield s


def run(s: Searcher, query: str = "", **filters) -> SearchResult:  # noqa: F821
    return s.search(
        SearchRequest(query=query, filters={k: list(v) for k, v in filters.items()}, limit=100, facet_limit=1000)
    )


def counts(result, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in result.facets[facet]}


@pytest.mark.parametrize("query", ["", "eig", "numérique", "algorithmes publics"])
def test_each_count_is_the_total_of_its_selection(archive, query):
    # Exactly, except that selecting a value also shows a group's version that carries it where the
    # unfiltered list shows another version: at most one more line per collapsed group.
    base = run(archive, query)
    assert base.total > 0
    groups = sum(1 for h in base.hits if h.duplicates)
    checked = 0
    for facet in FACETS:
        exact = values = 0
        for value, count in counts(base, facet).items():
            total = run(archive, query, **{facet: [value]}).total
            assert count <= total <= count + groups, (facet, value)
            values += 1
            exact += total == count
        # A group's hidden version may carry a value of each facet the shown one lacks (a year, an organisation).
        assert exact >= values - groups, facet
        checked += values
    assert checked > 5


def test_counts_under_a_selection_agree_with_the_filtered_totals(archive):
    chosen = run(archive, "eig", outlet=["Acteurs publics"], year=["2022"])
    assert chosen.total > 0
    assert {h.outlet for h in chosen.hits} == {"Acteurs publics"}
    assert {h.year for h in chosen.hits} == {2022}
    assert {h.kind for h in chosen.hits} == {"coverage"}
    # Unselected facets count within the filtered results...
    assert sum(counts(chosen, "kind").values()) == chosen.total
    for tag, count in counts(chosen, "tag").items():
        assert run(archive, "eig", outlet=["Acteurs publics"], year=["2022"], tag=[tag]).total == count
    # ...a selected facet counts as if its own selection were not made (other values stay choosable).
    for year, count in counts(chosen, "year").items():
        assert run(archive, "eig", outlet=["Acteurs publics"], year=[year]).total == count
    for outlet, count in counts(chosen, "outlet").items():
        assert run(archive, "eig", outlet=[outlet], year=["2022"]).total == count
    assert counts(chosen, "year") == counts(run(archive, "eig", outlet=["Acteurs publics"]), "year")


def test_values_of_one_facet_or_facets_and(archive):
    base = run(archive)
    outlets = sorted(counts(base, "outlet"), key=counts(base, "outlet").get, reverse=True)[:2]
    both = run(archive, outlet=outlets)
    # One outlet per document: the union is the sum.
    assert both.total == sum(counts(base, "outlet")[o] for o in outlets)
    assert {h.outlet for h in both.hits} <= set(outlets)
    year = next(iter(counts(both, "year")))
    narrowed = run(archive, outlet=outlets, year=[year])
    assert narrowed.total == counts(both, "year")[year] <= both.total
    assert all(h.year == int(year) and h.outlet in outlets for h in narrowed.hits)


def test_a_selected_value_stays_listed_at_zero(archive):
    result = run(archive, "eig", year=["1999"], outlet=["No such outlet"])
    assert result.total == 0 and result.hits == []
    assert {"value": "1999", "count": 0, "selected": True} in result.to_json()["facets"]["year"]
    outlet = [v for v in result.facets["outlet"] if v.selected]
    assert [(v.value, v.count) for v in outlet] == [("No such outlet", 0)]
    # The years that do exist stay choosable, counted without the impossible year.
    assert counts(result, "year") | {"1999": 0} == counts(run(archive, "eig", outlet=["No such outlet"]), "year") | {
        "1999": 0
    }


def test_selected_values_are_kept_beyond_the_facet_limit(archive):
    every = run(archive)
    rare = min(counts(every, "tag"), key=counts(every, "tag").get)
    result = archive.search(SearchRequest(filters={"tag": [rare]}, facet_limit=1))
    assert [v.value for v in result.facets["tag"] if v.selected] == [rare]
    assert len([v for v in result.facets["tag"] if not v.selected]) <= 1


def test_values_match_without_case_or_accents(archive):
    exact = run(archive, outlet=["Acteurs publics"])
    assert exact.total > 0
    assert run(archive, outlet=["acteurs PUBLICS"]).total == exact.total
    assert run(archive, kind=["Presse"]).total == run(archive, kind=["coverage"]).total > 0


def test_duplicate_groups_count_once_by_the_version_shown(searcher):
    # The original (2019) and its re-post (2020): one result, shown as the original; only its year counts
    # (no 2020 bar for a version the list does not show), and each count is the total of its selection.
    result = search(searcher, "algorithmes")
    years = {v.value: v.count for v in result.facets["year"]}
    assert result.message is None
    assert result.total == 3 and years == {"2018": 2, "2019": 1}
    assert [h.id for h in result.hits if h.duplicates] == ["histoire"]
    assert sum(v.count for v in result.facets["kind"]) == result.total
    assert {v.value: v.count for v in result.facets["tag"]} == {"algorithme": 1}
    # Asked for 2020, the group shows its 2020 version: a filter never hides what it names.
    only_2020 = searcher.search(SearchRequest(query="algorithmes", filters={"year": ["2020"]}))
    assert only_2020.total == 1 and only_2020.hits[0].id == "histoire-repost"
    assert only_2020.hits[0].year == 2020 and only_2020.hits[0].duplicates == 1
    # ...and the selected value says so (the other years still count the versions the list would show).
    assert {v.value: (v.count, v.selected) for v in only_2020.facets["year"]}["2020"] == (1, True)
    both = searcher.search(SearchRequest(query="algorithmes", filters={"year": ["2019", "2020"]}))
    assert both.total == 1 and both.hits[0].id == "histoire"


def test_drafts_and_junk_are_not_counted(searcher):
    plain = search(searcher, "cartographie")
    every = search(searcher, "cartographie", include_all=True)
    assert sum(v.count for v in plain.facets["kind"]) == plain.total
    assert sum(v.count for v in every.facets["kind"]) == every.total == plain.total + 2
    assert "2023" not in {v.value for v in plain.facets["year"]}
    assert "2023" in {v.value for v in every.facets["year"]}


def test_kind_values_carry_french_labels(searcher):
    labels = {v.value: v.label for v in search(searcher, "").facets["kind"]}
    assert labels["event"] == "Événement" and labels["coverage"] == "Presse"


def test_facets_stay_right_after_updates_that_add_undated_documents(corpus_copy, make_settings, make_indexer):
    """An incremental update whose documents have no date writes a segment without year/date columns;
    the counts must still belong to the right documents (reading columns across segments shifted them)."""

    settings = make_settings(corpus_copy)
    make_indexer(settings).update()
    (corpus_copy / "note-sans-date.md").write_text(
        "---\ntitle: Note sans date sur les greffons\n---\nUne note sur les greffons, sans aucune date.\n",
        encoding="utf-8",
    )
    make_indexer(settings).update()
    (corpus_copy / "atelier-2018.md").write_text(
        "---\ntitle: Atelier greffons 2018\ndate: 2018-03-01\n---\nUn atelier daté sur les greffons.\n",
        encoding="utf-8",
    )
    make_indexer(settings).update()
    with Searcher(settings) as s:
        result = run(s, "greffons")
        years = counts(result, "year")
        assert years.get("2018") == 1
        assert run(s, "greffons", year=["2018"]).total == 1
        titles = [h.title for h in run(s, "greffons", year=["2018"]).hits]
        assert titles == ["Atelier greffons 2018"]
        for value, count in years.items():
            assert run(s, "greffons", year=[value]).total == count, value


def test_a_value_with_commas_stays_whole(archive):
    """A multi-valued facet splits its stored values on commas: a name holding commas is still one value."""
    name = "Direction de la Recherche, des Études, de l'Évaluation et des Statistiques (DREES)"
    listed = counts(run(archive), "organisation")
    assert listed.get(name, 0) >= 1, sorted(listed)
    chosen = run(archive, "", organisation=[name])
    assert chosen.total == listed[name]
    assert all(name in h.organisations for h in chosen.hits)
    assert {h.id for h in run(archive, "orga:drees").hits} >= {h.id for h in chosen.hits}
