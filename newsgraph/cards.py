"""A readable card of one analysed article, for the terminal (rich renderables)."""
from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsgraph.model import Article, Event, Quote
from newsgraph.store.stats import QUAD_CLASSES as QUAD_NAMES

MAX_QUOTE_CHARS = 160
MAX_SECTION_ROWS = 25  # rows a card shows per section; the rest is counted ("… and 12 more")


def article_card(article: Article) -> Panel:
    parts = [Text(article_subtitle(article), style="dim")]
    parts += [section_table("People and organisations", ["name", "type", "role", "code", "mentions"],
                            [entity_row(e) for e in article.entities if e.type in ("PERSON", "ORG", "GROUP")]),
              section_table("Places", ["name", "code", "mentions"],
                            [[e.name, e.code or "", str(len(e.mentions))] for e in article.entities
                             if e.type == "PLACE"]),
              section_table("Quotes", ["speaker", "cue", "kind", "quote"], [quote_row(q) for q in article.quotes]),
              section_table("Events", ["source", "event", "target", "CAMEO", "modality"],
                            [event_row(e) for e in article.events]),
              section_table("Amounts", ["amount", "of", "actor", "time"],
                            [[a.text, a.object or "", entity_name(article, a.actor), a.time or ""]
                             for a in article.amounts])]
    return Panel(Group(*parts), title=article.title or "(untitled)", title_align="left")


def article_subtitle(article: Article) -> str:
    tone = (f"tone {article.tone.tone:+.1f} (positive {article.tone.positive:.1f}%, negative "
            f"{article.tone.negative:.1f}%)" if article.tone else None)
    bits = [article.section, article.source, article.published, article.origin, f"id {article.id}", tone]
    return " · ".join(b for b in bits if b)


def section_table(title: str, columns: list[str], rows: list[list[str]], limit: int = MAX_SECTION_ROWS) -> Table:
    """A card's section: at most ``limit`` rows, then one row saying how many more there are
    (the store and --json keep them all)."""
    table = Table(title=f"{title} ({len(rows)})", title_justify="left", show_edge=False, expand=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows[:limit]:
        table.add_row(*row)
    if len(rows) > limit:
        table.add_row(f"… and {len(rows) - limit} more", *[""] * (len(columns) - 1), style="dim")
    return table


def entity_row(entity) -> list[str]:
    role = ", ".join(b for b in (entity.role, entity.affiliation) if b)
    code = "/".join(b for b in (entity.code, entity.sector) if b)
    return [entity.name, entity.type, role, code, str(len(entity.mentions))]


def quote_row(quote: Quote) -> list[str]:
    text = quote.text if len(quote.text) <= MAX_QUOTE_CHARS else quote.text[:MAX_QUOTE_CHARS] + "…"
    cue = quote.cue.text if quote.cue else ""
    if quote.medium:
        cue += f" ({quote.medium})"
    times = f" ×{len(quote.mentions)}" if len(quote.mentions) > 1 else ""
    return [quote.speaker.name or "?", cue, quote.kind + times, text]


def event_row(event: Event) -> list[str]:
    source = " + ".join(a.name for a in event.source) or "?"
    target = " + ".join(a.name for a in event.target)
    flags = ("not " if event.negated else "") + event.modality
    label = f"{event.text} ({event.plover or ''})"
    return [source, label, target, event.cameo, flags]


def entity_name(article: Article, entity_id) -> str:
    entity = article.entity(entity_id)
    return entity.name if entity else ""


def events_table(rows, flagged: bool) -> Table:
    """Stored events (store.queries.EventRow) as a table; the modality column when they are mixed."""
    columns = ["date", "source", "event", "target", "CAMEO"] + (["modality"] if flagged else []) + ["article"]
    table = Table(title=f"Events ({len(rows)})", title_justify="left", expand=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        label = f"{row.text} ({row.plover})" if row.plover else row.text
        cells = [row.date or "", row.source or "?", label, row.target, row.cameo]
        if flagged:
            cells.append(("not " if row.negated else "") + row.modality)
        cells.append(article_label(row))
        table.add_row(*cells)
    return table


def article_label(row) -> str:
    """The article an event row comes from: title, outlet, URL (those it has), one per line."""
    title = getattr(row, "title", None) or ""
    outlet = getattr(row, "outlet", None)
    first = f"{title} ({outlet})" if outlet else title
    return "\n".join(part for part in (first, getattr(row, "url", None)) if part)


def stats_table(stats) -> Table:
    """A ``newsgraph.store.stats.StoreStats`` as a two-column table (events: asserted of all)."""
    table = Table(title=f"Store {stats.path}", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    days = f"{stats.first_day} to {stats.last_day}" if stats.first_day else "no dated article"
    size = f"{stats.file_bytes / 2**20:,.1f} MB" if stats.file_bytes is not None else "in memory"
    rows = [("articles", f"{stats.articles:,}"), ("sources", f"{stats.sources:,}"), ("published", days),
            ("events (asserted / all)", f"{stats.events.asserted:,} / {stats.events.all:,}")]
    rows += [(quad_label(quad), f"{count.asserted:,} / {count.all:,}") for quad, count in stats.events_by_quad_class.items()]
    rows += [("quotes", f"{stats.quotes:,}"), ("entities", f"{stats.entities:,}"),
             ("failures (unresolved / resolved)", f"{stats.failures:,} / {stats.failures_resolved:,}"),
             ("duplicates", f"{stats.duplicates:,}"), ("skipped", f"{stats.skipped:,}"), ("runs", f"{stats.runs:,}"),
             ("schema version", str(stats.schema_version)), ("file size", size)]
    for what, value in rows:
        table.add_row(what, value)
    return table


def quad_label(quad) -> str:
    return f"  QuadClass {quad} ({QUAD_NAMES[quad]})" if quad in QUAD_NAMES else "  no QuadClass"
