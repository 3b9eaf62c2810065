"""GET /export.csv|json|atom|ics and /doc/<id>.ics: the page's search, whole, in the page's order, each
file read back with a real parser; and the page's searches written to the query log (exports are not)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import sqlite3
import xml.etree.ElementTree as ET

import icalendar
import pytest

from findit.querylog import FILE_NAME
from findit.webapp import create_app
from helpers import build_index, doc

ATOM = "{http://www.w3.org/2005/Atom}"
TEXT = "Un atelier de cartographie des données publiques avec les agents. "


@pytest.fixture(scope="module")
def events_settings(tmp_path_factory, analyser):
    day = dt.date.fromisoformat
    documents = [
        doc(
            "forum-juin",
            "Forum cartographie",
            TEXT,
            kind="event",
            date="2024-05-01",
            event_date=day("2024-06-03"),
            event_end=day("2024-06-04"),
            venue="Lyon, halle ; entrée B",
        ),
        doc(
            "forum-mois",
            "Forum cartographie d'été",
            TEXT,
            kind="event",
            date="2023-07-01",
            event_date=day("2023-07-01"),
            event_precision="month",
        ),  # fmt: skip
        doc("article-carto", "Cartographie racontée", TEXT, date="2024-01-02"),
        doc(
            "presse-carto",
            "La cartographie dans la presse",
            TEXT,
            kind="coverage",
            date="2022-03-04",
            outlet="Le Monde",
        ),
    ]
    return build_index(tmp_path_factory.mktemp("events"), documents, analyser)


@pytest.fixture
def events_client(events_settings):
    (events_settings.index / FILE_NAME).unlink(missing_ok=True)
    return create_app({"FINDIT_SETTINGS": events_settings, "TESTING": True}).test_client()


def _ids_of_pages(client, params: str) -> list[str]:
    ids, page = [], 1
    while True:
        data = client.get(f"/api/search?{params}&limit=10&page={page}").get_json()
        ids += [hit["id"] for hit in data["hits"]]
        if len(ids) >= data["total"]:
            return ids
        page += 1


def test_csv_is_the_whole_search_in_the_pages_order_for_a_french_excel(client):
    response = client.get("/export.csv?q=numérique&sort=date&sep=;&page=3")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="findit-numerique.csv"'
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [row["identifiant"] for row in rows] == _ids_of_pages(client, "q=numérique&sort=date")
    assert len(rows) > 10 and all(row["page"].startswith("http://localhost/doc/") for row in rows)


def test_json_keeps_the_facets_of_the_page(client):
    data = client.get("/export.json?q=eig&year=2022&kind=coverage").get_json()
    page = client.get("/api/search?q=eig&year=2022&kind=coverage").get_json()
    assert data["total"] == page["total"] == data["exported"] > 0
    # as the page's search says them: each value asked, with the values it named
    assert (
        data["filters"]
        == page["filters"]
        == {
            "year": [{"asked": "2022", "values": ["2022"]}],
            "kind": [{"asked": "coverage", "values": ["coverage"]}],
        }
    )
    assert all(hit["year"] == 2022 and hit["kind"] == "coverage" for hit in data["hits"])
    assert data["facets"]["year"] == page["facets"]["year"]


def test_atom_feed_of_a_saved_search(client):
    response = client.get("/export.atom?q=eig&outlet=Acteurs publics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert 'filename="findit-eig.atom"' in response.headers["Content-Disposition"]
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 50
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert all(e.find(f"{ATOM}link").get("href").startswith("http://localhost/doc/") for e in entries)
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/export.atom?q=eig&outlet=Acteurs+publics"
    )
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://localhost/?q=eig&outlet=Acteurs+publics"


def test_ics_of_a_search_and_of_one_event(events_client):
    response = events_client.get("/export.ics?q=cartographie")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="findit-cartographie.ics"'
    calendar = icalendar.Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "forum-juin@findit" and str(event["LOCATION"]) == "Lyon, halle ; entrée B"
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (dt.date(2024, 6, 3), dt.date(2024, 6, 5))
    assert str(event["URL"]) == "http://localhost/doc/forum-juin"
    assert str(calendar["X-FINDIT-LEFT-OUT"]) == "1"  # the month-precise forum

    one = events_client.get("/doc/forum-juin.ics")
    assert one.status_code == 200 and 'filename="forum-juin.ics"' in one.headers["Content-Disposition"]
    assert [str(e["UID"]) for e in icalendar.Calendar.from_ical(one.data).walk("VEVENT")] == ["forum-juin@findit"]
    for missing in ("forum-mois", "article-carto", "no-such-doc", "BAD..id"):
        assert events_client.get(f"/doc/{missing}.ics").status_code == 404, missing


def test_an_export_past_its_cap_says_so(events_settings):
    small = dataclasses.replace(events_settings, export_max_results=2)
    client = create_app({"FINDIT_SETTINGS": small, "TESTING": True}).test_client()
    rows = list(csv.reader(io.StringIO(client.get("/export.csv?q=cartographie").data.decode("utf-8-sig"))))
    assert len(rows) == 1 + 2 + 1 and rows[-1] == ["Export limité aux 2 premiers résultats sur 4."]
    data = client.get("/export.json?q=cartographie").get_json()
    assert data["truncated"] and data["exported"] == 2 and data["total"] == 4


def test_the_pages_searches_are_logged_and_exports_are_not(events_client, events_settings):
    assert events_client.get("/?q=Cartographie").status_code == 200
    assert events_client.get("/?q=cartographie&page=2").status_code == 200  # read on: not asked again
    assert events_client.get("/api/search?q=forum").status_code == 200
    assert events_client.get("/export.csv?q=exporté").status_code == 200
    assert events_client.get("/export.atom?q=flux").status_code == 200
    with sqlite3.connect(events_settings.index / FILE_NAME) as db:
        logged = db.execute("SELECT source, query, total FROM queries ORDER BY id").fetchall()
    assert logged == [("web", "Cartographie", 4), ("api", "forum", 2)]


def test_a_broken_log_never_fails_the_page(events_client, events_settings):
    (events_settings.index / FILE_NAME).write_bytes(b"not a database " * 64)
    assert events_client.get("/?q=cartographie").status_code == 200
    assert events_client.get("/api/search?q=cartographie").get_json()["total"] == 4
