"""Progress of a run, updated per article: on a terminal a bar with the total when it is known
(records, or files when only they can be counted: see ``ingest.count``), percentage, rate and time
left; off a terminal (a log, a pipe) one status line on standard error at most every
``STATUS_EVERY`` seconds. The summary line at the end is the CLI's."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn,
                           TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

from newsgraph.analyze import duration
from newsgraph.ingest.count import InputCount

STATUS_EVERY = 10.0  # seconds between two status lines when standard error is not a terminal


class Measure:
    """What is done out of what total, in which unit: records (articles) when they were counted,
    else files; and the rate and time left, from the articles done since the start."""

    def __init__(self, summary, count: Optional[InputCount], clock: Callable[[], float] = time.monotonic) -> None:
        self.summary, self.clock, self.started = summary, clock, clock()
        count = count or InputCount(None, None)
        self.by_files = count.records is None and bool(count.files)
        self.total = count.files if self.by_files else count.records
        self.unit = "files" if self.by_files else "articles"

    @property
    def done(self) -> int:
        return self.summary.read.files if self.by_files else self.summary.processed

    def rate(self) -> float:
        """Articles per second so far."""
        return self.summary.processed / max(self.clock() - self.started, 1e-6)

    def seconds_left(self) -> Optional[float]:
        done, elapsed = self.done, self.clock() - self.started
        if not self.total or not done:
            return None
        return max(self.total - done, 0) * elapsed / done

    def counts(self, failed_style: str = "") -> str:
        s = self.summary
        failed = f"[{failed_style}]{s.failed} failed[/{failed_style}]" if failed_style else f"{s.failed} failed"
        analysed = s.processed - s.already_stored - s.duplicates - s.skipped - s.failed  # stored as their batch is
        return (f"{analysed} analysed · {s.already_stored} already stored · {s.duplicates} duplicates · "
                f"{s.skipped} skipped · {failed}")

    def status_line(self) -> str:
        """One line for a log: done out of the total, percentage, rate, time left, counts."""
        if self.total:
            done = min(self.done, self.total)
            head = f"{done:,}/{self.total:,} {self.unit} ({100 * done / self.total:.0f}%)"
        else:
            head = f"{self.summary.processed:,} articles"
        left = self.seconds_left()
        eta = f", about {duration(left)} left" if left is not None else ""
        return (f"progress: {head}, {self.rate():.1f} articles/s{eta}, {duration(self.clock() - self.started)} "
                f"so far; {self.counts()}")


class RateColumn(ProgressColumn):
    """Articles per second since the start of the run."""

    def __init__(self, measure: Measure) -> None:
        super().__init__()
        self.measure = measure

    def render(self, task) -> Text:
        return Text(f"{self.measure.rate():.1f} articles/s", style="progress.data.speed")


class RunProgress:
    """A rich progress bar on a terminal, redrawn as each article is done."""

    def __init__(self, summary, console: Console, count: Optional[InputCount] = None) -> None:
        self.measure = Measure(summary, count)
        self.display = Progress(SpinnerColumn(), BarColumn(), TaskProgressColumn(), MofNCompleteColumn(),
                                TextColumn(self.measure.unit), RateColumn(self.measure), TextColumn("ETA"),
                                TimeRemainingColumn(), TextColumn("elapsed"), TimeElapsedColumn(),
                                TextColumn("{task.description}"),
                                console=console, transient=False,
                                redirect_stdout=stdout_is_terminal(), redirect_stderr=False)
        self.task = self.display.add_task(self.describe(), total=self.measure.total)

    def describe(self) -> str:
        return f"· {self.measure.counts(failed_style='red')}"

    def update(self) -> None:
        self.display.update(self.task, completed=self.measure.done, description=self.describe())


def stdout_is_terminal() -> bool:
    """Whether standard output shares the terminal with the bar: then cards are printed above the bar;
    otherwise (``--json > file``) standard output is left alone, not sent to the bar's terminal."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


class StatusLines:
    """Off a terminal: a status line on standard error when ``every`` seconds have passed since the last."""

    def __init__(self, summary, console: Console, count: Optional[InputCount] = None, every: Optional[float] = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.measure, self.console = Measure(summary, count, clock), console
        self.every = STATUS_EVERY if every is None else every
        self.clock, self.last = clock, clock()

    def update(self) -> None:
        if self.clock() - self.last >= self.every:
            self.last = self.clock()
            self.console.print(self.measure.status_line(), highlight=False, soft_wrap=True, markup=False)


class NoProgress:
    def update(self) -> None:
        pass


@contextmanager
def run_progress(summary, console: Console, quiet: bool, count: Optional[InputCount] = None) -> Iterator:
    """The progress display for a run: nothing when ``quiet``, a bar on a terminal, else status lines."""
    if quiet:
        yield NoProgress()
        return
    if not console.is_terminal:
        yield StatusLines(summary, console, count)
        return
    progress = RunProgress(summary, console, count)
    with progress.display:
        yield progress
