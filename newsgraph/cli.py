"""Command line: thin shells over the library (parse, call one function, print)."""
from __future__ import annotations

import json
import sys
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from newsgraph.analyze import INTERRUPTED, RunSummary, analyze_items, analyze_paths, check_run, recorded_run
from newsgraph.ingest.fetch import FetchSettings, fetch_feed, package_version
from newsgraph.cards import article_card, stats_table
from newsgraph.cli_analysis import analysis_app
from newsgraph.cli_eval import eval_app
from newsgraph.cli_shared import DB_HELP, FlagsWithoutTypes, default_of, show_warnings, user_errors
from newsgraph.corpus import LinkSettings
from newsgraph.export import export_store
from newsgraph.ingest.count import InputCount, count_inputs
from newsgraph.ingest.jsonl import JsonlFields
from newsgraph.model import Article, Duplicate, Failure, Skipped, to_json
from newsgraph.progress import run_progress
from newsgraph.settings import Settings, environment_warnings
from newsgraph.store import Store
from newsgraph.store.stats import store_stats


class GroupWithoutFlagTypes(TyperGroup, FlagsWithoutTypes):
    """A command group whose own --help is shown without ``<bool>``."""


app = typer.Typer(help="newsgraph: who said what, who did what to whom, when, with what figures.",
                  no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
                  cls=GroupWithoutFlagTypes)
for _command in eval_app.registered_commands:  # the eval commands get the same flag display
    if _command.cls in (None, TyperCommand):
        _command.cls = FlagsWithoutTypes
app.add_typer(eval_app, name="eval", cls=GroupWithoutFlagTypes)
app.registered_commands += analysis_app.registered_commands  # events, dyad, actors, quotes, network, search


def show_version(asked: bool) -> None:
    if asked:
        typer.echo(f"newsgraph {package_version()}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=show_version, is_eager=True,
                                      help="Print newsgraph's version and exit.")) -> None:
    """newsgraph turns news articles into entities, quotes, events and amounts, stored in DuckDB."""


@app.command(cls=FlagsWithoutTypes)
def analyze(
    paths: List[str] = typer.Argument(..., metavar="PATH", help="Files or folders to analyse (text, HTML, WARC, RSS/Atom, JSON Lines, .gz, .zip); '-' reads standard input."),
    db: Optional[str] = typer.Option(None, "--db", metavar="FILE", show_default=default_of("db"), help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per article per line."),
    raw_text: Optional[bool] = typer.Option(None, "--raw-text/--clean", show_default="clean", help="Keep plain text exactly as given (offsets refer to the input), or clean scraped pages."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="N", min=1, show_default=default_of("workers"), help="Processes that parse and extract."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="local[:N]|tcp://HOST:PORT", help="Run on a Dask cluster: a local one (a worker per core, or N) or the scheduler at HOST:PORT."),
    dedup: Optional[bool] = typer.Option(None, "--dedup/--no-dedup", show_default="dedup", help="Link duplicates to their first article instead of analysing them."),
    dedup_threshold: Optional[float] = typer.Option(None, "--dedup-threshold", metavar="0..1", show_default=default_of("dedup_threshold"), help="Near-duplicate Jaccard threshold."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    reanalyse: Optional[bool] = typer.Option(None, "--reanalyse/--resume", show_default="resume", help="Analyse again the articles already in the store, or pass them by (a re-run costs only the new ones)."),
    dictionaries: Optional[str] = typer.Option(None, "--dictionaries", metavar="FOLDER", help="Folder of PETRARCH-format verb, actor and agent dictionaries, used on top of the built-in lexicons."),
    model: Optional[str] = typer.Option(None, "--model", metavar="NAME", show_default=default_of("model"), help="spaCy pipeline to load."),
    config: Optional[str] = typer.Option(None, "--config", metavar="FILE", help="TOML settings file."),
    text_field: str = typer.Option("text", "--text-field", metavar="NAME", help="JSON Lines: field with the article text."),
    title_field: str = typer.Option("title", "--title-field", metavar="NAME", help="JSON Lines: field with the title."),
    date_field: str = typer.Option("published", "--date-field", metavar="NAME", help="JSON Lines: field with the publication date."),
    id_field: Optional[str] = typer.Option(None, "--id-field", metavar="NAME", help="JSON Lines: field with the record's own id (kept in origin)."),
    source_field: str = typer.Option("source", "--source-field", metavar="NAME", help="JSON Lines: field with the publisher."),
    url_field: str = typer.Option("url", "--url-field", metavar="NAME", help="JSON Lines: field with the URL."),
    authors_field: str = typer.Option("authors", "--authors-field", metavar="NAME", help="JSON Lines: field with the authors."),
) -> None:
    """Analyse articles, store the results and print a card (or JSON line) per article.

    Exit code: 0 when every input was analysed, 1 when some input failed (recorded in the store's
    failures table), 2 on a usage or settings error, 130 when interrupted."""
    fields = JsonlFields(text_field, title_field, date_field, id_field, source_field, url_field, authors_field)
    settings = partial(Settings.load, config, db=db, raw_text=raw_text, model=model, workers=workers, dask=dask,
                       dedup=dedup, dedup_threshold=dedup_threshold, dictionaries=dictionaries, reanalyse=reanalyse)
    notice = partial(Console(stderr=True, soft_wrap=True).print, highlight=False)  # a cluster's dashboard address
    run_and_show(settings, lambda s, store, summary, on_outcome: analyze_paths(paths, s, store, summary, fields,
                                                                               on_outcome, notice),
                 as_json, quiet, RunInputs("analyze", paths, count_inputs(paths) if not quiet else None))


@app.command("fetch-feed", cls=FlagsWithoutTypes)
def fetch_feed_command(
    url: str = typer.Argument(..., metavar="URL", help="URL of an RSS or Atom feed."),
    db: Optional[str] = typer.Option(None, "--db", metavar="FILE", show_default=default_of("db"), help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object per article per line."),
    delay: float = typer.Option(1.0, "--delay", metavar="SECONDS", min=0, help="Seconds between two requests to one host."),
    timeout: float = typer.Option(10.0, "--timeout", metavar="SECONDS", min=0, help="Seconds allowed for one download."),
    max_bytes: int = typer.Option(5 * 2**20, "--max-bytes", metavar="BYTES", min=1, help="Larger pages are refused."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    config: Optional[str] = typer.Option(None, "--config", metavar="FILE", help="TOML settings file."),
) -> None:
    """Download a feed, and the linked pages of entries without full text (politely: robots.txt,
    per-host delay, timeout, size cap), then analyse and store the articles like `analyze`."""
    items = fetch_feed(url, FetchSettings(delay=delay, timeout=timeout, max_bytes=max_bytes))
    run_and_show(partial(Settings.load, config, db=db),
                 lambda s, store, summary, on_outcome: analyze_items(items, s, store, summary, on_outcome),
                 as_json, quiet, RunInputs("fetch-feed", [url]))


@app.command("export", cls=FlagsWithoutTypes)
def export_command(
    db: Optional[str] = typer.Option(None, "--db", metavar="FILE", show_default=default_of("db"), help=DB_HELP),
    format_name: Optional[str] = typer.Option(None, "--format", metavar="FORMAT", help="gdelt-events, gdelt-mentions, gdelt-gkg, parquet, csv or jsonl."),
    out: Optional[str] = typer.Option(None, "--out", metavar="FILE|DIR", help="File to write (a folder for parquet); standard output when not given."),
) -> None:
    """Export the store: GDELT 2.0 Events or Mentions, GKG 2.1, Parquet of every table, or the events with their actors as CSV or JSON Lines."""
    err = Console(stderr=True)
    with user_errors(err):
        settings = Settings.load(db=db)
        show_warnings(environment_warnings(), err)
        exported = export_store(settings.db, format_name or "", out)
    if out:
        err.print(f"exported {exported.rows:,} rows ({exported.format}) to {out}", highlight=False, soft_wrap=True)


@app.command("serve", cls=FlagsWithoutTypes)
def serve_command(
    db: Optional[str] = typer.Option(None, "--db", metavar="FILE", show_default=default_of("db"), help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to listen on (this machine only unless told otherwise)."),
    port: int = typer.Option(8000, "--port", metavar="PORT", min=1, max=65535, help="Port to listen on."),
) -> None:
    """Serve the dashboard and the JSON API over a store, read-only (docs/web.md)."""
    from newsgraph.web.serve import serve

    err = Console(stderr=True)
    with user_errors(err):
        settings = Settings.load(db=db)
        serve(settings.db, host, port, lambda line: err.print(line, highlight=False, soft_wrap=True))


@app.command("stats", cls=FlagsWithoutTypes)
def stats_command(
    db: Optional[str] = typer.Option(None, "--db", metavar="FILE", show_default=default_of("db"), help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Summarise a store: articles, sources, date range, events by QuadClass, quotes, entities,
    failures, duplicates, skipped inputs, runs, schema version and file size."""
    err = Console(stderr=True)
    with user_errors(err):
        settings = Settings.load(db=db)
        show_warnings(environment_warnings(), err)
        with Store.for_reading(settings.db) as store:
            stats = store_stats(store)
    if as_json:
        sys.stdout.write(json.dumps(stats.to_json(), ensure_ascii=False) + "\n")
        return
    Console().print(stats_table(stats))


@dataclass
class RunInputs:
    """What a run is asked to read: its command, its inputs as given, their cheap count (or None)."""

    command: str
    inputs: list[str]
    count: Optional[InputCount] = None


def run_and_show(load_settings, outcomes, as_json: bool, quiet: bool, run: RunInputs) -> None:
    """Open the store, record the run, show each outcome of ``outcomes(settings, store, summary,
    on_outcome)`` as it comes with the progress, then the summary line; exit with the run's code
    (2 on a usage or settings error)."""
    out, err = Console(), Console(stderr=True, soft_wrap=True)  # a long path is never broken across lines
    summary = RunSummary()
    with user_errors(err):
        settings = load_settings()
        show_warnings(check_run(settings), err)  # before the store is created: a bad setting leaves no file
        with Store(settings.db, linking=LinkSettings(window_days=settings.link_window_days)) as store:
            try:
                with recorded_run(store, run.command, run.inputs, settings, summary), \
                        run_progress(summary, err, quiet, run.count) as progress, \
                        closing(outcomes(settings, store, summary, progress.update)) as results:  # closed first
                    for outcome in results:
                        show_outcome(outcome, as_json, out, err, quiet)
            except KeyboardInterrupt:
                err.print(f"interrupted: {summary.line()}; what is stored is kept: run the same command "
                          f"again to go on (store: {settings.db})", highlight=False, soft_wrap=True)
                raise typer.Exit(INTERRUPTED)
    err.print(f"{summary.line()}; {summary.timing()} (store: {settings.db})", highlight=False)
    raise typer.Exit(summary.exit_code)


def show_outcome(outcome, as_json: bool, out: Console, err: Console, quiet: bool) -> None:
    if isinstance(outcome, Article):
        if as_json:
            sys.stdout.write(json.dumps(to_json(outcome), ensure_ascii=False) + "\n")
        else:
            out.print(article_card(outcome))
    elif isinstance(outcome, Failure):
        where = f" [{outcome.record}]" if outcome.record else ""  # the JSONL line, feed entry, WARC offset, member
        err.print(f"[yellow]failed:[/yellow] {escape(f'{outcome.path}{where}: {outcome.reason}')}", highlight=False)
    elif not quiet and isinstance(outcome, Duplicate):
        err.print(f"duplicate ({outcome.kind}, {outcome.similarity:.2f}) of {outcome.canonical_id}: "
                  f"{outcome.origin}", highlight=False)
    elif not quiet and isinstance(outcome, Skipped):
        err.print(f"skipped {outcome.origin}: {outcome.reason}", highlight=False)


if __name__ == "__main__":
    app()
