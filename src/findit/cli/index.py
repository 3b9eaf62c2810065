import sys

import click

from findit.cli.options import corpus_option, index_option
from findit.settings import Settings


@click.command()
@corpus_option
@index_option
@click.option("--full", is_flag=True, help="Rebuild everything into a new index, swapped in when complete.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds to wait for another indexer working on the same index before giving up.",
)
def index(corpus: str | None, index_dir: str | None, full: bool, wait: float) -> None:
    """Build or update the search index (only what changed, unless --full).

    Exit status: 0 done (an index found damaged is rebuilt in full, and stderr says so); 1 the index was
    left as it was (another indexer kept it busy, the corpus folder is empty, the disk is full or the
    index folder cannot be written), with the reason, the path and what to do on stderr; 2 bad usage."""
    from findit.index import CorpusNotFoundError, IndexBusyError, Indexer, IndexerError

    settings = Settings.from_env(corpus=corpus, index=index_dir)
    bar = _ProgressBar() if sys.stderr.isatty() else None
    indexer = Indexer(
        settings,
        lock_wait=wait,
        on_wait=lambda msg: click.echo(msg, err=True),
        on_model=bar.loading if bar is not None else _say_loading,
    )
    try:
        summary = indexer.update(full=full, progress=bar)
    except CorpusNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    except (IndexBusyError, IndexerError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # a full disk, an index folder we may not write: the index is left as it was
        where = f" ({exc.filename})" if exc.filename else ""
        raise click.ClickException(f"cannot update the index: {exc.strerror or exc}{where}") from None
    except Exception as exc:
        # spaCy could not run (no model, a worker died): the index is left as it was. Imported here: a
        # run with nothing to do never loads the analysis package.
        from findit.analysis import ModelError, WorkerError

        if isinstance(exc, (ModelError, WorkerError)):
            raise click.ClickException(str(exc)) from None
        raise
    finally:
        if bar is not None:
            bar.close()
    if summary.repaired:
        click.echo(f"the index in {settings.index} could not be read ({summary.repaired}): rebuilt in full", err=True)
    for skipped in summary.skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    click.echo(summary.line())


def _say_loading(loading: bool) -> None:
    """Without a progress bar (stderr not a terminal): one line, as `findit watch` says it."""
    if loading:
        click.echo("loading the language model…", err=True)


class _ProgressBar:
    """click.progressbar on stderr, opened on the first report (a nothing-changed run shows none)."""

    LABEL = "indexing"

    def __init__(self):
        self._bar = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if total == 0:
                return
            self._bar = click.progressbar(length=total, label=self.LABEL, file=sys.stderr, show_pos=True)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def loading(self, loading: bool) -> None:
        """The bar would sit at 0/N for the seconds the language model takes to load: say so on it."""
        if self._bar is None:
            if loading:
                click.echo("loading the language model…", err=True)
            return
        self._bar.label = "loading the language model…" if loading else self.LABEL
        self._bar.render_progress()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
