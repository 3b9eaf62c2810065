"""Dates written in a query (findit.search.querydates): what becomes a date filter, with the precision
written, against a fixed today; and the searcher applying it to an event's own date, else the publication
date, listing it in the JSON, while a bare year among other words stays a word."""

from __future__ import annotations

import datetime as dt

import pytest

from findit.search import Searcher
from findit.search.querydates import DateReader
from findit.search.relax import WIDENED
from findit.search.results import SearchRequest
from helpers import build_index, doc, ids

TODAY = dt.date(2025, 6, 15)
D = dt.date


@pytest.mark.parametrize(
    "query, rest, start, end, precision, text",
    [
        ("eig en 2021", "eig", D(2021, 1, 1), D(2021, 12, 31), "year", "en 2021"),
        ("septembre 2022 ateliers", "ateliers", D(2022, 9, 1), D(2022, 9, 30), "month", "septembre 2022"),
        ("depuis 2020", "", D(2020, 1, 1), None, "year", "depuis 2020"),
        ("avant 2019 données", "données", None, D(2018, 12, 31), "year", "avant 2019"),
        ("l'an dernier", "", D(2024, 1, 1), D(2024, 12, 31), "year", "l'an dernier"),
        ("atelier l’année dernière", "atelier", D(2024, 1, 1), D(2024, 12, 31), "year", "l’année dernière"),
        ("ateliers cette année", "ateliers", D(2025, 1, 1), D(2025, 12, 31), "year", "cette année"),
        ("12 mars 2024", "", D(2024, 3, 12), D(2024, 3, 12), "day", "12 mars 2024"),
        ("le 1er mars 2024 atelier", "atelier", D(2024, 3, 1), D(2024, 3, 1), "day", "le 1er mars 2024"),
        ("entre 2019 et 2021", "", D(2019, 1, 1), D(2021, 12, 31), "year", "entre 2019 et 2021"),
        ("après 2020", "", D(2021, 1, 1), None, "year", "après 2020"),
        ("à partir de mars 2022", "", D(2022, 3, 1), None, "month", "à partir de mars 2022"),
        ("jusqu'en 2020", "", None, D(2020, 12, 31), "year", "jusqu'en 2020"),
        ("sept. 2022", "", D(2022, 9, 1), D(2022, 9, 30), "month", "sept. 2022"),
        ("le mois dernier", "", D(2025, 5, 1), D(2025, 5, 31), "month", "le mois dernier"),
        ("2019", "", D(2019, 1, 1), D(2019, 12, 31), "year", "2019"),  # the whole query: a filter
        ("journée du 12 mars 2024", "journée", D(2024, 3, 12), D(2024, 3, 12), "day", "du 12 mars 2024"),
        ("du 1er mars 2024 au 3 mars 2024", "", D(2024, 3, 1), D(2024, 3, 3), "day", "du 1er mars 2024 au 3 mars 2024"),
        # The first end leaves out what it shares with the second.
        ("projets de mars à mai 2022", "projets", D(2022, 3, 1), D(2022, 5, 31), "month", "de mars à mai 2022"),
        ("du 12 au 14 juin 2022 atelier", "atelier", D(2022, 6, 12), D(2022, 6, 14), "day", "du 12 au 14 juin 2022"),
        (
            "ateliers des 13 et 14 juin 2022",
            "ateliers",
            D(2022, 6, 13),
            D(2022, 6, 14),
            "day",
            "des 13 et 14 juin 2022",
        ),
        ("de décembre à février 2023", "", D(2022, 12, 1), D(2023, 2, 28), "month", "de décembre à février 2023"),
        (
            "du 30 décembre au 2 janvier 2023",
            "",
            D(2022, 12, 30),
            D(2023, 1, 2),
            "day",
            "du 30 décembre au 2 janvier 2023",
        ),
        ("de 20 au 3 mai 2022", "", D(2022, 4, 20), D(2022, 5, 3), "day", "de 20 au 3 mai 2022"),
        ("entre le 2 et le 30 juin 2022", "", D(2022, 6, 2), D(2022, 6, 30), "day", "entre le 2 et le 30 juin 2022"),
        # Not a range: the second end alone is the date (« de 5 à mai », « les 2 et 30 juin »: two days).
        ("de 5 à mai 2022", "de 5 à", D(2022, 5, 1), D(2022, 5, 31), "month", "mai 2022"),
        ("les 2 et 30 juin 2022", "les 2 et", D(2022, 6, 30), D(2022, 6, 30), "day", "30 juin 2022"),
    ],
)
def test_dates_written_become_filters_as_precise_as_written(query, rest, start, end, precision, text):
    read = DateReader(TODAY).read(query)
    assert read.text == rest
    assert read.date is not None
    assert (read.date.start, read.date.end, read.date.precision, read.date.text) == (start, end, precision, text)
    assert query[read.span[0] : read.span[1]] == text


@pytest.mark.parametrize(
    "query",
    [
        "rapport 2019",  # a year among words: the subject, ranked by it, not a filter
        '"en 2021" eig',  # quoted: words to find
        "annee:2021 eig",  # field syntax says it already
        "31 février 2021",  # not a real day
        "en 1500",  # not a year of the archive's era
        "mars",  # a month alone is a word (and a planet)
        "les personnes de 18 à 25 ans",  # numbers, not days
    ],
)
def test_what_is_not_a_date_filter_stays_words(query):
    read = DateReader(TODAY).read(query)
    assert read.date is None and read.text == query


@pytest.mark.parametrize(
    "query, label",
    [
        ("en 2021", "2021"),
        ("avant 2019", "jusqu’à 2018"),
        ("depuis mars 2022", "depuis mars 2022"),
        ("entre 2019 et 2021", "de 2019 à 2021"),
        ("du 1er mars 2024 au 3 mars 2024", "du 1er mars 2024 au 3 mars 2024"),
        ("le 1er mars 2024", "1er mars 2024"),
    ],
)
def test_the_period_is_said_in_french(query, label):
    assert DateReader(TODAY).read(query).date.label() == label


def test_today_is_read_at_each_query():
    days = iter([D(2025, 6, 15), D(2026, 1, 2)])
    reader = DateReader(lambda: next(days))
    assert reader.read("cette année").date.start == D(2025, 1, 1)
    assert reader.read("cette année").date.start == D(2026, 1, 1)


# -- in the searcher ---------------------------------------------------------------------------------------

BODY = "Un atelier sur la cartographie des données publiques avec les agents. "


@pytest.fixture(scope="module")
def dated(tmp_path_factory, analyser):
    docs = [
        # An event published in 2020 about a day in 2019: found by its own date.
        doc("event", "Atelier cartographie", BODY, kind="event", date="2020-01-10", event_date=D(2019, 11, 29)),
        doc("sept", "Article de septembre", BODY, date="2021-09-15"),
        doc("oct", "Article d'octobre", BODY, date="2021-10-02"),
        doc("month", "Lettre de mai", BODY, date="2022-05-01", date_precision="month"),
        doc("report", "Rapport 2019 sur la cartographie", BODY, date="2023-02-01"),
        doc("undated", "Page sans date", BODY),
    ]
    return build_index(tmp_path_factory.mktemp("dated"), docs, analyser)


@pytest.fixture(scope="module")
def searcher(dated):
    with Searcher(dated, today=D(2024, 7, 1)) as s:
        yield s


def found(searcher, query: str, **kw) -> list[str]:
    return sorted(ids(searcher.search(SearchRequest(query=query, limit=50, **kw))))


def test_an_event_is_filtered_by_its_own_date_other_documents_by_publication(searcher):
    assert found(searcher, "atelier en 2019") == ["event"]
    assert "event" not in found(searcher, "atelier en 2020")
    assert found(searcher, "cartographie septembre 2021") == ["sept"]
    assert found(searcher, "cartographie 15 septembre 2021") == ["sept"]
    assert found(searcher, "cartographie mai 2022") == ["month"]
    assert found(searcher, "cartographie depuis octobre 2021") == ["month", "oct", "report"]
    assert found(searcher, "cartographie avant 2021") == ["event"]
    assert found(searcher, "cartographie l'an dernier") == ["report"]  # today is in 2024


def test_a_bare_year_among_words_is_a_word_not_a_filter(searcher):
    result = searcher.search(SearchRequest(query="rapport 2019"))
    assert result.filters == {} and result.searched is None
    assert ids(result)[0] == "report"  # the title's year, although published in 2023


def test_the_json_lists_the_date_read_and_the_words_searched(searcher):
    data = searcher.search(SearchRequest(query="cartographie en 2021")).to_json()
    assert data["query"] == "cartographie en 2021" and data["searched"] == "cartographie"
    assert data["filters"]["date"] == {
        "from": "2021-01-01",
        "to": "2021-12-31",
        "precision": "year",
        "text": "en 2021",
        "label": "2021",
        "span": [13, 20],
    }
    assert data["total"] == 2
    assert {v["value"]: v["count"] for v in data["facets"]["year"]} == {"2021": 2}
    assert "searched" not in searcher.search(SearchRequest(query="cartographie")).to_json()


def test_a_date_alone_lists_every_document_of_that_period(searcher):
    assert found(searcher, "en 2021") == ["oct", "sept"]
    assert found(searcher, "en 2021", filters={"year": ["2021"]}) == ["oct", "sept"]
    assert found(searcher, "en 2021", filters={"year": ["2022"]}) == []


def test_a_date_that_leaves_nothing_is_searched_as_words(tmp_path, analyser):
    """« parité en 2022 » is the title of a 2021 article: the date filter finds nothing, so the query is
    read whole, as text, and the message says so; a date that finds something stays a filter."""
    docs = [
        doc("parite", "La Dinum vise la parité en 2022", "Un plan pour la parité des équipes.", date="2021-10-11"),
        doc("autre", "Atelier parité", "Un atelier sur la parité.", date="2023-03-01"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser), today=D(2024, 7, 1)) as s:
        result = s.search(SearchRequest(query="parité en 2022"))
        assert ids(result)[0] == "parite"
        assert "date" not in result.filters and result.searched is None
        assert "« en 2022 » est cherché comme du texte" in (result.message or "")
        kept = s.search(SearchRequest(query="parité en 2023"))
        assert ids(kept) == ["autre"] and kept.filters["date"]["label"] == "2023"
        nothing = s.search(SearchRequest(query="xylophone en 2022"))
        assert nothing.total == 0 and "date" in nothing.filters  # nothing either way: the filter stays shown


def test_a_date_known_to_the_year_or_month_only_lies_within_a_filter_only_whole(tmp_path, analyser):
    """A project of 2019 (its year only, stored as 1 January) is one of « en 2019 », not of « janvier
    2019 »; a page of May 2019 (its month only) is one of « mai 2019 », not of « le 1er mai 2019 »."""
    docs = [
        doc("year", "Projet de l'année", "Un projet.", date="2019-01-01", date_precision="year"),
        doc("month", "Projet du printemps", "Un projet.", date="2019-05-01", date_precision="month"),
        doc("jan", "Projet de janvier", "Un projet.", date="2019-01-01"),
        doc("may", "Projet de mai", "Un projet.", date="2019-05-01"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser), today=D(2024, 7, 1)) as s:
        assert found(s, "projet en 2019") == ["jan", "may", "month", "year"]
        assert found(s, "projet en janvier 2019") == ["jan"]
        assert found(s, "projet le 1er janvier 2019") == ["jan"]
        assert found(s, "projet en mai 2019") == ["may", "month"]
        assert found(s, "projet le 1er mai 2019") == ["may"]
        assert found(s, "projet de janvier à juin 2019") == ["jan", "may", "month"]


def test_a_day_that_leaves_nothing_gives_its_month_saying_so(tmp_path, analyser):
    """« bootcamp EIG 3 mars 2019 »: no page is dated 3 March 2019; the bootcamp of the 12th is that month's.
    Words found apart and nothing kept in the month either: no « some of the words » message."""
    docs = [
        doc("boot", "Bootcamp de la promotion EIG 3", "Retour sur le bootcamp.", date="2019-03-12"),
        doc("other", "Bootcamp de la promotion EIG 2", "Retour sur le bootcamp.", date="2018-01-20"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser), today=D(2024, 7, 1)) as s:
        result = s.search(SearchRequest(query="bootcamp EIG 3 mars 2019"))
        assert ids(result) == ["boot"] and result.filters["date"]["label"] == "mars 2019"
        assert "Aucun document pour le 3 mars 2019 : voici ceux de mars 2019." in (result.message or "")
        assert found(s, "bootcamp le 12 mars 2019") == ["boot"]  # that day: no widening
        nothing = s.search(SearchRequest(query="bootcamp xylophone 3 juin 2019"))
        assert nothing.total == 0 and WIDENED not in (nothing.message or "")


def test_a_day_written_without_its_year_is_read_in_the_pages_year(tmp_path, analyser):
    """A newsletter of April 2023 announcing « le 17 avril » answers « le 17 avril 2023 »; the same day
    named by a page of another year is another day, and a month alone named without a year is too loose."""
    docs = [
        doc("lettre", "Infolettre d'avril", "Atelier le 17 avril : les projets de l'année.", date="2023-04-03"),
        doc("old", "Infolettre de 2021", "Atelier le 17 avril : les projets passés.", date="2021-04-02"),
        doc("month", "Bilan des projets", "Les projets présentés en avril.", date="2023-06-01"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser), today=D(2024, 7, 1)) as s:
        assert found(s, "projets le 17 avril 2023") == ["lettre"]
        assert found(s, "projets le 17 avril 2021") == ["old"]
        assert found(s, "projets en avril 2023") == ["lettre"]


def test_a_page_that_names_the_month_or_day_asked_is_kept_whatever_its_date(tmp_path, analyser):
    """A workshop's projects published in September still answer « projets en mai 2022 » when the page
    says « 16 mai 2022 »; a year named in the text is not enough (nearly every page names one)."""
    docs = [
        doc("during", "Atelier d'idéation", "Les projets choisis ce jour-là.", date="2022-05-16"),
        doc("after", "Les projets retenus", "Retenus lors de l'atelier du 16 mai 2022.", date="2022-09-01"),
        doc("other", "Les projets de l'automne", "Un atelier en septembre.", date="2022-09-02"),
        doc("year", "Bilan des projets", "Les projets de 2022 et de mai 2021.", date="2023-01-05"),
    ]
    with Searcher(build_index(tmp_path, docs, analyser), today=D(2024, 7, 1)) as s:
        assert found(s, "projets en mai 2022") == ["after", "during"]
        assert found(s, "projets le 16 mai 2022") == ["after", "during"]
        assert found(s, "projets en 2022") == ["after", "during", "other"]
        assert found(s, "projets de mars à mai 2022") == ["during"]  # a span: by date alone
        # A date alone lists the documents of that date first, then those that only name it.
        assert ids(s.search(SearchRequest(query="en mai 2022"))) == ["during", "after"]
