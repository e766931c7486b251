"""The network page: the actor graph weighted by events, drawn on the server (its 60 most active
actors; pan and zoom by a few lines of the app's own script), with its 100 heaviest edges listed."""
from __future__ import annotations

import networkx as nx
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsgraph.analysis.network import actor_network, network_edges
from newsgraph.web.api import Cursor, Day, Unasserted
from newsgraph.web.charts import network_picture
from newsgraph.web.pages import render

router = APIRouter(include_in_schema=False)
DRAWN_ACTORS = 60  # the picture shows the most active actors only: a layout of thousands is slow and unreadable


def busiest_part(graph: nx.DiGraph, actors: int = DRAWN_ACTORS) -> nx.DiGraph:
    """The graph among its ``actors`` most active nodes (by events, then name)."""
    ranked = sorted(graph.nodes(data=True), key=lambda node: (-node[1].get("events", 0), node[0]))
    return graph.subgraph([name for name, _ in ranked[:actors]])


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, cursor: Cursor, since: Day = None, until: Day = None,
                 include_unasserted: Unasserted = False):
    graph = actor_network(cursor, since, until, include_unasserted)
    drawn = busiest_part(graph)
    return render(request, "network.html", picture=network_picture("Actor network", drawn), drawn=drawn.number_of_nodes(),
                  edges=network_edges(graph)[:100], nodes=graph.number_of_nodes(), since=since or "",
                  until=until or "", include_unasserted=include_unasserted)
