"""Filter values (`--org`, `--outlet`, `--tag`, `--speaker` and the page's URL parameters) read as the
query syntax reads a value: case, accents, a word or a unique start of the value; what they named is
listed, and a value that names nothing (or several by its start) says so with the close values.

And "Did you mean" leaves field syntax alone: field names, and values that are not words of text."""

from __future__ import annotations

import pytest

from findit.index.facetstore import FacetTables
from findit.search.facets import FacetCounter
from findit.search.results import SearchRequest
from findit.search.suggest import protected_spans
from helpers import ids, search


def run(searcher, query: str = "", **filters):
    return searcher.search(SearchRequest(query=query, limit=50, filters={k: [v] for k, v in filters.items()}))


@pytest.mark.parametrize(
    "facet, asked, syntax, values",
    [
        ("outlet", "acteurs", "media:acteurs", ["Acteurs publics"]),
        ("outlet", "ACTEURS PUBLICS", "media:acteurs", ["Acteurs publics"]),
        ("tag", "EIG", "tag:eig", ["Le programme EIG"]),
        ("speaker", "cardon", "intervenant:cardon", ["Dominique Cardon"]),
        ("organisation", "sciencespo", "orga:sciencespo", ["SciencesPo"]),
        ("organisation", "scien", "orga:scien*", ["SciencesPo"]),  # the unique start of a value
        ("kind", "événement", "type:événement", ["event"]),
    ],
)
def test_a_filter_value_finds_what_the_query_syntax_finds(searcher, facet, asked, syntax, values):
    by_filter = run(searcher, **{facet: asked})
    by_syntax = search(searcher, syntax)
    assert by_filter.total > 0 and by_filter.problems == []
    assert sorted(ids(by_filter)) == sorted(ids(by_syntax))
    assert by_filter.to_json()["filters"][facet] == [{"asked": asked, "values": values}]
    # The value named is the one listed as selected in its facet.
    assert {v.value for v in by_filter.facets[facet] if v.selected} >= set(values)


def counter() -> FacetCounter:
    values = {"Direction du budget": 0b001, "Direction interministérielle du numérique (DINUM)": 0b010, "DITP": 0b100}
    return FacetCounter(FacetTables({"organisation": values}, {}, {}, frozenset(), [0, 1, 2]))


@pytest.mark.parametrize(
    "asked, values, ambiguous",
    [
        ("dinum", ["Direction interministérielle du numérique (DINUM)"], []),  # a word of the value
        ("DITP", ["DITP"], []),
        ("direction", ["Direction du budget", "Direction interministérielle du numérique (DINUM)"], []),
        ("numerique", ["Direction interministérielle du numérique (DINUM)"], []),
        ("budg", ["Direction du budget"], []),  # the unique start of a word
        ("di", [], ["DITP", "Direction du budget", "Direction interministérielle du numérique (DINUM)"]),
        ("dir", [], ["Direction du budget", "Direction interministérielle du numérique (DINUM)"]),
    ],
)
def test_values_named_by_a_word_a_start_or_ambiguous(asked, values, ambiguous):
    found = counter().find("organisation", asked)
    assert (found.values, found.ambiguous) == (values, ambiguous)


def test_a_value_written_two_ways_in_the_archive_is_selected_both_ways():
    # « INRIA » on one page, « Inria » on two: --org inria (or INRIA) keeps the three, as orga:inria does.
    values = {"INRIA": 0b001, "Inria": 0b110, "Institut Pasteur": 0b1000}
    tables = FacetCounter(FacetTables({"organisation": values}, {}, {}, frozenset(), [0, 1, 2, 3]))
    for asked in ("inria", "INRIA", "Inria"):
        found = tables.find("organisation", asked)
        assert sorted(found.values) == ["INRIA", "Inria"], asked
        assert tables.selection("organisation", found.values) == 0b111


def test_a_value_written_two_ways_is_one_line_of_its_facet():
    # One line, in the form most documents write, counting every document of either spelling; selected
    # (as either spelling), that line is the one marked, with the count the list shows.
    values = {"INRIA": 0b0001, "Inria": 0b0110, "Institut Pasteur": 0b1000}
    tables = FacetCounter(FacetTables({"organisation": values}, {}, {}, frozenset(), [0, 1, 2, 3]))
    listed = tables.count("organisation", 0b1111, [], 10)
    assert [(v.value, v.count, v.selected) for v in listed] == [("Inria", 3, False), ("Institut Pasteur", 1, False)]
    for asked in ("INRIA", "inria"):
        chosen = tables.find("organisation", asked).values
        counts = tables.counts(
            ("organisation",),
            {0: 1.0, 1: 1.0, 2: 1.0, 3: 1.0},
            0b1111,
            0b0111,
            {"organisation": 0b0111},
            {"organisation": chosen},
            10,
        )["organisation"]
        assert [(v.value, v.count, v.selected) for v in counts] == [("Inria", 3, True), ("Institut Pasteur", 1, False)]


def test_a_value_that_names_nothing_gets_the_close_ones():
    found = counter().find("organisation", "budjet")
    assert not found.found and found.close == ["Direction du budget"]
    assert counter().find("organisation", "zzz").close == []


def test_an_unknown_value_says_so_with_the_close_values(searcher):
    result = run(searcher, speaker="Cardom")
    assert result.total == 0
    assert result.problems == [
        "Intervenant·e « Cardom » : aucune valeur de l’archive ne correspond. Valeurs proches : Dominique Cardon."
    ]
    assert result.problems[0] in (result.message or "")
    assert result.to_json()["filters"]["speaker"] == [{"asked": "Cardom", "values": [], "close": ["Dominique Cardon"]}]


def test_a_kind_by_the_start_of_its_french_name_and_words_of_no_value(searcher):
    # The kinds of the small archive are article, coverage (« Presse ») and event (« Événement »).
    assert run(searcher, kind="pres").to_json()["filters"]["kind"] == [{"asked": "pres", "values": ["coverage"]}]
    unknown = run(searcher, outlet="monde publics")  # no value has both words
    assert unknown.total == 0 and unknown.problems


def test_a_kind_named_in_the_plural(searcher):
    # « événements », « articles »: a filter value and a word of the query, as the singular is.
    for plural, singular, kind in (("événements", "événement", "event"), ("articles", "article", "article")):
        assert run(searcher, kind=plural).to_json()["filters"]["kind"] == [{"asked": plural, "values": [kind]}]
        of_kind = set(ids(run(searcher, kind=kind)))
        assert of_kind and set(ids(run(searcher, plural))) >= of_kind, plural
        assert set(ids(run(searcher, plural))) >= set(ids(run(searcher, singular))) & of_kind


# -- "Did you mean" and field syntax ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, kept",
    [
        ("annee:abc eig", ["annee", "abc"]),
        ("titre:", ["titre"]),
        ("titre:cartografie", ["titre"]),  # a word of text after a text field may be corrected
        ("date:2021 x", ["date", "2021"]),
        ("theme:algo* x", ["theme", "algo*"]),
        ("type:evenemnt", ["type", "evenemnt"]),
        ("inconnu:mot", []),  # not a field: text
    ],
)
def test_field_names_and_values_that_are_not_words_are_protected(query, kept):
    assert [query[a:b] for a, b in protected_spans(query)] == kept


@pytest.mark.parametrize("query", ["annee:abc cartografie", "titre:", "titre: cartografie", "annee:abc"])
def test_a_suggestion_never_rewrites_field_syntax(searcher, query):
    suggestion = searcher.search(SearchRequest(query=query)).suggestion
    if suggestion is not None:
        assert suggestion.split(":")[0] == query.split(":")[0]
        assert ("annee:abc" in suggestion) == ("annee:abc" in query)
        assert "tiers" not in suggestion


def test_the_words_around_field_syntax_are_still_corrected(searcher):
    assert searcher.search(SearchRequest(query="annee:abc cartografie")).suggestion == "annee:abc cartographie"


def test_a_value_found_only_in_drafts_says_how_to_see_them(tmp_path, analyser):
    from findit.search import Searcher
    from helpers import build_index, doc

    docs = [
        doc(
            "entretien", "Entretien avec Léo Bouloc", "Que sont devenus les EIG ?", speakers=["Léo Bouloc"], draft=True
        ),
        doc("atelier", "Atelier", "Un atelier.", speakers=["Soizic Pénicaud"]),
    ]
    with Searcher(build_index(tmp_path, docs, analyser)) as s:
        hidden = run(s, speaker="Bouloc")
        assert hidden.total == 0 and hidden.problems == []
        assert "« Bouloc » : seulement dans des brouillons" in (hidden.message or "")
        shown = s.search(SearchRequest(query="", filters={"speaker": ["Bouloc"]}, include_all=True))
        assert ids(shown) == ["entretien"] and "brouillons" not in (shown.message or "")
        assert "brouillons" not in (run(s, speaker="Pénicaud").message or "")
