import time

import click

from findit.cli.options import corpus_option, index_option
from findit.settings import Settings


@click.command()
@corpus_option
@index_option
def watch(corpus: str | None, index_dir: str | None) -> None:
    """Tenir l'index à jour pendant que les fichiers du corpus changent (Ctrl-C arrête)."""
    from findit.index import Indexer
    from findit.index.watch import Watcher

    settings = Settings.from_env(corpus=corpus, index=index_dir)
    if not settings.corpus.is_dir():
        raise click.UsageError(f"dossier du corpus introuvable : {settings.corpus}")

    def report(line: str) -> None:
        click.echo(f"{time.strftime('%H:%M:%S')} {line}")

    try:
        # Inside the try: a Ctrl-C or SIGTERM right after the first line still stops cleanly.
        report(f"mise à jour de l'index de {settings.corpus} et chargement du modèle de langue…")
        Watcher(settings, Indexer(settings, on_wait=report, own_process=True), report=report).run()
    except KeyboardInterrupt:
        pass
    report("surveillance arrêtée")
