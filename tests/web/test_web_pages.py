"""The search page through Flask's test client, over the real index of the shipped corpus."""

from __future__ import annotations

import re
from html import unescape as html_unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urlsplit

from markupsafe import escape

from findit.search.results import FACETS


class Links(HTMLParser):
    """Every <a href>, with the text inside it."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self._href, self._text = dict(attrs)["href"], []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def hit_ids(html: str) -> list[str]:
    """Ids of the listed results, in order (each result links its page twice)."""
    hits = html.split('<ol class="hits"', 1)[1].split("</ol>", 1)[0]
    return list(dict.fromkeys(re.findall(r'href="/doc/([a-z0-9-]+)[?"]', hits)))


def api(client, query_string="", **params):
    response = client.get("/api/search" + query_string, query_string=params or None)
    assert response.status_code == 200
    return response.get_json()


def page(client, url, **params):
    response = client.get(url, query_string=params or None)
    return response, response.get_data(as_text=True)


def test_home_lists_every_document_with_links_to_their_pages(client):
    everything = api(client, limit=100)
    assert everything["total"] > 5  # the press page alone gives many coverage items
    response, html = page(client, "/")
    assert response.status_code == 200
    assert '<html lang="fr"' in html
    assert f"{everything['total']} résultats" in html.replace("\u202f", "")
    doc_links = {href for href, _ in Links(html).links if href.startswith("/doc/")}
    assert {f"/doc/{hit['id']}" for hit in everything["hits"][:10]} <= doc_links


def test_query_shows_count_for_screen_readers_and_highlighted_snippets(client):
    data = api(client, q="algorithmes")
    assert data["total"] >= 1
    response, html = page(client, "/", q="algorithmes")
    assert response.status_code == 200
    # The count is the results' heading (findit.js announces it after each update in a live region).
    count = re.search(r'<h2 id="resultats-titre"[^>]*><span id="compte">([^<]*)</span></h2>', html)
    assert count, "the result count heads the results"
    assert str(data["total"]) in count.group(1) and "« algorithmes »" in count.group(1)
    assert "<mark>" in html
    first = data["hits"][0]
    assert f"/doc/{first['id']}" in html
    # The search box keeps the query, so the state can be changed from there.
    assert 'value="algorithmes"' in html


def test_every_facet_group_is_shown_with_counts(client):
    data = api(client)
    _, html = page(client, "/")
    titles = {
        "year": "Année",
        "tag": "Thème",
        "outlet": "Média / source",
        "kind": "Type",
        "speaker": "Intervenant·es",
        "organisation": "Organisations",
    }
    for name in FACETS:
        if data["facets"].get(name):
            assert f'<legend class="facet__title">{titles[name]}' in html
            first = data["facets"][name][0]
            assert f'name="{name}" value="{escape(first["value"])}"' in html


def test_ticking_a_facet_filters_results_and_shows_a_removable_chip(client):
    data = api(client)
    kind = data["facets"]["kind"][0]
    filtered = api(client, kind=kind["value"])
    assert filtered["total"] == kind["count"]
    assert all(hit["kind"] == kind["value"] for hit in filtered["hits"])
    response, html = page(client, "/", kind=kind["value"])
    assert response.status_code == 200
    assert re.search(rf'name="kind" value="{re.escape(kind["value"])}" checked', html)
    chips = [(href, text) for href, text in Links(html).links if text.startswith("Retirer le filtre")]
    assert len(chips) == 1 and "Type" in chips[0][1]
    # Removing the chip gives back the unfiltered search.
    _, unfiltered = page(client, chips[0][0])
    assert f"{data['total']} résultats" in unfiltered.replace("\u202f", "")


def test_values_of_one_facet_combine_with_or_and_facets_with_and(client):
    years = [v for v in api(client)["facets"]["year"] if v["count"]][:2]
    assert len(years) == 2, "the sample archive spans several years"
    both = api(client, f"?year={years[0]['value']}&year={years[1]['value']}")
    assert both["total"] == years[0]["count"] + years[1]["count"]
    # The year facet ignores its own selection: both years keep their counts, and both are selected.
    counts = {v["value"]: (v["count"], v["selected"]) for v in both["facets"]["year"]}
    assert counts[years[0]["value"]] == (years[0]["count"], True)
    assert counts[years[1]["value"]] == (years[1]["count"], True)
    # Across facets the filters narrow: adding a kind never gives more.
    kind = both["facets"]["kind"][0]["value"]
    narrowed = api(client, f"?year={years[0]['value']}&year={years[1]['value']}&kind={kind}")
    assert narrowed["total"] <= both["total"]
    assert all(h["kind"] == kind and str(h["year"]) in (years[0]["value"], years[1]["value"]) for h in narrowed["hits"])


def test_sort_by_date_puts_the_newest_first(client):
    data = api(client, sort="date", limit=50)
    dates = [h["date"] for h in data["hits"] if h["date"]]
    assert len(dates) > 3
    assert dates == sorted(dates, reverse=True)
    _, html = page(client, "/", sort="date")
    assert '<option value="date" selected>' in html


def test_pages_link_to_each_other_and_keep_the_state(client):
    data = api(client)
    assert data["total"] > 10, "needs more than one page of results"
    _, html = page(client, "/", sort="date")
    next_links = [href for href, text in Links(html).links if text == "Page suivante"]
    assert next_links
    query = parse_qs(urlsplit(next_links[0]).query)
    assert query["page"] == ["2"] and query["sort"] == ["date"]
    _, second = page(client, next_links[0])
    first_ids, second_ids = hit_ids(html), hit_ids(second)
    assert len(first_ids) == 10 and second_ids and not set(first_ids) & set(second_ids)
    assert 'aria-current="page" title="Page 2"' in second


def test_timeline_counts_results_per_year_and_links_to_year_filters(client):
    data = api(client)
    years = [v for v in data["facets"]["year"] if v["count"]]
    _, html = page(client, "/")
    assert "Résultats par année" in html
    for year in years:
        assert re.search(rf'href="/\?year={year["value"]}"', html)
        assert f"{year['value']} : {year['count']} résultat" in html


def test_the_timeline_says_how_many_results_have_no_year(client):
    """The bars and the « sans date » line add up to the total, on the search page and an entity page."""
    for path, params in (("/", {}), ("/organisation/dinum", {})):
        response, html = page(client, path, **params)
        assert response.status_code == 200
        bars = sum(int(n) for n in re.findall(r'class="timeline__count" aria-hidden="true">(\d+)<', html))
        undated = re.search(r"et (\d+) sans date", html)
        total = int(re.search(r"(\d+)\s*(?:documents? dans les archives|résultats?\b)", html).group(1))
        assert undated, path  # the shipped corpus has undated documents, DINUM's included
        assert bars + int(undated.group(1)) == total, path


def test_unknown_words_give_a_helpful_empty_state(client):
    response, html = page(client, "/", q="zqxjwv", kind="event")
    assert response.status_code == 200
    assert "Aucun résultat" in html
    assert "Aucun document ne correspond" in html
    links = dict((text, href) for href, text in Links(html).links)
    assert links["Parcourir tous les documents"] == "/"
    assert urlsplit(links["cherchez sans aucun filtre"]).query == "q=zqxjwv"


def test_a_misspelt_query_offers_a_correction(client):
    data = api(client, q="algoritmes")
    assert data["suggestion"], "the searcher suggests a spelling"
    _, html = page(client, "/", q="algoritmes")
    assert "Vouliez-vous dire" in html
    suggestion = [href for href, text in Links(html).links if text == f"« {data['suggestion']} »"]
    assert suggestion and parse_qs(urlsplit(suggestion[0]).query)["q"] == [data["suggestion"]]


def test_document_page_shows_metadata_text_people_and_related(client):
    hits = api(client, q="algorithmes", limit=20)["hits"]
    hit = next(h for h in hits if h["speakers"])
    response, html = page(client, f"/doc/{hit['id']}")
    assert response.status_code == 200
    doc = client.get(f"/api/doc/{hit['id']}").get_json()
    assert f'<h1 id="doc-titre" class="fr-h2">{escape(doc["title"])}</h1>' in html
    links = Links(html).links
    speaker = hit["speakers"][0]
    assert any(unquote(urlsplit(href).path) == f"/intervenant/{speaker}" for href, _ in links)
    assert any(parse_qs(urlsplit(href).query).get("speaker") == [speaker] for href, _ in links)
    assert "Documents liés" in html
    for related in doc["related"]:
        assert f"/doc/{related['id']}" in html
    first_paragraph = doc["body"].strip().split("\n\n")[0].strip()
    assert str(escape(first_paragraph)) in html


def test_versions_of_a_duplicated_document_link_to_each_other(client):
    data = api(client, q="Histoire algorithmes")
    withdups = [h for h in data["hits"] if h["duplicates"]]
    assert withdups, "the sample archive has the same workshop twice"
    doc = client.get(f"/api/doc/{withdups[0]['id']}").get_json()
    assert doc["versions"]
    _, html = page(client, f"/doc/{withdups[0]['id']}")
    assert "Autres versions de ce document" in html
    assert f"/doc/{doc['versions'][0]}" in html


def test_speaker_and_organisation_pages(client):
    facets = api(client)["facets"]
    for facet, prefix in (("speaker", "/intervenant/"), ("organisation", "/organisation/")):
        value = facets[facet][0]
        response, html = page(client, prefix + value["value"])
        assert response.status_code == 200
        assert f'<h1 class="fr-h2">{escape(value["value"])}</h1>' in html
        assert f"{value['count']} document" in html
        search_link = [href for href, text in Links(html).links if text == "Rechercher et filtrer parmi eux"]
        assert parse_qs(urlsplit(search_link[0]).query) == {facet: [value["value"]]}
        assert client.get(prefix + "Personne Inconnue Zzz").status_code == 404


def test_unknown_and_malformed_ids_give_a_french_404(client):
    for url in ("/doc/n-existe-pas", "/doc/..%2F..%2Fetc%2Fpasswd", "/doc/ABC", "/nulle-part", "/api/doc/n-existe-pas"):
        response = client.get(url)
        assert response.status_code == 404, url
    html = client.get("/doc/n-existe-pas").get_data(as_text=True)
    assert "Page introuvable" in html and "Traceback" not in html
    assert client.get("/api/doc/n-existe-pas").get_json()["status"] == 404


def test_static_files_are_local(client):
    _, html = page(client, "/")
    sources = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
    assert sources and all(s.startswith("/static/") for s in sources)
    for source in sources:
        assert client.get(source).status_code == 200
    css = client.get("/static/dsfr/dsfr.min.css").get_data(as_text=True)
    assert "Marianne" in css
    assert client.get("/static/dsfr/fonts/Marianne-Regular.woff2").status_code == 200


def test_about_page_documents_the_api(client):
    response, html = page(client, "/a-propos")
    assert response.status_code == 200
    assert "/api/search" in html and "/api/doc/" in html


def test_entity_pages_count_what_goes_together(client):
    organisation = api(client)["facets"]["organisation"][0]
    hits = api(client, organisation=organisation["value"], limit=100)["hits"]
    _, html = page(client, "/organisation/" + organisation["value"].lower())
    # The page shows the name as indexed, whatever the case of the address.
    assert f'<h1 class="fr-h2">{escape(organisation["value"])}</h1>' in html
    together = html.split("Organisations associées", 1)[1].split("</ul>", 1)[0]
    pairs = re.findall(r'<a href="/organisation/[^"]+">([^<]+)</a>\s*<span class="facet__count">(\d+)', together)
    assert pairs, "the top organisation appears with others"
    for name, count in pairs:
        name = html_unescape(name)
        assert int(count) == sum(name in hit["organisations"] for hit in hits), name
        assert name != organisation["value"]


def test_drafts_only_with_the_box_ticked(hostile_client):
    title = "Brouillon du séminaire des cartographes"
    _, default = page(hostile_client, "/", q="cartographes")
    assert title not in default and 'name="all" value="1">' in default
    _, everything = page(hostile_client, "/", q="cartographes", all="1")
    assert title in everything and 'name="all" value="1" checked>' in everything
    # The state stays in the links of the page.
    _, browse = page(hostile_client, "/", all="1")
    chips_and_pages = [href for href, _ in Links(browse).links if href.startswith("/?")]
    assert chips_and_pages and all("all=1" in href for href in chips_and_pages)


def test_document_page_lists_the_people_it_names_and_a_search_for_each(client):
    """People a document names without their speaking: listed on its page, each a search for their name,
    which finds the document."""
    docs = [api(client, q=q)["hits"] for q in ("Christophe Cuq", "Alexandra Leschi", "Arnaud Mazier")]
    doc = next(
        d
        for hits in docs
        for hit in hits
        if (d := client.get(f"/api/doc/{hit['id']}").get_json())["people"] and not set(d["people"]) & set(d["speakers"])
    )
    _, html = page(client, f"/doc/{doc['id']}")
    assert "Personnes citées" in html
    name = doc["people"][0]
    searches = [href for href, text in Links(html).links if text.startswith(name)]
    assert searches and parse_qs(urlsplit(searches[0]).query)["q"] == [name]
    assert doc["id"] in {hit["id"] for hit in api(client, q=name)["hits"]}
