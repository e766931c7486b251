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


def test_the_long_run_memory_benchmark_reads_memory_and_compares_late_with_early(tmp_path):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import long_run_memory
    finally:
        sys.path.remove(str(BENCHMARKS))
    (tmp_path / "articles").mkdir()
    for number, text in enumerate(["NATO chief Mark Rutte met Emmanuel Macron in Paris on Monday.",
                                   "Russia and Ukraine held talks in Istanbul, officials said.",
                                   "The European Union imposed new sanctions on Iran."]):
        (tmp_path / "articles" / f"{number}.txt").write_text(text)
    found = long_run_memory.readings(tmp_path, every=1)
    assert [r[0] for r in found] == [1, 2, 3] and all(r[2] > 100 and r[3] >= 0 for r in found)
    flat = [(100 * n, n, 600.0, 40.0) for n in range(1, 6)] + [(100 * n, n, 650.0, 60.0) for n in range(43, 51)]
    lines = long_run_memory.summary_lines(flat, 5000)
    assert "resident 600 MB" in lines[0] and "resident 650 MB" in lines[1]
    assert "late over early: +8.3% (target: at most +10%: met)" in lines[2]
    grown = flat[:5] + [(r[0], r[1], 700.0, r[3]) for r in flat[5:]]
    assert "+16.7% (target: at most +10%: not met)" in long_run_memory.summary_lines(grown, 5000)[2]


def test_bench_shows_the_median_run_and_the_median_of_per_round_ratios():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import bench
    finally:
        sys.path.remove(str(BENCHMARKS))
    memory = {"rss_mb": 1000.0, "children_rss_mb": 0.0}

    def analyse(process, run):
        return {"run_seconds": run, "process_seconds": process, "cpu_seconds": process + 5} | memory

    def parse(process):
        return {"words": 1000, "parse_seconds": process - 2, "process_seconds": process, "cpu_seconds": process} | memory

    rounds = {"parse": [parse(p) for p in (80, 100, 90)], "parse-no-huge-pages": [parse(p) for p in (70, 80, 75)],
              "stages": [{"articles": 5, "parse_seconds": 60.0, "stages": {"events": 10.0}, "process_seconds": 75,
                          "cpu_seconds": 75} | memory] * 3,
              "analyse-1": [analyse(a, a - 2) for a in (104, 120, 126)],
              "analyse-2": [analyse(r + 1, r) for r in (60, 69, 71)], "dask-2": [analyse(r + 1, r) for r in (63, 70, 75)]}
    text = "\n".join(bench.report(rounds, 5))
    assert "3 rounds, the median run of each shown" in text
    assert "spaCy parse alone (as shipped)            90.0     88.0   90.0" in text  # the median run, not the first
    assert "parse alone with numpy's huge pages off as newsgraph has them: 1.50x (rounds: 1.486, 1.500, 1.680) " \
           "as whole processes, 1.56x (rounds: 1.557, 1.562, 1.747) in CPU seconds" in text
    assert "full analyse / parse alone: 1.30x (rounds: 1.300, 1.200, 1.400) as whole processes" in text
    assert "2 local workers over 1: 1.71x (rounds: 1.700, 1.710, 1.746) faster" in text
    assert "Dask LocalCluster(2) against 2 local workers: 1.05x (rounds: 1.050, 1.014, 1.056) the time" in text
    single = {name: runs[:1] for name, runs in rounds.items()}
    assert "rounds" not in "\n".join(bench.report(single, 5)) and "1.30x" in "\n".join(bench.report(single, 5))


def test_the_peer_benchmark_reports_the_median_runs_the_ratio_and_what_the_peer_left_out():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import peer
    finally:
        sys.path.remove(str(BENCHMARKS))
    left_out = ["V1.5TONE", "V2GCAM"]
    rounds = {"peer": [{"process_seconds": s, "rss_mb": 200.0, "version": "2.1.2", "not_computed": left_out}
                       for s in (10.0, 20.0, 16.0)],
              "analyse-1": [{"process_seconds": s, "rss_mb": 1000.0} for s in (15.0, 24.0, 20.0)],
              "parse": [{"process_seconds": s, "rss_mb": 700.0} for s in (12.0, 14.0, 13.0)]}
    text = "\n".join(peer.report(rounds, 120))
    assert "gdelt-regkg 2.1.2" in text and "  16.0      200" in text and "  20.0     1000" in text
    assert "newsgraph's time / gdelt-regkg's: 1.25x (rounds: 1.500, 1.200, 1.250)" in text
    assert "V1.5TONE, V2GCAM" in text and "lower bound" in text


def test_the_peer_benchmark_takes_only_a_python_new_enough_for_the_peer(monkeypatch):
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import peer
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert peer.new_enough(sys.executable) == (sys.version_info >= (3, 12))
    monkeypatch.setattr(peer, "PYTHON_NAMES", ())
    monkeypatch.setattr(peer.os.path, "expanduser", lambda path: "/nonexistent/pyenv")
    monkeypatch.setenv("PEER_PYTHON", sys.executable)
    assert peer.peer_python() == (sys.executable if sys.version_info >= (3, 12) else None)


def test_the_peer_runs_on_the_spacy_pipeline_newsgraph_pins():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import peer
    finally:
        sys.path.remove(str(BENCHMARKS))
    pins = (BENCHMARKS.parent / "pyproject.toml").read_text()
    model_pin = next(r for r in peer.PEER_REQUIREMENTS if r.startswith("en-core-web-sm"))
    assert f'"{model_pin}"' in pins
    assert peer.PEER_MODEL == model_pin.split("==")[0].replace("-", "_")
