"""`findit`: a thin command line over the library. Each command builds a library object, calls one
method, and turns library errors into click errors. Heavy modules are imported inside commands so
that `findit query` never pays for spaCy or Flask."""

from __future__ import annotations

import json
import sys

import click

from findit.settings import Settings

corpus_option = click.option("--corpus", type=click.Path(file_okay=False, path_type=str), default=None,
                             help="Content folder (default: FINDIT_CORPUS, else the shipped corpus/).")
index_option = click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=str),
                            default=None, help="Index folder (default: FINDIT_INDEX, else index/).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="findit")
def cli() -> None:
    """findit: French-aware search over an archive of events and press coverage."""


@cli.command()
@corpus_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(corpus: str | None, as_json: bool) -> None:
    """Data-quality report of the archive: kinds, skipped files, drafts, junk, duplicates."""
    from findit.check import build_report, format_report

    settings = Settings.from_env(corpus=corpus)
    if not settings.corpus.is_dir():
        raise click.UsageError(f"corpus folder not found: {settings.corpus}")
    report = build_report(settings)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))


def main() -> None:
    cli(prog_name="findit")


if __name__ == "__main__":
    sys.exit(main())
