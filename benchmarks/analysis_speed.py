"""Time of the analysis questions over a whole store (issue 15: a weekly dyad series over 1 M events
in <= 0.2 s).

    .venv/bin/python benchmarks/analysis_speed.py [--db PATH] [--source NATO --target RUS]
                                                  [--events 5000] [--repeat 5]

With ``--db`` it reads that store (e.g. a synthetic million-event one) read-only; without it, it
builds a store in a temporary folder from ``--events`` constructed events (``--events 1000000`` makes
a million: it is written through ``Store.save_many``, 500 events per article, and takes minutes).
The dyad is ``--source`` -> ``--target``, by default the pair with most events in the store. Each
question runs once to warm up, then ``--repeat`` times; printed: the median and fastest wall-clock
seconds and the median CPU seconds of all threads (what the question costs whatever else the shared
machine runs), with the store's size, DuckDB's threads and the load average.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from newsgraph.analysis.actors import top_actors
from newsgraph.analysis.dyads import dyad_series
from newsgraph.analysis.network import actor_network
from newsgraph.analysis.search import search_articles
from newsgraph.model import ActorRef, Article, Event
from newsgraph.store import Store
from newsgraph.store.filters import EventFilter
from newsgraph.store.queries import event_rows

ACTORS = [("NATO", "IGO", None, None), ("Russia", "RUS", "RUS", "GOV"), ("Ukraine", "UKR", "UKR", "GOV"),
          ("United States", "USA", "USA", "GOV"), ("Vladimir Putin", "RUS", "RUS", "GOV"),
          ("European Union", "IGO", None, None), ("China", "CHN", "CHN", "GOV"), ("Kremlin", "RUS", "RUS", "GOV"),
          ("Ukrainian army", "UKR", "UKR", "MIL"), ("Iran", "IRN", "IRN", "GOV")]
CODES = [("010", 1, 0.0), ("036", 1, 4.0), ("057", 1, 8.0), ("070", 2, 7.0), ("111", 3, -2.0),
         ("130", 3, -4.4), ("163", 4, -8.0), ("190", 4, -10.0)]
EVENTS_PER_ARTICLE = 500


def constructed_article(number: int, events: int, rng: random.Random) -> Article:
    """An article of ``events`` events between random actors on days over three years."""
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    made = []
    for i in range(events):
        source, target = rng.sample(ACTORS, 2)
        cameo, quad, goldstein = rng.choice(CODES)
        made.append(Event(f"v{i + 1}", [ActorRef(None, *source)], [ActorRef(None, *target)], cameo, cameo[:2], quad,
                          goldstein, None, rng.random() < 0.1, "asserted", (0, 10), (0, 4), "acts", rule="bench",
                          date=(published - timedelta(days=rng.randrange(3))).isoformat()))
    return Article(f"Constructed article {number}: acts of state.", title=f"Article {number}", source="Bench",
                   published=published.isoformat(), events=made)


def build_store(path: str, events: int) -> None:
    rng = random.Random(0)
    started = time.perf_counter()
    with Store(path) as store:
        batch, number = [], 0
        while number * EVENTS_PER_ARTICLE < events:
            count = min(EVENTS_PER_ARTICLE, events - number * EVENTS_PER_ARTICLE)
            batch.append(constructed_article(number, count, rng))
            number += 1
            if len(batch) == 20:
                store.save_many(batch)
                batch = []
        store.save_many(batch)
    print(f"built {events:,} events in {number:,} articles in {time.perf_counter() - started:.1f} s: {path}")


def most_frequent_pair(connection) -> tuple[str, str]:
    return connection.execute(
        "SELECT s.name, t.name FROM event_actors s JOIN event_actors t ON t.article_id = s.article_id "
        "AND t.event_id = s.event_id AND t.role = 'target' WHERE s.role = 'source' "
        "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1").fetchone()


def timed(question, repeat: int) -> tuple[float, float, float, object]:
    """Median and fastest wall-clock seconds, median CPU seconds (every thread of this process:
    what the question costs whatever else the machine runs), and the answer."""
    answer = question()
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        question()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), min(times), statistics.median(cpu), answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="store to read (default: build one in a temporary folder)")
    parser.add_argument("--events", type=int, default=5000, help="events of the built store")
    parser.add_argument("--source")
    parser.add_argument("--target")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or str(Path(folder) / "bench.duckdb")
        if not args.db:
            build_store(path, args.events)
        with Store.for_reading(path) as store:
            connection = store.connection
            counts = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                      for t in ("articles", "events", "event_actors", "quotes")}
            source, target = (args.source, args.target) if args.source else most_frequent_pair(connection)
            print(f"store: {counts['articles']:,} articles, {counts['events']:,} events, "
                  f"{counts['event_actors']:,} event actors, {counts['quotes']:,} quotes")
            questions = {
                f"weekly dyad {source} -> {target}": lambda: dyad_series(connection, source, target, "week"),
                f"monthly dyad {source} -> {target}": lambda: dyad_series(connection, source, target, "month"),
                "top 20 actors": lambda: top_actors(connection),
                f"events --actor {source} (1000 newest)": lambda: event_rows(
                    connection, criteria=EventFilter(actor=source)),
                "actor network": lambda: actor_network(connection),
                "search 'acts of state' (100)": lambda: search_articles(connection, "acts of state"),
            }
            print(f"{'question':45} {'median s':>9} {'fastest s':>9} {'CPU s':>7}  answer")
            for name, question in questions.items():
                median, fastest, cpu, answer = timed(question, args.repeat)
                size = answer.number_of_edges() if hasattr(answer, "number_of_edges") else len(answer)
                print(f"{name:45} {median:9.3f} {fastest:9.3f} {cpu:7.3f}  {size} rows")
            print(f"DuckDB threads: {connection.execute('SELECT current_setting(?)', ['threads']).fetchone()[0]}; "
                  f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
