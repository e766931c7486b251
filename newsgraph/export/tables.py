"""The store's tables as files: Parquet of every table (one file per table), and the events with their
actors as CSV or JSON Lines (one row per coded event of an article, with its corpus event)."""
from __future__ import annotations

import csv
import json
import os
from datetime import date, datetime
from typing import TextIO

import duckdb
from pyarrow import parquet

from newsgraph.errors import ExportError
from newsgraph.export.lines import BATCH_ROWS
from newsgraph.store.schema import quoted

PARQUET_BATCH_ROWS = 100_000

EVENTS_WITH_ACTORS_SQL = """WITH sides AS (
  SELECT article_id, event_id, role, string_agg(name, '; ' ORDER BY position) AS names,
         string_agg(coalesce(code, ''), '; ' ORDER BY position) AS codes
  FROM event_actors GROUP BY article_id, event_id, role)
SELECT e.article_id, e.id AS event_id, m.corpus_event_id, coalesce(e.day, a.published_day) AS day, e.date,
       e.date_precision, s.names AS source, s.codes AS source_codes, t.names AS target, t.codes AS target_codes,
       e.cameo, e.root, e.quad_class, e.goldstein, e.plover, e.negated, e.modality, e.text AS trigger,
       e.trigger_start, e.trigger_end, e.sentence_start, e.sentence_end, e.place, e.place_country, e.latitude,
       e.longitude, e.rule, a.title, a.source AS outlet, a.url
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN sides s ON s.article_id = e.article_id AND s.event_id = e.id AND s.role = 'source'
LEFT JOIN sides t ON t.article_id = e.article_id AND t.event_id = e.id AND t.role = 'target'
LEFT JOIN corpus_event_mentions m ON m.article_id = e.article_id AND m.event_id = e.id AND m.copy_of IS NULL
ORDER BY day NULLS LAST, e.article_id, e.position"""
"""Every coded event with its sides (names and codes in order, ``; ``-joined), its article and its
corpus event (empty for an event of two uncoded actors, which is linked to none)."""


def events_cursor(connection: duckdb.DuckDBPyConnection) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    cursor = connection.execute(EVENTS_WITH_ACTORS_SQL)
    return cursor, [description[0] for description in cursor.description]


def write_events_csv(connection: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    """The events with their actors as CSV with a header row; how many rows."""
    cursor, names = events_cursor(connection)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    written = 0
    while rows := cursor.fetchmany(BATCH_ROWS):
        writer.writerows(rows)
        written += len(rows)
    return written


def json_value(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def write_events_jsonl(connection: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    """The events with their actors, one JSON object per line; how many."""
    cursor, names = events_cursor(connection)
    written = 0
    while rows := cursor.fetchmany(BATCH_ROWS):
        out.write("".join(json.dumps({name: json_value(value) for name, value in zip(names, row)},
                                     ensure_ascii=False) + "\n" for row in rows))
        written += len(rows)
    return written


def write_parquet(connection: duckdb.DuckDBPyConnection, folder: str) -> int:
    """Every table of the store as ``folder/TABLE.parquet`` (the folder is made if missing), streamed
    through Arrow batches (no path is ever put into SQL); the rows written."""
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot write to {folder}: {error.strerror}") from None
    return sum(write_table_parquet(connection, table, os.path.join(folder, f"{table}.parquet"))
               for table in store_tables(connection))


def store_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table of the store (newsgraph's, ``schema_version``, and any a later version adds)."""
    rows = connection.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                              "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()
    return [row[0] for row in rows]


def write_table_parquet(connection: duckdb.DuckDBPyConnection, table: str, path: str) -> int:
    batches = connection.sql(f"SELECT * FROM {quoted(table)}").to_arrow_reader(PARQUET_BATCH_ROWS)
    written = 0
    try:
        with parquet.ParquetWriter(path, batches.schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
                written += batch.num_rows
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    return written
