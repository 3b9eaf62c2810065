"""The JSON API: the same parameters as the page, the same object as `findit query --json`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from findit.search import Searcher
from findit.search.results import SearchRequest


def test_api_search_is_the_searchers_json_object(client, settings):
    response = client.get("/api/search", query_string={"q": "algorithmes", "kind": "event", "sort": "date"})
    assert response.status_code == 200 and response.mimetype == "application/json"
    with Searcher(settings) as searcher:
        expected = searcher.search(
            SearchRequest(query="algorithmes", filters={"kind": ["event"]}, sort="date")
        ).to_json()
    assert response.get_json() == expected
    assert set(expected) >= {"query", "total", "page", "hits", "facets", "suggestion"}


def test_api_search_matches_the_command_line(client, settings):
    from findit.cli import cli

    result = CliRunner().invoke(
        cli,
        ["query", "--index", str(settings.index), "--json", "--year", "2022", "données publiques"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    from_cli = json.loads(result.output)
    from_api = client.get("/api/search", query_string={"q": "données publiques", "year": "2022"}).get_json()
    assert from_api == from_cli


def test_api_search_pages_and_limits(client, settings):
    first = client.get("/api/search", query_string={"limit": 5}).get_json()
    second = client.get("/api/search", query_string={"limit": 5, "page": 2}).get_json()
    assert len(first["hits"]) == 5 and second["page"] == 2
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}


def test_api_doc_gives_the_document_its_versions_and_related(client):
    hit = client.get("/api/search", query_string={"q": "algorithmes"}).get_json()["hits"][0]
    response = client.get(f"/api/doc/{hit['id']}")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["id"] == hit["id"] and doc["title"] == hit["title"] and doc["kind"] == hit["kind"]
    assert doc["body"] and isinstance(doc["versions"], list)
    assert all({"id", "kind", "title", "date"} <= set(r) for r in doc["related"])
    assert hit["id"] not in {r["id"] for r in doc["related"]}


def test_api_errors_are_json(client):
    response = client.get("/api/doc/nope")
    assert response.status_code == 404 and response.get_json() == {
        "error": "Page introuvable",
        "status": 404,
        "message": None,
    }
    assert client.get("/api/nothing-here").get_json()["status"] == 404


# -- what the command line refuses, the API refuses -------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, options, parameter",
    [
        ({"limit": 500}, ["--limit", "500"], "limit"),
        ({"limit": 0}, ["--limit", "0"], "limit"),
        ({"limit": -1}, ["--limit", "-1"], "limit"),
        ({"page": 0}, ["--page", "0"], "page"),
        ({"sort": "foo"}, ["--sort", "foo"], "sort"),
        ({"year": "abc"}, ["--year", "abc"], "year"),
    ],
)
def test_the_api_answers_400_where_the_command_line_refuses(client, settings, params, options, parameter):
    from findit.cli import cli

    refused = CliRunner().invoke(cli, ["query", "--index", str(settings.index), *options, "données"])
    assert refused.exit_code == 2, refused.output
    response = client.get("/api/search", query_string={"q": "données", **params})
    assert response.status_code == 400 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == 400 and body["parameter"] == parameter and body["code"]
    assert f"« {parameter} »" in body["message"] and "reçu" in body["message"], "said in French"
    assert body["value"] == str(params[parameter])


def test_the_api_answers_what_it_was_asked_at_the_bounds(client, settings):
    data = client.get("/api/search", query_string={"limit": settings.max_limit, "sort": "oldest"}).get_json()
    assert len(data["hits"]) == min(data["total"], settings.max_limit)
    dated = [h["date"] for h in data["hits"] if h["date"]]
    assert dated == sorted(dated), "oldest first"
    assert client.get("/api/search", query_string={"page": settings.max_page}).get_json()["page"] == settings.max_page


# -- suggestions ------------------------------------------------------------------------------------------------------


def suggestions(client, q, **params):
    response = client.get("/api/suggestions", query_string={"q": q, **params})
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_suggestions_name_people_organisations_and_themes_with_their_counts(client):
    everything = client.get("/api/search").get_json()["facets"]
    for facet in ("speaker", "organisation", "tag"):
        top = everything[facet][0]
        typed = top["value"].split()[0][:4]
        found = suggestions(client, typed)["suggestions"]
        match = next((s for s in found if (s["facet"], s["value"]) == (facet, top["value"])), None)
        assert match is not None, (facet, typed, found)
        # The count is what the filter finds.
        filtered = client.get("/api/search", query_string={facet: top["value"]}).get_json()
        assert match["count"] == filtered["total"] == top["count"]
        assert match["label"] in ("Intervenant·e", "Organisation", "Thème")


@pytest.mark.parametrize("typed", ["etalab", "ÉTAL", "étal", "  Eta  "])
def test_suggestions_ignore_accents_and_case(client, typed):
    found = suggestions(client, typed)["suggestions"]
    assert ("organisation", "Etalab") in {(s["facet"], s["value"]) for s in found}


def test_a_suggestion_completes_the_last_words_and_keeps_the_rest_as_the_query(client):
    data = suggestions(client, "données ecole")
    assert data["matched"] == "ecole" and data["rest"] == "données"
    assert any(s["value"].startswith("École") for s in data["suggestions"])
    # Several words of one name: the longest ending that names something wins.
    data = suggestions(client, "direction interministérielle du num")
    assert data["matched"] == "direction interministérielle du num" and data["rest"] == ""
    assert all("numérique" in s["value"] for s in data["suggestions"])


def test_suggestions_for_too_little_or_nothing_known(client):
    for typed in ("", "e", " ", "zqxjwv"):
        assert suggestions(client, typed)["suggestions"] == [], typed
    assert len(suggestions(client, "d", limit=3)["suggestions"]) == 0
    assert len(suggestions(client, "di", limit=1)["suggestions"]) <= 1
    for bad in ("0", "21", "abc"):
        response = client.get("/api/suggestions", query_string={"q": "eta", "limit": bad})
        assert response.status_code == 400 and response.get_json()["parameter"] == "limit"
