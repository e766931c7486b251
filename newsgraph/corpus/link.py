"""Linking reports into corpus-level events as articles and duplicates are stored.

A report joins the corpus events that have the same key (coded sides, CAMEO root, negation, modality:
``Report.dyad_key``), would with the report span no more than ``window_days`` and read alike enough
(the content words of their sentences overlap by ``min_overlap``, or by ``min_overlap_other_words``
when their triggers share no word; a report that matches several joins them into one); else it
starts a corpus event whose id is derived from itself. The candidates of a batch come from one query
by the batch's keys and day range, never from every event of the store; the decisions are kept in a
``Batch`` and written at its end. Counts (mentions, articles, distinct sources) are recomputed from
the mentions of the corpus events a write touched, so they stay right when articles arrive, are
analysed again (their old mentions go first) or are recorded as duplicates (a copy adds mentions,
not events).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable

import duckdb

from newsgraph.arrow_insert import ROWS_VIEW, arrow_table, insert_arrow
from newsgraph.corpus.reports import Report, stored_reports
from newsgraph.corpus.similarity import jaccard, trigger_words



@dataclass(frozen=True)
class LinkSettings:
    """How close two reports must be to count as one event (defaults declared once, here)."""

    window_days: int = 3  # the most days a corpus event's reports may span (plus the span of a coarse date)
    coarsest_days: int = 31  # a report dated less precisely than this (a year) is not linked
    min_overlap: float = 0.2  # the least Jaccard overlap of sentence words (the sides' names left out) that
    # links two reports whose triggers share a word ("met" / "meeting")
    min_overlap_other_words: float = 0.3  # ... that links two reports whose triggers do not ("met" / "held talks")


@dataclass
class Candidate:
    """A corpus event as linking sees it: stored, or started by a report of this batch (``new``)."""

    id: str
    cameo: str
    first_day: date
    last_day: date
    mentions: list[tuple[str, str]]  # (trigger text, context words) of its own (not copied) mentions
    new: bool = False


@dataclass
class Batch:
    """What linking one batch of articles decides, written to the store at the end in a few statements."""

    by_key: dict[str, list[Candidate]] = field(default_factory=dict)  # the candidates of each key, loaded once
    started: dict[str, Report] = field(default_factory=dict)  # new corpus event id -> the report that started it
    mentions: list[tuple[str, Report, float]] = field(default_factory=list)  # (corpus event, report, confidence)
    joined: list[tuple[str, str, float]] = field(default_factory=list)  # (stored event, into event, confidence)


MENTION_COLUMNS = ("corpus_event_id, article_id, event_id, copy_of, copy_origin, source, day, last_day, "
                   "sentence_start, sentence_end, trigger_start, trigger_end, trigger_text, context, confidence")

EVENT_COLUMNS = ("id, dyad_key, cameo, root, quad_class, goldstein, plover, negated, modality, source_code, "
                 "source_name, source_country, source_sector, target_code, target_name, target_country, "
                 "target_sector, place, place_country, latitude, longitude, first_article, first_event, "
                 "first_day, last_day, num_mentions, num_articles, num_sources")

COPIES_SQL = f"""INSERT INTO corpus_event_mentions ({MENTION_COLUMNS})
SELECT m.corpus_event_id, d.article_id, m.event_id, m.article_id, coalesce(d.origin, d.article_id), d.source,
       m.day, m.last_day, m.sentence_start, m.sentence_end, m.trigger_start, m.trigger_end, m.trigger_text,
       m.context, m.confidence
FROM duplicates d JOIN corpus_event_mentions m ON m.article_id = d.canonical_id AND m.copy_of IS NULL
JOIN articles a ON a.id = d.canonical_id
WHERE d.canonical_id IN (SELECT UNNEST(?::VARCHAR[]))
  AND NOT (d.article_id = d.canonical_id AND d.source IS NOT DISTINCT FROM a.source)
  AND NOT EXISTS (SELECT 1 FROM corpus_event_mentions c WHERE c.article_id = d.article_id
                  AND c.event_id = m.event_id AND c.copy_of = m.article_id
                  AND c.copy_origin = coalesce(d.origin, d.article_id))
RETURNING corpus_event_id"""
"""A mention per stored mention of a canonical article for each of its recorded duplicates (a syndicated
copy): the copy's article id and outlet, the canonical article's offsets. The same text read again
from the same outlet (another path of one file) is the same article, not a copy."""

REFRESH_SQL = """UPDATE corpus_events SET num_mentions = m.mentions, num_articles = m.articles,
  num_sources = m.sources, first_day = m.first_day, last_day = m.last_day,
  first_article = m.first_article, first_event = m.first_event
FROM (SELECT corpus_event_id, count(*) AS mentions,
             count(DISTINCT article_id || chr(31) || copy_origin) AS articles,
             count(DISTINCT coalesce(source, 'article:' || article_id)) AS sources,
             min(day) AS first_day, max(last_day) AS last_day,
             arg_min(article_id, (day, copy_origin, article_id, event_id)) AS first_article,
             arg_min(event_id, (day, copy_origin, article_id, event_id)) AS first_event
      FROM corpus_event_mentions WHERE corpus_event_id IN (SELECT UNNEST(?::VARCHAR[]))
      GROUP BY corpus_event_id) AS m
WHERE corpus_events.id = m.corpus_event_id"""
"""Live counts of the corpus events given: mentions, reports (an article or a copy of it from another
origin), distinct outlets (an article without one counts as its own); the first report (earliest day)."""

EMPTIED_SQL = """DELETE FROM corpus_events WHERE id IN (SELECT UNNEST(?::VARCHAR[]))
AND id NOT IN (SELECT corpus_event_id FROM corpus_event_mentions
               WHERE corpus_event_id IN (SELECT UNNEST(?::VARCHAR[])))"""


def link_articles(connection: duckdb.DuckDBPyConnection, article_ids: list[str],
                  settings: LinkSettings = LinkSettings()) -> None:
    """Link the events of the stored articles ``article_ids`` into corpus events, replacing the
    mentions an earlier version of them had; their recorded duplicates get copies of their mentions."""
    if not article_ids:
        return
    touched, relinked = unlink_articles(connection, article_ids)
    refresh_counts(connection, touched)  # an event left without reports goes before the new ones look
    reports = stored_reports(connection, article_ids)
    batch = Batch(stored_candidates(connection, reports, settings))
    for report in reports:
        link_report(connection, batch, report, settings, report.article_id in relinked)
    touched |= write_batch(connection, batch)
    touched.update(row[0] for row in connection.execute(COPIES_SQL, [article_ids]).fetchall())
    refresh_counts(connection, touched)


def link_stored_articles(connection: duckdb.DuckDBPyConnection, settings: LinkSettings = LinkSettings(),
                         batch: int = 500) -> int:
    """Link every stored article, oldest first, in batches (a store upgraded from before corpus events);
    how many articles."""
    ids = [row[0] for row in connection.execute(
        "SELECT id FROM articles ORDER BY published_day NULLS LAST, id").fetchall()]
    for start in range(0, len(ids), batch):
        link_articles(connection, ids[start:start + batch], settings)
    return len(ids)


def link_duplicates(connection: duckdb.DuckDBPyConnection, canonical_ids: list[str]) -> None:
    """Give the corpus events of the canonical articles a mention per recorded duplicate of them."""
    touched = {row[0] for row in connection.execute(COPIES_SQL, [canonical_ids]).fetchall()}
    refresh_counts(connection, touched)


def unlink_articles(connection: duckdb.DuckDBPyConnection, article_ids: list[str]) -> tuple[set[str], set[str]]:
    """Remove the mentions of these articles and the copies of them; the corpus events touched and the
    articles that had mentions (analysed again)."""
    where = ("(article_id IN (SELECT UNNEST(?::VARCHAR[])) AND copy_of IS NULL) "
             "OR copy_of IN (SELECT UNNEST(?::VARCHAR[]))")
    removed = connection.execute(f"DELETE FROM corpus_event_mentions WHERE {where} "
                                 f"RETURNING corpus_event_id, coalesce(copy_of, article_id)",
                                 [article_ids, article_ids]).fetchall()
    return {row[0] for row in removed}, {row[1] for row in removed}


def refresh_counts(connection: duckdb.DuckDBPyConnection, corpus_event_ids: Iterable[str]) -> None:
    """Recount the given corpus events from their mentions; drop those left without any."""
    ids = sorted(set(corpus_event_ids))
    if ids:
        connection.execute(REFRESH_SQL, [ids])
        connection.execute(EMPTIED_SQL, [ids, ids])


def stored_candidates(connection: duckdb.DuckDBPyConnection, reports: list[Report],
                      settings: LinkSettings) -> dict[str, list[Candidate]]:
    """The stored corpus events of the reports' keys whose days come near those of the reports, with
    the trigger and context words of their own mentions: one query per batch, selecting by key and
    day range (never every event of the store)."""
    dated = [report for report in reports if report.day is not None]
    if not dated:
        return {}
    reach = timedelta(days=settings.window_days + settings.coarsest_days)
    rows = connection.execute(
        "SELECT c.dyad_key, c.id, c.cameo, c.first_day, c.last_day, m.trigger_text, m.context FROM corpus_events c "
        "JOIN corpus_event_mentions m ON m.corpus_event_id = c.id AND m.copy_of IS NULL "
        "WHERE c.dyad_key IN (SELECT UNNEST(?::VARCHAR[])) AND c.last_day >= ? AND c.first_day <= ? "
        "ORDER BY c.first_day, c.id",
        [sorted({r.dyad_key for r in dated}), min(r.day for r in dated) - reach,
         max(r.last_day for r in dated) + reach]).fetchall()
    found: dict[str, Candidate] = {}
    by_key: dict[str, list[Candidate]] = {}
    for key, corpus_event_id, cameo, first, last, trigger, context in rows:
        if corpus_event_id not in found:
            found[corpus_event_id] = Candidate(corpus_event_id, cameo, first, last, [])
            by_key.setdefault(key, []).append(found[corpus_event_id])
        found[corpus_event_id].mentions.append((trigger, context))
    return by_key


def link_report(connection: duckdb.DuckDBPyConnection, batch: Batch, report: Report, settings: LinkSettings,
                relinked: bool) -> None:
    """Add ``report`` as a mention of its best matching corpus event, or of a new one. A report that
    matches several joins them into the stored one that began first (the others' ids go)."""
    matches = matching_candidates(report, candidates(batch, report, settings), settings)
    if not matches:
        started = Candidate(new_corpus_event_id(connection, batch, report, relinked), report.cameo, report.day,
                            report.last_day, [], new=True)
        batch.started[started.id] = report
        if report.day is not None:
            batch.by_key.setdefault(report.dyad_key, []).append(started)
        add_mention(batch, started, report, 1.0)
        return
    kept = min(matches, key=lambda match: (match[0].new, match[0].first_day, match[0].id))[0]  # stored ids stay
    for candidate, score in matches:
        if candidate is not kept:
            join_into(batch, report.dyad_key, candidate, kept, round(score, 3))
    add_mention(batch, kept, report, round(max(score for _, score in matches), 3))


def join_into(batch: Batch, key: str, joined: Candidate, kept: Candidate, confidence: float) -> None:
    """Move every mention of ``joined`` to ``kept`` (a report linked both)."""
    batch.by_key[key].remove(joined)
    kept.mentions += joined.mentions
    kept.first_day, kept.last_day = min(kept.first_day, joined.first_day), max(kept.last_day, joined.last_day)
    batch.mentions = [(kept.id if event == joined.id else event, report, min(score, confidence) if event == joined.id
                       else score) for event, report, score in batch.mentions]
    if joined.new:
        batch.started.pop(joined.id)
    else:
        batch.joined.append((joined.id, kept.id, confidence))


def candidates(batch: Batch, report: Report, settings: LinkSettings) -> list[Candidate]:
    """Corpus events of the report's key that, with the report, would span no more than the window
    plus the span of the report's own date (a report dated "in June" may join an event of June 16,
    but an event dated only by a month never draws in the days of that month: events do not grow).
    A report whose date covers more than ``coarsest_days`` ("in 2017") links to nothing."""
    if report.day is None or (report.last_day - report.day).days > settings.coarsest_days:
        return []
    span = settings.window_days + (report.last_day - report.day).days
    return [candidate for candidate in batch.by_key.get(report.dyad_key, [])
            if (max(candidate.last_day, report.last_day) - min(candidate.first_day, report.day)).days <= span]


def matching_candidates(report: Report, found: list[Candidate], settings: LinkSettings
                        ) -> list[tuple[Candidate, float]]:
    """The candidates the report links to, with the confidence of each link (``link_confidence``): one
    of their mentions shares a trigger word and ``min_overlap`` of the sentence words, or, in other
    words ("met" / "held talks"), ``min_overlap_other_words`` of them."""
    words = trigger_words(report.trigger_text)
    matches = []
    for candidate in found:
        overlaps = [(jaccard(report.context, set(context.split())), bool(words & trigger_words(trigger)))
                    for trigger, context in candidate.mentions]
        if any(overlap >= (settings.min_overlap if same_word else settings.min_overlap_other_words)
               for overlap, same_word in overlaps):
            best, same_word = max(overlaps)
            matches.append((candidate, link_confidence(report, candidate, best, same_word, settings)))
    return matches


def link_confidence(report: Report, candidate: Candidate, overlap: float, same_word: bool,
                    settings: LinkSettings) -> float:
    """0.4 for the shared key, + 0.1 for the same full CAMEO code, + 0.1 for closeness in days (1 when
    the date ranges overlap, falling to 0 at the window's edge), + 0.1 for a shared trigger word,
    + 0.3 times the best sentence word overlap (at most 1.0)."""
    gap = max((report.day - candidate.last_day).days, (candidate.first_day - report.last_day).days, 0)
    closeness = max(0.0, 1.0 - gap / (settings.window_days + 1))
    return min(1.0, 0.4 + 0.1 * (report.cameo == candidate.cameo) + 0.1 * closeness + 0.1 * same_word
               + 0.3 * overlap)


def corpus_event_id(article_id: str, event_id: str, attempt: int = 0) -> str:
    """The id of a corpus event, from the report that started it: the same on every re-run. A report
    analysed again that no longer reads like the others of the event it started (which keeps its id)
    starts another one: ``attempt`` 1, 2, ..."""
    key = f"{article_id}:{event_id}" + (f":{attempt}" if attempt else "")
    return "ce" + hashlib.sha1(key.encode()).hexdigest()[:16]


def new_corpus_event_id(connection: duckdb.DuckDBPyConnection, batch: Batch, report: Report, relinked: bool) -> str:
    """The id of the corpus event the report starts; only a report analysed again can find it taken."""
    attempt = 0
    while True:
        candidate = corpus_event_id(report.article_id, report.event_id, attempt)
        taken = candidate in batch.started or (relinked and connection.execute(
            "SELECT count(*) FROM corpus_events WHERE id = ?", [candidate]).fetchone()[0])
        if not taken:
            return candidate
        attempt += 1


def add_mention(batch: Batch, event: Candidate, report: Report, confidence: float) -> None:
    batch.mentions.append((event.id, report, confidence))
    event.mentions.append((report.trigger_text, " ".join(sorted(report.context))))
    if report.day is not None:  # the next report of the batch sees this one's days
        event.first_day = min(event.first_day, report.day) if event.first_day else report.day
        event.last_day = max(event.last_day, report.last_day) if event.last_day else report.last_day


def write_batch(connection: duckdb.DuckDBPyConnection, batch: Batch) -> set[str]:
    """Write what the batch decided: joined events, new events, new mentions; the events touched."""
    for joined, kept, confidence in batch.joined:  # rare: a report that linked two stored events
        connection.execute("UPDATE corpus_event_mentions SET corpus_event_id = ?, confidence = least(confidence, ?) "
                           "WHERE corpus_event_id = ?", [kept, confidence, joined])
        connection.execute("DELETE FROM corpus_events WHERE id = ?", [joined])
    insert_columns(connection, "corpus_events", EVENT_COLUMNS,
                   [event_row(event_id, report) for event_id, report in batch.started.items()])
    insert_columns(connection, "corpus_event_mentions", MENTION_COLUMNS,
                   [mention_row(event_id, report, confidence) for event_id, report, confidence in batch.mentions])
    return {event_id for event_id, _, _ in batch.mentions}


def insert_columns(connection: duckdb.DuckDBPyConnection, table: str, columns: str, rows: list[tuple]) -> None:
    """Insert many rows in one statement, as one Arrow table with a column per name (typed by the table)."""
    if not rows:
        return
    types = dict(connection.execute(f"SELECT column_name, data_type FROM information_schema.columns "
                                    f"WHERE table_name = ?", [table]).fetchall())
    typed = [(name.strip(), types[name.strip()]) for name in columns.split(",")]
    insert_arrow(connection, arrow_table(typed, rows), f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {ROWS_VIEW}")


def event_row(event_id: str, report: Report) -> tuple:
    """A new corpus event with the report's codes, sides and place; its counts are set by refresh_counts."""
    actor, target = report.actor, report.target
    return (event_id, report.dyad_key, report.cameo, report.root, report.quad_class, report.goldstein, report.plover,
            report.negated, report.modality, actor.code, actor.name, actor.country, actor.sector, target.code,
            target.name, target.country, target.sector, *report.place, report.article_id, report.event_id,
            report.day, report.last_day, 1, 1, 1)


def mention_row(event_id: str, report: Report, confidence: float) -> tuple:
    return (event_id, report.article_id, report.event_id, None, "", report.source, report.day, report.last_day,
            *report.sentence, *report.trigger, report.trigger_text, " ".join(sorted(report.context)), confidence)
