import click

from findit.cli.options import corpus_option, index_option
from findit.settings import Settings


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only)."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
@index_option
@corpus_option
@click.option("--watch", is_flag=True, help="Also keep the index up to date as files change.")
def serve(host: str, port: int, index_dir: str | None, corpus: str | None, watch: bool) -> None:
    """Serve the French search page (waitress) over the index."""
    from findit.webapp import serve as run_server

    settings = Settings.from_env(corpus=corpus, index=index_dir)
    try:
        run_server(settings, host=host, port=port, watch=watch, announce=click.echo)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
