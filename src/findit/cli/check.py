import json

import click

from findit.cli.options import FrenchError, corpus_option, terminal_width
from findit.settings import Settings


@click.command()
@corpus_option
@click.option("--json", "as_json", is_flag=True, help="Afficher le rapport en JSON.")
@click.option(
    "--accuracy",
    is_flag=True,
    help="Précision et rappel des champs extraits sur les échantillons jugés (par champ, par corpus).",
)
@click.option(
    "--samples",
    type=click.Path(exists=True, file_okay=False),
    metavar="DOSSIER",
    help="Dossier des échantillons jugés (--accuracy).",
)
def check(corpus: str | None, as_json: bool, accuracy: bool, samples: str | None) -> None:
    """Rapport de qualité des données de l'archive : types, fichiers ignorés, brouillons, contenu de test, doublons."""
    if accuracy:
        if corpus is not None:
            # Each judged sample names its own corpus: a folder given here would be silently ignored.
            raise click.UsageError(
                "--accuracy mesure chaque échantillon jugé sur son propre corpus : --corpus ne s'y applique pas "
                "(--samples DOSSIER pour d'autres échantillons)."
            )
        _accuracy(samples, as_json)
        return
    from findit.ingest.report import build_report, format_report

    settings = Settings.from_env(corpus=corpus)
    if not settings.corpus.is_dir():
        raise click.UsageError(f"dossier du corpus introuvable : {settings.corpus}")
    report = build_report(settings)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, width=terminal_width()))


def _accuracy(samples: str | None, as_json: bool) -> None:
    from pathlib import Path

    from findit.evaluation.fieldaccuracy import format_table, measure_samples
    from findit.evaluation.fieldsample import FieldSampleError, load_samples

    try:
        loaded = load_samples(Path(samples) if samples else None)
    except FieldSampleError as exc:
        raise FrenchError(str(exc)) from exc
    # Each corpus is read and its judged documents analysed: minutes in all, so each is named as it starts.
    results = measure_samples(loaded, Settings.from_env(), on_sample=lambda name: click.echo(f"{name}…", err=True))
    for r in results:
        if r.skipped:
            click.echo(f"{r.name} : ignoré ({r.skipped})", err=True)
    if as_json:
        click.echo(
            json.dumps(
                [r.__dict__ | {"scores": {f"{p}:{m}": s.__dict__ for (p, m), s in r.scores.items()}} for r in results],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(format_table(results))
    missing = [f"{r.name}: {key}" for r in results for key in r.missing]
    for line in missing:
        click.echo(f"aucun document pour la clé jugée {line}", err=True)
    if missing:
        raise SystemExit(1)
