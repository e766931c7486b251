"""`make bench` keeps working: its store part runs the corpus issue's benchmark scripts on a small
synthetic store and passes their figures on (the full run is too slow for the suite)."""
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_bench_prints_the_store_figures_of_a_small_store():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench
    finally:
        sys.path.remove(str(BENCHMARKS))
    lines = bench.store_figures(small=True)
    text = "\n".join(lines)
    assert "failed:" not in text
    assert "bulk insert: 55,000 rows" in text and "MB per million events" in text
    assert "weekly dyad" in text and "gdelt-events       10,000 rows" in text and "parquet" in text
