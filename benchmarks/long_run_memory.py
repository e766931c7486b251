"""Memory over a long run (issue 17: flat within 10% over 5,000 articles): one process analyses the first
``--articles`` AllSides articles into a new store, as ``newsgraph analyze`` does (``analyze_paths``,
one worker, deduplication on, the run's store memory limit), and reads its resident memory (VmRSS) and
DuckDB's (``duckdb_memory()``) after every ``--every`` articles.

    .venv/bin/python benchmarks/long_run_memory.py [--articles 5000] [--every 100]

It prints each reading, then the early level (the mean of the readings up to article 500), the late
level (the mean of the readings of the last 15% of the run), late over early, and the highest reading.
Linux only (VmRSS from /proc). The articles are those ``bench.py`` writes, one per file.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench import CORPUS, write_articles  # noqa: E402  (a script beside this one)

EARLY_UNTIL = 500  # articles: the level the issue compares with
LATE_SHARE = 0.15  # the last 15% of the run: readings after 4,250 of 5,000
TARGET = 0.10


def resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def duckdb_mb(store) -> float:
    return store.connection.execute("SELECT sum(memory_usage_bytes) / 1e6 FROM duckdb_memory()").fetchone()[0]


def readings(folder: Path, every: int) -> list[tuple[int, float, float, float]]:
    """(articles done, seconds, resident MB, DuckDB MB) after every ``every`` articles of one run."""
    from newsgraph.analyze import RunSummary, analyze_paths, recorded_run
    from newsgraph.settings import Settings
    from newsgraph.store import Store

    settings = Settings(db=str(folder / "memory.duckdb"))
    summary, found, done, start = RunSummary(), [], 0, time.perf_counter()
    with Store(settings.db) as store, recorded_run(store, "analyze", [str(folder / "articles")], settings, summary):
        for _ in analyze_paths([str(folder / "articles")], settings, store, summary):
            done += 1
            if done % every == 0:
                found.append((done, time.perf_counter() - start, resident_mb(), duckdb_mb(store)))
                print(f"{done:6,d} articles {found[-1][1]:7.0f} s  resident {found[-1][2]:7.1f} MB  "
                      f"DuckDB {found[-1][3]:6.1f} MB", flush=True)
    return found


def summary_lines(found: list[tuple[int, float, float, float]], articles: int) -> list[str]:
    early = [r for r in found if r[0] <= EARLY_UNTIL]
    late = [r for r in found if r[0] > articles * (1 - LATE_SHARE)]
    if not early or not late:
        return ["too few readings for an early and a late level"]
    early_mb, late_mb = mean(r[2] for r in early), mean(r[2] for r in late)
    growth = late_mb / early_mb - 1
    return [f"early (readings up to article {EARLY_UNTIL:,}): resident {early_mb:.0f} MB, "
            f"DuckDB {mean(r[3] for r in early):.0f} MB",
            f"late (readings after article {int(articles * (1 - LATE_SHARE)):,}): resident {late_mb:.0f} MB, "
            f"DuckDB {mean(r[3] for r in late):.0f} MB",
            f"late over early: {growth:+.1%} (target: at most +{TARGET:.0%}: {'met' if growth <= TARGET else 'not met'}); "
            f"highest reading {max(r[2] for r in found):.0f} MB; {found[-1][0]:,} articles in {found[-1][1]:.0f} s"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--every", type=int, default=100)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is missing (the shared data folder beside the project)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        os.mkdir(folder / "articles")
        count = write_articles(args.articles, folder / "articles")
        print("\n".join(summary_lines(readings(folder, args.every), count)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
