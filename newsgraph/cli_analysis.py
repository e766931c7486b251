"""The read commands over a store (`events`, `dyad`, `actors`, `quotes`, `network`, `search`): thin
shells over newsgraph.analysis and newsgraph.store.queries. Each opens the store read-only, asks one
library function, and prints its records as a rich table, JSON lines (``--json``) or CSV (``--csv``);
nothing found is one line on standard error and exit code 0."""
from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict, fields
from typing import Callable, Optional

import typer
from rich.console import Console
from rich.table import Table

from newsgraph.cards import events_table
from newsgraph.cli_shared import DB_HELP, FlagsWithoutTypes, default_of, show_warnings, user_errors
from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings, environment_warnings
from newsgraph.store import Store
from newsgraph.store.filters import EventFilter
from newsgraph.store.queries import event_rows

analysis_app = typer.Typer()
command = analysis_app.command

ALL_HELP = "Also count negated, intended, hypothetical and conditional events."
SINCE_HELP = "From this day on (YYYY-MM-DD; YYYY-MM or YYYY: from its first day)."
UNTIL_HELP = "Up to this day (YYYY-MM-DD; YYYY-MM or YYYY: to its last day)."


def db_option():
    return typer.Option(None, "--db", metavar="FILE", show_default=default_of("db"), help=DB_HELP)


def json_option():
    return typer.Option(False, "--json", help="One JSON object per row per line.")


def csv_option():
    return typer.Option(False, "--csv", help="CSV with a header row.")


def since_option():
    return typer.Option(None, "--since", metavar="DAY", help=SINCE_HELP)


def until_option():
    return typer.Option(None, "--until", metavar="DAY", help=UNTIL_HELP)


def all_option():
    return typer.Option(False, "--all", help=ALL_HELP)


def ask(db: Optional[str], question: Callable, as_json: bool = False, as_csv: bool = False):
    """``question(connection)`` on the store opened read-only; a mistake is one line and exit 2."""
    err = Console(stderr=True)
    with user_errors(err):
        if as_json and as_csv:
            raise NewsgraphError("give --json or --csv, not both")
        settings = Settings.load(db=db)
        show_warnings(environment_warnings(), err)
        with Store.for_reading(settings.db) as store:
            return question(store.connection)


def show(records: list, title: str, as_json: bool, as_csv: bool, nothing: str, table: Optional[Table] = None) -> None:
    """Records as JSON lines, CSV or a table (``table``, else one column per field); ``nothing``
    on standard error when there are none."""
    if not records:
        Console(stderr=True).print(nothing, highlight=False, soft_wrap=True)
        return
    if as_json:
        for record in records:
            sys.stdout.write(json.dumps(asdict(record), ensure_ascii=False, default=str) + "\n")
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([f.name for f in fields(records[0])])
        writer.writerows([list(asdict(record).values()) for record in records])
    else:
        Console().print(table or records_table(records, title))


def records_table(records: list, title: str) -> Table:
    table = Table(title=f"{title} ({len(records)})", title_justify="left", expand=True)
    names = [f.name for f in fields(records[0])]
    for name in names:
        table.add_column(name.replace("_", " "), overflow="fold")
    for record in records:
        table.add_row(*["" if value is None else str(value) for value in asdict(record).values()])
    return table


@command("events", cls=FlagsWithoutTypes)
def events_command(
    db: Optional[str] = db_option(),
    include_unasserted: bool = typer.Option(False, "--all", help="Also list negated, intended, hypothetical and conditional events (flagged)."),
    source: Optional[str] = typer.Option(None, "--source", metavar="ACTOR", help="Only events with this source actor (code, country, CAMEO code or whole words of the name)."),
    target: Optional[str] = typer.Option(None, "--target", metavar="ACTOR", help="Only events with this target actor."),
    actor: Optional[str] = typer.Option(None, "--actor", metavar="ACTOR", help="Only events with this actor on either side."),
    root: Optional[str] = typer.Option(None, "--root", metavar="CODE", help="Only events of this CAMEO root (two digits, 19)."),
    plover: Optional[str] = typer.Option(None, "--plover", metavar="CATEGORY", help="Only events of this PLOVER category (ASSAULT)."),
    quad: Optional[int] = typer.Option(None, "--quad", metavar="1-4", min=1, max=4, help="Only events of this QuadClass."),
    since: Optional[str] = since_option(),
    until: Optional[str] = until_option(),
    limit: int = typer.Option(1000, "--limit", metavar="N", min=0, help="At most this many events."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per event per line, with every event field."),
    as_csv: bool = csv_option(),
) -> None:
    """List the stored events, newest first: who did what to whom, when, in which article. Asserted events only unless --all."""
    criteria = EventFilter(source, target, actor, root, plover, quad, since, until, include_unasserted)
    rows = ask(db, lambda connection: event_rows(connection, limit=limit, criteria=criteria), as_json, as_csv)
    show(rows, "Events", as_json, as_csv, f"no {criteria.describe()} in the store",
         events_table(rows, include_unasserted) if rows else None)


@command("dyad", cls=FlagsWithoutTypes)
def dyad_command(
    source: str = typer.Argument(..., metavar="SOURCE", help="Source actor: code, country, CAMEO code or name (NATO, RUS, USAGOV)."),
    target: str = typer.Argument(..., metavar="TARGET", help="Target actor, the same way."),
    by: str = typer.Option("week", "--by", metavar="week|month", help="Period of the series."),
    include_unasserted: bool = all_option(),
    since: Optional[str] = since_option(),
    until: Optional[str] = until_option(),
    db: Optional[str] = db_option(),
    as_json: bool = json_option(),
    as_csv: bool = csv_option(),
    plot: Optional[str] = typer.Option(None, "--plot", metavar="FILE", help="Also draw the series to a .png or .svg file."),
) -> None:
    """Events of SOURCE towards TARGET per week or month: counts per QuadClass, Goldstein sum and mean, and the balance (Q1 + Q2 - Q3 - Q4) / events."""
    from newsgraph.analysis.charts import check_chart_path, plot_dyad
    from newsgraph.analysis.dyads import dyad_series

    def question(connection):
        if plot:
            check_chart_path(plot)
        return dyad_series(connection, source, target, by, include_unasserted, since, until)

    periods = ask(db, question, as_json, as_csv)
    title = f"{source} -> {target} by {by}"
    if periods and plot:
        with user_errors(Console(stderr=True)):
            plot_dyad(periods, plot, title)
    criteria = EventFilter(source=source, target=target, since=since, until=until, include_unasserted=include_unasserted)
    show(periods, title, as_json, as_csv, f"no {criteria.describe()} with a date in the store", dyad_table(periods, title))


def dyad_table(periods: list, title: str) -> Table:
    table = Table(title=f"{title} ({len(periods)} periods)", title_justify="left")
    table.add_column("period", no_wrap=True)
    for column in ("events", "Q1", "Q2", "Q3", "Q4", "Goldstein sum", "mean", "balance"):
        table.add_column(column, justify="right")
    for p in periods:
        mean = "" if p.goldstein_mean is None else f"{p.goldstein_mean:.2f}"
        balance = "" if p.balance is None else f"{p.balance:+.2f}"
        table.add_row(p.period, str(p.events), str(p.verbal_cooperation), str(p.material_cooperation),
                      str(p.verbal_conflict), str(p.material_conflict), f"{p.goldstein_sum:g}", mean, balance)
    return table


@command("actors", cls=FlagsWithoutTypes)
def actors_command(
    include_unasserted: bool = all_option(),
    since: Optional[str] = since_option(),
    until: Optional[str] = until_option(),
    limit: int = typer.Option(20, "--limit", metavar="N", min=0, help="At most this many actors."),
    db: Optional[str] = db_option(),
    as_json: bool = json_option(),
    as_csv: bool = csv_option(),
    plot: Optional[str] = typer.Option(None, "--plot", metavar="FILE", help="Also draw a bar chart to a .png or .svg file."),
) -> None:
    """The most active actors, with code, country and sector: events as source and as target."""
    from newsgraph.analysis.actors import top_actors
    from newsgraph.analysis.charts import check_chart_path, plot_actors

    def question(connection):
        if plot:
            check_chart_path(plot)
        return top_actors(connection, since, until, include_unasserted, limit)

    actors = ask(db, question, as_json, as_csv)
    if actors and plot:
        with user_errors(Console(stderr=True)):
            plot_actors(actors, plot, "Most active actors")
    show(actors, "Actors", as_json, as_csv,
         f"no {EventFilter(since=since, until=until, include_unasserted=include_unasserted).describe()} in the store")


@command("quotes", cls=FlagsWithoutTypes)
def quotes_command(
    speaker: str = typer.Option(..., "--speaker", metavar="NAME", help="The speaker: whole name or whole words of it (Mark Rutte, Rutte)."),
    since: Optional[str] = since_option(),
    until: Optional[str] = until_option(),
    limit: int = typer.Option(1000, "--limit", metavar="N", min=0, help="At most this many quotations."),
    db: Optional[str] = db_option(),
    as_json: bool = json_option(),
    as_csv: bool = csv_option(),
) -> None:
    """What a person said, newest first: the quotation, when, in which outlet, through which medium."""
    from newsgraph.analysis.quotes import speaker_quotes

    quotes = ask(db, lambda connection: speaker_quotes(connection, speaker, since, until, limit), as_json, as_csv)
    table = Table(title=f"Quotes of {speaker} ({len(quotes)})", title_justify="left", expand=True)
    for column in ("day", "outlet", "speaker", "cue", "medium", "quote"):
        table.add_column(column, overflow="fold")
    for q in quotes:
        table.add_row(q.day or "", q.outlet or "", q.speaker, q.cue or "", q.medium or "", q.text)
    show(quotes, "Quotes", as_json, as_csv, f"no quotation of {speaker} in the range", table)


@command("network", cls=FlagsWithoutTypes)
def network_command(
    out: str = typer.Option(..., "--out", metavar="FILE", help="Where to write the graph: a .graphml or .gexf file."),
    since: Optional[str] = since_option(),
    until: Optional[str] = until_option(),
    include_unasserted: bool = all_option(),
    db: Optional[str] = db_option(),
    as_json: bool = json_option(),
    as_csv: bool = csv_option(),
) -> None:
    """Write the actor network (an edge from source to target actors, weighted by their events) as GraphML or GEXF, and list its edges."""
    from newsgraph.analysis.network import actor_network, network_edges, write_network

    def question(connection):
        graph = actor_network(connection, since, until, include_unasserted)
        write_network(graph, out)
        return graph

    graph = ask(db, question, as_json, as_csv)
    Console(stderr=True).print(f"{graph.number_of_nodes()} actors and {graph.number_of_edges()} edges written to {out}",
                               highlight=False, soft_wrap=True)
    show(network_edges(graph), "Edges", as_json, as_csv,
         f"no {EventFilter(since=since, until=until, include_unasserted=include_unasserted).describe()} "
         f"between two actors in the store")


@command("search", cls=FlagsWithoutTypes)
def search_command(
    text: str = typer.Argument(..., metavar="TEXT", help="Words to find in titles and texts (ignoring case)."),
    since: Optional[str] = since_option(),
    until: Optional[str] = until_option(),
    limit: int = typer.Option(100, "--limit", metavar="N", min=0, help="At most this many articles."),
    db: Optional[str] = db_option(),
    as_json: bool = json_option(),
    as_csv: bool = csv_option(),
) -> None:
    """Articles whose title or text contains TEXT, newest first, with where it first occurs."""
    from newsgraph.analysis.search import search_articles

    hits = ask(db, lambda connection: search_articles(connection, text, since, until, limit), as_json, as_csv)
    table = Table(title=f"Articles with {text!r} ({len(hits)})", title_justify="left", expand=True)
    for column in ("day", "outlet", "title", "url", "found"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        table.add_row(hit.day or "", hit.outlet or "", hit.title or "", hit.url or "", hit.snippet or "(title)")
    show(hits, "Articles", as_json, as_csv, f"no article contains {text!r}", table)
