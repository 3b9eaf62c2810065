import json

import click

from findit.cli.options import corpus_option
from findit.settings import Settings


@click.command()
@corpus_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(corpus: str | None, as_json: bool) -> None:
    """Data-quality report of the archive: kinds, skipped files, drafts, junk, duplicates."""
    from findit.ingest.report import build_report, format_report

    settings = Settings.from_env(corpus=corpus)
    if not settings.corpus.is_dir():
        raise click.UsageError(f"corpus folder not found: {settings.corpus}")
    report = build_report(settings)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report))
