"""`findit export --format opensearch`: the index for OpenSearch (mapping and bulk NDJSON of the analysed
documents, streamed from the current generation), or the request body of a query (docs/SCALING.md)."""

from __future__ import annotations

import json
import os
import re
import sys

import click

from findit.cli.options import OneOf, index_option, index_unreadable, no_index_yet
from findit.settings import Settings
from findit.text import thousands

EXIT_FAILED = 1
# OpenSearch's rule for index names, kept to its plain subset.
_INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,199}$")
EPILOG = """Exemples :

\b
  findit export --format opensearch --out export/       mapping.json et bulk.ndjson
  findit export --format opensearch > bulk.ndjson        le NDJSON seul, sur la sortie
  findit export --format opensearch --mapping > mapping.json
  findit export --format opensearch --query "algorithmes publics"   le corps d'une recherche

Chargement et recherche : docs/SCALING.md."""


@click.command(epilog=EPILOG)
@index_option
@click.option(
    "--format", "fmt", type=OneOf(["opensearch"]), default=None, help="Format d'export (obligatoire) : opensearch."
)
@click.option(
    "--out",
    metavar="DOSSIER",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Écrire mapping.json et bulk.ndjson dans ce dossier (sinon : le NDJSON sur la sortie standard).",
)
@click.option(
    "--name",
    metavar="NOM",
    default="findit",
    help="Nom de l'index OpenSearch (_index du NDJSON ; par défaut : findit).",
)
@click.option("--mapping", "only_mapping", is_flag=True, help="Afficher seulement le mapping (JSON).")
@click.option("--query", "query_text", metavar="REQUÊTE", default=None, help="Afficher le corps d'une recherche.")
@click.pass_context
def export(ctx, index_dir, fmt, out, name, only_mapping, query_text) -> None:
    """Exporter l'index pour OpenSearch : le mapping et les documents analysés (NDJSON de l'API bulk)."""
    from findit.export.opensearch import mapping

    if fmt is None:
        raise click.UsageError("--format est obligatoire : --format opensearch (le seul format pour l'instant).")
    if not _INDEX_NAME.match(name):
        raise click.UsageError(f"« {name} » n'est pas un nom d'index OpenSearch (minuscules, chiffres, . _ -).")
    if sum(map(bool, (out, only_mapping, query_text is not None))) > 1:
        raise click.UsageError("--out, --mapping et --query s'excluent.")
    if only_mapping:
        click.echo(json.dumps(mapping(), ensure_ascii=False, indent=2))
        return
    settings = Settings.from_env(index=index_dir)
    documents = _open(ctx, settings)
    if query_text is not None:
        from findit.export.opensearch_query import request_body

        click.echo(json.dumps(request_body(query_text, documents.table), ensure_ascii=False, indent=2))
        return
    from findit.export.opensearch_files import ExportWriteError, write_bulk, write_folder

    try:
        if out is None:
            written = write_bulk(documents, name, sys.stdout.buffer)
        else:
            written = write_folder(documents, name, out)
    except ExportWriteError as exc:
        click.echo(
            f"findit : impossible d'écrire {exc.filename} ({exc.strerror}) : choisissez avec --out un dossier "
            "où vous pouvez écrire.",
            err=True,
        )
        ctx.exit(EXIT_FAILED)
    except BrokenPipeError:  # the reader stopped (| head): not an error of the export
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        ctx.exit(0)
    stats = documents.stats
    where = f" dans {out}" if out else ""
    size = thousands(written.bytes)
    click.echo(
        f"findit : {written.documents} documents exportés{where} ({stats.generation}, {size} octets de NDJSON) ; "
        f"lemmes : {stats.from_cache} du cache d'analyse, {stats.from_table} de la table des lemmes.",
        err=True,
    )


def _open(ctx, settings: Settings):
    from findit.export.opensearch_source import IndexedDocuments
    from findit.index import DamagedIndexError, NoIndexError

    try:
        return IndexedDocuments(settings)
    except DamagedIndexError as exc:  # a NoIndexError too: caught first
        index_unreadable(ctx, settings.index, exc.why)
    except NoIndexError:
        no_index_yet(ctx, settings.index)
