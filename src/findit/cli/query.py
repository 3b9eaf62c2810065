"""`findit query`: search the index from the terminal (see docs/CLI.md for the contract)."""

from __future__ import annotations

import html
import json
import re
import sys

import click

from findit.cli.options import index_option
from findit.settings import Settings

EXIT_NO_INDEX = 3
EXIT_UNREADABLE = 1
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
# Facet values shown under the list, per facet.
TOP_VALUES = 5


@click.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object (see docs/CLI.md).")
@click.option(
    "--limit",
    type=click.IntRange(1, Settings.max_limit),
    default=Settings.default_limit,
    show_default=True,
    help="Results per page.",
)
@click.option(
    "--page", type=click.IntRange(1, Settings.max_page), default=1, show_default=True, help="Page of results."
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Order of results (date: newest first).",
)
@click.option(
    "--year", "years", multiple=True, type=int, metavar="Y", help="Only this year (repeat for several: any of them)."
)
@click.option("--tag", "tags", multiple=True, metavar="T", help="Only this tag or theme (repeatable).")
@click.option("--outlet", "outlets", multiple=True, metavar="O", help="Only this press outlet or site (repeatable).")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="K",
    help="Only this kind: event, article, coverage, page, person, project (repeatable).",
)
@click.option("--speaker", "speakers", multiple=True, metavar="S", help="Only with this speaker (repeatable).")
@click.option("--org", "orgs", multiple=True, metavar="O", help="Only with this organisation (repeatable).")
@click.option("--all", "include_all", is_flag=True, help="Include drafts and junk entries.")
@click.argument("query", nargs=-1)
@click.pass_context
def query(ctx, index_dir, as_json, limit, page, sort, years, tags, outlets, kinds, speakers, orgs, include_all, query):
    """Search the index. QUERY: words, "phrases", AND/OR/NOT (ET/OU/SAUF), -word, prefix*, fields
    (titre: intervenant: orga: media: tag: annee:2019..2021 type:). No QUERY lists every document.

    Start the query with `--` when it begins with a dash: findit query -- -brouillon eig"""
    from findit.index import DamagedIndexError
    from findit.search import NoIndexError, Searcher, SearchError
    from findit.search.results import SearchRequest

    settings = Settings.from_env(index=index_dir)
    filters = {
        name: [str(v) for v in values]
        for name, values in (
            ("year", years),
            ("tag", tags),
            ("outlet", outlets),
            ("kind", kinds),
            ("speaker", speakers),
            ("organisation", orgs),
        )
        if values
    }
    request = SearchRequest(
        query=" ".join(query), page=page, limit=limit, sort=sort, filters=filters, include_all=include_all
    )
    try:
        with Searcher(settings) as searcher:
            result = searcher.search(request)
    except DamagedIndexError as exc:  # a NoIndexError too: caught first, it is not "no index yet"
        click.echo(f"findit: {exc}.", err=True)
        ctx.exit(EXIT_UNREADABLE)
    except NoIndexError:
        click.echo(f"findit: no index in {settings.index} yet: run `findit index` first.", err=True)
        ctx.exit(EXIT_NO_INDEX)
    except SearchError as exc:
        raise click.UsageError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged index gets a message, not a traceback
        click.echo(
            f"findit: the index in {settings.index} cannot be read ({type(exc).__name__}: {exc}); "
            "rebuild it with `findit index --full`.",
            err=True,
        )
        ctx.exit(EXIT_UNREADABLE)

    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(format_result(result, limit, colour=sys.stdout.isatty()))


def _terminal(snippet: str, colour: bool) -> str:
    """An HTML-safe snippet for the terminal: entities decoded, matches in colour on a terminal."""
    parts = _MARK.split(snippet)  # odd items are the matches
    out = []
    for i, part in enumerate(parts):
        text = html.unescape(part)
        out.append(click.style(text, fg="yellow", bold=True) if i % 2 and colour else text)
    return "".join(out)


def format_result(result, limit: int, colour: bool = False) -> str:
    """The readable ranked list and the top facet values."""
    from findit.documents import Kind

    lines = []
    if result.message:
        lines.append(result.message)
    if result.total == 0:
        lines.append("No results.")
    else:
        shown = f"{len(result.hits)} shown, page {result.page}" if result.hits else f"none on page {result.page}"
        lines.append(f"{result.total} result{'s' if result.total != 1 else ''} ({shown})")
    if result.suggestion:
        lines.append(f"Did you mean: {result.suggestion}")
    for rank, hit in enumerate(result.hits, start=(result.page - 1) * limit + 1):
        title = click.style(hit.title or hit.id, bold=True) if colour else (hit.title or hit.id)
        meta = [Kind.LABELS_FR.get(hit.kind, hit.kind)]
        if hit.date:
            meta.append(hit.date)
        if hit.outlet:
            meta.append(hit.outlet)
        if hit.duplicates:
            meta.append(f"+{hit.duplicates} other version{'s' if hit.duplicates > 1 else ''}")
        lines.append("")
        lines.append(f"{rank:>3}. {title}")
        lines.append("     " + " · ".join(meta))
        if hit.snippet:
            lines.append("     " + _terminal(hit.snippet, colour))
        lines.append("     " + (hit.url or hit.source))
    facet_lines = []
    for name, values in result.facets.items():
        if not values:
            continue
        top = values[:TOP_VALUES]
        top += [v for v in values[TOP_VALUES:] if v.selected]
        shown = ", ".join(("[x] " if v.selected else "") + f"{v.label or v.value} ({v.count})" for v in top)
        facet_lines.append(f"  {name}: {shown}")
    if facet_lines:
        lines.append("")
        lines.append("Facets:")
        lines.extend(facet_lines)
    return "\n".join(lines)
