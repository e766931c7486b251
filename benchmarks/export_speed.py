"""Speed of ``newsgraph export`` to GDELT 2.0 Events (TSV) and to Parquet (every table).

    .venv/bin/python benchmarks/export_speed.py [--db PATH [--fill-unlinked]] [--events 5000] [--synthetic N]

Without ``--db``, builds a store of ``--events`` constructed events (articles of 5 events each on 40
actor pairs, stored through ``Store.save_many``, so linking runs as it does for real articles) in a
temporary folder. With ``--db`` (e.g. a synthetic store of 1 M events), the store is exported as it
is; a store whose events were written without corpus events (by a generator that writes the tables
directly) needs ``--fill-unlinked``, which upgrades it in place and gives every coded event a corpus
event of its own in one SQL statement (no linking: the counts are all 1), said so in the output.
``--synthetic N`` writes N events (5 per article, two coded sides each) straight into a temporary
store in SQL and fills it the same way: the size the targets are set for, without the hours that
analysing or linking a million events one batch at a time would take.

Prints, per format: rows, seconds, rows per second, bytes written; targets for 1 M events (issue 15):
GDELT TSV <= 30 s, Parquet <= 10 s."""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsgraph.export import export_store  # noqa: E402
from newsgraph.model import ActorRef, Article, Event  # noqa: E402
from newsgraph.store import Store  # noqa: E402
from newsgraph.store.schema import migrate  # noqa: E402

COUNTRIES = ["USA", "RUS", "CHN", "UKR", "FRA", "DEU", "GBR", "IRN", "ISR", "PRK"]
CODES = [("040", "04", 1, 1.0), ("043", "04", 1, 2.8), ("111", "11", 3, -2.0), ("190", "19", 4, -10.0),
         ("057", "05", 1, 8.0), ("130", "13", 3, -4.4)]
WORDS = "talks summit sanctions missile border ceasefire troops treaty envoy election pipeline trade".split()


def constructed_article(number: int, chooser: random.Random) -> Article:
    """An article of 5 sentences, each one event between two countries on a day of 2024."""
    sentences, events, offset = [], [], 0
    day = f"2024-{chooser.randint(1, 12):02d}-{chooser.randint(1, 28):02d}"
    for position in range(5):
        source, target = chooser.sample(COUNTRIES, 2)
        cameo, root, quad, goldstein = chooser.choice(CODES)
        sentence = f"{source} met {target} about {' '.join(chooser.sample(WORDS, 4))} ({number}.{position})."
        events.append(Event(f"v{position + 1}", [ActorRef(None, source, source, source, "GOV")],
                            [ActorRef(None, target, target, target, "GOV")], cameo, root, quad, goldstein, None,
                            False, "asserted", (offset, offset + len(sentence)), (offset + 4, offset + 7), "met",
                            rule="benchmark", date=day, date_precision="day"))
        sentences.append(sentence)
        offset += len(sentence) + 1
    return Article(" ".join(sentences), source=f"outlet{number % 17}", url=f"https://example.org/{number}",
                   published=day, events=events)


def build_store(path: str, events: int) -> float:
    chooser, started = random.Random(15), time.perf_counter()
    articles = [constructed_article(number, chooser) for number in range(events // 5)]
    with Store(path) as store:
        for start in range(0, len(articles), 200):
            store.save_many(articles[start:start + 200])
    return time.perf_counter() - started


FILL_SQL = """INSERT INTO corpus_events (id, dyad_key, cameo, root, quad_class, goldstein, plover, negated, modality,
  source_code, source_name, target_code, target_name, place, place_country, latitude, longitude, first_article,
  first_event, first_day, last_day, num_mentions, num_articles, num_sources)
WITH coded AS (SELECT article_id, event_id, role, arg_min(code, position) AS code, arg_min(name, position) AS name
               FROM event_actors WHERE code IS NOT NULL GROUP BY ALL)
SELECT 'ce' || left(md5(e.article_id || ':' || e.id), 16), concat_ws('|', s.code, t.code, e.root), e.cameo, e.root,
  e.quad_class, e.goldstein, e.plover, e.negated, e.modality, s.code, s.name, t.code, t.name, e.place,
  e.place_country, e.latitude, e.longitude, e.article_id, e.id, coalesce(e.day, a.published_day),
  coalesce(e.day, a.published_day), 1, 1, 1
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN coded s ON s.article_id = e.article_id AND s.event_id = e.id AND s.role = 'source'
LEFT JOIN coded t ON t.article_id = e.article_id AND t.event_id = e.id AND t.role = 'target'
WHERE s.code IS NOT NULL OR t.code IS NOT NULL"""

FILL_MENTIONS_SQL = """INSERT INTO corpus_event_mentions (corpus_event_id, article_id, event_id, copy_origin, source,
  day, last_day, sentence_start, sentence_end, trigger_start, trigger_end, trigger_text, confidence)
SELECT c.id, e.article_id, e.id, '', a.source, c.first_day, c.last_day, e.sentence_start, e.sentence_end,
  e.trigger_start, e.trigger_end, e.text, 1.0
FROM corpus_events c JOIN events e ON e.article_id = c.first_article AND e.id = c.first_event
JOIN articles a ON a.id = e.article_id"""


SYNTHETIC_SQL = [
    """INSERT INTO articles (id, title, source, url, published, text, published_day, published_precision)
    SELECT left(md5('a' || i), 16), 'Article ' || i, 'outlet' || (i % 97), 'https://example.org/' || i,
           strftime(DATE '2020-01-01' + CAST(i % 1500 AS INTEGER), '%Y-%m-%d'),
           'Envoys of two countries met in the capital and talked about trade and troops. ' || i,
           DATE '2020-01-01' + CAST(i % 1500 AS INTEGER), 'day'
    FROM range(?) t(i)""",
    """INSERT INTO events (article_id, position, id, cameo, root, quad_class, goldstein, negated, modality,
       sentence_start, sentence_end, trigger_start, trigger_end, text, rule, date, date_precision, day)
    SELECT a.id, p, 'v' || (p + 1), c.cameo, left(c.cameo, 2), c.quad, c.goldstein, false, 'asserted', 0, 78, 33, 36,
           'met', 'synthetic', a.published, 'day', a.published_day
    FROM articles a, range(5) r(p), (SELECT * FROM (VALUES ('040', 1, 1.0), ('043', 1, 2.8), ('111', 3, -2.0),
         ('190', 4, -10.0), ('057', 1, 8.0)) v(cameo, quad, goldstein)) c
    WHERE c.cameo = ['040', '043', '111', '190', '057'][1 + CAST(hash(a.id || p) % 5 AS BIGINT)]""",
    """INSERT INTO event_actors (article_id, event_id, role, position, name, code, country, sector)
    SELECT e.article_id, e.id, side, 0, code, code, code, 'GOV'
    FROM events e, (VALUES ('source'), ('target')) s(side),
         LATERAL (SELECT ['USA', 'RUS', 'CHN', 'UKR', 'FRA', 'DEU', 'GBR', 'IRN', 'ISR', 'PRK']
                  [1 + CAST(hash(e.article_id || e.id || side) % 10 AS BIGINT)] AS code)""",
]


def build_synthetic_store(path: str, events: int) -> float:
    started = time.perf_counter()
    with Store(path):  # the schema
        pass
    with duckdb.connect(path) as connection:
        for statement in SYNTHETIC_SQL:
            connection.execute(statement, [events // 5] if "?" in statement else [])
    return time.perf_counter() - started


def corpus_event_count(path: str, fill: bool) -> int:
    """Corpus events of the store; with ``fill``, an unlinked store gets one per coded event first."""
    with duckdb.connect(path) as connection:
        migrate(connection)  # the tables, without the linking Store does for an older store
        found, events = connection.execute(
            "SELECT (SELECT count(*) FROM corpus_events), (SELECT count(*) FROM events)").fetchone()
        if found == 0 and events > 0:
            if not fill:
                sys.exit(f"{path} has {events:,} events and no corpus events: give --fill-unlinked to time it")
            started = time.perf_counter()
            connection.execute(FILL_SQL)
            connection.execute(FILL_MENTIONS_SQL)
            found = connection.execute("SELECT count(*) FROM corpus_events").fetchone()[0]
            print(f"filled {found:,} unlinked corpus events (one per coded event) in "
                  f"{time.perf_counter() - started:.1f} s")
        return found


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir()) if path.is_dir() else path.stat().st_size


def time_export(db: str, format_name: str, out: Path) -> None:
    started = time.perf_counter()
    exported = export_store(db, format_name, str(out))
    seconds = time.perf_counter() - started
    print(f"{format_name:13} {exported.rows:>11,} rows  {seconds:7.2f} s  {exported.rows / seconds:>11,.0f} rows/s  "
          f"{folder_size(out) / 2**20:8.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="an existing store (default: build one of --events constructed events)")
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--fill-unlinked", action="store_true")
    parser.add_argument("--synthetic", type=int, metavar="N", help="write N synthetic events in SQL instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or os.path.join(folder, "bench.duckdb")
        if args.synthetic:
            seconds = build_synthetic_store(db, args.synthetic)
            print(f"wrote {args.synthetic:,} synthetic events in SQL in {seconds:.1f} s")
            args.fill_unlinked = True
        elif not args.db:
            seconds = build_store(db, args.events)
            print(f"built a store of {args.events:,} constructed events in {seconds:.1f} s "
                  f"({args.events / seconds:,.0f} events/s stored and linked)")
        corpus_events = corpus_event_count(db, args.fill_unlinked)
        print(f"store {db}: {corpus_events:,} corpus events, {os.path.getsize(db) / 2**20:.1f} MiB; "
              f"{os.cpu_count()} CPUs")
        time_export(db, "gdelt-events", Path(folder) / "events.tsv")
        time_export(db, "gdelt-mentions", Path(folder) / "mentions.tsv")
        time_export(db, "parquet", Path(folder) / "parquet")


if __name__ == "__main__":
    main()
