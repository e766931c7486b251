"""The store's ledger of failures: recording a failure once, and marking resolved the failures of records
read again (the statements ``Store.record_failures`` and ``Store.record_reads`` run, and what they are
given)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from newsgraph.store.schema import FAILURE_ORIGIN_SQL

JSONL_ID_MARK = "#ID="  # a JSON Lines origin with the record's own id: path:line#ID=value (ingest/jsonl.py)

REOPEN_FAILURES_SQL = """UPDATE failures SET resolved_by_run = NULL, resolved_at = NULL
FROM (SELECT UNNEST(?::VARCHAR[]) AS path, UNNEST(?::VARCHAR[]) AS record, UNNEST(?::VARCHAR[]) AS stage,
             UNNEST(?::VARCHAR[]) AS reason) AS new
WHERE failures.path = new.path AND failures.record IS NOT DISTINCT FROM new.record AND failures.stage = new.stage
  AND failures.reason = new.reason"""
"""Failures recorded again count as failing again: no longer resolved."""

ADD_FAILURES_SQL = f"""INSERT INTO failures (path, record, stage, reason, run_id, origin)
SELECT path, record, stage, reason, run_id, {FAILURE_ORIGIN_SQL}
FROM (SELECT UNNEST(?::VARCHAR[]) AS path, UNNEST(?::VARCHAR[]) AS record, UNNEST(?::VARCHAR[]) AS stage,
             UNNEST(?::VARCHAR[]) AS reason, UNNEST(?::INTEGER[]) AS run_id) AS new
WHERE NOT EXISTS (SELECT 1 FROM failures AS old WHERE old.path = new.path AND old.record IS NOT DISTINCT FROM
                  new.record AND old.stage = new.stage AND old.reason = new.reason)
RETURNING path, record, stage, reason"""
"""Add the failures not recorded yet (the same path, record, stage and reason: once)."""

RESOLVE_SQL = """UPDATE failures SET resolved_by_run = ?, resolved_at = current_timestamp
WHERE resolved_at IS NULL AND (
  origin IN (SELECT UNNEST(?::VARCHAR[]))
  OR (stage <> 'ingest' AND record IN (SELECT UNNEST(?::VARCHAR[])))
  OR (record IS NULL AND stage = 'ingest' AND path IN (SELECT UNNEST(?::VARCHAR[]))))
RETURNING 1"""
"""Mark resolved the failures of records now read: the same origin (a JSON Lines origin also without its
id), a stage failure of the same article, or a whole-file failure of the file now read record by record
(its path is the origin up to a ``:``, ``#``, ``@`` or ``!``). Three hash joins against the reads, not a
comparison of every failure with every read."""
RECORD_MARKS = ":#@!"  # what follows the path in the origin of a record: line, feed entry, WARC offset, member


def resolve_parameters(reads: list["Read"]) -> list[list[str]]:
    """The parameters of ``RESOLVE_SQL`` for ``reads``: their origins (also without a JSON Lines id), the
    articles read with the same text, and every path an origin can start with (before a record mark)."""
    origins = {read.origin or "" for read in reads} | {read.origin.split(JSONL_ID_MARK)[0] for read in reads if read.origin}
    same_text = {read.article_id for read in reads if read.same_text}
    paths = {read.origin[:i] for read in reads if read.origin for i, c in enumerate(read.origin) if c in RECORD_MARKS}
    return [sorted(origins), sorted(same_text), sorted(paths)]


@dataclass
class Read:
    """A record read without failing: stored, already stored, a duplicate or left out on purpose.
    ``same_text``: the article ``article_id`` has exactly this text (its origins keep this one)."""

    article_id: str
    origin: Optional[str]
    same_text: bool = True
