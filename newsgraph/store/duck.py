"""The DuckDB store: save analysed articles, record failures, load articles back.

Writes are columnar: each table's rows of a save go in as one ``INSERT ... SELECT UNNEST(?)``
statement (one round trip per table, not per row or field), inside one transaction per save.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import astuple
from typing import Iterable, Iterator, Optional

import duckdb

from newsgraph.errors import StoreError, StoreNotFound
from newsgraph.model import Article, Duplicate, Failure, Skipped
from newsgraph.store import rows as records
from newsgraph.store.queries import EventRow, event_rows
from newsgraph.store.schema import (ARTICLE_TABLES, SCHEMA_VERSION, TABLES, migrate, quoted, stored_version,
                                    written_columns)

IN_MEMORY = ":memory:"
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def insert_sql(table: str) -> str:
    """One statement that inserts many rows given as one list parameter per column."""
    columns = written_columns(table)
    names = ", ".join(quoted(name) for name, _ in columns)
    values = ", ".join(f"UNNEST(?::{kind}[])" for _, kind in columns)
    return f"INSERT INTO {quoted(table)} ({names}) SELECT {values}"


def insert_rows(connection: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if rows:
        connection.execute(insert_sql(table), [list(column) for column in zip(*rows)])


def fetch_dicts(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list) -> list[dict]:
    cursor = connection.execute(sql, parameters)
    names = [description[0] for description in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def open_connection(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``path``, or StoreError with a reason a person can act on."""
    folder = os.path.dirname(os.path.abspath(path))
    if path != IN_MEMORY and not os.path.isdir(folder):
        raise StoreError(f"cannot create the store {path}: the folder {folder} does not exist")
    try:
        return duckdb.connect(path, read_only=read_only)
    except duckdb.Error as error:
        raise StoreError(store_error_reason(path, error)) from None


def store_error_reason(path: str, error: Exception) -> str:
    """One line for a DuckDB error on opening ``path``: not a store, locked (by whom), or DuckDB's words."""
    message = " ".join(str(error).split())
    holder = LOCK_HOLDER.search(message)
    if holder:
        return (f"the store {path} is in use by process {holder['pid']} ({holder['program']}): one process at a "
                f"time can write to a store; wait for it to finish or give another --db. Read commands "
                f"(newsgraph events) open a store read-only and can share it with other readers, not with a writer")
    if "not a valid DuckDB database" in message:
        return f"{path} is not a newsgraph store (not a DuckDB file); give another --db"
    return f"cannot open the store {path}: {message.removeprefix('IO Error: ')}"


def upgrade_for_reading(path: str) -> None:
    """Bring an older store up to the current schema before it is opened read-only; a DuckDB file
    without newsgraph's tables is refused rather than changed."""
    version = stored_version(path)
    if version == 0:
        raise StoreError(f"{path} is a DuckDB file but not a newsgraph store; give another --db")
    if version < SCHEMA_VERSION:
        Store(path).close()


class Store:
    """A DuckDB file (or ``":memory:"``) of articles, their records and the failures of a run."""

    def __init__(self, path: str = IN_MEMORY, read_only: bool = False) -> None:
        """Open (and, unless ``read_only``, create or upgrade) the store at ``path``. A read-only
        store must exist; it can be shared with other read-only processes. Raises StoreError with a
        one-line reason when the file cannot be opened."""
        self.path = path
        if read_only:
            upgrade_for_reading(path)
        self.connection = open_connection(path, read_only)
        self.version = SCHEMA_VERSION if read_only else migrate(self.connection)

    @classmethod
    def for_reading(cls, path: str) -> "Store":
        """An existing store opened read-only (StoreNotFound if there is none at ``path``)."""
        if path != IN_MEMORY and not os.path.exists(path):
            raise StoreNotFound(f"no store at {path}: analyse something into it first "
                                f"(newsgraph analyze ... --db {path}), or give the right --db")
        return cls(path, read_only=True)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Commit what the block writes, or roll all of it back if the block raises."""
        self.connection.begin()
        try:
            yield self.connection
        except BaseException:
            self.connection.rollback()
            raise
        self.connection.commit()

    def save(self, article: Article) -> bool:
        """Store ``article`` and its records, replacing any earlier version; True if it is new."""
        return self.save_many([article])[0]

    def save_many(self, articles: Iterable[Article]) -> list[bool]:
        """Store many articles in one transaction (all or none); for each, True if it is new.

        An id given twice keeps its last version."""
        latest = {article.id: article for article in articles}
        table_rows: records.Rows = {table: [] for table in TABLES}
        for article in latest.values():
            records.article_rows(article, table_rows)
        ids = list(latest)
        with self.transaction() as connection:
            existing = self._existing(ids)
            if existing:
                self._delete(list(existing))
            for table in ["articles", *ARTICLE_TABLES]:
                insert_rows(connection, table, table_rows[table])
        return [article_id not in existing for article_id in ids]

    def _existing(self, ids: list[str]) -> set[str]:
        found = self.connection.execute("SELECT id FROM articles WHERE list_contains(?::VARCHAR[], id)", [ids])
        return {row[0] for row in found.fetchall()}

    def _delete(self, ids: list[str]) -> None:
        for table in ARTICLE_TABLES:
            self.connection.execute(f"DELETE FROM {quoted(table)} WHERE list_contains(?::VARCHAR[], article_id)",
                                    [ids])
        self.connection.execute("DELETE FROM articles WHERE list_contains(?::VARCHAR[], id)", [ids])

    def record_failure(self, failure: Failure) -> bool:
        """Record ``failure`` unless the same (path, record, stage, reason) is there; True if added."""
        key = [failure.path, failure.record, failure.stage, failure.reason]
        with self.transaction() as connection:
            added = connection.execute(
                "INSERT INTO failures (path, record, stage, reason) SELECT ?, ?, ?, ? WHERE NOT EXISTS ("
                "SELECT 1 FROM failures WHERE path = ? AND record IS NOT DISTINCT FROM ? AND stage = ? AND reason = ?)"
                " RETURNING 1", key + key).fetchall()
        return bool(added)

    def record_duplicate(self, duplicate: Duplicate) -> bool:
        """Link a duplicate article to its canonical one (once per origin); True if added."""
        return self._insert_once("duplicates", astuple(duplicate), ("article_id", "canonical_id", "origin"))

    def record_skipped(self, skipped: Skipped) -> bool:
        """Record an article left out on purpose (once per origin); True if added."""
        return self._insert_once("skipped", astuple(skipped), ("article_id", "origin"))

    def _insert_once(self, table: str, values: tuple, key: tuple[str, ...]) -> bool:
        columns = [name for name, _ in written_columns(table)]
        names = ", ".join(quoted(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        same = " AND ".join(f"{quoted(c)} IS NOT DISTINCT FROM ?" for c in key)
        key_values = [values[columns.index(c)] for c in key]
        with self.transaction() as connection:
            added = connection.execute(
                f"INSERT INTO {quoted(table)} ({names}) SELECT {marks} WHERE NOT EXISTS ("
                f"SELECT 1 FROM {quoted(table)} WHERE {same}) RETURNING 1", list(values) + key_values).fetchall()
        return bool(added)

    def duplicates(self) -> list[Duplicate]:
        found = self.connection.execute(
            "SELECT article_id, canonical_id, kind, similarity, origin, source, title FROM duplicates ORDER BY rowid")
        return [Duplicate(*row) for row in found.fetchall()]

    def events(self, include_unasserted: bool = False, actor: Optional[str] = None,
               limit: int = 1000) -> list[EventRow]:
        """Coded events, asserted ones only unless ``include_unasserted`` (see store/queries.py)."""
        return event_rows(self.connection, include_unasserted, actor, limit)

    def stories(self) -> dict[str, tuple[int, int]]:
        """Canonical article id -> (articles that carried the story, distinct sources among them)."""
        rows = self.connection.execute("SELECT canonical_id, articles, sources FROM stories").fetchall()
        return {canonical: (articles, sources) for canonical, articles, sources in rows}

    def known_texts(self) -> Iterator[tuple[str, str, Optional[str]]]:
        """(id, text, source) of every stored article, for preloading duplicate detection."""
        cursor = self.connection.execute("SELECT id, text, source FROM articles ORDER BY id")
        while rows := cursor.fetchmany(1000):
            yield from rows

    def failures(self) -> list[Failure]:
        """Every recorded failure, first seen first."""
        found = self.connection.execute("SELECT path, reason, record, stage FROM failures ORDER BY first_seen, rowid")
        return [Failure(*row) for row in found.fetchall()]

    def load_article(self, article_id: str) -> Optional[Article]:
        """The stored article with all its records, or None if no article has this id."""
        tables = {"articles": fetch_dicts(self.connection, "SELECT * FROM articles WHERE id = ?", [article_id])}
        if not tables["articles"]:
            return None
        for table in ARTICLE_TABLES:
            tables[table] = fetch_dicts(
                self.connection, f"SELECT * FROM {quoted(table)} WHERE article_id = ? ORDER BY position", [article_id])
        return records.article_from_rows(tables)

    def article_ids(self) -> list[str]:
        """The ids of every stored article, sorted."""
        return [row[0] for row in self.connection.execute("SELECT id FROM articles ORDER BY id").fetchall()]

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {table: self.connection.execute(f"SELECT count(*) FROM {quoted(table)}").fetchone()[0]
                for table in TABLES}
