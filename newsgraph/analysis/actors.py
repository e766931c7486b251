"""The most active actors: how many events each took part in as source and as target.

An actor is its name with its code, country and sector as coded (the same name coded two ways is
two rows). Events are those ``EventFilter`` picks (asserted only unless ``include_unasserted``, in
the day range).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from newsgraph.store.filters import EventFilter

TOP_ACTORS_SQL = """
SELECT x.name, x.code, x.country, x.sector,
       count(*) FILTER (WHERE x.role = 'source') AS as_source,
       count(*) FILTER (WHERE x.role = 'target') AS as_target,
       count(DISTINCT x.article_id) AS articles
FROM event_actors x JOIN (SELECT e.article_id, e.id {events}) e ON e.article_id = x.article_id AND e.id = x.event_id
GROUP BY x.name, x.code, x.country, x.sector
ORDER BY as_source + as_target DESC, x.name, x.code NULLS LAST, x.sector NULLS LAST
LIMIT ?
"""


@dataclass
class ActorActivity:
    name: str
    code: Optional[str]
    country: Optional[str]
    sector: Optional[str]
    as_source: int  # events it took part in as source
    as_target: int  # ... as target
    events: int  # as_source + as_target
    articles: int  # distinct articles those events come from


def top_actors(connection, since: Optional[str] = None, until: Optional[str] = None,
               include_unasserted: bool = False, limit: int = 20) -> list[ActorActivity]:
    """The ``limit`` actors with most events (as source plus as target), most active first."""
    criteria = EventFilter(since=since, until=until, include_unasserted=include_unasserted)
    events, parameters = criteria.events_sql(connection)
    rows = connection.execute(TOP_ACTORS_SQL.format(events=events), parameters + [limit]).fetchall()
    return [ActorActivity(name, code, country, sector, as_source, as_target, as_source + as_target, articles)
            for name, code, country, sector, as_source, as_target, articles in rows]
