"""Cost of linking while storing, into an empty store and into one that holds N corpus events.

    .venv/bin/python benchmarks/link_speed.py [--synthetic 1000000] [--batches 10]

Stores the same batches of 32 constructed articles (5 events each, benchmarks/export_speed.py) into
an empty store and into a store of ``--synthetic`` events written in SQL (each its own corpus event),
and prints the seconds of each, with the time spent in each step of ``link_articles``."""
from __future__ import annotations

import argparse
import collections
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import export_speed  # noqa: E402

from newsgraph.corpus import link  # noqa: E402
from newsgraph.store import Store  # noqa: E402

STEPS = ["unlink_articles", "refresh_counts", "stored_reports", "stored_candidates", "write_batch"]
spent: collections.Counter = collections.Counter()


def timed_steps() -> None:
    """Count the seconds spent in each step of link_articles."""
    for name in STEPS:
        def timed(*args, __step=name, __function=getattr(link, name), **kwargs):
            started = time.perf_counter()
            try:
                return __function(*args, **kwargs)
            finally:
                spent[__step] += time.perf_counter() - started
        setattr(link, name, timed)


def store_batches(path: str, batches: int) -> float:
    chooser = random.Random(7)
    articles = [export_speed.constructed_article(10_000_000 + number, chooser) for number in range(32 * batches)]
    with Store(path) as store:
        started = time.perf_counter()
        for start in range(0, len(articles), 32):
            store.save_many(articles[start:start + 32])
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=1_000_000)
    parser.add_argument("--batches", type=int, default=10)
    args = parser.parse_args()
    timed_steps()
    with tempfile.TemporaryDirectory() as folder:
        empty, full = os.path.join(folder, "empty.duckdb"), os.path.join(folder, "full.duckdb")
        Store(empty).close()
        export_speed.build_synthetic_store(full, args.synthetic)
        export_speed.corpus_event_count(full, fill=True)
        events = args.batches * 32 * 5
        for label, path in (("empty store", empty), (f"{args.synthetic:,} corpus events", full)):
            spent.clear()
            seconds = store_batches(path, args.batches)
            steps = ", ".join(f"{name} {spent[name]:.2f}" for name in STEPS)
            print(f"{label}: {args.batches} batches of 32 articles ({events:,} events) stored and linked in "
                  f"{seconds:.2f} s ({seconds / args.batches / 32 * 1000:.1f} ms per article); linking steps (s): {steps}")


if __name__ == "__main__":
    main()
