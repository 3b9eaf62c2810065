"""`findit`: a thin command line over the library.

Each command lives in findit/cli/<name>.py, builds a library object, calls one method, and turns
library errors into click errors. Commands are imported only when run, so that `findit query` never pays
for spaCy or Flask; `findit --help` lists them from SUMMARIES without importing any. Help and usage
errors are in French, as the page (findit.cli.options)."""

from __future__ import annotations

import atexit
import importlib
import os
import signal
import sys
import threading

import click

from findit.cli.options import ARGS, HELP, FrenchContext, french_help, in_french

# command name -> module under findit.cli defining a click command of the same name
COMMANDS = {
    "index": "index",
    "query": "query",
    "watch": "watch",
    "serve": "serve",
    "check": "check",
    "eval": "evaluate",
    "stats": "stats",
    "export": "export",
}
# What `findit --help` says of each command (in full: click would cut a docstring's first line).
SUMMARIES = {
    "index": "Construire ou mettre à jour l'index (seuls les fichiers ajoutés, modifiés ou supprimés ; --full reconstruit tout).",
    "query": "Chercher dans l'index : liste lisible, JSON, ou export CSV, Atom, iCalendar.",
    "watch": "Tenir l'index à jour pendant que les fichiers changent (Ctrl-C arrête).",
    "serve": "Servir la page de recherche en français.",
    "check": "Rapport de qualité des données de l'archive.",
    "eval": "Mesurer la qualité de la recherche sur des jeux de requêtes jugées.",
    "stats": "Ce qu'on demande à l'archive : requêtes les plus fréquentes, requêtes sans résultat.",
    "export": "Exporter l'index pour OpenSearch : le mapping et les documents analysés (NDJSON).",
}
INTERRUPTED = "findit : interrompu."
EPILOG = """Exemples :

\b
  findit index                              construire l'index du dossier corpus/
  findit query données publiques            chercher
  findit query --kind presse --year 2022 eig
  findit query --format csv --sep ';' eig > eig.csv
  findit serve --watch                      la page sur http://127.0.0.1:8000
  findit stats                              les requêtes fréquentes et sans résultat

Aide d'une commande : findit COMMANDE --help (par exemple : findit query --help)."""


class LazyGroup(click.Group):
    context_class = FrenchContext

    def list_commands(self, ctx):
        return sorted(COMMANDS)

    def get_command(self, ctx, name):
        module = COMMANDS.get(name)
        if module is None:
            return None
        try:
            mod = importlib.import_module(f"findit.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"findit.cli.{module}":
                return None
            raise
        return french_help(getattr(mod, name if name != "eval" else "eval_"), ctx)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP
        return option

    def format_commands(self, ctx, formatter) -> None:
        with formatter.section("Commandes"):
            formatter.write_dl([(name, SUMMARIES[name]) for name in self.list_commands(ctx)])

    def parse_args(self, ctx, args):
        # The command line as typed, for the messages of its usage errors (options.in_french): shared with
        # the commands' contexts.
        ctx.meta[ARGS] = list(args)
        return super().parse_args(ctx, args)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise in_french(exc) from None

    def invoke(self, ctx):
        from findit.settings import SettingsError

        try:
            return super().invoke(ctx)
        except SettingsError as exc:  # a bad FINDIT_* variable is a usage error, whatever the command
            raise in_french(click.UsageError(str(exc))) from None
        except click.UsageError as exc:
            raise in_french(exc) from None
        except (KeyboardInterrupt, EOFError, click.Abort):
            # Ctrl-C or SIGTERM: said in French (click would say « Aborted! »), with click's exit status.
            click.echo(file=sys.stderr)  # ends the terminal's ^C line
            click.echo(INTERRUPTED, file=sys.stderr)
            raise SystemExit(1) from None


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    epilog=EPILOG,
)
@click.version_option(package_name="findit", help="Afficher la version et quitter.")
def cli() -> None:
    """findit : recherche en français dans une archive d'événements et de revue de presse."""


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # SIGTERM (kill, a service manager) stops a command as Ctrl-C does: what it was writing is undone, its
    # worker processes ended, the index left as it was. Python's default would end it at once, unclean.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        cli(prog_name="findit")
    except SystemExit as done:
        _leave_now(done.code)
        raise


def _leave_now(code: object) -> None:
    """A command that is done ends the process without the interpreter freeing what it holds object by
    object, as mypy does: after an update at 100,000 documents, that took half a second past its last
    line. Only once the command's own cleanup has run (files closed, workers ended, temporary folders
    removed) and its output is flushed, and with no other thread or child process to wait for; else
    Python's own exit."""
    if code is not None and not isinstance(code, int):
        return  # a message to print: Python's exit prints it
    if threading.active_count() > 1:
        return
    children = sys.modules.get("multiprocessing")
    if children is not None and children.active_children():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with the stream closed (`>&-`)
                stream.flush()
    except (OSError, ValueError, AttributeError):
        return  # a closed or broken stream: Python's exit reports it as it would have
    # The exit handlers still run (a library's resource tracker, say): only the freeing is skipped.
    atexit._run_exitfuncs()
    os._exit(code or 0)
