"""The main job as a library call: read inputs, run the pipeline, store what comes out."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

from newsgraph.ingest.read import read_inputs
from newsgraph.model import Article, Failure
from newsgraph.pipeline import Pipeline
from newsgraph.settings import Settings


@dataclass
class RunSummary:
    stored: int = 0  # new articles written to the store
    replaced: int = 0  # articles already in the store, written again in place
    failed: int = 0  # inputs or articles recorded in `failures`

    @property
    def exit_code(self) -> int:
        """0 when every input was analysed, 1 when at least one failed (see docs/cli.md)."""
        return 1 if self.failed else 0

    def line(self) -> str:
        return f"{self.stored} stored, {self.replaced} already stored, {self.failed} failed"


def analyze_paths(paths: Iterable[str], settings: Settings, store=None,
                  summary: Optional[RunSummary] = None) -> Iterator[Union[Article, Failure]]:
    """Analyse every article found under ``paths``; save each result (and each failure) to
    ``store`` when given, as soon as it is ready, so that an interrupted run keeps what it did."""
    summary = summary if summary is not None else RunSummary()
    items = read_inputs(list(paths), raw_text=settings.raw_text)
    for result in Pipeline(settings).run(items):
        record(result, store, summary)
        yield result


def record(result: Union[Article, Failure], store, summary: RunSummary) -> None:
    if isinstance(result, Failure):
        summary.failed += 1
        if store is not None:
            store.record_failure(result)
        return
    is_new = store.save(result) if store is not None else True
    if is_new:
        summary.stored += 1
    else:
        summary.replaced += 1
