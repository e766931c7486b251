"""A rich progress display for long runs: outcomes done, articles/s, duplicates and failures.
Quiet when standard error is not a terminal."""
from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Iterator

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


class RunProgress:
    def __init__(self, summary, console: Console) -> None:
        self.summary, self.started = summary, time.monotonic()
        self.display = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                console=console, transient=False)
        self.task = self.display.add_task(self.describe())

    def describe(self) -> str:
        rate = self.summary.done / max(time.monotonic() - self.started, 1e-6)
        read = self.summary.read
        return (f"{read.files} files · {self.summary.done} articles ({rate:.1f}/s) · "
                f"{self.summary.duplicates} duplicates · {self.summary.skipped} skipped · "
                f"[red]{self.summary.failed} failed[/red]")

    def update(self) -> None:
        self.display.update(self.task, description=self.describe())


class NoProgress:
    def update(self) -> None:
        pass


@contextmanager
def run_progress(summary, console: Console, quiet: bool) -> Iterator:
    if quiet or not console.is_terminal:
        yield NoProgress()
        return
    progress = RunProgress(summary, console)
    with progress.display:
        yield progress
