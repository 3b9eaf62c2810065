"""The JSON API: the same parameters as the page, the same object as `findit query --json`."""

from __future__ import annotations

import json

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
