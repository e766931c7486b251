"""The actor pages: the most active actors and speakers; one actor (what they said, their events as
source and as target per month); a dyad (Goldstein and QuadClass timeline, its events linking to the
sentence on the article page)."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsgraph.analysis.actors import top_actors
from newsgraph.analysis.dyads import dyad_series
from newsgraph.analysis.network import actor_network, network_edges
from newsgraph.analysis.quotes import speaker_quotes
from newsgraph.errors import UnknownActor
from newsgraph.store.filters import EventFilter
from newsgraph.store.queries import event_rows
from newsgraph.web.api import TERM, Cursor, Day, Unasserted
from newsgraph.web.charts import goldstein_line, quad_bars
from newsgraph.web.errors import NotFound
from newsgraph.web.pages import render
from newsgraph.web.queries import quad_months, top_speakers

router = APIRouter(include_in_schema=False)
Term = Annotated[str, Query(min_length=1, max_length=TERM, pattern=r"\S")]


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, cursor: Cursor):
    return render(request, "actors.html", actors=top_actors(cursor, limit=50), speakers=top_speakers(cursor, 50))


def known_or_empty(question):
    """The answer, or (None, the UnknownActor message) when the term names nobody."""
    try:
        return question(), None
    except UnknownActor as error:
        return None, str(error)


@router.get("/actor", response_class=HTMLResponse)
def actor_page(request: Request, cursor: Cursor, name: Term):
    quotes, quote_error = known_or_empty(lambda: speaker_quotes(cursor, name, limit=100))
    events, event_error = known_or_empty(lambda: event_rows(cursor, limit=200, criteria=EventFilter(actor=name)))
    if quotes is None and events is None:
        raise NotFound(event_error)
    charts = {}
    if events:
        for role in ("source", "target"):
            months = quad_months(cursor, EventFilter(**{role: name}))
            charts[role] = quad_bars(f"{name} as {role}: events per month by QuadClass",
                                     [m.month for m in months], [m.counts for m in months])
    return render(request, "actor.html", name=name, quotes=quotes or [], events=events or [], charts=charts)


@router.get("/dyad", response_class=HTMLResponse)
def dyad_page(request: Request, cursor: Cursor,
              source: Annotated[Optional[str], Query(max_length=TERM)] = None,
              target: Annotated[Optional[str], Query(max_length=TERM)] = None,
              by: Literal["week", "month"] = "month", since: Day = None, until: Day = None,
              include_unasserted: Unasserted = False):
    context = dict(source=source or "", target=target or "", by=by, since=since or "", until=until or "",
                   include_unasserted=include_unasserted, periods=[], events=[], bars="", line="")
    if not (source and source.strip() and target and target.strip()):
        edges = network_edges(actor_network(cursor))[:15]
        return render(request, "dyad.html", suggestions=edges, **context)
    periods = dyad_series(cursor, source, target, by, include_unasserted, since, until)
    criteria = EventFilter(source=source, target=target, since=since, until=until, include_unasserted=include_unasserted)
    labels = [p.period for p in periods]
    context.update(
        periods=periods, events=event_rows(cursor, limit=200, criteria=criteria),
        bars=quad_bars(f"{source} → {target}: events per {by} by QuadClass", labels,
                       [(p.verbal_cooperation, p.material_cooperation, p.verbal_conflict, p.material_conflict)
                        for p in periods]),
        line=goldstein_line(f"{source} → {target}: Goldstein mean per {by}", labels, [p.goldstein_mean for p in periods]))
    return render(request, "dyad.html", suggestions=[], **context)
