"""`findit query`: search the index from the terminal (see docs/CLI.md for the contract): a readable French
list, the JSON object of `--json`, or an export (`--format csv|json|atom|ics`) of the whole list."""

from __future__ import annotations

import dataclasses
import json

import click
from click.core import ParameterSource

from findit.cli.options import (
    OneOf,
    Whole,
    color_option,
    index_option,
    index_unreadable,
    no_index_yet,
    terminal_width,
    use_colour,
)
from findit.cli.readable import format_result
from findit.search.results import SORTS
from findit.settings import Settings

# Export formats (findit.export.render.FORMATS, not imported here: the readable list does not need it).
EXPORTS = ("csv", "json", "atom", "ics")
EPILOG = """Exemples :

\b
  findit query algorithmes publics
  findit query "données publiques" --sort date --limit 20
  findit query --kind presse --year 2021 --year 2022 eig
  findit query ateliers depuis septembre 2022      (une date écrite est un filtre)
  findit query --org dinum --speaker penicaud        (un mot du nom suffit)
  findit query 'intervenant:cardon OU orga:dinum'
  findit query -- -brouillon eig              (une requête qui commence par un tiret)
  findit query --json eig | jq .total
  findit query --format csv --sep ';' eig > eig.csv     (Excel en français)
  findit query --format ics --kind événement atelier > agenda.ics
  FINDIT_SITE_URL=https://recherche.example.fr findit query --format atom eig > eig.atom"""


@click.command(epilog=EPILOG)
@index_option
@click.option("--json", "as_json", is_flag=True, help="Afficher la page de résultats en un objet JSON (docs/CLI.md).")
@click.option(
    "--format",
    "fmt",
    type=OneOf(["text", *EXPORTS]),
    default="text",
    help="text (par défaut) : la liste lisible ; csv, json, atom, ics : export de toute la liste (jusqu'à "
    f"{Settings.export_max_results} résultats ; atom : les {Settings.feed_entries} plus récents ; ics : les événements).",
)
@click.option(
    "--sep",
    type=OneOf([",", ";"]),
    default=",",
    help="Séparateur du CSV : «\u00a0,\u00a0» (par défaut) ou «\u00a0;\u00a0» (et virgule décimale) pour un Excel en français.",
)
@click.option(
    "--site-url",
    metavar="URL",
    default=None,
    help="Adresse où la page est servie, pour les liens des exports (par défaut : FINDIT_SITE_URL).",
)
@click.option(
    "--limit",
    type=Whole(1, Settings.max_limit),
    default=Settings.default_limit,
    metavar="N",
    help=f"Résultats par page (par défaut : {Settings.default_limit}).",
)
@click.option(
    "--page", type=Whole(1, Settings.max_page), default=1, metavar="N", help="Page de résultats (par défaut : 1)."
)
@click.option(
    "--sort",
    type=OneOf(list(SORTS)),
    default="relevance",
    help="Ordre : relevance (pertinence, par défaut), date (plus récents d'abord), oldest (plus anciens d'abord).",
)
@click.option(
    "--year", "years", multiple=True, type=Whole(0, 9999), metavar="A", help="Seulement cette année (répétable)."
)
@click.option("--tag", "tags", multiple=True, metavar="T", help="Seulement ce thème ou tag (répétable).")
@click.option("--outlet", "outlets", multiple=True, metavar="M", help="Seulement ce média ou site (répétable).")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="K",
    help="Seulement ce type : event, article, coverage, page, person, project, ou leur nom (Presse, "
    "Événement…) (répétable).",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="L",
    help="Seulement cette langue : fr, en… ou son nom (anglais) (répétable).",
)
@click.option("--speaker", "speakers", multiple=True, metavar="I", help="Seulement avec cet intervenant (répétable).")
@click.option("--org", "orgs", multiple=True, metavar="O", help="Seulement avec cette organisation (répétable).")
@click.option("--all", "include_all", is_flag=True, help="Inclure les brouillons et les entrées de test.")
@click.option(
    "--explain",
    is_flag=True,
    help="Pour chaque résultat, quels mots ont trouvé quels champs, et comment (tel quel, forme du mot, "
    "faute corrigée, synonyme, sigle…) ; dans le JSON : « explain ».",
)
@color_option
@click.argument("query", nargs=-1, metavar="[REQUÊTE]...")
@click.pass_context
def query(
    ctx,
    index_dir,
    as_json,
    fmt,
    sep,
    site_url,
    limit,
    page,
    sort,
    years,
    tags,
    outlets,
    kinds,
    langs,
    speakers,
    orgs,
    include_all,
    explain,
    color,
    query,
):
    """Chercher dans l'index.

    REQUÊTE : des mots (toutes leurs formes, sans égard aux accents), des "expressions exactes",
    ET / OU / SAUF (AND / OR / NOT), -mot, préfixe*, des champs : titre: intervenant: orga: media: tag:
    annee:2019..2021 type:presse langue:anglais. Une date écrite filtre : « en 2021 », « septembre
    2022 », « depuis 2020 », « avant 2019 », « l'an dernier » (une année seule parmi d'autres mots reste
    un mot).
    Sans requête : tous les documents (les filtres s'appliquent).
    Une requête qui commence par un tiret vient après -- .

    Les répétitions d'un filtre se combinent en OU, les filtres différents en ET. Une valeur de
    filtre se lit comme dans la requête : sans égard aux accents ni à la casse, un mot du nom ou son
    début suffit (--org dinum) ; une valeur inconnue est refusée avec les valeurs proches."""
    from findit.search.results import SearchRequest

    if as_json and fmt != "text":
        raise click.UsageError(f"--json et --format {fmt} s'excluent : --json est la page de résultats en JSON.")
    if fmt != "text":
        for name in ("limit", "page"):
            if ctx.get_parameter_source(name) != ParameterSource.DEFAULT:
                raise click.UsageError(
                    f"--{name} ne s'applique pas à un export : --format {fmt} contient toute la liste "
                    f"(jusqu'à {Settings.export_max_results} résultats)."
                )
    if sep != "," and fmt != "csv":
        raise click.UsageError("--sep ne s'applique qu'à --format csv.")

    settings = Settings.from_env(index=index_dir)
    filters = {
        name: [str(v) for v in values]
        for name, values in (
            ("year", years),
            ("tag", tags),
            ("outlet", outlets),
            ("kind", kinds),
            ("lang", langs),
            ("speaker", speakers),
            ("organisation", orgs),
        )
        if values
    }
    request = SearchRequest(
        query=" ".join(query),
        page=page,
        limit=limit,
        sort=sort,
        filters=filters,
        include_all=include_all,
        explain=explain,
    )
    if fmt != "text":
        if set(filters) - {"year"}:
            # A filter value that names nothing is refused before an export too (one result is enough).
            _check_filters(_run(ctx, settings, lambda searcher: searcher.search(dataclasses.replace(request, limit=1))))
        _export(ctx, settings, fmt, request, sep, settings.site_url if site_url is None else site_url)
        return
    result = _run(ctx, settings, lambda searcher: searcher.search(request))
    _check_filters(result)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        colour = use_colour(color)
        click.echo(format_result(result, limit, colour=colour, width=terminal_width()), color=colour)
    from findit import querylog

    querylog.record(settings, request, result.total, result.suggestion, "cli")


def _check_filters(result) -> None:
    """A filter value that names nothing (or several values by its start) is a usage error that lists the
    close values, rather than an empty list in silence."""
    if result.problems:
        raise click.UsageError(" ".join(result.problems))


def _run(ctx, settings: Settings, call):
    """`call(searcher)`, with the index's errors turned into messages and exit statuses."""
    from findit.index import DamagedIndexError
    from findit.search import NoIndexError, Searcher, SearchError

    try:
        with Searcher(settings) as searcher:
            return call(searcher)
    except DamagedIndexError as exc:  # a NoIndexError too: caught first, it is not "no index yet"
        index_unreadable(ctx, settings.index, exc.why)
    except NoIndexError:
        no_index_yet(ctx, settings.index)
    except SearchError as exc:
        raise click.UsageError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged index gets a message, not a traceback
        index_unreadable(ctx, settings.index, f"{type(exc).__name__} : {exc}")


def _export(ctx, settings: Settings, fmt: str, request, sep: str, site_url: str) -> None:
    """Write the export to stdout as bytes (CSV's byte-order mark included); what it lacks on stderr."""
    from findit.export.collect import site_links
    from findit.export.render import export

    # A searcher that hands the whole list in one ranking (findit.export.collect).
    wide = dataclasses.replace(settings, max_limit=max(settings.max_limit, settings.export_max_results))
    links = site_links(site_url, request)
    exported = _run(
        ctx, wide, lambda searcher: export(fmt, request, wide, searcher.search, searcher.document, links, sep=sep)
    )
    click.echo(exported.body, nl=False)  # bytes: written as they are (the CSV's byte-order mark too)
    for note in exported.notes():
        click.echo(f"findit : {note}", err=True)
