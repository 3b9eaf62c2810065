"""`findit query`: the terminal contract of docs/CLI.md, over the index of the shipped corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from findit.cli import cli
from findit.cli.readable import format_result
from findit.search import Searcher
from findit.search.results import FACETS, SearchRequest

HIT_KEYS = {
    "id",
    "kind",
    "title",
    "date",
    "year",
    "outlet",
    "tags",
    "speakers",
    "organisations",
    "url",
    "source",
    "score",
    "snippet",
    "duplicates",
    "event_date",
    "event_end",
    "date_precision",
    "event_precision",
}


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def findit(runner, settings, *args):
    return runner.invoke(cli, ["query", "--index", str(settings.index), *args], catch_exceptions=False)


def as_json(runner, settings, *args) -> dict:
    result = findit(runner, settings, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_algorithmes_publics_finds_the_workshop_first_with_its_repost_collapsed(runner, settings):
    data = as_json(runner, settings, "algorithmes publics")
    first = data["hits"][0]
    assert first["title"] == "Atelier « Histoire(s) d’algorithmes »"
    assert first["kind"] == "event" and first["duplicates"] == 1
    assert first["source"] == "000_98ce0e2674971981.txt"
    assert not any("Histoire(s)" in h["title"] for h in data["hits"][1:]), "the re-post is collapsed"


def test_outlet_and_year_list_only_those_coverage_items(runner, settings):
    data = as_json(runner, settings, "--outlet", "Acteurs publics", "--year", "2022", "eig")
    assert data["total"] == len(data["hits"]) > 0
    for hit in data["hits"]:
        assert (hit["outlet"], hit["year"], hit["kind"]) == ("Acteurs publics", 2022, "coverage")
        assert hit["url"].startswith("https://acteurspublics.fr/")
        assert hit["source"] == "004_c058a5fbe68ac687.txt"
    facets = data["facets"]
    assert {"value": "2022", "count": data["total"], "selected": True} in facets["year"]
    assert {"value": "Acteurs publics", "count": data["total"], "selected": True} in facets["outlet"]
    assert sum(v["count"] for v in facets["kind"]) == data["total"]
    # Each other year offered under the outlet is the total that year would give.
    for year in facets["year"]:
        other = as_json(runner, settings, "--outlet", "Acteurs publics", "--year", year["value"], "eig")
        assert other["total"] == year["count"]


def test_json_object_follows_the_contract(runner, settings):
    data = as_json(runner, settings, "--limit", "3", "numérique")
    assert set(data) >= {"query", "total", "page", "hits", "facets", "suggestion"}
    assert data["query"] == "numérique" and data["page"] == 1 and len(data["hits"]) == 3
    assert set(data["facets"]) == set(FACETS)
    for hit in data["hits"]:
        assert set(hit) == HIT_KEYS
        assert "/" not in hit["source"] or not hit["source"].startswith("/")
    for values in data["facets"].values():
        for v in values:
            assert set(v) == {"value", "count", "selected"}


def test_pages_sort_and_repeated_filters(runner, settings):
    first = as_json(runner, settings, "--limit", "5", "--sort", "date", "--kind", "coverage")
    second = as_json(runner, settings, "--limit", "5", "--page", "2", "--sort", "date", "--kind", "coverage")
    dates = [h["date"] for h in first["hits"] + second["hits"]]
    assert dates == sorted(dates, reverse=True)
    assert not {h["id"] for h in first["hits"]} & {h["id"] for h in second["hits"]}
    years = as_json(runner, settings, "--year", "2021", "--year", "2022", "--kind", "coverage")
    assert {h["year"] for h in years["hits"]} <= {2021, 2022}
    assert years["total"] == sum(v["count"] for v in years["facets"]["year"] if v["selected"])


def test_all_includes_drafts_and_junk(runner, settings):
    plain, every = as_json(runner, settings), as_json(runner, settings, "--all")
    assert every["total"] >= plain["total"]


def test_readable_list_in_french_without_colour_when_not_a_terminal(runner, settings):
    first = as_json(runner, settings, "algorithmes publics")["hits"][0]
    result = findit(runner, settings, "algorithmes publics")
    assert result.exit_code == 0
    out = result.output
    assert "Atelier « Histoire(s) d’algorithmes »" in out
    # An event is shown on its own day, the publication date otherwise.
    assert "Événement" in out and (first["event_date"] or first["date"]) in out and "+1 autre version" in out
    assert "Filtres :" in out and "Année :" in out and "résultat" in out
    for english in ("Facets:", "other version", "result (", "results ("):
        assert english not in out
    assert "\x1b[" not in out and "<mark>" not in out


def test_matches_in_colour_on_a_terminal(settings):
    with Searcher(settings) as s:
        result = s.search(SearchRequest(query="algorithmes"))
    coloured = format_result(result, 10, colour=True)
    assert "\x1b[" in coloured and "<mark>" not in coloured and "&#x27;" not in coloured
    plain = format_result(result, 10, colour=False)
    assert "\x1b[" not in plain


def test_no_results_is_not_an_error(runner, settings):
    result = findit(runner, settings, "zzzqqqxxx")
    assert result.exit_code == 0 and "Aucun résultat." in result.output
    data = as_json(runner, settings, "zzzqqqxxx")
    assert data["total"] == 0 and data["hits"] == []


def test_suggestion_shown(runner, settings):
    data = as_json(runner, settings, "algoritmes")
    assert data["suggestion"] and "algorithme" in data["suggestion"].lower()
    assert "Vouliez-vous dire : algorithmes ?" in findit(runner, settings, "algoritmes").output.replace("\n", " ")


def test_a_query_starting_with_a_dash_after_double_dash(runner, settings):
    with_dash = as_json(runner, settings, "--", "eig", "-promotion")
    assert with_dash["total"] < as_json(runner, settings, "eig")["total"]


@pytest.mark.parametrize(
    "args",
    [
        ["--sort", "popularity", "x"],
        ["--limit", "0", "x"],
        ["--limit", "1000", "x"],
        ["--page", "0", "x"],
        ["--year", "deux-mille", "x"],
        ["--no-such-option", "x"],
    ],
)
def test_bad_usage_exits_2(runner, settings, args):
    result = runner.invoke(cli, ["query", "--index", str(settings.index), *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_no_index_exits_3_and_says_to_run_findit_index(runner, tmp_path):
    result = runner.invoke(cli, ["query", "--index", str(tmp_path / "nothing"), "eig"])
    assert result.exit_code == 3
    assert "findit index" in result.output
    result = runner.invoke(cli, ["query", "--json", "--index", str(tmp_path), "eig"])
    assert result.exit_code == 3


def test_damaged_index_exits_1_with_a_message(runner, settings, tmp_path):
    import shutil

    broken = tmp_path / "index"
    shutil.copytree(settings.index, broken, symlinks=True)
    for segment in (broken / "current").resolve().glob("*.seg"):
        segment.write_bytes(b"\0" * 64)
    result = runner.invoke(cli, ["query", "--index", str(broken), "eig"])
    assert result.exit_code == 1, result.output
    assert "findit index --full" in result.output and "Traceback" not in result.output


def test_index_from_environment(runner, settings, monkeypatch):
    monkeypatch.setenv("FINDIT_INDEX", str(settings.index))
    result = runner.invoke(cli, ["query", "--json", "eig"])
    assert result.exit_code == 0 and json.loads(result.output)["total"] > 0


def test_query_command_loads_neither_spacy_nor_flask(settings):
    code = (
        "import sys; from findit.cli import cli\n"
        "try:\n    cli(['query', '--json', '--index', sys.argv[1], 'eig'])\n"
        "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'flask', 'thinc', 'torch'))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(settings.index)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] > 0
    assert "HEAVY []" in proc.stderr


@pytest.mark.parametrize("damage", ["lemmas.json", "acronyms.json", "toc"])
def test_an_index_damaged_after_it_was_built_says_so_not_no_index(runner, settings, tmp_path, damage):
    import shutil

    broken = tmp_path / "index"
    shutil.copytree(settings.index, broken, symlinks=True, ignore=shutil.ignore_patterns("cache"))
    generation = (broken / "current").resolve()
    if damage == "toc":
        for toc in generation.glob("_MAIN_*.toc"):
            toc.unlink()
    else:
        (generation / damage).write_text("{not json", encoding="utf-8")
    result = runner.invoke(cli, ["query", "--index", str(broken), "eig"])
    assert result.exit_code == 1, result.output
    assert "findit index --full" in result.output and "ne peut pas être lu" in result.output
    assert "pas encore d'index" not in result.output and "Traceback" not in result.output


def test_explain_says_why_each_hit_matched(runner, settings):
    # Only when asked: the JSON contract is otherwise unchanged.
    assert "explain" not in as_json(runner, settings, "algoritmes publics")["hits"][0]
    data = as_json(runner, settings, "--explain", "algoritmes publics")
    first = data["hits"][0]
    hows = {(m["word"], m["how"]) for m in first["explain"]}
    assert ("algoritmes", "typo") in hows  # the typo, matched by its correction
    assert {m["word"] for m in first["explain"]} == {"algoritmes", "publics"}
    assert all(set(m) == {"word", "field", "term", "how"} for m in first["explain"])
    text = findit(runner, settings, "--explain", "--limit", "1", "algoritmes publics").output.replace("\n", " ")
    assert "Pourquoi :" in text and "faute de frappe corrigée : algorithme" in text


@pytest.mark.parametrize("closed", [">&-", "2>&-"])
def test_a_command_started_with_a_stream_closed_still_ends_well(settings, closed):
    """findit ends its process without Python's teardown once a command is done (cli.main): a stream the
    shell closed is no reason to fail, and the JSON written to the other one is whole."""
    from helpers import FINDIT

    shell = f'"{FINDIT}" query --json --index "{settings.index}" eig {closed}; echo "code=$?" >&2'
    proc = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120)
    assert "code=0" in proc.stderr, proc.stderr
    if closed == "2>&-":
        assert json.loads(proc.stdout)["total"] > 0
