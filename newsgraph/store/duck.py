"""The DuckDB store: save analysed articles, record failures, load articles back.

Writes are columnar: each table's rows of a save become one Arrow table (a typed array per column,
``arrow_insert.ARROW_TYPES``) inserted by one ``INSERT ... SELECT`` (one round trip per table, not per row or field;
twice as fast as passing Python lists to ``UNNEST(?)``), inside one transaction per save; failures,
duplicates and skipped inputs go in one statement per batch.

Nothing on the write path scans a whole table per record: stored ids are looked up in the primary key
of ``articles`` (``id IN (?, ...)``, an index scan in DuckDB's plan, at most ``LOOKUP_CHUNK`` ids per
statement); inserting failures, duplicates and skips once is an anti-join of the batch against the table
(one hash join per batch), and so is resolving the failures of records read again (``failures.RESOLVE_SQL``).
Replacing an article (``--reanalyse``) deletes its records with a hash
semi-join per table of records, which reads the tables' ``article_id`` column once per batch.
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from dataclasses import astuple
from typing import Iterable, Iterator, Optional, Sequence

import duckdb

from newsgraph.corpus import CORPUS_SCHEMA_VERSION, LinkSettings, link_articles, link_duplicates, link_stored_articles
from newsgraph.errors import StoreError, StoreNotFound
from newsgraph.ingest.dedup import FingerprintRow
from newsgraph.model import Article, Duplicate, Failure, Skipped
from newsgraph.settings import memory_bytes
from newsgraph.store import rows as records
from newsgraph.store.failures import ADD_FAILURES_SQL, REOPEN_FAILURES_SQL, RESOLVE_SQL, Read, resolve_parameters
from newsgraph.store.filters import EventFilter
from newsgraph.store.memory import STORE_MEMORY_SHARE, again_under_a_higher_limit, memory_ceiling, stored_bytes
from newsgraph.store.queries import EventRow, event_rows
from newsgraph.store.schema import (ARTICLE_TABLES, RUN_COUNTS, SCHEMA_VERSION, TABLES, migrate, quoted, stored_version,
                                    written_columns)
from newsgraph.store.writes import (added_flags, first_of_each_key, id_chunks, insert_once_sql, insert_rows, marks,
                                    stored_ids_sql)

IN_MEMORY = ":memory:"
CHECKPOINT_THRESHOLD = "256MB"  # WAL size that makes DuckDB write it into the file (default 16MB): see open_connection
RUN_CHECKPOINT_THRESHOLD = "32MB"  # the same during an analyse run (Store.checkpoint_every): see there
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


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
        connection = duckdb.connect(path, read_only=read_only)
    except duckdb.Error as error:
        raise StoreError(store_error_reason(path, error)) from None
    connection.execute("SET enable_progress_bar = false")  # DuckDB's own bar would write into our output
    if not read_only:  # a checkpoint every 16 MB of log made bulk saves 2.4x slower at 1 M events (benchmarks/README.md)
        connection.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
    return connection


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
        self.memory_limit: Optional[int] = None  # bytes, once limit_memory has set one
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

    def checkpoint_every(self, size: str = RUN_CHECKPOINT_THRESHOLD) -> None:
        """Write the log into the file whenever it reaches ``size`` (one of our constants, not user
        text). DuckDB keeps what the log holds in memory too: an analyse run, which writes batch by
        batch for hours, took 65 KB more per article until a checkpoint at 256 MB (about 3,000
        articles), so its memory was not flat; bulk loads keep CHECKPOINT_THRESHOLD (faster)."""
        self.connection.execute(f"SET checkpoint_threshold = '{size}'")

    def limit_memory(self, size: str) -> None:
        """Hold DuckDB's buffer pool (blocks read from the file, indexes, data not yet checkpointed) to
        ``size`` (the ``store_memory_limit`` setting, such as "128MB"), or to ``STORE_MEMORY_SHARE`` of
        the store's size on disk if that is more: beyond it DuckDB drops cached blocks and spills to
        ``<store>.tmp`` beside the file. Without it the pool may take 80% of RAM and grew with the store
        over a long run. The indexes a write touches must fit, and they grow with the store: a save that
        runs out of the limit doubles it and is written again (``save_many``). Empty ``size``, or a
        store held in memory (which cannot spill its tables), keeps DuckDB's default."""
        if size and self.path != IN_MEMORY:
            self._set_memory_limit(max(memory_bytes(size), int(STORE_MEMORY_SHARE * stored_bytes(self.path))))

    def _set_memory_limit(self, limit: int) -> None:
        """Set the limit to ``limit`` bytes, or to the least doubling of it above what DuckDB holds now."""
        self.memory_limit = min(limit, memory_ceiling())
        try:
            self.connection.execute("SET memory_limit = ?", [f"{self.memory_limit}B"])  # a parameter, not SQL text
        except duckdb.OutOfMemoryException:  # "could not free up enough memory for the new limit"
            if self.memory_limit >= memory_ceiling():
                raise
            self._set_memory_limit(2 * self.memory_limit)

    def _raise_memory_limit(self) -> bool:
        """Double the memory limit set by ``limit_memory``; False when there is none or it is at the ceiling."""
        if self.memory_limit is None or self.memory_limit >= memory_ceiling():
            return False
        self._set_memory_limit(2 * self.memory_limit)
        return True

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

    def save_many(self, articles: Iterable[Article], run_id: Optional[int] = None,
                  fingerprints: Sequence[FingerprintRow] = ()) -> list[bool]:
        """Store many articles in one transaction (all or none); for each, True if it is new.

        An id given twice keeps its last version; ``origins`` keeps every origin. ``fingerprints``:
        rows for ``fingerprints`` (see ``save_fingerprints``), written in the same transaction."""
        articles = list(articles)
        latest = {article.id: article for article in articles}
        table_rows: records.Rows = {table: [] for table in TABLES}
        for article in latest.values():
            records.article_rows(article, table_rows)
        origins = list(dict.fromkeys((a.id, a.origin, run_id) for a in articles if a.origin))
        fingerprint_rows = list({row[:2]: row for row in fingerprints}.values())
        existing = self._write_articles(list(latest), table_rows, origins, fingerprint_rows)
        return [article_id not in existing for article_id in latest]

    @again_under_a_higher_limit
    def _write_articles(self, ids: list[str], table_rows: records.Rows, origins: list[tuple],
                        fingerprints: list[FingerprintRow]) -> set[str]:
        """Write the rows of the articles ``ids`` in one transaction; the ids that were stored already."""
        with self.transaction() as connection:
            existing = self._existing(ids)
            if existing:
                self._delete(list(existing))
            for table in ["articles", *ARTICLE_TABLES]:
                insert_rows(connection, table, table_rows[table])
            insert_rows(connection, "origins", origins, keep_existing=True)
            insert_rows(connection, "fingerprints", fingerprints, keep_existing=True)
            link_articles(connection, ids, self.linking)  # corpus events (newsgraph/corpus)
        return existing

    def _existing(self, ids: list[str]) -> set[str]:
        """The ids among ``ids`` already stored: key lookups in the primary key of ``articles``."""
        found: set[str] = set()
        for chunk in id_chunks(ids):
            rows = self.connection.execute(stored_ids_sql(chunk), chunk).fetchall()
            found.update(row[0] for row in rows)
        return found

    def _delete(self, ids: list[str]) -> None:
        """Delete the articles ``ids`` and their records (a hash semi-join against the ids per table)."""
        for table in ARTICLE_TABLES:
            self.connection.execute(f"DELETE FROM {quoted(table)} WHERE article_id IN (SELECT UNNEST(?::VARCHAR[]))",
                                    [ids])
        for chunk in id_chunks(ids):
            self.connection.execute(f"DELETE FROM articles WHERE id IN ({marks(chunk)})", chunk)

    def save_fingerprints(self, rows: Sequence[FingerprintRow]) -> None:
        """Keep ``(article_id, scheme, signature, shingles)`` rows (bytes; see ``schema.TABLES``) for
        near-duplicate detection; a row already kept for the same article and scheme stays as it is."""
        with self.transaction() as connection:
            insert_rows(connection, "fingerprints", list({row[:2]: row for row in rows}.values()), keep_existing=True)

    def signatures(self, scheme: str) -> Iterator[tuple[str, Optional[str], Optional[bytes]]]:
        """(id, source, signature) of every stored article with a fingerprint of ``scheme``, in id
        order, without reading any text or shingles (``stored_shingles`` reads them one at a time)."""
        cursor = self.connection.execute(
            "SELECT a.id, a.source, f.signature FROM articles a JOIN fingerprints f "
            "ON f.article_id = a.id AND f.scheme = ? ORDER BY a.id", [scheme])
        while rows := cursor.fetchmany(1000):
            yield from rows

    def stored_shingles(self, article_id: str, scheme: str) -> Optional[bytes]:
        """The shingles kept in the fingerprint of ``scheme`` of a stored article (a key lookup), or None."""
        row = self.connection.execute("SELECT shingles FROM fingerprints WHERE article_id = ? AND scheme = ?",
                                      [article_id, scheme]).fetchone()
        return row[0] if row else None

    def ids_without_fingerprint(self, scheme: str) -> list[str]:
        """The ids of stored articles that have no fingerprint of ``scheme`` (stored by an older version,
        or with deduplication off)."""
        return [row[0] for row in self.connection.execute(
            "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM fingerprints f WHERE f.article_id = a.id "
            "AND f.scheme = ?) ORDER BY id", [scheme]).fetchall()]

    def texts(self, ids: list[str]) -> list[tuple[str, str]]:
        """(id, text) of the stored articles among ``ids`` (key lookups), in the order of ``ids``."""
        found: dict[str, str] = {}
        for chunk in id_chunks(ids):
            found.update(self.connection.execute(f"SELECT id, text FROM articles WHERE id IN ({marks(chunk)})",
                                                 chunk).fetchall())
        return [(article_id, found[article_id]) for article_id in ids if article_id in found]

    def record_failure(self, failure: Failure, run_id: Optional[int] = None) -> bool:
        """Record ``failure`` unless the same (path, record, stage, reason) is there, in which case it
        counts as failing again (no longer resolved); True if added."""
        return self.record_failures([failure], run_id)[0]

    @again_under_a_higher_limit
    def record_failures(self, failures: list[Failure], run_id: Optional[int] = None) -> list[bool]:
        """``record_failure`` for many, in one transaction of two statements; for each, True if added
        (a failure given twice is added once)."""
        rows = [(f.path, f.record, f.stage, f.reason) for f in failures]
        if not rows:
            return []
        new, first = first_of_each_key(rows, tuple)
        columns = [list(column) for column in zip(*new)]
        with self.transaction() as connection:
            connection.execute(REOPEN_FAILURES_SQL, columns)
            added = connection.execute(ADD_FAILURES_SQL, columns + [[run_id] * len(new)]).fetchall()
        return added_flags(rows, first, tuple, added)

    @again_under_a_higher_limit
    def record_reads(self, reads: list[Read], run_id: Optional[int] = None) -> int:
        """Note records read without failing: each keeps its origin among the article's ``origins``
        (when ``same_text``), and earlier failures of the same record are marked resolved by ``run_id``;
        how many failures were resolved."""
        if not reads:
            return 0
        kept = list(dict.fromkeys((read.article_id, read.origin, run_id) for read in reads
                                  if read.same_text and read.origin))
        with self.transaction() as connection:
            insert_rows(connection, "origins", kept, keep_existing=True)
            resolved = connection.execute(RESOLVE_SQL, [run_id, *resolve_parameters(reads)]).fetchall()
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
        return self.record_duplicates([duplicate])[0]

    def record_duplicates(self, duplicates: list[Duplicate]) -> list[bool]:
        """``record_duplicate`` for many, in one statement, then one linking of their canonical articles'
        corpus events (a copy adds mentions, not events); for each, True if added."""
        added = self._insert_once("duplicates", [astuple(d) for d in duplicates], ("article_id", "canonical_id", "origin"))
        if duplicates:
            self._link_duplicates(list(dict.fromkeys(d.canonical_id for d in duplicates)))
        return added

    @again_under_a_higher_limit
    def _link_duplicates(self, canonical_ids: list[str]) -> None:
        with self.transaction() as connection:
            link_duplicates(connection, canonical_ids)

    def record_skipped(self, skipped: Skipped) -> bool:
        """Record an article left out on purpose (once per origin); True if added."""
        return self.record_skips([skipped])[0]

    def record_skips(self, skips: list[Skipped]) -> list[bool]:
        """``record_skipped`` for many, in one statement; for each, True if added."""
        return self._insert_once("skipped", [astuple(s) for s in skips], ("article_id", "origin"))

    @again_under_a_higher_limit
    def _insert_once(self, table: str, rows: list[tuple], key: tuple[str, ...]) -> list[bool]:
        columns = [name for name, _ in written_columns(table)]
        positions = [columns.index(c) for c in key]
        key_of = lambda row: tuple(row[p] for p in positions)  # noqa: E731
        if not rows:
            return []
        new, first = first_of_each_key(rows, key_of)
        with self.transaction() as connection:
            added = connection.execute(insert_once_sql(table, key), [list(column) for column in zip(*new)]).fetchall()
        return added_flags(rows, first, key_of, added)

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
