"""The reports linking reads: each coded event of the given stored articles with its day range, its
coded sides and the words of its trigger and sentence."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

import duckdb

from newsgraph.corpus.similarity import context_words

REPORTS_SQL = """WITH coded AS (
  SELECT article_id, event_id, role, arg_min(code, position) AS code, arg_min(name, position) AS name,
         arg_min(country, position) AS country, arg_min(sector, position) AS sector
  FROM event_actors WHERE article_id IN (SELECT UNNEST(?::VARCHAR[])) AND code IS NOT NULL
  GROUP BY article_id, event_id, role)
SELECT e.article_id, e.id, e.cameo, e.root, e.quad_class, e.goldstein, e.plover, e.negated, e.modality,
       e.sentence_start, e.sentence_end, e.trigger_start, e.trigger_end, e.text,
       e.place, e.place_country, e.latitude, e.longitude,
       coalesce(e.day, a.published_day) AS day,
       CASE WHEN e.day IS NOT NULL THEN e.date_precision ELSE a.published_precision END AS precision,
       a.source, substring(a.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence,
       s.code, s.name, s.country, s.sector, t.code, t.name, t.country, t.sector
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN coded s ON s.article_id = e.article_id AND s.event_id = e.id AND s.role = 'source'
LEFT JOIN coded t ON t.article_id = e.article_id AND t.event_id = e.id AND t.role = 'target'
WHERE e.article_id IN (SELECT UNNEST(?::VARCHAR[])) AND (s.code IS NOT NULL OR t.code IS NOT NULL)
ORDER BY datediff('day', day, CASE precision WHEN 'week' THEN day + 6 WHEN 'month' THEN last_day(day)
                                      WHEN 'year' THEN make_date(year(day), 12, 31) ELSE day END),
         day NULLS LAST, e.article_id, e.position"""
"""Events with at least one coded side (an event of two unknown actors links to nothing), the most
precisely dated first (a coarse date may join a precise one, not the other way), then oldest first."""


UNORDERED_ROOTS = frozenset({"04"})
"""CAMEO roots whose two sides do the same thing to each other: 04 Consult (meet, negotiate, discuss)."""


@dataclass
class Side:
    code: Optional[str]
    name: Optional[str]
    country: Optional[str]
    sector: Optional[str]


@dataclass
class Report:
    """One coded event of a stored article, as linking compares it."""

    article_id: str
    event_id: str
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: Optional[str]
    negated: bool
    modality: str
    sentence: tuple[int, int]
    trigger: tuple[int, int]
    trigger_text: str
    place: tuple  # place, place_country, latitude, longitude
    day: Optional[date]
    last_day: Optional[date]
    source: Optional[str]  # the outlet
    context: set[str]
    actor: Side
    target: Side

    @property
    def dyad_key(self) -> str:
        """What two reports of one event share exactly: coded sides, CAMEO root, negation and modality.
        The sides of a meeting have no order ("Biden met Putin", "Putin held talks with Biden")."""
        sides = [self.actor.code or "", self.target.code or ""]
        if self.root in UNORDERED_ROOTS:
            sides.sort()
        return "|".join([*sides, self.root or "", str(bool(self.negated)), self.modality or ""])


def last_day(day: Optional[date], precision: Optional[str]) -> Optional[date]:
    """The last day a date of this precision covers (a week's Sunday, a month's last day, December 31)."""
    if day is None:
        return None
    if precision == "week":
        return day + timedelta(days=6)
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == "year":
        return date(day.year, 12, 31)
    return day


def stored_reports(connection: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[Report]:
    """The reports of the stored articles ``article_ids``, read by key (their article ids)."""
    rows = connection.execute(REPORTS_SQL, [article_ids, article_ids]).fetchall()
    return [report_from_row(row) for row in rows]


def report_from_row(row: tuple) -> Report:
    (article_id, event_id, cameo, root, quad_class, goldstein, plover, negated, modality, s_start, s_end, t_start,
     t_end, text, place, place_country, latitude, longitude, day, precision, source, sentence, *sides) = row
    actor, target = Side(*sides[:4]), Side(*sides[4:])
    return Report(article_id, event_id, cameo, root, quad_class, goldstein, plover, bool(negated), modality,
                  (s_start, s_end), (t_start, t_end), text or "", (place, place_country, latitude, longitude),
                  day, last_day(day, precision), source, event_context(sentence or "", actor, target), actor, target)


def event_context(sentence: str, actor: Side, target: Side) -> set[str]:
    """The content words of the sentence but the names of the coded sides: the key already matches
    them, and in a corpus on one topic every sentence names them ("Trump", "North Korea")."""
    return context_words(sentence) - context_words(actor.name or "") - context_words(target.name or "")
