"""What every command shell shares: the flag display, the settings' defaults in --help, and the
one-line handling of a user's mistake (``user_errors``)."""
from __future__ import annotations

from contextlib import contextmanager

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperCommand

from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings

DB_HELP = "DuckDB file of the store."

USAGE_ERROR = 2  # exit code of a usage or settings error (see docs/cli.md)

DEFAULTS = Settings()  # what a flag left out means, shown in --help from the one place it is declared


def default_of(setting: str) -> str:
    """A setting's default as --help shows it (``[default: (newsgraph.duckdb)]``)."""
    return str(getattr(DEFAULTS, setting))


class FlagsWithoutTypes(TyperCommand):
    """Typer shows ``<bool>`` after every flag, though a flag takes no value, and ``<list[str]>``
    after an argument already named by its metavar (``PATH``); this hides both."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
            elif isinstance(param, TyperArgument) and param.metavar:
                param.display_type_rich = lambda ctx: None
        return params


@contextmanager


def user_errors(err: Console):
    """A NewsgraphError (a usage, settings or store error) becomes one line on stderr and exit code 2."""
    try:
        yield
    except NewsgraphError as error:
        err.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(USAGE_ERROR)


def show_warnings(warnings: list[str], err: Console) -> None:
    for warning in warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, soft_wrap=True)
