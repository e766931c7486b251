"""The JSON API under /api/: each route validates its parameters (sizes bounded), asks one library
function on the request's cursor and returns its records. Errors: web/errors.py."""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request

from newsgraph.analysis.actors import top_actors
from newsgraph.analysis.dyads import dyad_series
from newsgraph.analysis.network import actor_network, network_edges
from newsgraph.analysis.quotes import speaker_quotes
from newsgraph.model import to_json
from newsgraph.store.duck import load_article
from newsgraph.store.filters import EventFilter
from newsgraph.store.queries import event_rows
from newsgraph.store.stats import connection_stats
from newsgraph.web.connection import store_cursor
from newsgraph.web.errors import NotFound
from newsgraph.web.queries import list_articles

router = APIRouter(prefix="/api", tags=["api"])

TERM = 100  # longest actor term, speaker or code
DAY_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?|-W[0-9]{2})?$"

Cursor = Annotated[object, Depends(store_cursor)]
ActorTerm = Annotated[Optional[str], Query(min_length=1, max_length=TERM, description="Actor: code, country, CAMEO code or whole words of the name")]
Day = Annotated[Optional[str], Query(max_length=10, pattern=DAY_PATTERN, description="YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www")]
Unasserted = Annotated[bool, Query(alias="all", description="Also negated, intended, hypothetical and conditional events")]


def records(rows: list) -> list[dict]:
    return [asdict(row) for row in rows]


@router.get("/articles", summary="Articles, newest first, with search and filters")
def api_articles(cursor: Cursor,
                 q: Annotated[Optional[str], Query(max_length=200, description="Words in the title or text")] = None,
                 outlet: Annotated[Optional[str], Query(max_length=TERM, description="articles.source, exactly")] = None,
                 since: Day = None, until: Day = None,
                 limit: Annotated[int, Query(ge=1, le=200)] = 50,
                 offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> dict:
    return asdict(list_articles(cursor, q, outlet, since, until, limit, offset))


@router.get("/articles/{article_id}", summary="One article in the --json contract (docs/output.md)")
def api_article(cursor: Cursor, article_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z_-]+$")]) -> dict:
    article = load_article(cursor, article_id)
    if article is None:
        raise NotFound(f"no article {article_id} in the store")
    return to_json(article)


@router.get("/actors", summary="The most active actors, as source and as target")
def api_actors(cursor: Cursor, since: Day = None, until: Day = None, include_unasserted: Unasserted = False,
               limit: Annotated[int, Query(ge=1, le=500)] = 20) -> list[dict]:
    return records(top_actors(cursor, since, until, include_unasserted, limit))


@router.get("/quotes", summary="What a speaker said, newest first")
def api_quotes(cursor: Cursor, speaker: Annotated[str, Query(min_length=1, max_length=TERM, pattern=r"\S")],
               since: Day = None, until: Day = None, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict]:
    return records(speaker_quotes(cursor, speaker, since, until, limit))


@router.get("/events", summary="Events, newest first, filtered as newsgraph events is")
def api_events(cursor: Cursor, source: ActorTerm = None, target: ActorTerm = None, actor: ActorTerm = None,
               root: Annotated[Optional[str], Query(pattern=r"^[0-9]{2}$")] = None,
               plover: Annotated[Optional[str], Query(max_length=40)] = None,
               quad: Annotated[Optional[int], Query(ge=1, le=4)] = None,
               since: Day = None, until: Day = None, include_unasserted: Unasserted = False,
               limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict]:
    criteria = EventFilter(source, target, actor, root, plover, quad, since, until, include_unasserted)
    return records(event_rows(cursor, limit=limit, criteria=criteria))


@router.get("/dyads", summary="One source's events towards one target per week or month")
def api_dyads(cursor: Cursor, source: Annotated[str, Query(min_length=1, max_length=TERM, pattern=r"\S")],
              target: Annotated[str, Query(min_length=1, max_length=TERM, pattern=r"\S")],
              by: Literal["week", "month"] = "week", since: Day = None, until: Day = None,
              include_unasserted: Unasserted = False) -> list[dict]:
    return records(dyad_series(cursor, source, target, by, include_unasserted, since, until))


@router.get("/network", summary="The actor network: nodes and edges weighted by events")
def api_network(cursor: Cursor, since: Day = None, until: Day = None, include_unasserted: Unasserted = False) -> dict:
    graph = actor_network(cursor, since, until, include_unasserted)
    nodes = [{"name": name, **data} for name, data in sorted(graph.nodes(data=True))]
    return {"nodes": nodes, "edges": records(network_edges(graph))}


@router.get("/stats", summary="What the store holds, in counts (as newsgraph stats --json)")
def api_stats(request: Request, cursor: Cursor) -> dict:
    return connection_stats(cursor, request.app.state.db_path).to_json()
