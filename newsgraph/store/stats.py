"""What a store holds, in a few counts: ``newsgraph stats`` and ``store_stats(store)``.

Events count two ways, as everywhere in newsgraph: **asserted** (not negated, modality ``asserted``,
``filters.ASSERTED``) and **all**. QuadClass is CAMEO's: 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict.
"""
from __future__ import annotations

import datetime
import os
from dataclasses import asdict, dataclass, field
from typing import Optional

from newsgraph.store.duck import IN_MEMORY
from newsgraph.store.filters import ASSERTED

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

COUNTS_SQL = """SELECT
  (SELECT count(*) FROM articles), (SELECT count(DISTINCT source) FROM articles),
  (SELECT min(published_day) FROM articles), (SELECT max(published_day) FROM articles),
  (SELECT count(*) FROM quotes), (SELECT count(*) FROM entities),
  (SELECT count(*) FROM failures WHERE resolved_by_run IS NULL AND resolved_at IS NULL),
  (SELECT count(*) FROM failures WHERE resolved_by_run IS NOT NULL OR resolved_at IS NOT NULL),
  (SELECT count(*) FROM duplicates), (SELECT count(*) FROM skipped), (SELECT count(*) FROM runs),
  (SELECT coalesce(max(version), 0) FROM schema_version)"""

EVENTS_SQL = f"""SELECT e.quad_class, count(*), count(*) FILTER (WHERE {ASSERTED})
FROM events e GROUP BY e.quad_class ORDER BY e.quad_class NULLS LAST"""


@dataclass
class EventCount:
    """Events of one QuadClass (or of all): every coded one, and the asserted ones among them."""

    all: int = 0
    asserted: int = 0


@dataclass
class StoreStats:
    """The summary of one store; ``first_day``/``last_day`` are the range of ``articles.published_day``."""

    path: str
    schema_version: int
    file_bytes: Optional[int]  # the DuckDB file and its write-ahead log; None for an in-memory store
    articles: int
    sources: int  # distinct articles.source (an article without a source is not counted)
    first_day: Optional[datetime.date]
    last_day: Optional[datetime.date]
    events: EventCount
    events_by_quad_class: dict[int, EventCount] = field(default_factory=dict)  # 1-4, each present; None: no class
    quotes: int = 0
    entities: int = 0
    failures: int = 0  # still failing (not resolved by a later run)
    failures_resolved: int = 0
    duplicates: int = 0
    skipped: int = 0
    runs: int = 0

    def to_json(self) -> dict:
        """One JSON object: dates as ISO text, QuadClass keys as text ("1".."4", and "none")."""
        data = asdict(self)
        data["first_day"] = self.first_day.isoformat() if self.first_day else None
        data["last_day"] = self.last_day.isoformat() if self.last_day else None
        data["events_by_quad_class"] = {("none" if quad is None else str(quad)): asdict(count)
                                        for quad, count in self.events_by_quad_class.items()}
        return data


def store_stats(store) -> StoreStats:
    """Count what ``store`` (a ``newsgraph.store.Store``) holds: a few aggregate queries, no rows read out."""
    return connection_stats(store.connection, store.path)


def connection_stats(connection, path: str) -> StoreStats:
    """``store_stats`` over a DuckDB connection or cursor of the store file at ``path`` (the web asks
    through a cursor per request)."""
    (articles, sources, first_day, last_day, quotes, entities, failures, resolved, duplicates, skipped, runs,
     version) = connection.execute(COUNTS_SQL).fetchone()
    by_quad = {quad: EventCount() for quad in QUAD_CLASSES}
    for quad, every, asserted in connection.execute(EVENTS_SQL).fetchall():
        by_quad[quad] = EventCount(every, asserted)
    total = EventCount(sum(c.all for c in by_quad.values()), sum(c.asserted for c in by_quad.values()))
    return StoreStats(path, version, file_size(path), articles, sources, first_day, last_day, total,
                      by_quad, quotes, entities, failures, resolved, duplicates, skipped, runs)


def file_size(path: str) -> Optional[int]:
    """Bytes of the store's file and of its write-ahead log when there is one; None in memory."""
    if path == IN_MEMORY:
        return None
    return sum(os.path.getsize(p) for p in (path, path + ".wal") if os.path.exists(p))
