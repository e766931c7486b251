"""The network page: the actor graph weighted by events, drawn on the server (pan and zoom by a few
lines of the app's own script), with its heaviest edges listed."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsgraph.analysis.network import actor_network, network_edges
from newsgraph.web.api import Cursor, Day, Unasserted
from newsgraph.web.charts import network_picture
from newsgraph.web.pages import render

router = APIRouter(include_in_schema=False)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, cursor: Cursor, since: Day = None, until: Day = None,
                 include_unasserted: Unasserted = False):
    graph = actor_network(cursor, since, until, include_unasserted)
    return render(request, "network.html", picture=network_picture("Actor network", graph),
                  edges=network_edges(graph)[:100], nodes=graph.number_of_nodes(), since=since or "",
                  until=until or "", include_unasserted=include_unasserted)
