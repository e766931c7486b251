"""The DuckDB tables of the store, declared once as data, and the migrations that create them.

Every table is a list of ``(column, type, default)``; columns with a default are filled by DuckDB
and never written by the store.  ``position`` columns keep the order of the lists of an Article
(entities, mentions, quotes, ...) so that a loaded article equals the saved one.  Offsets are the
``[start, end)`` character offsets of ``newsgraph.model``.

Changing a table later: leave ``TABLES`` describing the newest schema, add the statements that turn
the previous version into it (``ALTER TABLE ...``) as ``MIGRATIONS[n + 1]`` and bump ``SCHEMA_VERSION``.
Version 1 creates the tables from the newest ``TABLES``, so a fresh store already has what later
migrations add: write them so they can run twice (``ADD COLUMN IF NOT EXISTS``, ``CREATE ... IF NOT EXISTS``).
"""
from __future__ import annotations

from typing import Optional

import duckdb

from newsgraph.store.days import FILL_ARTICLE_DAYS_SQL, FILL_ARTICLE_PRECISION_SQL, FILL_EVENT_DAYS_SQL

SCHEMA_VERSION = 11

Column = tuple[str, str, Optional[str]]

ARTICLE_KEY: list[Column] = [("article_id", "VARCHAR NOT NULL", None)]

RUN_COUNTS = ("files", "stored", "already_stored", "replaced", "duplicates", "skipped", "failed", "resolved")
"""The counts of a run's summary kept in ``runs`` (``analyze.RunSummary``)."""

EVENT_CONTEXT_COLUMNS: list[Column] = [
    ("date", "VARCHAR", None), ("date_text", "VARCHAR", None), ("place", "VARCHAR", None),
    ("place_country", "VARCHAR", None), ("latitude", "DOUBLE", None), ("longitude", "DOUBLE", None),
    ("date_precision", "VARCHAR", None),
    ("day", "DATE", None),  # the first day ``date`` covers, typed (newsgraph.store.days)
]

FAILURE_RUN_COLUMNS: list[Column] = [
    ("origin", "VARCHAR", None),  # the origin an article read from the same record has (FAILURE_ORIGIN_SQL)
    ("run_id", "INTEGER", None),  # the run that recorded it
    ("resolved_by_run", "INTEGER", None), ("resolved_at", "TIMESTAMP", None),  # a later run read the record
]

TABLES: dict[str, list[Column]] = {
    "articles": [
        ("id", "VARCHAR PRIMARY KEY", None), ("title", "VARCHAR", None), ("section", "VARCHAR", None),
        ("source", "VARCHAR", None), ("url", "VARCHAR", None), ("published", "VARCHAR", None),
        ("authors", "VARCHAR[]", None), ("language", "VARCHAR", None), ("origin", "VARCHAR", None),
        ("text", "VARCHAR NOT NULL", None), ("key_points", "VARCHAR[]", None),
        ("key_point_spans", "INTEGER[][]", None), ("headings", "VARCHAR[]", None),
        ("published_day", "DATE", None), ("published_precision", "VARCHAR", None),  # newsgraph.store.days
        ("stored_at", "TIMESTAMP", "CURRENT_TIMESTAMP"),
    ],
    "entities": ARTICLE_KEY + [
        ("position", "INTEGER", None), ("id", "VARCHAR NOT NULL", None), ("name", "VARCHAR", None),
        ("type", "VARCHAR", None), ("role", "VARCHAR", None), ("affiliation", "VARCHAR", None),
        ("code", "VARCHAR", None), ("country", "VARCHAR", None), ("sector", "VARCHAR", None),
        ("rule", "VARCHAR", None),
    ],
    "mentions": ARTICLE_KEY + [
        ("entity_id", "VARCHAR NOT NULL", None), ("position", "INTEGER", None), ("start", "INTEGER", None),
        ("end", "INTEGER", None), ("text", "VARCHAR", None), ("kind", "VARCHAR", None), ("rule", "VARCHAR", None),
    ],
    "quotes": ARTICLE_KEY + [
        ("position", "INTEGER", None), ("id", "VARCHAR NOT NULL", None), ("kind", "VARCHAR", None),
        ("text", "VARCHAR", None), ("span_start", "INTEGER", None), ("span_end", "INTEGER", None),
        ("speaker_entity", "VARCHAR", None), ("speaker_name", "VARCHAR", None),
        ("speaker_start", "INTEGER", None), ("speaker_end", "INTEGER", None),
        ("speaker_anonymous", "BOOLEAN", None), ("cue_text", "VARCHAR", None), ("cue_lemma", "VARCHAR", None),
        ("cue_start", "INTEGER", None), ("cue_end", "INTEGER", None), ("medium", "VARCHAR", None),
        ("rule", "VARCHAR", None),
    ],
    "quote_mentions": ARTICLE_KEY + [
        ("quote_id", "VARCHAR NOT NULL", None), ("position", "INTEGER", None),
        ("start", "INTEGER", None), ("end", "INTEGER", None),
    ],
    "events": ARTICLE_KEY + [
        ("position", "INTEGER", None), ("id", "VARCHAR NOT NULL", None), ("cameo", "VARCHAR", None),
        ("root", "VARCHAR", None), ("quad_class", "BIGINT", None), ("goldstein", "DOUBLE", None),
        ("plover", "VARCHAR", None), ("negated", "BOOLEAN", None), ("modality", "VARCHAR", None),
        ("reported_by", "VARCHAR", None), ("sentence_start", "INTEGER", None), ("sentence_end", "INTEGER", None),
        ("trigger_start", "INTEGER", None), ("trigger_end", "INTEGER", None), ("text", "VARCHAR", None),
        ("rule", "VARCHAR", None), *EVENT_CONTEXT_COLUMNS,
    ],
    "event_actors": ARTICLE_KEY + [
        ("event_id", "VARCHAR NOT NULL", None), ("role", "VARCHAR NOT NULL", None),  # 'source' | 'target'
        ("position", "INTEGER", None), ("entity_id", "VARCHAR", None), ("name", "VARCHAR", None),
        ("code", "VARCHAR", None), ("country", "VARCHAR", None), ("sector", "VARCHAR", None),
    ],
    "amounts": ARTICLE_KEY + [
        ("position", "INTEGER", None), ("value", "DOUBLE", None), ("unit", "VARCHAR", None),
        ("text", "VARCHAR", None), ("span_start", "INTEGER", None), ("span_end", "INTEGER", None),
        ("object", "VARCHAR", None), ("qualifier", "VARCHAR", None), ("actor", "VARCHAR", None),
        ("time", "VARCHAR", None), ("rule", "VARCHAR", None),
    ],
    "non_body": ARTICLE_KEY + [  # sentences that are not article body (newsgraph.extract.sentence_kinds)
        ("position", "INTEGER", None), ("start", "INTEGER", None), ("end", "INTEGER", None),
        ("kind", "VARCHAR", None), ("rule", "VARCHAR", None), ("evidence", "VARCHAR", None),
    ],
    "article_tone": [  # GDELT V1.5TONE of the article (newsgraph/extract/tone.py); empty for articles stored
        #                before schema 9 until they are analysed again (--reanalyse)
        ("article_id", "VARCHAR", None), ("tone", "DOUBLE", None), ("positive", "DOUBLE", None),
        ("negative", "DOUBLE", None), ("polarity", "DOUBLE", None), ("activity_density", "DOUBLE", None),
        ("self_group_density", "DOUBLE", None), ("word_count", "INTEGER", None),
    ],
    "failures": [
        ("path", "VARCHAR NOT NULL", None), ("record", "VARCHAR", None), ("stage", "VARCHAR NOT NULL", None),
        ("reason", "VARCHAR NOT NULL", None), ("first_seen", "TIMESTAMP", "CURRENT_TIMESTAMP"),
        *FAILURE_RUN_COLUMNS,
    ],
    "duplicates": [
        ("article_id", "VARCHAR NOT NULL", None), ("canonical_id", "VARCHAR NOT NULL", None),
        ("kind", "VARCHAR NOT NULL", None), ("similarity", "DOUBLE", None), ("origin", "VARCHAR", None),
        ("source", "VARCHAR", None), ("title", "VARCHAR", None), ("first_seen", "TIMESTAMP", "CURRENT_TIMESTAMP"),
    ],
    "skipped": [
        ("article_id", "VARCHAR NOT NULL", None), ("reason", "VARCHAR NOT NULL", None), ("origin", "VARCHAR", None),
        ("language", "VARCHAR", None), ("title", "VARCHAR", None), ("first_seen", "TIMESTAMP", "CURRENT_TIMESTAMP"),
    ],
    "origins": [  # every place the text of a stored article was read from, not only the last (articles.origin)
        ("article_id", "VARCHAR NOT NULL", None), ("origin", "VARCHAR NOT NULL", None), ("run_id", "INTEGER", None),
        ("first_seen", "TIMESTAMP", "CURRENT_TIMESTAMP"),
    ],
    "corpus_events": [  # one real-world event across its reports (newsgraph/corpus, docs/output.md)
        ("id", "VARCHAR NOT NULL", None), ("dyad_key", "VARCHAR NOT NULL", None),  # source|target|root|negated|modality
        ("cameo", "VARCHAR", None), ("root", "VARCHAR", None), ("quad_class", "BIGINT", None),
        ("goldstein", "DOUBLE", None), ("plover", "VARCHAR", None), ("negated", "BOOLEAN", None),
        ("modality", "VARCHAR", None),
        ("source_code", "VARCHAR", None), ("source_name", "VARCHAR", None), ("source_country", "VARCHAR", None),
        ("source_sector", "VARCHAR", None), ("target_code", "VARCHAR", None), ("target_name", "VARCHAR", None),
        ("target_country", "VARCHAR", None), ("target_sector", "VARCHAR", None),
        ("place", "VARCHAR", None), ("place_country", "VARCHAR", None), ("latitude", "DOUBLE", None),
        ("longitude", "DOUBLE", None),
        ("first_article", "VARCHAR", None), ("first_event", "VARCHAR", None),  # the mention that made it
        ("first_day", "DATE", None), ("last_day", "DATE", None),  # the days its mentions cover
        ("num_mentions", "INTEGER", None), ("num_articles", "INTEGER", None), ("num_sources", "INTEGER", None),
        ("first_seen", "TIMESTAMP", "CURRENT_TIMESTAMP"),
    ],
    "corpus_event_mentions": [  # one report of a corpus event: an event of a stored article, or its syndicated copy
        ("corpus_event_id", "VARCHAR NOT NULL", None), ("article_id", "VARCHAR NOT NULL", None),
        ("event_id", "VARCHAR NOT NULL", None),
        ("copy_of", "VARCHAR", None),  # the stored article a duplicate repeats (offsets are into its text)
        ("copy_origin", "VARCHAR NOT NULL", None),  # '' for the stored article, the duplicate's origin for a copy
        ("source", "VARCHAR", None), ("day", "DATE", None), ("last_day", "DATE", None),
        ("sentence_start", "INTEGER", None), ("sentence_end", "INTEGER", None),
        ("trigger_start", "INTEGER", None), ("trigger_end", "INTEGER", None),
        ("trigger_text", "VARCHAR", None), ("context", "VARCHAR", None),  # the words linking compares
        ("confidence", "DOUBLE", None),  # how sure the link to the corpus event is (1.0 for its first mention)
        ("linked_at", "TIMESTAMP", "CURRENT_TIMESTAMP"),
    ],
    "fingerprints": [  # what near-duplicate detection keeps of a stored text (newsgraph.ingest.dedup.Fingerprint)
        ("article_id", "VARCHAR NOT NULL", None),
        ("scheme", "VARCHAR NOT NULL", None),  # how it was computed (Deduplicator.scheme): others are not used
        ("signature", "BLOB", None),  # MinHash values, uint32 little-endian; null: too short for near matching
        ("shingles", "BLOB", None),  # sorted distinct shingle hashes (CRC-32), uint32 little-endian
    ],
    "runs": [  # one row per analyze or fetch-feed run; finished and exit_code stay empty if it crashed
        ("id", "INTEGER PRIMARY KEY", None), ("command", "VARCHAR", None), ("inputs", "VARCHAR[]", None),
        ("settings", "VARCHAR", None), ("newsgraph_version", "VARCHAR", None),
        ("started", "TIMESTAMP", "CURRENT_TIMESTAMP"), ("finished", "TIMESTAMP", None),
        *[(count, "INTEGER", None) for count in RUN_COUNTS], ("exit_code", "INTEGER", None),
    ],
}

CONSTRAINTS: dict[str, str] = {
    "duplicates": "UNIQUE (article_id, canonical_id, origin)",
    "skipped": "UNIQUE (article_id, origin)",
    "failures": "UNIQUE (path, record, stage, reason)",
    "origins": "UNIQUE (article_id, origin)",
    "fingerprints": "PRIMARY KEY (article_id, scheme)",
}

UNKEYED_RECORD_TABLES = ("entities", "quotes", "events")
"""Record tables without a key index: ``(article_id, id)`` is distinct by construction (``rows.distinct_ids``
checks each article before it is written, and a save replaces an article's rows as a whole), and no
statement looks a row up by it. Up to version 10 they had a primary key: its index grew with every
row and a write needs it in memory, about 5 MB of a run's memory per 1,000 articles (measured by
replaying 5,000 AllSides articles into a new store: DuckDB's memory 78 MB with it, 63 MB without)."""


def without_key_sql(table: str) -> list[str]:
    """The statements that rebuild ``table`` as ``TABLES`` declares it, keeping every row (DuckDB
    cannot drop a primary key in place); they can run twice."""
    old = quoted(f"{table}_with_key")
    return [f"DROP TABLE IF EXISTS {old}", f"ALTER TABLE {quoted(table)} RENAME TO {old}",
            create_table_sql(table), f"INSERT INTO {quoted(table)} BY NAME SELECT * FROM {old}", f"DROP TABLE {old}"]


RUN_TABLES = ("failures", "duplicates", "skipped", "origins", "runs")
"""Tables of what a run did with its inputs, kept across re-runs, not tied to one stored article."""

CORPUS_TABLES = ("corpus_events", "corpus_event_mentions")
"""Tables of the corpus-level events, kept by newsgraph.corpus as articles and duplicates are stored."""

INDEX_TABLES = ("fingerprints",)
"""Tables the store keeps to screen new input quickly, derived from an article's text (the same for every
version of it: an id is the hash of the normalised text), written beside it and never replaced."""

ARTICLE_TABLES = [name for name in TABLES
                  if name != "articles" and name not in RUN_TABLES + CORPUS_TABLES + INDEX_TABLES]
"""The tables whose rows belong to one article, keyed by ``article_id``."""


def quoted(name: str) -> str:
    """A column or table name safe to use in SQL (``end``, ``text``, ``position`` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def written_columns(table: str) -> list[tuple[str, str]]:
    """``(column, base type)`` of the columns the store writes itself (those without a default)."""
    return [(name, kind.replace(" PRIMARY KEY", "").replace(" NOT NULL", ""))
            for name, kind, default in TABLES[table] if default is None]


def create_table_sql(table: str) -> str:
    columns = [f"{quoted(name)} {kind}" + (f" DEFAULT {default}" if default else "")
               for name, kind, default in TABLES[table]]
    if table in CONSTRAINTS:
        columns.append(CONSTRAINTS[table])
    return f"CREATE TABLE IF NOT EXISTS {quoted(table)} (\n  " + ",\n  ".join(columns) + "\n)"


STORIES_VIEW = """CREATE OR REPLACE VIEW stories AS
WITH carried AS (SELECT id AS canonical_id, source FROM articles
                 UNION ALL SELECT canonical_id, source FROM duplicates)
SELECT canonical_id, count(*) AS articles, count(DISTINCT source) AS sources
FROM carried GROUP BY canonical_id"""
"""How many articles (the canonical one and its duplicates) and distinct sources carried each story."""

FAILURE_ORIGIN_SQL = """CASE
  WHEN record IS NULL THEN path
  WHEN record LIKE 'line %' THEN path || ':' || substr(record, 6)
  WHEN record LIKE 'entry %' THEN path || '#entry' || substr(record, 7)
  WHEN record LIKE 'offset %' THEN path || '@' || substr(record, 8)
  ELSE path END"""
"""The origin an article read from a failure's record has (``path:line``, ``path#entryN``, ``path@offset``,
see docs/ingest.md); a failure of a stage (``record`` is the article id) keeps the article's origin (``path``)."""

CORPUS_INDEXES = [
    "CREATE UNIQUE INDEX IF NOT EXISTS corpus_events_id ON corpus_events (id)",
    "CREATE INDEX IF NOT EXISTS corpus_events_dyad ON corpus_events (dyad_key)",  # candidates by key
    "CREATE INDEX IF NOT EXISTS corpus_event_mentions_article ON corpus_event_mentions (article_id)",
    "CREATE INDEX IF NOT EXISTS corpus_event_mentions_event ON corpus_event_mentions (corpus_event_id)",
]
"""Look-ups by key: linking never scans every event of the store."""

MIGRATIONS: dict[int, list[str]] = {
    1: [create_table_sql(table) for table in TABLES] + [STORIES_VIEW],
    2: [create_table_sql("duplicates"), create_table_sql("skipped")],  # dedup and language filter
    3: [f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {quoted(name)} {kind}"  # when and where of events
        for name, kind, _ in EVENT_CONTEXT_COLUMNS],
    4: [STORIES_VIEW],
    5: ["ALTER TABLE events ADD COLUMN IF NOT EXISTS date_precision VARCHAR",  # day | week | month | year
        create_table_sql("non_body")],  # headlines, captions, links, bylines, boilerplate of the text
    6: [create_table_sql("runs"), create_table_sql("origins"),  # runs; every origin; failures resolved later
        *[f"ALTER TABLE failures ADD COLUMN IF NOT EXISTS {quoted(name)} {kind}" for name, kind, _ in FAILURE_RUN_COLUMNS],
        f"UPDATE failures SET origin = {FAILURE_ORIGIN_SQL} WHERE origin IS NULL",
        "INSERT INTO origins (article_id, origin, first_seen) SELECT id, origin, stored_at FROM articles "
        "WHERE origin IS NOT NULL ON CONFLICT DO NOTHING",
        "INSERT INTO origins (article_id, origin, first_seen) SELECT article_id, origin, first_seen FROM duplicates "
        "WHERE article_id = canonical_id AND origin IS NOT NULL ON CONFLICT DO NOTHING"],
    7: ["ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_day DATE",  # typed days beside the ISO text
        "ALTER TABLE articles ADD COLUMN IF NOT EXISTS published_precision VARCHAR",
        "ALTER TABLE events ADD COLUMN IF NOT EXISTS day DATE",
        FILL_ARTICLE_DAYS_SQL, FILL_ARTICLE_PRECISION_SQL, FILL_EVENT_DAYS_SQL],  # ranges use zone maps
    8: [create_table_sql("fingerprints")],  # filled lazily: the first run computes what an older store lacks
    9: [create_table_sql("article_tone")],  # tone per article; older articles have none until re-analysed
    10: [create_table_sql("corpus_events"), create_table_sql("corpus_event_mentions"), *CORPUS_INDEXES],
    11: [statement for table in UNKEYED_RECORD_TABLES for statement in without_key_sql(table)],  # no key index
}
"""The statements that bring a store from version ``n - 1`` to version ``n``."""


def schema_version(connection: duckdb.DuckDBPyConnection) -> int:
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                       "version INTEGER PRIMARY KEY, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)")
    return connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def stored_version(path: str) -> int:
    """The schema version of the store file at ``path`` without changing it (0 when it has none);
    the current version for a file that cannot be read here (opening it will say why)."""
    try:
        with duckdb.connect(path, read_only=True) as connection:
            found = connection.execute("SELECT count(*) FROM information_schema.tables "
                                       "WHERE table_name = 'schema_version'").fetchone()[0]
            return connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0] \
                if found else 0
    except duckdb.Error:
        return SCHEMA_VERSION


def migrate(connection: duckdb.DuckDBPyConnection) -> int:
    """Create the tables if missing and apply every migration the store has not seen; the new version."""
    current = schema_version(connection)
    for version in sorted(v for v in MIGRATIONS if v > current):
        connection.begin()
        try:
            for statement in MIGRATIONS[version]:
                connection.execute(statement)
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
            connection.commit()
        except Exception:
            connection.rollback()
            raise
    return max(current, SCHEMA_VERSION)
