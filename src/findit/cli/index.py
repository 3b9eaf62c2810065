import sys

import click

from findit.cli.options import FrenchError, corpus_option, index_option
from findit.settings import Settings

LOADING = "chargement du modèle de langue…"


@click.command()
@corpus_option
@index_option
@click.option("--full", is_flag=True, help="Tout reconstruire dans un nouvel index, mis en place une fois complet.")
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Avec --full : accepter un corpus sans fichier de contenu, et donc vider l'index (refusé sinon).",
)
@click.option(
    "--wait",
    metavar="SECONDES",
    type=click.FloatRange(min=0),
    default=30.0,
    help="Secondes d'attente quand un autre indexeur travaille sur le même index.",
)
def index(corpus: str | None, index_dir: str | None, full: bool, allow_empty: bool, wait: float) -> None:
    """Construire ou mettre à jour l'index (seul ce qui a changé, sauf avec --full).

    Code de sortie : 0 fait (un index trouvé endommagé est reconstruit en entier, et stderr le dit) ; 1
    l'index est resté tel quel (un autre indexeur l'occupait, le dossier du corpus est vide, le disque est
    plein ou le dossier de l'index ne peut pas être écrit), avec la raison, le chemin et quoi faire sur
    stderr ; 2 mauvaise utilisation."""
    from findit.index import CorpusNotFoundError, IndexBusyError, Indexer, IndexerError

    settings = Settings.from_env(corpus=corpus, index=index_dir)
    bar = _ProgressBar() if sys.stderr.isatty() else None
    indexer = Indexer(
        settings,
        lock_wait=wait,
        on_wait=lambda msg: click.echo(msg, err=True),
        on_model=bar.loading if bar is not None else _say_loading,
        own_process=True,
        once=True,
    )
    try:
        summary = indexer.update(full=full, progress=bar, allow_empty=allow_empty)
    except CorpusNotFoundError as exc:
        raise click.UsageError(str(exc)) from None
    except (IndexBusyError, IndexerError) as exc:
        raise FrenchError(str(exc)) from None
    except OSError as exc:  # a full disk, an index folder we may not write: the index is left as it was
        where = f" ({exc.filename})" if exc.filename else ""
        raise FrenchError(f"impossible de mettre à jour l'index : {exc.strerror or exc}{where}") from None
    except Exception as exc:
        # spaCy could not run (no model, a worker died): the index is left as it was. Imported here: a
        # run with nothing to do never loads the analysis package.
        from findit.analysis import ModelError, WorkerError

        if isinstance(exc, (ModelError, WorkerError)):
            raise FrenchError(str(exc)) from None
        raise
    finally:
        if bar is not None:
            bar.close()
    if summary.repaired:
        click.echo(
            f"l'index de {settings.index} ne pouvait pas être lu ({summary.repaired}) : reconstruit en entier",
            err=True,
        )
    for skipped in summary.skipped:
        click.echo(f"ignoré {skipped.source} : {skipped.reason}", err=True)
    click.echo(summary.line())


def _say_loading(loading: bool) -> None:
    """Without a progress bar (stderr not a terminal): one line, as `findit watch` says it."""
    if loading:
        click.echo(LOADING, err=True)


class _ProgressBar:
    """click.progressbar on stderr, opened once documents move (a nothing-changed run shows none)."""

    LABEL = "indexation"

    def __init__(self):
        self._bar = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            # Opened once documents move: before that (the model loading), a bar would sit at 0/N
            # beside the loading line, which alone says why nothing moves.
            if total == 0 or done == 0:
                return
            self._bar = click.progressbar(length=total, label=self.LABEL, file=sys.stderr, show_pos=True)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def loading(self, loading: bool) -> None:
        """The bar would sit at 0/N for the seconds the language model takes to load: say so instead."""
        if self._bar is None:
            if loading:
                click.echo(LOADING, err=True)
            return
        self._bar.label = LOADING if loading else self.LABEL
        self._bar.render_progress()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
