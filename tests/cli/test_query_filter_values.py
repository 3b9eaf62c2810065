"""`findit query --org/--outlet/--tag/--speaker`: the values the query syntax accepts (case, accents, a
word of the value), the archive's values they named said above the list, and a value that names nothing
refused with the close values (exit status 2), over the index of the shipped corpus."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from findit.cli import cli


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def findit(runner, settings, *args):
    return runner.invoke(cli, ["query", "--index", str(settings.index), "--color", "never", *args])


def found(runner, settings, *args) -> list[str]:
    result = findit(runner, settings, "--json", "--limit", "100", *args)
    assert result.exit_code == 0, result.output
    return sorted(h["id"] for h in json.loads(result.output)["hits"])


@pytest.mark.parametrize(
    "option, value, syntax",
    [
        ("--org", "DINUM", "orga:dinum"),
        ("--outlet", "acteurs", "media:acteurs"),
        ("--tag", "EIG", "tag:eig"),
        ("--speaker", "Penicaud", "intervenant:penicaud"),
    ],
)
def test_an_option_finds_what_the_query_syntax_finds(runner, settings, option, value, syntax):
    by_option = found(runner, settings, option, value)
    assert by_option and by_option == found(runner, settings, syntax)


def test_the_values_named_are_said_above_the_list(runner, settings):
    result = findit(runner, settings, "--org", "DINUM", "--outlet", "Acteurs publics")
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert "Organisation : DINUM → Direction interministérielle du numérique (DINUM)" in lines
    assert "Média / source : Acteurs publics" in lines
    data = json.loads(findit(runner, settings, "--json", "--org", "dinum").output)
    assert data["filters"]["organisation"] == [
        {"asked": "dinum", "values": ["Direction interministérielle du numérique (DINUM)"]}
    ]


def test_a_value_that_names_nothing_is_refused_with_the_close_ones(runner, settings):
    result = findit(runner, settings, "--speaker", "Penicot")
    assert result.exit_code == 2
    assert "Intervenant·e « Penicot » : aucune valeur de l’archive ne correspond." in result.output
    assert "Valeurs proches : Soizic Pénicaud" in result.output  # the closest first
    ambiguous = findit(runner, settings, "--org", "di")
    assert ambiguous.exit_code == 2 and "plusieurs valeurs commencent ainsi" in ambiguous.output
    assert "Direction interministérielle du numérique (DINUM)" in ambiguous.output
    export = findit(runner, settings, "--format", "csv", "--org", "dinam")
    assert export.exit_code == 2 and "aucune valeur de l’archive ne correspond" in export.output


def test_a_date_in_the_query_is_said_above_the_list(runner, settings):
    result = findit(runner, settings, "eig", "en", "2022")
    assert result.exit_code == 0, result.output
    assert "Date : 2022 (« en 2022 » dans la requête)" in [line.strip() for line in result.output.splitlines()]
    data = json.loads(findit(runner, settings, "--json", "eig", "en", "2022").output)
    assert data["filters"]["date"]["from"] == "2022-01-01" and data["searched"] == "eig"
    assert data["total"] > 0 and {h["year"] for h in data["hits"]} == {2022}
