import json
from pathlib import Path

import click


@click.command("eval")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="NAME|FILE",
    help="Judged set to run: a name of a set shipped with findit (findit/evaluation/sets/) or a JSON file (repeatable; "
    "default: every set whose corpus is present).",
)
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Run a single --set over this folder instead of the one the set names.",
)
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the engines' indexes here (findit's analysis cache is then reused next run).",
)
@click.option(
    "--part",
    type=click.Choice(["tuning", "heldout", "all"]),
    default="tuning",
    show_default=True,
    help="Which queries: those ranking is tuned on, the held-out quarter (run it only to check a change), or all.",
)
@click.option("--losses/--no-losses", default=True, help="List the queries where findit loses to a baseline.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--markdown", is_flag=True, help="Print the tables as Markdown (as kept in docs/QUALITY.md).")
def eval_(
    sets: tuple[str, ...],
    corpus: Path | None,
    workdir: Path | None,
    part: str,
    losses: bool,
    as_json: bool,
    markdown: bool,
) -> None:
    """Search quality: nDCG@10, MRR, recall@10 of findit and baselines on judged query sets."""
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
        raise click.UsageError("--corpus needs exactly one --set")
    results = []
    failed = []
    for name in chosen:
        path = known.get(name) or Path(name)
        if not path.is_file():
            raise click.UsageError(f"no judged set {name!r} (known: {', '.join(known)})")
        try:
            query_set = load_query_set(path, corpus)
        except QuerySetError as exc:
            raise click.ClickException(str(exc)) from exc
        workdir_of_set = workdir / query_set.name if workdir else None
        if not query_set.corpus.is_dir():
            if sets:
                raise click.UsageError(f"corpus folder not found: {query_set.corpus}")
            click.echo(f"{query_set.name}: skipped, corpus folder not found ({query_set.corpus})", err=True)
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
        raise click.ClickException(f"{len(failed)} judged set(s) could not run: {', '.join(failed)}")
