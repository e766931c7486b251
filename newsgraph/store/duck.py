"""The DuckDB store: save analysed articles, record failures, load articles back.

Writes are columnar: each table's rows of a save go in as one ``INSERT ... SELECT UNNEST(?)``
statement (one round trip per table, not per row or field), inside one transaction per save.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from typing import Iterable, Iterator, Optional

import duckdb

from newsgraph.corpus import CORPUS_SCHEMA_VERSION, LinkSettings, link_articles, link_duplicates, link_stored_articles
from newsgraph.errors import StoreError, StoreNotFound
from newsgraph.model import Article, Duplicate, Failure, Skipped
from newsgraph.store import rows as records
from newsgraph.store.filters import EventFilter
from newsgraph.store.queries import EventRow, event_rows
from newsgraph.store.schema import (ARTICLE_TABLES, FAILURE_ORIGIN_SQL, RUN_COUNTS, SCHEMA_VERSION, TABLES, migrate,
                                    quoted, stored_version, written_columns)

IN_MEMORY = ":memory:"
JSONL_ID_MARK = "#ID="  # a JSON Lines origin with the record's own id: path:line#ID=value (ingest/jsonl.py)

ORIGINS_SQL = ("INSERT INTO origins (article_id, origin, run_id) SELECT UNNEST(?::VARCHAR[]), UNNEST(?::VARCHAR[]), "
               "UNNEST(?::INTEGER[]) ON CONFLICT DO NOTHING")

RESOLVE_SQL = """UPDATE failures SET resolved_by_run = ?, resolved_at = current_timestamp
FROM (SELECT UNNEST(?::VARCHAR[]) AS article_id, UNNEST(?::VARCHAR[]) AS origin,
             UNNEST(?::VARCHAR[]) AS record_origin, UNNEST(?::BOOLEAN[]) AS same_text) AS done
WHERE failures.resolved_at IS NULL AND (
  failures.origin = done.origin OR failures.origin = done.record_origin
  OR (done.same_text AND failures.stage <> 'ingest' AND failures.record = done.article_id)
  OR (failures.record IS NULL AND failures.stage = 'ingest' AND done.origin <> '' AND starts_with(done.origin, failures.path)
      AND substr(done.origin, length(failures.path) + 1, 1) IN (':', '#', '@', '!')))
RETURNING 1"""
"""Mark resolved the failures of records now read: the same origin (a JSON Lines origin also without its
id), a stage failure of the same article, or a whole-file failure of the file now read record by record."""


@dataclass
class Read:
    """A record read without failing: stored, already stored, a duplicate or left out on purpose.
    ``same_text``: the article ``article_id`` has exactly this text (its origins keep this one)."""

    article_id: str
    origin: Optional[str]
    same_text: bool = True
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


def load_article(connection: duckdb.DuckDBPyConnection, article_id: str) -> Optional[Article]:
    """The stored article with all its records, or None if no article has this id (a function of a
    connection, so that a server can ask it on one cursor per request)."""
    tables = {"articles": fetch_dicts(connection, "SELECT * FROM articles WHERE id = ?", [article_id])}
    if not tables["articles"]:
        return None
    for table in ARTICLE_TABLES:
        order = " ORDER BY position" if any(name == "position" for name, _, _ in TABLES[table]) else ""
        tables[table] = fetch_dicts(connection, f"SELECT * FROM {quoted(table)} WHERE article_id = ?{order}", [article_id])
    return records.article_from_rows(tables)


class Store:
    """A DuckDB file (or ``":memory:"``) of articles, their records and the failures of a run."""

    def __init__(self, path: str = IN_MEMORY, read_only: bool = False, linking: LinkSettings = LinkSettings()) -> None:
        """Open (and, unless ``read_only``, create or upgrade) the store at ``path``. A read-only
        store must exist; it can be shared with other read-only processes. Raises StoreError with a
        one-line reason when the file cannot be opened. ``linking``: how reports become corpus events."""
        self.path, self.linking = path, linking
        if read_only:
            upgrade_for_reading(path)
        before = SCHEMA_VERSION if read_only or path == IN_MEMORY else stored_version(path)
        self.connection = open_connection(path, read_only)
        self.version = SCHEMA_VERSION if read_only else migrate(self.connection)
        if 0 < before < CORPUS_SCHEMA_VERSION:  # an older store: its articles become corpus events once
            with self.transaction() as connection:
                link_stored_articles(connection, linking)

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

    def save(self, article: Article, run_id: Optional[int] = None) -> bool:
        """Store ``article`` and its records, replacing any earlier version; True if it is new."""
        return self.save_many([article], run_id)[0]

    def save_many(self, articles: Iterable[Article], run_id: Optional[int] = None) -> list[bool]:
        """Store many articles in one transaction (all or none); for each, True if it is new.

        An id given twice keeps its last version; ``origins`` keeps every origin."""
        articles = list(articles)
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
            origins = list(dict.fromkeys((a.id, a.origin, run_id) for a in articles if a.origin))
            if origins:
                connection.execute(ORIGINS_SQL, [list(column) for column in zip(*origins)])
            link_articles(connection, ids, self.linking)  # corpus events (newsgraph/corpus)
        return [article_id not in existing for article_id in ids]

    def _existing(self, ids: list[str]) -> set[str]:
        found = self.connection.execute("SELECT id FROM articles WHERE list_contains(?::VARCHAR[], id)", [ids])
        return {row[0] for row in found.fetchall()}

    def _delete(self, ids: list[str]) -> None:
        for table in ARTICLE_TABLES:
            self.connection.execute(f"DELETE FROM {quoted(table)} WHERE list_contains(?::VARCHAR[], article_id)",
                                    [ids])
        self.connection.execute("DELETE FROM articles WHERE list_contains(?::VARCHAR[], id)", [ids])

    def record_failure(self, failure: Failure, run_id: Optional[int] = None) -> bool:
        """Record ``failure`` unless the same (path, record, stage, reason) is there, in which case it
        counts as failing again (no longer resolved); True if added."""
        key = [failure.path, failure.record, failure.stage, failure.reason]
        same = "path = ? AND record IS NOT DISTINCT FROM ? AND stage = ? AND reason = ?"
        with self.transaction() as connection:
            connection.execute(f"UPDATE failures SET resolved_by_run = NULL, resolved_at = NULL WHERE {same}", key)
            added = connection.execute(
                f"INSERT INTO failures (path, record, stage, reason, run_id, origin) "
                f"SELECT path, record, stage, reason, run_id, {FAILURE_ORIGIN_SQL} FROM (SELECT ? AS path, "
                f"?::VARCHAR AS record, ? AS stage, ? AS reason, ?::INTEGER AS run_id) "
                f"WHERE NOT EXISTS (SELECT 1 FROM failures WHERE {same}) RETURNING 1", key + [run_id] + key).fetchall()
        return bool(added)

    def record_reads(self, reads: list[Read], run_id: Optional[int] = None) -> int:
        """Note records read without failing: each keeps its origin among the article's ``origins``
        (when ``same_text``), and earlier failures of the same record are marked resolved by ``run_id``;
        how many failures were resolved."""
        if not reads:
            return 0
        kept = [(read.article_id, read.origin, run_id) for read in reads if read.same_text and read.origin]
        columns = [[read.article_id for read in reads], [read.origin or "" for read in reads],
                   [read.origin.split(JSONL_ID_MARK)[0] if read.origin else "" for read in reads],
                   [read.same_text for read in reads]]
        with self.transaction() as connection:
            if kept:
                connection.execute(ORIGINS_SQL, [list(column) for column in zip(*kept)])
            resolved = connection.execute(RESOLVE_SQL, [run_id, *columns]).fetchall()
        return len(resolved)

    def start_run(self, command: str, inputs: list[str], settings: str, version: str) -> int:
        """Record the start of a run (its command, inputs, settings as JSON, newsgraph version); its id."""
        with self.transaction() as connection:
            return connection.execute(
                "INSERT INTO runs (id, command, inputs, settings, newsgraph_version) "
                "SELECT coalesce(max(id), 0) + 1, ?, ?, ?, ? FROM runs RETURNING id",
                [command, inputs, settings, version]).fetchone()[0]

    def finish_run(self, run_id: int, counts: dict[str, int], exit_code: int) -> None:
        """Record the end of run ``run_id``: its counts (``schema.RUN_COUNTS``) and exit code."""
        names = [name for name in RUN_COUNTS if name in counts]
        assignments = ", ".join(f"{quoted(name)} = ?" for name in names)
        with self.transaction() as connection:
            connection.execute(f"UPDATE runs SET finished = current_timestamp, exit_code = ?, {assignments} "
                               f"WHERE id = ?", [exit_code, *(counts[name] for name in names), run_id])

    def runs(self) -> list[dict]:
        """Every recorded run, oldest first, as a dict of its columns."""
        return fetch_dicts(self.connection, "SELECT * FROM runs ORDER BY id", [])

    def origins(self, article_id: str) -> list[str]:
        """Every origin the article's text was read from, first seen first."""
        found = self.connection.execute(
            "SELECT origin FROM origins WHERE article_id = ? ORDER BY first_seen, rowid", [article_id])
        return [row[0] for row in found.fetchall()]

    def record_duplicate(self, duplicate: Duplicate) -> bool:
        """Link a duplicate article to its canonical one (once per origin), which adds a mention to the
        corpus events of the canonical one; True if added."""
        added = self._insert_once("duplicates", astuple(duplicate), ("article_id", "canonical_id", "origin"))
        with self.transaction() as connection:
            link_duplicates(connection, [duplicate.canonical_id])  # a copy adds mentions, not events
        return added

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
               limit: int = 1000, criteria: Optional[EventFilter] = None) -> list[EventRow]:
        """Coded events, newest first, asserted ones only unless ``include_unasserted``; ``criteria``
        (store/filters.py) picks by actors, codes, categories and days (see store/queries.py)."""
        return event_rows(self.connection, include_unasserted, actor, limit, criteria)

    def stories(self) -> dict[str, tuple[int, int]]:
        """Canonical article id -> (articles that carried the story, distinct sources among them)."""
        rows = self.connection.execute("SELECT canonical_id, articles, sources FROM stories").fetchall()
        return {canonical: (articles, sources) for canonical, articles, sources in rows}

    def known_texts(self) -> Iterator[tuple[str, str, Optional[str]]]:
        """(id, text, source) of every stored article, for preloading duplicate detection."""
        cursor = self.connection.execute("SELECT id, text, source FROM articles ORDER BY id")
        while rows := cursor.fetchmany(1000):
            yield from rows

    def failures(self, include_resolved: bool = False) -> list[Failure]:
        """The recorded failures, first seen first: those still failing, or all of them with
        ``include_resolved`` (a later run read the record of a resolved one)."""
        where = "" if include_resolved else "WHERE resolved_by_run IS NULL AND resolved_at IS NULL"
        found = self.connection.execute(f"SELECT path, reason, record, stage FROM failures {where} "
                                        f"ORDER BY first_seen, rowid")
        return [Failure(*row) for row in found.fetchall()]

    def load_article(self, article_id: str) -> Optional[Article]:
        """The stored article with all its records, or None if no article has this id."""
        return load_article(self.connection, article_id)

    def article_ids(self) -> list[str]:
        """The ids of every stored article, sorted."""
        return [row[0] for row in self.connection.execute("SELECT id FROM articles ORDER BY id").fetchall()]

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {table: self.connection.execute(f"SELECT count(*) FROM {quoted(table)}").fetchone()[0]
                for table in TABLES}
