"""Throughput of ingest alone and of ingest + full extraction, with 1 and 2 workers, on the
AllSides world-affairs articles (JSON Lines, ../shared/corpora/allsides-world/articles.jsonl).

    .venv/bin/python benchmarks/throughput.py [--limit 300] [--workers 1 2]

Prints articles/s for each configuration and the speed-up of N workers over 1, measured in one run
(the machine is shared: compare the ratios, not the absolute numbers across runs)."""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

from newsgraph.analyze import RunSummary, analyze_paths
from newsgraph.ingest.jsonl import JsonlFields
from newsgraph.ingest.read import read_inputs
from newsgraph.settings import Settings
from newsgraph.store import Store

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides-world" / "articles.jsonl"
FIELDS = JsonlFields(text="content_original", title="title", date="date", id="ID", source="source")


def sample_file(limit: int, folder: Path) -> Path:
    """The first ``limit`` articles of the corpus as a JSON Lines file of their own."""
    path = folder / "sample.jsonl"
    with CORPUS.open(encoding="utf-8") as source, path.open("w", encoding="utf-8") as target:
        target.writelines(itertools.islice(source, limit))
    return path


def time_ingest(path: Path) -> tuple[int, float]:
    started = time.perf_counter()
    count = sum(1 for _ in read_inputs([str(path)], fields=FIELDS))
    return count, time.perf_counter() - started


def time_full_run(path: Path, workers: int, folder: Path) -> tuple[RunSummary, float]:
    settings = Settings(db=str(folder / f"run-{workers}.duckdb"), workers=workers)
    summary = RunSummary()
    started = time.perf_counter()
    with Store(settings.db) as store:
        for _ in analyze_paths([str(path)], settings, store, summary, FIELDS):
            pass
    return summary, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is missing (the shared data folder beside the project)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = sample_file(args.limit, folder)
        count, seconds = time_ingest(path)
        print(f"ingest only: {count} records in {seconds:.2f} s = {count / seconds:.1f} articles/s")
        rates = {}
        for workers in args.workers:
            summary, seconds = time_full_run(path, workers, folder)
            rates[workers] = summary.done / seconds
            print(f"ingest + extraction, {workers} worker(s): {summary.line()} in {seconds:.1f} s "
                  f"= {rates[workers]:.2f} articles/s")
        for workers in args.workers[1:]:
            print(f"speed-up of {workers} workers over {args.workers[0]}: {rates[workers] / rates[args.workers[0]]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
