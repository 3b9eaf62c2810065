"""`findit stats`: what the archive is asked, from the local query log (findit.querylog): the most
frequent queries and those that find nothing, for a curator to fix the archive or add a synonym."""

from __future__ import annotations

import json
import sqlite3

import click

from findit.cli.options import Whole, index_option
from findit.export.plain import visible
from findit.settings import Settings

EPILOG = """Exemples :

\b
  findit stats                      tout le journal
  findit stats --days 30 --limit 50 les 30 derniers jours, 50 requêtes par liste
  findit stats --json | jq '.no_result[].query'

Le journal (querylog.sqlite3, à côté de l'index) garde la requête, ses filtres, le nombre de résultats et
le jour : ni adresse IP, ni utilisateur. FINDIT_QUERY_LOG=0 l'arrête."""


@click.command(epilog=EPILOG)
@index_option
@click.option("--limit", type=Whole(1, 1000), default=20, show_default=True, help="Requêtes par liste.")
@click.option(
    "--days", type=Whole(1, 36500), default=None, help="Seulement les N derniers jours (sinon tout le journal)."
)
@click.option("--json", "as_json", is_flag=True, help="Afficher les chiffres en un objet JSON (docs/CLI.md).")
@click.pass_context
def stats(ctx, index_dir: str | None, limit: int, days: int | None, as_json: bool) -> None:
    """Les requêtes les plus fréquentes et celles sans résultat (journal local des recherches).

    Une requête compte avec toutes ses graphies (majuscules, accents). « Sans résultat » : demandée sans
    filtre, elle n'a rien trouvé la dernière fois ; la suggestion alors proposée est indiquée."""
    from findit import querylog

    settings = Settings.from_env(index=index_dir)
    try:
        figures = querylog.stats(settings, limit=limit, days=days)
    except sqlite3.Error as exc:
        click.echo(
            f"findit : le journal {querylog.log_path(settings)} ne peut pas être lu ({exc}) : "
            "supprimez-le, un nouveau sera commencé.",
            err=True,
        )
        ctx.exit(1)
    if as_json:
        click.echo(json.dumps(figures.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(format_stats(figures, days))


def format_stats(figures, days: int | None = None) -> str:
    lines = []
    if not figures.enabled:
        lines.append("Le journal des recherches est désactivé (FINDIT_QUERY_LOG=0).")
    if figures.searches == 0:
        period = f" ces {days} derniers jours" if days else ""
        lines.append(f"Aucune recherche enregistrée{period} ({figures.path}).")
        return "\n".join(lines)
    plural = "s" if figures.searches > 1 else ""
    lines.append(
        f"{figures.searches} recherche{plural} enregistrée{plural} du {figures.first_day} au {figures.last_day} "
        f"({figures.path})."
    )
    lines += ["", "Requêtes les plus fréquentes :"]
    width = max(len(str(f.count)) for f in figures.top)
    for f in figures.top:
        found = "aucun résultat" if f.last_total == 0 else f"{f.last_total} résultat{'s' if f.last_total > 1 else ''}"
        lines.append(f"  {f.count:>{width}}  {visible(f.query)}  ({found})")
    lines += ["", "Requêtes sans résultat :"]
    if not figures.no_result:
        lines.append("  aucune")
    for f in figures.no_result:
        hint = f"  → suggestion proposée : {visible(f.suggestion)}" if f.suggestion else ""
        lines.append(f"  {f.count:>{width}}  {visible(f.query)}  (dernière fois le {f.last_day}){hint}")
    return "\n".join(lines)
