"""Batched writes and key lookups of the store: rows go to DuckDB as Arrow tables inserted by one
``INSERT ... SELECT`` per table; rows recorded once (failures, duplicates, skips) by one statement that
returns the keys it added; stored ids looked up by the primary key in chunks."""
from __future__ import annotations

from typing import Iterator

import duckdb

from newsgraph.arrow_insert import ROWS_VIEW, arrow_table, insert_arrow
from newsgraph.store.schema import quoted, written_columns

LOOKUP_CHUNK = 1000  # ids per key lookup: below DuckDB's index_scan_max_count (2048), so an index scan


def insert_sql(table: str, keep_existing: bool = False) -> str:
    """One statement that inserts the rows of the Arrow table ``ROWS_VIEW`` (a column per written column);
    ``keep_existing``: a row whose key (primary or unique) is already there is left out."""
    names = ", ".join(quoted(name) for name, _ in written_columns(table))
    return (f"INSERT INTO {quoted(table)} ({names}) SELECT {names} FROM {ROWS_VIEW}"
            + (" ON CONFLICT DO NOTHING" if keep_existing else ""))


def insert_rows(connection: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], keep_existing: bool = False
                ) -> None:
    """``rows`` (tuples in the order of ``written_columns(table)``) into ``table``, as one Arrow table."""
    if rows:
        insert_arrow(connection, arrow_table(written_columns(table), rows), insert_sql(table, keep_existing))


def insert_once_sql(table: str, key: tuple[str, ...]) -> str:
    """One statement that inserts the rows (one list parameter per written column) whose ``key`` is not
    in the table yet (nulls equal), returning the key of each row added."""
    names = [quoted(name) for name, _ in written_columns(table)]
    values = ", ".join(f"UNNEST(?::{kind}[]) AS {quoted(name)}" for name, kind in written_columns(table))
    same = " AND ".join(f"old.{quoted(c)} IS NOT DISTINCT FROM new.{quoted(c)}" for c in key)
    return (f"INSERT INTO {quoted(table)} ({', '.join(names)}) SELECT {', '.join(names)} FROM (SELECT {values}) AS new "
            f"WHERE NOT EXISTS (SELECT 1 FROM {quoted(table)} AS old WHERE {same}) "
            f"RETURNING {', '.join(quoted(c) for c in key)}")


def first_of_each_key(rows: list[tuple], key_of) -> tuple[list[tuple], list[bool]]:
    """The rows whose key is not seen earlier in the list, and for each row whether it is one of them."""
    seen: set = set()
    first = []
    for row in rows:
        first.append(key_of(row) not in seen)
        seen.add(key_of(row))
    return [row for row, keep in zip(rows, first) if keep], first


def added_flags(rows: list[tuple], first: list[bool], key_of, added: list[tuple]) -> list[bool]:
    """For each row: True if it is the first of its key and the database returned its key as added."""
    added_keys = set(added)
    return [keep and key_of(row) in added_keys for row, keep in zip(rows, first)]


def id_chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), LOOKUP_CHUNK):
        yield ids[start:start + LOOKUP_CHUNK]


def marks(values: list) -> str:
    """``?, ?, ?`` for a list of values given as parameters (never as SQL text)."""
    return ", ".join("?" for _ in values)


def stored_ids_sql(ids: list[str]) -> str:
    """Which of ``ids`` are stored: an index scan of the primary key when DuckDB runs it (up to 2048 ids)."""
    return f"SELECT id FROM articles WHERE id IN ({marks(ids)})"
