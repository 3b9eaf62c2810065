"""Options shared by several commands, and the French of the terminal: click's help headings, usage line
and usage errors in French (the page's language), option values checked with French messages."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from typing import NoReturn

import click
from click.formatting import HelpFormatter

corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=str),
    metavar="DOSSIER",
    default=None,
    help="Dossier des contenus (par défaut : FINDIT_CORPUS, sinon le corpus/ fourni).",
)
index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=str),
    metavar="DOSSIER",
    default=None,
    help="Dossier de l'index (par défaut : FINDIT_INDEX, sinon index/).",
)
HELP = "Afficher cette aide et quitter."
# Exit statuses of the commands that read the index (docs/CLI.md).
EXIT_UNREADABLE = 1
EXIT_NO_INDEX = 3
# Help is wrapped to the terminal, up to this width (longer lines are hard to read).
HELP_MAX_WIDTH = 100
# Narrower than this, text is laid out as if it were this wide (a line per word helps no one).
MIN_WIDTH = 40
_HEADINGS = {"Commands": "Commandes", "Arguments": "Arguments", "Options": "Options"}


def use_colour(choice: str, stream=None) -> bool:
    """--color: `always`, `never`, or `auto`: on a terminal that is not dumb, unless NO_COLOR is present
    and not empty (https://no-color.org: an empty NO_COLOR does not disable colour)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def terminal_width() -> int:
    """The terminal's width (COLUMNS, else the terminal, else 80), at least MIN_WIDTH."""
    return max(shutil.get_terminal_size((80, 24)).columns, MIN_WIDTH)


class FrenchFormatter(HelpFormatter):
    """click's help in French: « Utilisation : », « Commandes : »."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Utilisation : " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)} :\n")

    def write_text(self, text: str) -> None:
        """Text as click writes it, then any line of an example block (`\\b`, never rewrapped by click) that
        is wider than the help: its description goes to the next line, and a command still too wide
        continues on further lines (a shell reads « \\ » at a line's end as a continuation)."""
        start = len(self.buffer)
        super().write_text(text)
        written = "".join(self.buffer[start:])
        del self.buffer[start:]
        self.buffer.extend(line + "\n" for line in _fit_lines(written.splitlines(), self.width))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        # click appends « [default: …] » and « [required] » to options' help in English.
        rows = [
            (term, text.replace("[default: ", "[par défaut : ").replace("[required]", "[obligatoire]"))
            for term, text in rows
        ]
        super().write_dl(rows, col_max, col_spacing)


def _fit_lines(lines: list[str], width: int) -> list[str]:
    fitted: list[str] = []
    for line in lines:
        if len(line) <= width:
            fitted.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        more = indent + "    "
        command, gap, description = line.strip().partition("   ")  # an example: command, then what it does
        parts = textwrap.wrap(command, width - 2, initial_indent=indent, subsequent_indent=more)
        fitted += [f"{part} \\" for part in parts[:-1]] + parts[-1:]
        if gap:
            fitted += textwrap.wrap(description.strip(), width, initial_indent=more, subsequent_indent=more)
    return fitted


class FrenchContext(click.Context):
    formatter_class = FrenchFormatter

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_content_width", HELP_MAX_WIDTH)
        super().__init__(*args, **kwargs)


def french_help(command: click.Command, ctx: click.Context) -> click.Command:
    """The command with French help: its context, and its -h/--help option's text."""
    command.context_class = FrenchContext
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = HELP
    return command


class Whole(click.ParamType):
    """A whole number within bounds, with a French message."""

    name = "integer"

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"« {value} » n'est pas un nombre entier.", param, ctx)
        if not self.low <= number <= self.high:
            self.fail(f"{number} n'est pas entre {self.low} et {self.high}.", param, ctx)
        return number


class OneOf(click.Choice):
    """A choice with a French message."""

    def get_invalid_choice_message(self, value, ctx) -> str:
        return f"« {value} » n'est pas l'une des valeurs possibles : {', '.join(map(str, self.choices))}."


# Where the command line as typed is kept in click's context (its `meta`, shared by a command's context).
ARGS = "findit.args"


class FrenchUsageError(click.UsageError):
    """A usage error told in French, with where to find help. Exit status 2, as click's."""

    def show(self, file=None) -> None:
        err = file is None
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), file=file, err=err)
            click.echo(f"Aide : {self.ctx.command_path} --help\n", file=file, err=err)
        click.echo(f"Erreur : {self.format_message()}", file=file, err=err)


class FrenchError(click.ClickException):
    """A failure told in French (« Erreur : … » on stderr). Exit status 1, as click's."""

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", file=file, err=file is None)


def in_french(exc: click.UsageError) -> FrenchUsageError:
    """click's usage error, said in French (messages of our own option types already are)."""
    if isinstance(exc, FrenchUsageError):
        return exc
    args = exc.ctx.meta.get(ARGS, []) if exc.ctx is not None else []
    if isinstance(exc, click.NoSuchOption) and (word := _dashed_word(exc.option_name, args)):
        # « findit query python -pandas »: click reads « -p » of a word meant to be excluded
        where = exc.ctx.command_path if exc.ctx is not None else "findit query"
        message = (
            f"« {word} » n'est pas une option. Pour exclure un mot, écrivez « SAUF {word[1:]} », ou mettez "
            f"la requête après « -- » : {where} -- … {word}."
        )
    elif isinstance(exc, click.NoSuchOption):
        message = f"option inconnue : {exc.option_name}."
        if exc.possibilities:
            message += f" Vouliez-vous dire {' ou '.join(exc.possibilities)} ?"
    elif isinstance(exc, click.MissingParameter):
        hint = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else ""
        message = f"valeur manquante pour {hint}." if hint else "valeur manquante."
    elif isinstance(exc, click.BadParameter):
        hints = exc.param_hint or (exc.param.get_error_hint(exc.ctx) if exc.param and exc.ctx else "")
        hint = hints if isinstance(hints, str) else " / ".join(hints)
        message = f"valeur invalide pour {hint} : {exc.message}" if hint else f"valeur invalide : {exc.message}"
    elif isinstance(exc, click.BadOptionUsage) and "requires an argument" in exc.message:
        message = f"l'option {exc.option_name} attend une valeur."
    elif exc.message.startswith("No such command"):
        message = f"commande inconnue : {exc.message.split(' ', 3)[-1].strip(' .')}."
    else:
        message = exc.message
    return FrenchUsageError(message, exc.ctx)


def _dashed_word(option: str, args: list[str]) -> str:
    """The word of the command line that click read as the short option `option` (« -p » of « -pandas »),
    when it is a word rather than an option: longer than the option, letters after the dash."""
    if len(option) != 2 or option[0] != "-" or not option[1].isalpha():
        return ""
    for arg in args:
        if arg == "--":
            break
        if arg.startswith(option) and len(arg) > 2 and arg[1:].replace("-", "").isalpha():
            return arg
    return ""


color_option = click.option(
    "--color",
    "color",
    type=OneOf(["auto", "always", "never"]),
    default="auto",
    help="Couleurs : auto (par défaut : sur un terminal, sauf si NO_COLOR est défini), always (toujours), "
    "never (jamais).",
)


def index_unreadable(ctx: click.Context, index, detail: str) -> NoReturn:
    """Say that the index cannot be read and how to rebuild it; exit 1."""
    click.echo(
        f"findit : l'index de {index} ne peut pas être lu : reconstruisez-le avec `findit index --full`.\n"
        f"  (détail : {detail})",
        err=True,
    )
    ctx.exit(EXIT_UNREADABLE)


def no_index_yet(ctx: click.Context, index) -> NoReturn:
    """Say that there is no index yet and how to build one; exit 3."""
    click.echo(f"findit : pas encore d'index dans {index} : lancez d'abord `findit index`.", err=True)
    ctx.exit(EXIT_NO_INDEX)
