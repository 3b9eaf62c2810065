"""Options shared by several commands."""

import click

corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Content folder (default: FINDIT_CORPUS, else the shipped corpus/).",
)
index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Index folder (default: FINDIT_INDEX, else index/).",
)
