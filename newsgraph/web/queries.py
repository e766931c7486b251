"""The web's own read questions (the rest it asks newsgraph.analysis and newsgraph.store.queries):
a page of articles, events per month by QuadClass,
top speakers, recent failures and duplicates, and one actor's events and quotes. Every value a
request carries is a ``?`` parameter; no SQL is built from request text.

The store's counts (overview, /api/stats) are ``newsgraph.store.stats``, as for ``newsgraph stats``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from newsgraph.analysis.dyads import next_period
from newsgraph.analysis.search import like_pattern
from newsgraph.store.filters import EVENT_DAY, EventFilter, day_range

ARTICLES_SQL = """
SELECT a.id, a.title, a.source, a.url, CAST(a.published_day AS VARCHAR),
       (SELECT count(*) FROM quotes q WHERE q.article_id = a.id),
       (SELECT count(*) FROM events e WHERE e.article_id = a.id)
FROM articles a
WHERE ({match}) {range}
ORDER BY a.published_day DESC NULLS LAST, a.id
LIMIT ? OFFSET ?
"""

ARTICLE_COUNT_SQL = "SELECT count(*) FROM articles a WHERE ({match}) {range}"

QUAD_MONTHS_SQL = f"""
SELECT CAST(date_trunc('month', {EVENT_DAY}) AS VARCHAR) AS month, e.quad_class, count(*)
{{events}} AND {EVENT_DAY} IS NOT NULL AND e.quad_class BETWEEN 1 AND 4
GROUP BY month, e.quad_class ORDER BY month
"""

TOP_SPEAKERS_SQL = """
SELECT q.speaker_name, count(*) AS quotes, count(DISTINCT q.article_id) AS articles
FROM quotes q WHERE q.speaker_name IS NOT NULL AND NOT coalesce(q.speaker_anonymous, FALSE)
GROUP BY q.speaker_name ORDER BY quotes DESC, q.speaker_name LIMIT ?
"""

RECENT_FAILURES_SQL = """
SELECT path, record, stage, reason, CAST(first_seen AS VARCHAR) FROM failures
WHERE resolved_by_run IS NULL AND resolved_at IS NULL ORDER BY first_seen DESC, rowid DESC LIMIT ?
"""

RECENT_DUPLICATES_SQL = """
SELECT article_id, canonical_id, kind, similarity, source, title, CAST(first_seen AS VARCHAR) FROM duplicates
ORDER BY first_seen DESC, rowid DESC LIMIT ?
"""


@dataclass
class ArticleSummary:
    id: str
    title: Optional[str]
    outlet: Optional[str]  # articles.source
    url: Optional[str]
    day: Optional[str]  # publication day
    quotes: int
    events: int


@dataclass
class ArticlePage:
    total: int  # articles that match, over all pages
    limit: int
    offset: int
    articles: list[ArticleSummary]


@dataclass
class QuadMonth:
    month: str  # "2025-06"
    counts: tuple[int, int, int, int]  # events of QuadClass 1..4


@dataclass
class SpeakerCount:
    speaker: str
    quotes: int
    articles: int


@dataclass
class RecentFailure:
    path: str
    record: Optional[str]
    stage: str
    reason: str
    first_seen: str


@dataclass
class RecentDuplicate:
    article_id: str
    canonical_id: str
    kind: str
    similarity: Optional[float]
    outlet: Optional[str]
    title: Optional[str]
    first_seen: str


def list_articles(connection, q: Optional[str] = None, outlet: Optional[str] = None, since: Optional[str] = None,
                  until: Optional[str] = None, limit: int = 50, offset: int = 0) -> ArticlePage:
    """Articles newest first, with their quote and event counts: those whose title or text holds
    ``q`` (ignoring case), of ``outlet`` (exactly), published in the range (BadRange when it is not one)."""
    first, last = day_range(since, until)
    match, parameters = "TRUE", []
    if q:
        match = "a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\'"
        parameters += [like_pattern(q)] * 2
    conditions = []
    for sql, value in (("a.source = ?", outlet), ("a.published_day >= ?", first), ("a.published_day <= ?", last)):
        if value:
            conditions.append(f" AND {sql}")
            parameters.append(value)
    extra = "".join(conditions)
    total = connection.execute(ARTICLE_COUNT_SQL.format(match=match, range=extra), parameters).fetchone()[0]
    rows = connection.execute(ARTICLES_SQL.format(match=match, range=extra), parameters + [limit, offset]).fetchall()
    return ArticlePage(total, limit, offset, [ArticleSummary(*row) for row in rows])


def quad_months(connection, criteria: Optional[EventFilter] = None) -> list[QuadMonth]:
    """Events per month and QuadClass (asserted only unless the filter says), oldest month first,
    months without events in between included."""
    events, parameters = (criteria or EventFilter()).events_sql(connection)
    counts: dict[str, list[int]] = {}
    for month, quad, count in connection.execute(QUAD_MONTHS_SQL.format(events=events), parameters).fetchall():
        counts.setdefault(month[:7], [0, 0, 0, 0])[int(quad) - 1] = count
    if not counts:
        return []
    months, month, last = [], date.fromisoformat(min(counts) + "-01"), date.fromisoformat(max(counts) + "-01")
    while month <= last:  # months without an event between the first and the last stay on the axis
        label = f"{month.year}-{month.month:02d}"
        months.append(QuadMonth(label, tuple(counts.get(label, (0, 0, 0, 0)))))
        month = next_period(month, "month")
    return months


def top_speakers(connection, limit: int = 10) -> list[SpeakerCount]:
    """The named speakers quoted most often."""
    return [SpeakerCount(*row) for row in connection.execute(TOP_SPEAKERS_SQL, [limit]).fetchall()]


def recent_failures(connection, limit: int = 10) -> list[RecentFailure]:
    """The newest failures no later run resolved."""
    return [RecentFailure(*row) for row in connection.execute(RECENT_FAILURES_SQL, [limit]).fetchall()]


def recent_duplicates(connection, limit: int = 10) -> list[RecentDuplicate]:
    """The newest duplicates linked to an earlier article."""
    return [RecentDuplicate(*row) for row in connection.execute(RECENT_DUPLICATES_SQL, [limit]).fetchall()]


def article_duplicates(connection, article_id: str) -> list[RecentDuplicate]:
    """The other reports linked to ``article_id`` as its duplicates (the same story elsewhere)."""
    rows = connection.execute("SELECT article_id, canonical_id, kind, similarity, source, title, "
                              "CAST(first_seen AS VARCHAR) FROM duplicates WHERE canonical_id = ? "
                              "ORDER BY first_seen, rowid", [article_id]).fetchall()
    return [RecentDuplicate(*row) for row in rows]


@dataclass
class OtherReport:
    """Another stored article reporting one of an article's events (the same corpus-level event)."""

    event_id: str  # the event of the article asked about
    corpus_event_id: str
    article_id: str  # the other article
    title: Optional[str]
    outlet: Optional[str]
    trigger: Optional[str]
    sentence_start: Optional[int]


OTHER_REPORTS_SQL = """
SELECT mine.event_id, mine.corpus_event_id, other.article_id, a.title, a.source, other.trigger_text,
       other.sentence_start
FROM corpus_event_mentions mine
JOIN corpus_event_mentions other ON other.corpus_event_id = mine.corpus_event_id
     AND other.article_id <> mine.article_id AND other.copy_origin = ''
JOIN articles a ON a.id = other.article_id
WHERE mine.article_id = ? AND mine.copy_origin = ''
ORDER BY mine.event_id, a.published_day NULLS LAST, other.article_id
LIMIT 200
"""


def other_reports(connection, article_id: str) -> list[OtherReport]:
    """The other stored articles that report the same corpus-level events as ``article_id``
    (newsgraph.corpus links them as articles are stored), at most 200."""
    return [OtherReport(*row) for row in connection.execute(OTHER_REPORTS_SQL, [article_id]).fetchall()]
