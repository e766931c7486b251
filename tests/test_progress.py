"""Issue 14, item 3: progress a person can read. A bar with the total when it is known, percentage,
rate and ETA, updated per article; off a terminal a periodic status line; a summary with elapsed
time and rate. Clocks are given, never waited for."""
import json
import re
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from newsgraph.analyze import RunSummary, analyze_paths, duration
from newsgraph.cli import app
from newsgraph.ingest.count import InputCount, count_inputs
from newsgraph.progress import Measure, NoProgress, RunProgress, StatusLines, run_progress
from newsgraph.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"
FEED = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
        "<item><title>One</title><description>Envoys met in Geneva.</description></item>"
        "<item><title>Two</title><description>Ministers met in Oslo.</description></item></channel></rss>")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_cheap_count_gives_the_records_of_texts_json_lines_and_feeds(tmp_path):
    (tmp_path / "a.txt").write_text("Envoys met in Geneva.")
    (tmp_path / "b.jsonl").write_text('{"text": "one"}\n{"text": "two"}\n{"text": "three"}')  # no last newline
    (tmp_path / "c.xml").write_text(FEED)
    (tmp_path / "LICENSE").write_text("MIT License")  # left out as not an article: one outcome
    (tmp_path / "noext").write_text('{"text": "one"}\n{"text": "two"}\n')  # sniffed: JSON Lines
    assert count_inputs([str(tmp_path), str(tmp_path / "missing.txt")]) == InputCount(files=5, records=1 + 3 + 2 + 1 + 2 + 1)


def test_archives_and_stdin_are_not_counted_but_files_are(tmp_path):
    (tmp_path / "a.txt").write_text("Envoys met in Geneva.")
    (tmp_path / "crawl.warc").write_bytes(b"WARC/1.0\r\n")
    assert count_inputs([str(tmp_path)]) == InputCount(files=2, records=None)
    assert count_inputs(["-"]) == InputCount(None, None)


def test_the_status_line_has_done_of_total_percentage_rate_and_time_left():
    clock, summary = FakeClock(), RunSummary(stored=24, failed=1)
    measure = Measure(summary, InputCount(files=10, records=100), clock)
    summary.processed = 25
    clock.now += 50
    line = measure.status_line()
    assert line.startswith("progress: 25/100 articles (25%), 0.5 articles/s, about 2 min 30 s left, 50 s so far")
    assert "24 analysed · 0 already stored · 0 duplicates · 0 skipped · 1 failed" in line


def test_without_a_record_count_the_bar_counts_files():
    clock, summary = FakeClock(), RunSummary(processed=300)
    summary.read.files = 1
    measure = Measure(summary, InputCount(files=4, records=None), clock)
    clock.now += 10
    assert (measure.done, measure.total, measure.unit) == (1, 4, "files")
    assert measure.status_line().startswith("progress: 1/4 files (25%), 30.0 articles/s, about 30 s left")
    assert Measure(summary, None, clock).status_line().startswith("progress: 300 articles, ")  # stdin: no total


def test_off_a_terminal_a_status_line_comes_every_n_seconds(tmp_path):
    clock, summary = FakeClock(), RunSummary()
    console = Console(file=open(tmp_path / "log", "w"), width=40)  # narrow: the line must still not wrap
    status = StatusLines(summary, console, InputCount(3, 3), every=30, clock=clock)
    for seconds in (10, 10, 15, 10, 40):
        clock.now += seconds
        summary.processed += 1
        status.update()
    console.file.close()
    lines = (tmp_path / "log").read_text().splitlines()
    assert [line.split(",")[0] for line in lines] == ["progress: 3/3 articles (100%)", "progress: 3/3 articles (100%)"]
    assert len(lines) == 2  # at 35 s and 85 s, not at every article


def test_run_progress_picks_the_bar_on_a_terminal_status_lines_off_it_and_nothing_when_quiet(tmp_path):
    summary = RunSummary()
    with run_progress(summary, Console(force_terminal=True), quiet=True) as progress:
        assert isinstance(progress, NoProgress)
    with run_progress(summary, Console(file=open(tmp_path / "log", "w")), quiet=False) as progress:
        assert isinstance(progress, StatusLines)
    with run_progress(summary, Console(force_terminal=True, file=open(tmp_path / "tty", "w")), quiet=False) as progress:
        assert isinstance(progress, RunProgress)


def test_the_bar_shows_total_percentage_rate_and_eta():
    summary = RunSummary(stored=1, failed=1, processed=2)
    console = Console(force_terminal=True, record=True, width=200)
    progress = RunProgress(summary, console, InputCount(3, 4))
    progress.update()
    console.print(progress.display.get_renderable())
    shown = console.export_text()
    assert re.search(r"━+.* 50% 2/4 articles [\d.]+ articles/s ETA [-:\d]+ elapsed [\d:]+ · 1 analysed", shown), shown
    assert "1 failed" in shown


def test_progress_is_told_of_each_article_before_its_batch_is_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        (folder / f"{number}.txt").write_text(EXAMPLE.read_text().replace("NATO", f"NATO {number}", 1))
    summary, seen = RunSummary(), []
    results = analyze_paths([str(folder)], Settings(dedup=False), None, summary,
                            on_outcome=lambda: seen.append((summary.processed, yielded)))
    yielded = 0
    for _ in results:
        yielded += 1
    assert seen == [(1, 0), (2, 0), (3, 0)]  # one update per article, all within one batch


def test_the_summary_says_how_long_the_run_took_and_how_fast(tmp_path):
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--db", str(tmp_path / "s.duckdb")])
    assert re.search(r"1 stored, .*; in \d+\.\d s, \d+\.\d articles/s \(store: ", result.output), result.output


def test_a_run_off_a_terminal_writes_status_lines_not_a_bar(tmp_path, monkeypatch):
    from newsgraph import progress
    monkeypatch.setattr(progress, "STATUS_EVERY", 0.0)
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps({"text": EXAMPLE.read_text().replace("NATO", f"NATO {n}", 1)})
                              for n in range(2)) + "\n")
    result = CliRunner().invoke(app, ["analyze", str(dump), "--db", str(tmp_path / "s.duckdb"), "--json"])
    statuses = [line for line in result.output.splitlines() if line.startswith("progress:")]
    assert [s.split(",")[0] for s in statuses] == ["progress: 1/2 articles (50%)", "progress: 2/2 articles (100%)"]
    assert "━" not in result.output


def test_durations_read_as_a_person_says_them():
    assert [duration(s) for s in (0.44, 12.4, 185, 7380)] == ["0.4 s", "12 s", "3 min 05 s", "2 h 03 min"]


def test_output_sent_to_a_file_stays_there_while_the_bar_is_on_the_terminal(tmp_path, capsys):
    """`analyze --json > out.jsonl` on a terminal: the bar redirected standard output to the terminal
    (standard error), so the JSON lines were shown and out.jsonl stayed empty."""
    import sys
    terminal = open(tmp_path / "tty", "w")
    with run_progress(RunSummary(), Console(force_terminal=True, file=terminal), quiet=False, count=InputCount(1, 1)):
        sys.stdout.write('{"id": "a"}\n')
    terminal.close()
    assert capsys.readouterr().out == '{"id": "a"}\n' and '"id"' not in (tmp_path / "tty").read_text()
