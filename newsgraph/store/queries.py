"""Read-only questions to the store, as records. By default events count only when asserted (not
negated, modality "asserted"); ``include_unasserted`` brings in the negated, intended, hypothetical
and conditional ones, each still flagged. Which events and actors a filter picks: store/filters.py."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from newsgraph.store.filters import EVENT_DAY, EventFilter


@dataclass
class EventRow:
    """One stored event with every field of ``model.Event`` (sides as " + "-joined lists, spans as
    start and end) and its article's title, outlet and URL."""

    article_id: str
    event_id: str
    date: Optional[str]  # the event's date, else the article's publication date (as written)
    day: Optional[str]  # ISO day the ranges use: the event's own day, else the publication day
    source: str  # actor names joined with " + "
    source_codes: str
    target: str
    target_codes: str
    cameo: str
    plover: Optional[str]
    modality: str
    negated: bool
    text: str  # the trigger words
    title: Optional[str]
    root: Optional[str] = None
    quad_class: Optional[int] = None
    goldstein: Optional[float] = None
    source_countries: str = ""
    source_sectors: str = ""
    source_entities: str = ""
    target_countries: str = ""
    target_sectors: str = ""
    target_entities: str = ""
    reported_by: Optional[str] = None
    rule: Optional[str] = None
    date_text: Optional[str] = None
    date_precision: Optional[str] = None
    place: Optional[str] = None
    place_country: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    sentence_start: Optional[int] = None
    sentence_end: Optional[int] = None
    trigger_start: Optional[int] = None
    trigger_end: Optional[int] = None
    outlet: Optional[str] = None  # articles.source
    url: Optional[str] = None
    published: Optional[str] = None


def side(column: str, role: str) -> str:
    return (f"coalesce(string_agg(coalesce(s.{column}, ''), ' + ' ORDER BY s.position) "
            f"FILTER (WHERE s.role = '{role}'), '')")


EVENTS_SQL = f"""
WITH picked_events AS (
  SELECT e.*, a.title, a.source AS outlet, a.url, a.published AS article_published,
         CAST({EVENT_DAY} AS VARCHAR) AS event_day
  {{events}}
  ORDER BY event_day DESC NULLS LAST, e.article_id, e.trigger_start
  LIMIT ?)
SELECT e.article_id, e.id, coalesce(e.date, e.article_published), e.event_day,
       {side('name', 'source')}, {side('code', 'source')}, {side('name', 'target')}, {side('code', 'target')},
       e.cameo, e.plover, e.modality, e.negated, e.text, e.title, e.root, e.quad_class, e.goldstein,
       {side('country', 'source')}, {side('sector', 'source')}, {side('entity_id', 'source')},
       {side('country', 'target')}, {side('sector', 'target')}, {side('entity_id', 'target')},
       e.reported_by, e.rule, e.date_text, e.date_precision, e.place, e.place_country, e.latitude, e.longitude,
       e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, e.outlet, e.url, e.article_published
FROM picked_events e
LEFT JOIN event_actors s ON s.article_id = e.article_id AND s.event_id = e.id
GROUP BY ALL
ORDER BY e.event_day DESC NULLS LAST, e.article_id, e.trigger_start
"""
"""The newest events first picked (filter, order, limit over events alone), then their actors joined."""


def event_rows(connection, include_unasserted: bool = False, actor: Optional[str] = None,
               limit: int = 1000, criteria: Optional[EventFilter] = None) -> list[EventRow]:
    """Coded events with their actors and article, newest first, picked by ``criteria`` (or by
    ``include_unasserted`` and ``actor``, either side). An actor term no stored actor answers to is
    UnknownActor with near matches; a bad range is BadRange."""
    criteria = criteria or EventFilter(actor=actor, include_unasserted=include_unasserted)
    events, parameters = criteria.events_sql(connection)
    rows = connection.execute(EVENTS_SQL.format(events=events), parameters + [limit]).fetchall()
    return [EventRow(*row) for row in rows]
