import click

from findit.cli.options import FrenchError, corpus_option, index_option
from findit.settings import Settings


@click.command()
@click.option(
    "--host",
    metavar="ADRESSE",
    default="127.0.0.1",
    show_default=True,
    help="Adresse d'écoute (127.0.0.1 : cette machine seulement).",
)
@click.option("--port", metavar="PORT", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@index_option
@corpus_option
@click.option("--watch", is_flag=True, help="Tenir aussi l'index à jour quand les fichiers changent.")
def serve(host: str, port: int, index_dir: str | None, corpus: str | None, watch: bool) -> None:
    """Servir la page de recherche en français (waitress) sur l'index."""
    from findit.webapp import serve as run_server

    settings = Settings.from_env(corpus=corpus, index=index_dir)
    try:
        run_server(settings, host=host, port=port, watch=watch, announce=click.echo)
    except OSError as exc:
        raise FrenchError(f"impossible d'écouter sur {host}:{port} : {exc.strerror or exc}") from None
