"""`findit`: a thin command line over the library.

Each command lives in findit/cli/<name>.py, builds a library object, calls one method, and turns
library errors into click errors. Commands are imported only when run, so that `findit query` never pays
for spaCy or Flask."""

from __future__ import annotations

import importlib
import signal

import click

# command name -> module under findit.cli defining a click command of the same name
COMMANDS = {
    "index": "index",
    "query": "query",
    "watch": "watch",
    "serve": "serve",
    "check": "check",
    "eval": "evaluate",
}


class LazyGroup(click.Group):
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
        return getattr(mod, name if name != "eval" else "eval_")

    def invoke(self, ctx):
        from findit.settings import SettingsError

        try:
            return super().invoke(ctx)
        except SettingsError as exc:  # a bad FINDIT_* variable is a usage error, whatever the command
            raise click.UsageError(str(exc)) from None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="findit")
def cli() -> None:
    """findit: French-aware search over an archive of events and press coverage."""


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> None:
    # SIGTERM (kill, a service manager) stops a command as Ctrl-C does: what it was writing is undone, its
    # worker processes ended, the index left as it was. Python's default would end it at once, unclean.
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="findit")
