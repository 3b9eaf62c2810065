"""`findit query --format csv|json|atom|ics`: the whole list in the page's order, each file read back with
a real parser (csv, json, xml.etree for Atom, icalendar)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import importlib
import io
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
from odd_archive import findit_in

from findit.export.collect import Links
from findit.export.render import export
from findit.search import Searcher
from findit.search.results import SearchRequest

ATOM = "{http://www.w3.org/2005/Atom}"


def _pages(runner, settings, *args) -> list[str]:
    """Ids of every page of the readable list's JSON (--json), in order."""
    ids, page = [], 1
    while True:
        data = json.loads(findit_in(runner, settings, "--json", "--limit", "10", "--page", str(page), *args).stdout)
        ids += [hit["id"] for hit in data["hits"]]
        if len(ids) >= data["total"]:
            return ids
        page += 1


def _csv_rows(data: bytes, sep: str = ",") -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=sep))


def test_csv_holds_the_whole_list_in_the_pages_order(runner, settings):
    result = findit_in(runner, settings, "--format", "csv", "--sort", "date", "numérique")
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.stdout_bytes)
    assert [row["identifiant"] for row in rows] == _pages(runner, settings, "--sort", "date", "numérique")
    assert len(rows) > 10, "more than one page"
    assert [row["rang"] for row in rows] == [str(i) for i in range(1, len(rows) + 1)]
    first = rows[0]
    assert first["type"] in ("Presse", "Article", "Événement", "Page", "Personne", "Projet")
    assert "<mark>" not in first["extrait"] and first["fichier"]
    assert float(first["score"]) >= 0


def test_csv_for_a_french_excel_uses_semicolons_and_decimal_commas(runner, settings):
    result = findit_in(runner, settings, "--format", "csv", "--sep", ";", "algorithmes publics")
    rows = _csv_rows(result.stdout_bytes, ";")
    assert rows[0]["titre"] == "Atelier « Histoire(s) d’algorithmes »"
    assert "," in rows[0]["score"] and "." not in rows[0]["score"]
    assert rows[0]["autres versions"] == "1"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(runner, odd_settings):
    rows = _csv_rows(findit_in(runner, odd_settings, "--format", "csv", "cartographie").stdout_bytes)
    by_id = {row["identifiant"]: row for row in rows}
    assert by_id["formule"]["titre"] == '\'=HYPERLINK("http://evil.example","clic")'
    assert by_id["formule"]["thèmes"].startswith("'-moins")
    # Dates as precise as the source stated them.
    assert by_id["rencontre-mois"]["début de l'événement"] == "2022-05"
    assert by_id["atelier-mars"]["fin de l'événement"] == "2024-03-14"


def test_json_export_is_every_hit_of_the_contract_plus_its_page(runner, settings):
    result = findit_in(runner, settings, "--format", "json", "--site-url", "https://recherche.example.fr/", "eig")
    data = json.loads(result.stdout)
    assert data["total"] == data["exported"] == len(data["hits"]) > 10
    assert data["truncated"] is False and data["max_results"] >= data["total"]
    page_one = json.loads(findit_in(runner, settings, "--json", "eig").stdout)
    assert set(data["hits"][0]) == set(page_one["hits"][0]) | {"page"}
    assert data["hits"][: len(page_one["hits"])] == [
        {**hit, "page": f"https://recherche.example.fr/doc/{hit['id']}"} for hit in page_one["hits"]
    ]
    assert data["facets"] == page_one["facets"]


def test_json_export_says_what_the_list_was_filtered_by_as_the_json_page_does(runner, settings):
    # A date read in the query and a filter value resolved: a file's reader can tell what the list holds.
    for args in (["eig en 2021"], ["--kind", "presse", "eig"]):
        data = json.loads(findit_in(runner, settings, "--format", "json", *args).stdout)
        page = json.loads(findit_in(runner, settings, "--json", *args).stdout)
        assert data["filters"] == page["filters"] and data["filters"], args
        assert data.get("searched") == page.get("searched")
    assert data["filters"]["kind"] == [{"asked": "presse", "values": ["coverage"]}]


def test_atom_feed_is_the_newest_documents_with_stable_ids(runner, settings):
    args = ["--format", "atom", "--site-url", "https://recherche.example.fr", "--kind", "coverage", "eig"]
    first = findit_in(runner, settings, *args)
    assert first.exit_code == 0, first.output
    feed = ET.fromstring(first.stdout_bytes)
    entries = feed.findall(f"{ATOM}entry")
    listed = json.loads(
        findit_in(runner, settings, "--json", "--sort", "date", "--limit", "50", "--kind", "coverage", "eig").stdout
    )
    assert [e.findtext(f"{ATOM}link[@href]") or e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"https://recherche.example.fr/doc/{hit['id']}" for hit in listed["hits"] if hit["date"]
    ]
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True) and feed.findtext(f"{ATOM}updated") == updated[0]
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href")
        == "https://recherche.example.fr/export.atom?q=eig&kind=coverage"
    )
    assert "« eig »" in feed.findtext(f"{ATOM}title") and feed.findtext(f"{ATOM}author/{ATOM}name")
    # A saved search keeps its ids; another search has another feed id.
    again = ET.fromstring(findit_in(runner, settings, *args).stdout_bytes)
    assert [e.findtext(f"{ATOM}id") for e in again.findall(f"{ATOM}entry")] == [
        e.findtext(f"{ATOM}id") for e in entries
    ]
    assert again.findtext(f"{ATOM}id") == feed.findtext(f"{ATOM}id")
    other = ET.fromstring(findit_in(runner, settings, "--format", "atom", "cnil").stdout_bytes)
    assert other.findtext(f"{ATOM}id") != feed.findtext(f"{ATOM}id")


def test_ics_has_the_events_known_to_the_day_and_says_what_it_left_out(runner, odd_settings):
    result = findit_in(runner, odd_settings, "--format", "ics", "cartographie")
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"atelier-mars@findit", "webinaire-mai@findit"}
    mars = events["atelier-mars@findit"]
    assert mars.decoded("DTSTART") == dt.date(2024, 3, 12)
    assert mars.decoded("DTEND") == dt.date(2024, 3, 15), "an all-day event ends the day after, exclusive"
    assert str(mars["LOCATION"]) == "Paris ; salle 3, deuxième étage"
    assert str(mars["SUMMARY"]) == "Atelier cartographie de mars"
    assert "Trois jours de cartographie." in str(mars["DESCRIPTION"]) and str(mars["URL"]).startswith("https://")
    assert events["webinaire-mai@findit"].decoded("DTEND") == dt.date(2023, 5, 3)
    # The month-precise meeting and the undated one are left out, and the file and stderr say so.
    assert str(calendar["X-FINDIT-LEFT-OUT"]) == "2"
    assert "2 événements sans date connue au jour près" in str(calendar["X-WR-CALDESC"])
    assert "2 événements sans date connue au jour près" in result.stderr
    assert str(calendar["X-WR-CALDESC"]).startswith("2 événements.")


def test_an_ics_of_no_event_says_so_in_french(runner, odd_settings):
    result = findit_in(runner, odd_settings, "--format", "ics", "zzzzqqq")
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert calendar.walk("VEVENT") == [] and str(calendar["X-WR-CALDESC"]) == "0 événement."


def test_an_export_cut_at_its_cap_says_so(odd_settings):
    small = dataclasses.replace(odd_settings, export_max_results=3, max_limit=100)
    request = SearchRequest(query="cartographie")
    with Searcher(small) as searcher:
        total = searcher.search(request).total
        made = {
            fmt: export(fmt, request, small, searcher.search, searcher.document, Links()) for fmt in ("csv", "json")
        }
    assert total > 3
    rows = list(csv.reader(io.StringIO(made["csv"].body.decode("utf-8-sig"))))
    assert len(rows) == 1 + 3 + 1 and rows[-1] == [f"Export limité aux 3 premiers résultats sur {total}."]
    data = json.loads(made["json"].body)
    assert data["truncated"] is True and data["exported"] == 3 and data["total"] == total
    assert "Export limité aux 3 premiers résultats" in data["message"]


def test_past_the_pages_span_the_list_is_whole_and_once(runner, settings, monkeypatch):
    # The first rows come from the page's own ranking, the rest from one ranking of the whole list.
    monkeypatch.setattr(importlib.import_module("findit.export.collect"), "PAGE_ORDER_SPAN", 7)
    rows = _csv_rows(findit_in(runner, settings, "--format", "csv", "--all", "données").stdout_bytes)
    ids = [row["identifiant"] for row in rows]
    assert len(ids) == len(set(ids)) > 7
    assert ids == _pages(runner, settings, "--all", "données")


@pytest.mark.parametrize(
    "args",
    [["--format", "csv", "--limit", "5"], ["--format", "ics", "--page", "2"], ["--format", "json", "--sep", ";"]],
)
def test_page_options_do_not_apply_to_exports(runner, settings, args):
    result = findit_in(runner, settings, *args, "eig")
    assert result.exit_code == 2 and "Erreur :" in result.output
