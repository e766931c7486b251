"""The actor network: a directed networkx graph with an edge from each event's source actors to its
target actors, weighted by the number of events, written as GraphML or GEXF (by the file's suffix).

Nodes are actor names, with the code, country and sector they are most often coded with and their
events; edges carry ``weight`` (events), ``goldstein_sum``, ``cooperation`` (QuadClass 1 and 2) and
``conflict`` (3 and 4). Missing codes are written as "" (GraphML has no null).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import networkx as nx

from newsgraph.errors import OutputError
from newsgraph.store.filters import EventFilter

WRITERS = {".graphml": nx.write_graphml, ".gexf": nx.write_gexf}

EDGES_SQL = """
WITH picked AS (SELECT e.article_id, e.id, e.quad_class, e.goldstein {events})
SELECT s.name, t.name, count(*), coalesce(sum(p.goldstein), 0),
       count(*) FILTER (WHERE p.quad_class IN (1, 2)), count(*) FILTER (WHERE p.quad_class IN (3, 4))
FROM picked p
JOIN event_actors s ON s.article_id = p.article_id AND s.event_id = p.id AND s.role = 'source'
JOIN event_actors t ON t.article_id = p.article_id AND t.event_id = p.id AND t.role = 'target'
GROUP BY s.name, t.name ORDER BY s.name, t.name
"""

NODES_SQL = """
WITH picked AS (SELECT e.article_id, e.id {events})
SELECT x.name, mode(x.code), mode(x.country), mode(x.sector), count(DISTINCT (x.article_id, x.event_id))
FROM picked p JOIN event_actors x ON x.article_id = p.article_id AND x.event_id = p.id
GROUP BY x.name
"""


def actor_network(connection, since: Optional[str] = None, until: Optional[str] = None,
                  include_unasserted: bool = False) -> nx.DiGraph:
    """Actors linked by the events between them in the range (asserted only unless asked)."""
    criteria = EventFilter(since=since, until=until, include_unasserted=include_unasserted)
    events, parameters = criteria.events_sql(connection)
    graph = nx.DiGraph()
    for name, code, country, sector, count in connection.execute(NODES_SQL.format(events=events), parameters).fetchall():
        graph.add_node(name, code=code or "", country=country or "", sector=sector or "", events=count)
    for source, target, weight, goldstein, cooperation, conflict in connection.execute(
            EDGES_SQL.format(events=events), parameters).fetchall():
        graph.add_edge(source, target, weight=weight, goldstein_sum=float(goldstein),
                       cooperation=cooperation, conflict=conflict)
    return graph


def write_network(graph: nx.DiGraph, path: str) -> None:
    """Write ``graph`` as GraphML (``.graphml``) or GEXF (``.gexf``); OutputError for another suffix
    or a path that cannot be written."""
    writer = WRITERS.get(Path(path).suffix.lower())
    if writer is None:
        raise OutputError(f"cannot write a network to {path}: give a file ending in .graphml or .gexf")
    try:
        writer(graph, path)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None


@dataclass
class NetworkEdge:
    source: str
    target: str
    weight: int  # events from source to target
    goldstein_sum: float
    cooperation: int  # QuadClass 1 and 2
    conflict: int  # QuadClass 3 and 4


def network_edges(graph: nx.DiGraph) -> list[NetworkEdge]:
    """The edges of ``graph``, heaviest first."""
    edges = [NetworkEdge(source, target, data["weight"], data["goldstein_sum"], data["cooperation"], data["conflict"])
             for source, target, data in graph.edges(data=True)]
    return sorted(edges, key=lambda edge: (-edge.weight, edge.source, edge.target))
