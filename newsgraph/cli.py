"""Command line: thin shells over the library (parse, call one function, print)."""
from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer
from rich.console import Console

from newsgraph.analyze import RunSummary, analyze_paths
from newsgraph.cards import article_card
from newsgraph.errors import NewsgraphError
from newsgraph.model import Article, to_json
from newsgraph.settings import Settings
from newsgraph.store import Store

app = typer.Typer(help="newsgraph: who said what, who did what to whom, when, with what figures.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """newsgraph turns news articles into entities, quotes, events and amounts, stored in DuckDB."""


@app.command()
def analyze(
    paths: List[str] = typer.Argument(..., help="Files or folders to analyse; '-' reads standard input."),
    db: Optional[str] = typer.Option(None, "--db", help="DuckDB file of the store [default: ./newsgraph.duckdb]."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per article per line."),
    raw_text: Optional[bool] = typer.Option(None, "--raw-text/--clean", help="Keep plain text exactly as given (offsets refer to the input)."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to load [default: en_core_web_sm]."),
    config: Optional[str] = typer.Option(None, "--config", help="TOML settings file."),
) -> None:
    """Analyse articles, store the results and print a card (or JSON line) per article.

    Exit code: 0 when every input was analysed, 1 when some input failed (recorded in the store's
    `failures` table), 2 on a usage or settings error."""
    out, err = Console(), Console(stderr=True)
    summary = RunSummary()
    try:
        settings = Settings.load(config, db=db, raw_text=raw_text, model=model)
        with Store(settings.db) as store:
            for result in analyze_paths(paths, settings, store, summary):
                show_result(result, as_json, out, err)
    except NewsgraphError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2)
    err.print(f"{summary.line()} (store: {settings.db})")
    raise typer.Exit(summary.exit_code)


def show_result(result, as_json: bool, out: Console, err: Console) -> None:
    if not isinstance(result, Article):
        where = f" [{result.record}]" if result.record else ""
        err.print(f"[yellow]failed:[/yellow] {result.path}{where}: {result.reason}", highlight=False)
    elif as_json:
        sys.stdout.write(json.dumps(to_json(result), ensure_ascii=False) + "\n")
    else:
        out.print(article_card(result))


if __name__ == "__main__":
    app()
