"""What the page counts is what it shows: a duplicate group counts once, by the version listed (no year
bar for a hidden re-post, on the search page as on an entity page); a date written in the query is a
chip that removes its words; a filter value in the URL says which of the archive's values it named."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from werkzeug.datastructures import MultiDict

from findit.search import Searcher
from findit.webapp import create_app
from findit.webapp.urlstate import parse_args
from findit.webapp.viewdata import chips, clear_all
from helpers import build_index, doc

BODY = "Une conférence sur les communs numériques et les données ouvertes. "


@pytest.fixture(scope="module")
def shown(tmp_path_factory, analyser):
    people = {"speakers": ["Ada Lovelace"], "organisations": ["Direction du numérique (DINUM)"]}
    docs = [
        doc("talk", "Conférence des communs", BODY, kind="event", date="2019-11-25", duplicate_group="g", **people),
        doc(
            "talk-repost",
            "Conférence des communs (re)",
            BODY,
            kind="event",
            date="2020-01-15",
            duplicate_group="g",
            **people,
        ),
        doc("later", "Communs, suite", BODY, date="2021-05-04", **people),
        doc("alone", "Autre sujet", "Des données ouvertes. ", date="2020-03-03"),
    ]
    return build_index(tmp_path_factory.mktemp("shown"), docs, analyser)


@pytest.fixture(scope="module")
def client(shown):
    return create_app({"FINDIT_SETTINGS": shown, "TESTING": True}).test_client()


def bars(html: str) -> dict[str, int]:
    """The timeline's bars: year -> count, from the screen-reader text of each bar."""
    return {y: int(n) for y, n in re.findall(r'<span class="fr-sr-only">(\d{4}) : (\d+) résultat', html)}


def test_an_entity_page_counts_a_group_once_by_the_version_shown(client):
    html = client.get("/intervenant/" + quote("Ada Lovelace")).get_data(as_text=True)
    assert re.search(r'id="compte">2 documents', html)
    assert bars(html) == {"2019": 1, "2021": 1}  # no 2020 bar for the hidden re-post


def test_the_search_page_counts_a_group_once(client):
    html = client.get("/?q=communs").get_data(as_text=True)
    assert bars(html) == {"2019": 1, "2021": 1}
    data = client.get("/api/search?q=communs").get_json()
    assert data["total"] == 2
    assert {v["value"]: v["count"] for v in data["facets"]["year"]} == {"2019": 1, "2021": 1}
    assert {v["value"]: v["count"] for v in data["facets"]["kind"]} == {"event": 1, "article": 1}


def test_a_date_in_the_query_is_a_chip_that_removes_its_words(client):
    html = client.get("/?q=" + quote("communs en 2019")).get_data(as_text=True)
    chip = re.search(r'<a class="fr-tag chip" data-filter="date" href="([^"]*)">(.*?)</a>', html)
    assert chip, "a chip for the date"
    assert chip.group(1) == "/?q=communs"
    assert "Date : 2019 (« en 2019 »)" in chip.group(2)
    assert re.search(r'id="compte"[^>]*>\s*1 résultat', html)
    assert 'href="/?q=communs">Tout effacer' in html.replace('class="fr-link fr-link--sm chips__clear" ', "")
    data = client.get("/api/search?q=" + quote("communs depuis mars 2020")).get_json()
    assert data["filters"]["date"]["label"] == "depuis mars 2020" and [h["id"] for h in data["hits"]] == ["later"]


def test_a_filter_value_in_the_url_says_what_it_named(client):
    html = client.get("/?organisation=dinum").get_data(as_text=True)
    assert "Organisations : dinum → Direction du numérique (DINUM)" in html
    html = client.get("/?speaker=Lovelase").get_data(as_text=True)
    assert "aucune valeur de l’archive ne correspond. Valeurs proches : Ada Lovelace." in html


def test_chips_without_a_result_are_the_url_filters(shown):
    state = parse_args(MultiDict([("q", "eig en 2021"), ("tag", "A")]), shown)
    assert [(c.facet_title, c.label, c.name) for c in chips(state)] == [("Thème", "A", "tag")]


def test_clearing_every_filter_keeps_the_words(shown):
    state = parse_args(MultiDict([("q", "communs en 2019"), ("tag", "A")]), shown)
    with Searcher(shown) as searcher:
        result = searcher.search(state.request)
    assert [c.name for c in chips(state, result)] == ["date", "tag"]
    assert clear_all(state, result) == [("q", "communs")]
