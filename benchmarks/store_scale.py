"""The store at scale (issue 15, "Measure"): bulk insert speed and size with 1 M synthetic events and
100 k synthetic quotes over 100 k synthetic articles, and the cost of analysing real articles into a
store that already holds them compared with an empty store.

    .venv/bin/python benchmarks/store_scale.py [--articles 200] [--repeat 2] [--small] [--keep DIR] [--insert-only]

Prints the machine (cores, RAM, load) and the date, then:

1. bulk insert: rows of every table written per second through ``Store.save_many`` (the synthetic
   articles are generated and fingerprinted before the clock starts; ``synthetic_store.py``), target
   >= 100 k rows/s; the file size and the size per million events;
2. the plan of the stored-id lookup on the big store (an index scan, not a table scan) and the time of
   ``newsgraph stats`` (``store_stats``) on it;
3. analysing the same N AllSides articles (``../shared/corpora/allsides-world/articles.jsonl``) with
   the whole job (``analyze_paths``: screening, duplicate detection, parse, all stages, store) into an
   empty store and into a copy of the big store, ``--repeat`` rounds in alternating order after an
   untimed warm-up run: seconds per article of each (the whole run, model loading included, over the
   articles stored) and their ratio (target: within 15%), and the time each run spends loading the
   stored ids and the near-duplicate index from the stored fingerprints before the first article.

``--small`` builds 10 k events over 1 k articles and analyses 20 articles, for a quick check.
"""
from __future__ import annotations

import argparse
import datetime
import itertools
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic_store import build_synthetic_store  # noqa: E402

import newsgraph.analyze  # noqa: E402
from newsgraph.analyze import RunSummary, analyze_paths  # noqa: E402
from newsgraph.screen import Screen  # noqa: E402
from newsgraph.ingest.jsonl import JsonlFields  # noqa: E402
from newsgraph.settings import Settings  # noqa: E402
from newsgraph.store import Store  # noqa: E402
from newsgraph.store.duck import stored_ids_sql  # noqa: E402
from newsgraph.store.stats import store_stats  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides-world" / "articles.jsonl"
FIELDS = JsonlFields(text="content_original", title="title", date="date", id="ID", source="source")


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores, "
            f"{memory:.1f} GB RAM, load average {load}; Python {platform.python_version()}, DuckDB {duckdb.__version__}")


def measure_bulk_insert(path: str, events: int, quotes: int, articles: int) -> None:
    report = build_synthetic_store(path, events=events, quotes=quotes, articles=articles)
    size = os.path.getsize(path)
    print(f"bulk insert: {report.rows:,} rows ({report.articles:,} articles, {report.events:,} events, "
          f"{report.quotes:,} quotes, their actors, mentions, origins, fingerprints) in {report.insert_seconds:.1f} s "
          f"= {report.rows_per_second:,.0f} rows/s (target >= 100,000); {report.insert_cpu_seconds:.1f} CPU seconds "
          f"(all threads), {report.rows / report.insert_cpu_seconds:,.0f} rows per CPU second; generating them took "
          f"{report.generate_seconds:.1f} s")
    print(f"store size: {size / 2**20:,.0f} MB = {size / 2**20 * 1e6 / events:,.0f} MB per million events "
          f"(texts of 250 words included)")


def show_lookup_and_stats(path: str) -> None:
    with Store.for_reading(path) as store:
        ids = [row[0] for row in store.connection.execute("SELECT id FROM articles USING SAMPLE 20 ROWS").fetchall()]
        plan = store.connection.execute("EXPLAIN ANALYZE " + stored_ids_sql(ids), ids).fetchall()[0][1]
        scans = sorted(set(re.findall(r"Type: ([A-Za-z ]+Scan)", plan)))
        started = time.perf_counter()
        stats = store_stats(store)
        seconds = time.perf_counter() - started
    print(f"stored-id lookup of 20 ids: {', '.join(scans)}; newsgraph stats: {seconds:.2f} s "
          f"({stats.articles:,} articles, {stats.events.all:,} events)")


def sample_file(limit: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sample.jsonl"
    with CORPUS.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        target.writelines(itertools.islice(source, limit))
    return path


class TimedScreen(Screen):
    """The run's screen, timing what it does first: load the stored ids and the duplicate index."""

    seconds = 0.0

    def __init__(self, *args, **kwargs) -> None:
        started = time.perf_counter()
        super().__init__(*args, **kwargs)
        TimedScreen.seconds = time.perf_counter() - started


def timed_run(sample: Path, db: str) -> tuple[RunSummary, float, float]:
    """(summary, seconds of the whole run, seconds of loading the duplicate index within it)."""
    settings = Settings(db=db)
    newsgraph.analyze.Screen = TimedScreen
    try:
        with Store(db) as store:
            summary = RunSummary()
            started = time.perf_counter()
            for _ in analyze_paths([str(sample)], settings, store, summary, FIELDS):
                pass
            return summary, time.perf_counter() - started, TimedScreen.seconds
    finally:
        newsgraph.analyze.Screen = Screen


def compare_analysis(big: str, articles: int, repeat: int, folder: Path) -> None:
    if not CORPUS.exists():
        print(f"analysis into a full store: skipped, {CORPUS} is missing (the shared data folder beside the project)")
        return
    sample = sample_file(articles, folder)
    timed_run(sample_file(3, folder / "warm-up"), str(folder / "warm-up.duckdb"))  # model files into the page cache
    seconds: dict[str, list[float]] = {"empty": [], "full": []}
    for round_number in range(repeat):
        for kind in ("empty", "full") if round_number % 2 == 0 else ("full", "empty"):
            db = str(folder / f"{kind}-{round_number}.duckdb")
            if kind == "full":
                shutil.copy(big, db)
            summary, elapsed, preload = timed_run(sample, db)
            seconds[kind].append(elapsed / max(summary.stored, 1))
            print(f"  {kind} store, round {round_number + 1}: {summary.line()} in {elapsed:.1f} s = "
                  f"{seconds[kind][-1]:.3f} s per stored article (duplicate index loaded in {preload:.2f} s)")
            os.remove(db)
    empty, full = (sum(values) / len(values) for values in (seconds["empty"], seconds["full"]))
    print(f"analysis of {articles} AllSides articles, mean of {repeat} round(s): {empty:.3f} s per article into an "
          f"empty store, {full:.3f} s into one holding the synthetic articles: ratio {full / empty:.3f} "
          f"(target <= 1.15)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None, help="real articles analysed (default 200, --small 20)")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of analysis runs (empty then full, full then empty, ...)")
    parser.add_argument("--small", action="store_true", help="10 k events over 1 k articles, 20 analysed")
    parser.add_argument("--keep", metavar="DIR", help="build the synthetic store in DIR and keep it")
    parser.add_argument("--insert-only", action="store_true", help="measure the bulk insert and the store only")
    args = parser.parse_args()
    events, quotes, stored = (10_000, 1_000, 1_000) if args.small else (1_000_000, 100_000, 100_000)
    articles = args.articles or (20 if args.small else 200)
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        big = str(folder / f"synthetic-{events}.duckdb")
        if os.path.exists(big):
            os.remove(big)
        measure_bulk_insert(big, events, quotes, stored)
        show_lookup_and_stats(big)
        if not args.insert_only:
            compare_analysis(big, articles, args.repeat, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
