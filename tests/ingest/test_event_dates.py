"""Event dates written in titles and first lines, ranges, years inferred, and precision kept."""

import datetime as dt

import pytest

from findit.ingest.assemble import build
from findit.ingest.textdates import find_event_date, parse_text

D = dt.date


@pytest.mark.parametrize(
    "texts, reference, start, end, precision",
    [
        (["Forum du 4 au 6 décembre 2024"], None, D(2024, 12, 4), D(2024, 12, 6), "day"),
        (["Rencontres du 30 novembre au 2 décembre 2024"], None, D(2024, 11, 30), D(2024, 12, 2), "day"),
        (["Hackathon les 7, 8 et 9 septembre 2021"], None, D(2021, 9, 7), D(2021, 9, 9), "day"),
        (["Atelier", "Rendez-vous jeudi 12 mars à 14h."], D(2020, 2, 1), D(2020, 3, 12), None, "day"),
        # the weekday decides the year: Thursday 12 March is in 2026, not 2025
        (["Atelier", "Rendez-vous jeudi 12 mars."], D(2025, 11, 2), D(2026, 3, 12), None, "day"),
        (["Webinaire le 17/03 à 11h"], D(2023, 2, 20), D(2023, 3, 17), None, "day"),
        # an announcement comes before its event: the next 17 March, not the last
        (["Séminaire", "Il aura lieu le 17 mars."], D(2022, 11, 20), D(2023, 3, 17), None, "day"),
        (["Journées de la donnée du 21/11 au 24/11"], D(2022, 11, 1), D(2022, 11, 21), D(2022, 11, 24), "day"),
        (["Atelier de mars 2023"], None, D(2023, 3, 1), None, "month"),
        (["Meeting on April 12, 2019"], None, D(2019, 4, 12), None, "day"),
    ],
)
def test_event_dates_from_text(texts, reference, start, end, precision):
    parsed = find_event_date(texts, reference)
    assert (parsed.value, parsed.end, parsed.precision) == (start, end, precision)


def test_no_date_made_up():
    assert find_event_date(["Le 17 mars, à Paris"], None).value is None  # no year, nothing to infer it from
    assert parse_text("N°3 juin 2016").precision == "month"  # an issue number is no day
    assert parse_text("Note 12/20 au contrôle").value is None


def test_event_page_dates_from_title_and_first_lines():
    text = (
        "---\ntitle: Forum de l'emploi tech du 4 au 6 décembre\ndate: 2024-10-02\nlieu: Paris\n---\n"
        "Trois jours de rencontres.\n"
    )
    doc = build("evenements/forum.md", text)[0]
    assert (doc.date, doc.event_date, doc.event_end, doc.event_precision, doc.year) == (
        D(2024, 10, 2),
        D(2024, 12, 4),
        D(2024, 12, 6),
        "day",
        2024,
    )
    assert "date de l'événement 2024-12-04 lue dans le texte" in doc.flags
    month = build("evenements/b.md", "---\ntitle: Cycle de mai 2022\ndate: 2022-03-01\ntype: event\n---\nUn cycle.\n")[
        0
    ]
    assert (month.event_date, month.event_precision) == (D(2022, 5, 1), "month")
    # an event's data wins over its text; its end too
    stated = build(
        "evenements/c.md",
        "---\ntitle: Le 3 mars\nevent_start_date: 2022-03-04\nevent_end_date: 2022-03-05\n---\nTexte.\n",
    )[0]
    assert (stated.event_date, stated.event_end) == (D(2022, 3, 4), D(2022, 3, 5))


def test_an_article_reporting_on_an_event_gets_no_event_date():
    doc = build("blog/retour.md", "---\ntitle: Retour sur l'atelier du 16 mai 2022\ndate: 2022-05-20\n---\nTexte.\n")[0]
    assert doc.event_date is None and doc.date == D(2022, 5, 20)
