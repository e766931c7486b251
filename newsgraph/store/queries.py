"""Read-only questions to the store, as records. By default events count only when asserted (not
negated, modality "asserted"); ``include_unasserted`` brings in the negated, intended, hypothetical
and conditional ones, each still flagged."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

ASSERTED = "NOT e.negated AND e.modality = 'asserted'"


@dataclass
class EventRow:
    article_id: str
    event_id: str
    date: Optional[str]
    source: str  # actor names joined with " + "
    source_codes: str
    cameo: str
    plover: Optional[str]
    target: str
    target_codes: str
    modality: str
    negated: bool
    text: str
    title: Optional[str]


EVENTS_SQL = """
SELECT e.article_id, e.id, coalesce(e.date, a.published),
       coalesce(string_agg(s.name, ' + ' ORDER BY s.position) FILTER (WHERE s.role = 'source'), ''),
       coalesce(string_agg(s.code, ' + ' ORDER BY s.position) FILTER (WHERE s.role = 'source'), ''),
       e.cameo, e.plover,
       coalesce(string_agg(s.name, ' + ' ORDER BY s.position) FILTER (WHERE s.role = 'target'), ''),
       coalesce(string_agg(s.code, ' + ' ORDER BY s.position) FILTER (WHERE s.role = 'target'), ''),
       e.modality, e.negated, e.text, a.title
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN event_actors s ON s.article_id = e.article_id AND s.event_id = e.id
WHERE {where}
GROUP BY e.article_id, e.id, e.date, a.published, e.cameo, e.plover, e.modality, e.negated, e.text, a.title,
         e.trigger_start
ORDER BY 3 NULLS LAST, e.article_id, e.trigger_start
LIMIT ?
"""


def event_rows(connection, include_unasserted: bool = False, actor: Optional[str] = None,
               limit: int = 1000) -> list[EventRow]:
    """Coded events with their actors; ``actor`` keeps events whose source or target name or code
    contains it (case-insensitive)."""
    conditions, parameters = ["TRUE" if include_unasserted else ASSERTED], []
    if actor:
        conditions.append("EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = e.article_id AND "
                          "x.event_id = e.id AND (x.name ILIKE ? OR x.code ILIKE ?))")
        parameters += [f"%{actor}%", f"%{actor}%"]
    rows = connection.execute(EVENTS_SQL.format(where=" AND ".join(conditions)), parameters + [limit]).fetchall()
    return [EventRow(*row) for row in rows]
