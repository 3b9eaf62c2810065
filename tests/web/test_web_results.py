"""What a results page offers a daily user, through Flask's test client over the shipped corpus: events at
their own date, the oldest first, examples that find something, a pager that never lies about the current
page, exports and pages of results that keep the search, and a way back to it from every result."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from test_web_pages import Links, api, hit_ids, page

from findit.webapp.urlstate import RETURN_PARAM
from findit.webapp.views import TYPING_HEADER


def query_of(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(unescape(href)).query)


def way_back(href: str) -> dict[str, list[str]]:
    """The search a link's `retour` names."""
    return parse_qs(query_of(href)[RETURN_PARAM][0])


def test_events_are_listed_at_their_own_date(client):
    events = api(client, kind="event", limit=50)["hits"]
    moved = [h for h in events if h["event_date"] and h["date"] and h["event_date"] != h["date"]]
    assert moved, "the shipped corpus has an event announced before it takes place"
    event = moved[0]  # « Histoire(s) d’algorithmes »: announced 25 November, held 29 November 2019
    _, html = page(client, "/", kind="event")
    item = html.split(f'href="/doc/{event["id"]}', 1)[0].rsplit('<li class="hit">', 1)[1]
    assert f'<time datetime="{event["event_date"]}">' in item
    shown = re.search(r"<time[^>]*>([^<]+)</time>", item).group(1)
    assert shown.endswith(event["event_date"][:4]) and "novembre" in shown
    assert shown.split()[0] == str(int(event["event_date"][8:])), "the event's day, not the announcement's"


def test_oldest_first_is_offered_and_applied(client):
    _, html = page(client, "/", sort="oldest")
    assert '<option value="oldest" selected>plus anciens</option>' in html
    data = api(client, sort="oldest", limit=20)
    assert hit_ids(html) == [h["id"] for h in data["hits"][:10]]
    dates = [h["date"] for h in data["hits"] if h["date"]]
    assert len(dates) > 3 and dates == sorted(dates)
    next_page = [href for href, text in Links(html).links if text == "Page suivante"][0]
    assert query_of(next_page)["sort"] == ["oldest"]


def test_oldest_first_puts_every_document_with_a_year_before_the_undated(client):
    """A document known by its year alone is placed by it, not among the documents without any date."""
    hits = api(client, sort="oldest", limit=100)["hits"]
    has_year = [bool(h["year"]) for h in hits]
    assert True in has_year and False in has_year
    assert has_year == sorted(has_year, reverse=True), [(h["title"][:30], h["year"]) for h in hits]


def test_every_example_of_the_search_box_finds_something(client):
    _, html = page(client, "/")
    placeholder = unescape(re.search(r'id="q" name="q"[^>]*placeholder="([^"]+)"', html).group(1))
    examples = [e.strip(" …") for e in placeholder.removeprefix("Ex. :").split(",")]
    assert len(examples) >= 2
    for example in examples:
        assert api(client, q=example)["total"] > 0, example


def test_a_page_beyond_the_results_marks_no_page_as_current(client):
    data = api(client)
    last = -(-data["total"] // 10)
    _, html = page(client, "/", page=999)
    assert "au-delà des résultats" in html
    assert 'aria-current="page"' not in html.split('class="fr-pagination__list"', 1)[1].split("</nav>", 1)[0]
    previous = [href for href, text in Links(html).links if text == "Page précédente"]
    assert query_of(previous[0])["page"] == [str(last)]
    _, html = page(client, "/", page=2)
    assert 'aria-current="page" title="Page 2"' in html


def test_results_link_to_pages_that_lead_back_to_the_search(client):
    search = {"q": "algorithmes", "kind": "event", "sort": "oldest"}
    _, html = page(client, "/", **search)
    links = Links(html).links
    docs = [href for href, _ in links if href.startswith("/doc/")]
    people = [href for href, _ in links if href.startswith(("/intervenant/", "/organisation/"))]
    assert docs and people
    for href in docs + people:
        assert way_back(href) == {k: [v] for k, v in search.items()}, href

    # The document page: a breadcrumb and a link back to that very search.
    doc_url = unescape(docs[0])
    _, doc = page(client, doc_url)
    back = [(href, text) for href, text in Links(doc).links if query_of(href).get("q") == ["algorithmes"]]
    texts = {text for _, text in back}
    assert "Résultats pour « algorithmes »" in texts and "Retour aux résultats" in texts
    for href, _ in back:
        assert query_of(href) == {k: [v] for k, v in search.items()}
    # Its links to related documents and people keep the way back.
    onward = [
        href
        for href, _ in Links(doc).links
        if href.startswith(("/doc/", "/intervenant/", "/organisation/")) and not href.endswith(".ics")
    ]
    assert onward and all(way_back(href) == {k: [v] for k, v in search.items()} for href in onward)

    # A person's page too, and its own pages keep it.
    person_url = unescape(next(h for h in people if h.startswith("/intervenant/")))
    _, person = page(client, person_url)
    assert any(text == "Résultats pour « algorithmes »" for _, text in Links(person).links)


def test_a_document_page_reached_otherwise_has_no_way_back(client):
    hit = api(client, q="algorithmes")["hits"][0]
    _, html = page(client, f"/doc/{hit['id']}")
    assert "Retour aux résultats" not in html and RETURN_PARAM not in html
    # A forged way back is only ever a link to a search of this site.
    _, forged = page(client, f"/doc/{hit['id']}", retour="q=x&https://evil.example=1")
    back = [href for href, text in Links(forged).links if text == "Retour aux résultats"]
    assert back == ["/?q=x"]


def test_exports_carry_the_searchs_state(client):
    search = [("q", "données"), ("year", "2022"), ("year", "2021"), ("sort", "date"), ("all", "1")]
    response = client.get("/?" + "&".join(f"{k}={v}" for k, v in search) + "&page=2")
    html = response.get_data(as_text=True)
    exports = [(urlsplit(unescape(h)).path, query_of(h)) for h, _ in Links(html).links if "/export." in h]
    assert {path for path, _ in exports} == {"/export.csv", "/export.json", "/export.atom", "/export.ics"}
    for path, query in exports:
        query.pop("sep", None)
        assert query == {"q": ["données"], "year": ["2022", "2021"], "sort": ["date"], "all": ["1"]}, path
    excel = [h for h, text in Links(html).links if text.startswith("Excel")]
    assert excel and query_of(excel[0])["sep"] == [";"]


def test_an_events_page_offers_it_for_a_calendar(client):
    event = next(h for h in api(client, kind="event", limit=50)["hits"] if h["event_date"])
    _, html = page(client, f"/doc/{event['id']}")
    assert (f"/doc/{event['id']}.ics", "Ajouter à mon agenda (fichier iCalendar)") in Links(html).links
    coverage = api(client, kind="coverage")["hits"][0]
    _, html = page(client, f"/doc/{coverage['id']}")
    assert ".ics" not in html


def test_the_about_page_describes_sorts_exports_and_suggestions(client):
    _, html = page(client, "/a-propos")
    for words in ("sort=oldest", "Plus anciens", "/export.csv", "points-virgules", "/export.ics", "/api/suggestions"):
        assert words in html, words
    assert "Flèches haut et bas" in html and "400" in html


def test_the_about_page_says_what_is_logged_and_how_to_turn_it_off(settings):
    import dataclasses

    from findit.webapp import create_app

    for logging_on in (True, False):
        chosen = dataclasses.replace(settings, query_log=logging_on)
        html = create_app({"FINDIT_SETTINGS": chosen, "TESTING": True}).test_client().get("/a-propos")
        text = html.get_data(as_text=True)
        assert "FINDIT_QUERY_LOG=0" in text and "--color" in text
        assert ("findit stats" in text and "Ni adresse IP" in text) is logging_on
        assert ("journal des recherches est coupé" in text) is not logging_on


def test_searches_made_while_typing_are_not_logged(client, settings):
    from findit import querylog

    if not settings.query_log:
        pytest.skip("query log turned off")
    words = "cartographie tapée au clavier"

    def asked() -> int:
        return sum(f.count for f in querylog.stats(settings, limit=10**6).top if f.query == words)

    before = asked()
    assert client.get("/", query_string={"q": words}, headers={TYPING_HEADER: "1"}).status_code == 200
    assert asked() == before, "a search on its way to what the user means"
    client.get("/", query_string={"q": words})
    assert asked() == before + 1, "Enter (no header) is a search asked for"
