import json
from pathlib import Path

import click

from findit.cli.options import FrenchError


@click.command("eval")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NOM|FICHIER",
    help="Jeu jugé à mesurer : le nom d'un jeu livré avec findit (findit/evaluation/sets/) ou un fichier JSON "
    "(répétable ; par défaut : tous les jeux dont le corpus est présent).",
)
@click.option(
    "--corpus",
    metavar="DOSSIER",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Mesurer un seul --set sur ce dossier plutôt que celui que le jeu nomme.",
)
@click.option(
    "--workdir",
    metavar="DOSSIER",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Garder ici les index des moteurs (le cache d'analyse de findit sert alors à la mesure suivante).",
)
@click.option(
    "--part",
    type=click.Choice(["tuning", "heldout", "all"]),
    default="tuning",
    show_default=True,
    help="Quelles requêtes : celles sur lesquelles le classement est réglé (tuning), le quart mis de côté "
    "(heldout : seulement pour vérifier un changement), ou toutes (all).",
)
@click.option(
    "--losses/--no-losses", default=True, help="Lister les requêtes où findit fait moins bien qu'une référence."
)
@click.option("--json", "as_json", is_flag=True, help="Afficher les chiffres en JSON.")
@click.option("--markdown", is_flag=True, help="Afficher les tableaux en Markdown (comme dans docs/QUALITY.md).")
def eval_(
    sets: tuple[str, ...],
    corpus: Path | None,
    workdir: Path | None,
    part: str,
    losses: bool,
    as_json: bool,
    markdown: bool,
) -> None:
    """Qualité de la recherche : nDCG@10, MRR, rappel@10 de findit et des références sur des jeux de requêtes jugées."""
    from findit.evaluation import (
        QuerySetError,
        builtin_sets,
        evaluate,
        format_losses,
        format_markdown,
        format_table,
        load_query_set,
        part_of,
    )
    from findit.index import IndexerError

    known = builtin_sets()
    chosen = list(sets) or list(known)
    if corpus is not None and len(chosen) != 1:
        raise click.UsageError("--corpus demande exactement un --set")
    results = []
    failed = []
    for name in chosen:
        path = known.get(name) or Path(name)
        if not path.is_file():
            raise click.UsageError(f"pas de jeu jugé « {name} » (connus : {', '.join(known)})")
        try:
            query_set = load_query_set(path, corpus)
        except QuerySetError as exc:
            raise FrenchError(str(exc)) from exc
        workdir_of_set = workdir / query_set.name if workdir else None
        if not query_set.corpus.is_dir():
            if sets:
                raise click.UsageError(f"dossier du corpus introuvable : {query_set.corpus}")
            click.echo(f"{query_set.name} : ignoré, dossier du corpus introuvable ({query_set.corpus})", err=True)
            continue
        query_set = part_of(query_set, part)
        if not query_set.queries:
            click.echo(f"{query_set.name}: no query in this part", err=True)
            continue
        try:
            evaluation = evaluate(query_set, workdir=workdir_of_set, progress=lambda msg: click.echo(msg, err=True))
        except (QuerySetError, IndexerError, OSError) as exc:
            # One set that cannot run does not hide the others' figures; the exit status says it.
            click.echo(f"findit eval: {exc}", err=True)
            failed.append(query_set.name)
            continue
        results.append(evaluation)
        if not as_json:
            click.echo(format_markdown(evaluation) if markdown else format_table(evaluation))
            if losses:
                click.echo(format_losses(evaluation))
            click.echo()
    if as_json:
        click.echo(json.dumps([e.to_json() for e in results], indent=2))
    if failed:
        raise FrenchError(f"{len(failed)} jeu(x) jugé(s) n'ont pas pu être mesurés : {', '.join(failed)}")
