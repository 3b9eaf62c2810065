"""`findit query`'s readable output and help: French, wrapped to the terminal between words, colours as
asked (NO_COLOR, --color), and never an escape sequence from the archive let through."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from odd_archive import HOSTILE_TITLE, findit_in

from findit.cli import COMMANDS, cli
from helpers import FINDIT, Child

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _lines(text: str) -> list[str]:
    return ANSI.sub("", text).splitlines()


@pytest.mark.parametrize("columns", [60, 100])
def test_lines_are_wrapped_between_words_to_the_terminal_width_and_indented(runner, settings, columns):
    result = runner.invoke(
        cli, ["query", "--index", str(settings.index), "--limit", "5", "numérique"], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    words = set(result.output.split())
    long_words = {w for w in words if len(w) > columns - 5}  # a URL longer than a line keeps its own line
    for line in lines:
        assert len(line) <= columns or line.strip() in long_words, line
    blocks = "\n".join(lines).split("\n\n")[1:-1]  # the results, between the count line and the facets
    assert len(blocks) == 5
    for block in blocks:
        first, *rest = block.splitlines()
        assert re.match(r"\s*\d+\. ", first)
        assert rest and all(line.startswith(" " * 5) for line in rest), block
    # Wrapping cut no word: the words of the snippets are the words of the JSON's snippets.
    data = json.loads(
        runner.invoke(cli, ["query", "--index", str(settings.index), "--json", "--limit", "5", "numérique"]).output
    )
    for hit in data["hits"]:
        last = re.sub(r"<[^>]+>", "", hit["snippet"]).split()[-1].replace("&#x27;", "'")
        assert last in words


def test_no_color_and_the_color_option(runner, settings):
    args = ["query", "--index", str(settings.index), "algorithmes"]
    # CliRunner's output is not a terminal: auto means no colour; always forces it, even with NO_COLOR.
    assert "\x1b[" not in runner.invoke(cli, args, color=True).output
    forced = runner.invoke(cli, [*args, "--color", "always"], env={"NO_COLOR": "1"}, color=True).output
    assert "\x1b[33m" in forced or "\x1b[1m" in forced
    assert "\x1b[" not in runner.invoke(cli, [*args, "--color", "never"], color=True).output
    bad = runner.invoke(cli, [*args, "--color", "rainbow"])
    assert bad.exit_code == 2 and "Erreur" in bad.output


def test_no_color_on_a_terminal(settings):
    from findit.cli.options import use_colour

    class Tty:
        def isatty(self):
            return True

    import os

    saved = os.environ.pop("NO_COLOR", None), os.environ.get("TERM")
    try:
        os.environ["TERM"] = "xterm"
        assert use_colour("auto", Tty())
        os.environ["NO_COLOR"] = "1"
        assert not use_colour("auto", Tty()) and use_colour("always", Tty())
    finally:
        os.environ.pop("NO_COLOR", None)
        if saved[0] is not None:
            os.environ["NO_COLOR"] = saved[0]
        if saved[1] is not None:
            os.environ["TERM"] = saved[1]


def test_escape_sequences_from_the_archive_are_shown_escaped_even_when_piped(odd_settings):
    # A real process, its output a pipe: nothing the archive holds may reach the terminal as control bytes.
    with Child([str(FINDIT), "query", "--index", str(odd_settings.index), "rouge"], env={"COLUMNS": "200"}) as child:
        assert child.wait(60) == 0, child.output()
    out = child.output()
    assert "ROUGE" in out
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in out
    assert r"Titre \x1b[31mROUGE\x1b[0m \x1b]0;PWNED\x07 fin" in out
    assert r"\u202egnp.exe" in out and r"Site \x1b[5mclignotant" in out
    assert r"evil\x1b[2J.md" in out  # the file name, shown where a result has no URL


def test_json_stays_exact(runner, odd_settings):
    data = json.loads(findit_in(runner, odd_settings, "--json", "rouge").output)
    assert data["hits"][0]["title"] == HOSTILE_TITLE


def test_top_level_help_is_french_whole_and_has_examples(runner):
    out = runner.invoke(cli, ["--help"], env={"COLUMNS": "80"}, prog_name="findit").output
    assert out.startswith("Utilisation : findit")
    assert "Commandes :" in out and "Exemples :" in out and "findit query" in out
    assert "..." not in out.split("Commandes :")[1].split("Exemples")[0]  # no description cut
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s+\S", out, re.M), name
    for english in ("Usage:", "Show this message", "Commands:"):
        assert english not in out


def test_query_help_is_french_with_examples(runner):
    out = runner.invoke(cli, ["query", "-h"], env={"COLUMNS": "80"}, prog_name="findit").output
    assert out.startswith("Utilisation : findit query")
    assert "Exemples :" in out and "--format csv" in out and "--color" in out and "NO_COLOR" in out
    assert "Afficher cette aide et quitter." in out and "[default" not in out
    assert max(len(line) for line in out.splitlines()) <= 100


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_is_french_and_fits_60_columns(command):
    # A real process: click's test runner forces 80 columns.
    env = dict(os.environ, COLUMNS="60")
    args = [sys.executable, "-m", "findit.cli", *command.split(), "--help"]
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, check=True).stdout
    assert out.startswith("Utilisation : findit"), out
    assert max(len(line) for line in out.splitlines()) <= 60, [line for line in out.splitlines() if len(line) > 60]
    for english in ("[default", "Exit status", "Show this message", "Options:", "Seconds to", "Build or update"):
        assert english not in out, (command, english)


def test_usage_errors_are_french_and_exit_2(runner, settings):
    for args, said in [
        (["--limit", "0", "x"], "0 n'est pas entre 1 et 100"),
        (["--sort", "popularity", "x"], "« popularity » n'est pas l'une des valeurs possibles"),
        (["--bogus", "x"], "option inconnue : --bogus"),
        (["-x", "eig"], "option inconnue : -x"),
        # a word to exclude, later in the query: named whole, with the two ways to write it
        (["python", "-pandas"], "« -pandas » n'est pas une option. Pour exclure un mot, écrivez « SAUF pandas »"),
        (["--json", "--format", "csv", "x"], "s'excluent"),
    ]:
        result = runner.invoke(cli, ["query", "--index", str(settings.index), *args])
        assert result.exit_code == 2, (args, result.output)
        assert "Erreur : " in result.output and said in result.output, result.output
        assert "Error:" not in result.output
