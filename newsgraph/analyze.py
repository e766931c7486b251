"""The main job as a library call: read inputs, leave out duplicates and non-English articles,
run the pipeline, store what comes out."""
from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Union

from newsgraph.ingest.dedup import FingerprintRow
from newsgraph.ingest.fetch import package_version
from newsgraph.ingest.jsonl import JsonlFields
from newsgraph.ingest.read import ReadStats, read_inputs
from newsgraph.model import Article, Duplicate, Failure, Skipped
from newsgraph.pipeline import Pipeline, dictionary_warnings, installed_model
from newsgraph.screen import AlreadyStored, Screen
from newsgraph.settings import Settings, environment_warnings
from newsgraph.store.failures import Read
from newsgraph.store.schema import RUN_COUNTS

INTERRUPTED = 130  # exit code after Ctrl-C, as a shell gives
READS_PER_WRITE = 1000  # records read without failing (already stored, duplicates, skipped) or failing, noted per write


Outcome = Union[Article, Failure, Duplicate, Skipped, AlreadyStored]


@dataclass
class RunSummary:
    stored: int = 0  # new articles written to the store
    already_stored: int = 0  # articles already in the store, recognised by id before parsing, not analysed again
    replaced: int = 0  # articles already in the store, analysed again (reanalyse) and written in place
    duplicates: int = 0  # exact or near copies of an article already seen, linked, not analysed
    skipped: int = 0  # inputs left out on purpose (not English, no language, repetitive, not an article)
    failed: int = 0  # inputs or articles recorded in `failures`
    resolved: int = 0  # failures of earlier runs whose record this run read (marked resolved in `failures`)
    processed: int = 0  # outcomes so far, each counted as soon as it is known (before its batch is stored)
    elapsed: float = 0.0  # seconds the run took (set by `recorded_run`)
    run_id: Optional[int] = None  # its row in the store's `runs` table
    read: ReadStats = field(default_factory=ReadStats)

    @property
    def exit_code(self) -> int:
        """0 when every input was analysed, 1 when at least one failed (see docs/cli.md)."""
        return 1 if self.failed else 0

    @property
    def done(self) -> int:
        return self.stored + self.already_stored + self.replaced + self.duplicates + self.skipped + self.failed

    def line(self) -> str:
        parts = [f"{self.stored} stored", f"{self.already_stored} already stored", f"{self.duplicates} duplicates",
                 f"{self.skipped} skipped", f"{self.failed} failed"]
        if self.replaced:
            parts.insert(1, f"{self.replaced} analysed again")
        if self.resolved:
            parts.append(f"{self.resolved} failures of earlier runs resolved")
        extra = self.read.skipped_line()
        return ", ".join(parts) + (f"; {extra}" if extra else "")

    def timing(self) -> str:
        """How long the run took and how fast it went ("in 1 min 05 s, 3.2 articles/s")."""
        return f"in {duration(self.elapsed)}, {self.done / max(self.elapsed, 1e-6):.1f} articles/s"

    def counts(self) -> dict[str, int]:
        """The counts the store's `runs` table keeps."""
        return {name: self.read.files if name == "files" else getattr(self, name) for name in RUN_COUNTS}


def duration(seconds: float) -> str:
    """Seconds as a person reads them: "0.4 s", "12 s", "3 min 05 s", "2 h 03 min"."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


@contextmanager
def recorded_run(store, command: str, inputs: list[str], settings: Settings, summary: RunSummary,
                 clock: Callable[[], float] = time.monotonic) -> Iterator[RunSummary]:
    """Record a run in the store's `runs` table: its start, command, inputs and settings now, and on
    leaving the block its end, counts, elapsed time and exit code (130 when interrupted, 1 when the
    block raised, else the summary's)."""
    started = clock()
    summary.run_id = store.start_run(command, list(inputs), json.dumps(asdict(settings), sort_keys=True),
                                     package_version())
    exit_code = 1
    try:
        yield summary
        exit_code = summary.exit_code
    except KeyboardInterrupt:
        exit_code = INTERRUPTED
        raise
    finally:
        summary.elapsed = clock() - started
        store.finish_run(summary.run_id, summary.counts(), exit_code)


def check_run(settings: Settings) -> list[str]:
    """What would stop a run, raised before anything is opened or created (model not installed,
    dictionaries folder missing), and the warnings worth showing first (unknown ``NEWSGRAPH_*``
    variables, a dictionaries folder with no dictionary in it)."""
    installed_model(settings.model)
    if settings.dask:
        from newsgraph.cluster import parse_target
        parse_target(settings.dask)
    warnings = environment_warnings()
    if settings.dictionaries:
        warnings += dictionary_warnings(settings.dictionaries)
    return warnings


def analyze_paths(paths: Iterable[str], settings: Settings, store=None, summary: Optional[RunSummary] = None,
                  fields: Optional[JsonlFields] = None, on_outcome: Optional[Callable[[], None]] = None,
                  notice: Optional[Callable[[str], None]] = None) -> Iterator[Outcome]:
    """Analyse every article found under ``paths``. Each outcome is stored (when ``store`` is given)
    batch by batch as it is ready, so an interrupted run keeps what it did; outcomes come in input order.
    ``on_outcome`` is called as soon as each outcome is known (``summary`` counts it), before its batch
    is stored and yielded: a progress display updates per article, not per batch. With the ``dask``
    setting the work runs on a Dask cluster (newsgraph.cluster; ``notice`` gets its dashboard line)."""
    summary = summary if summary is not None else RunSummary()
    if settings.dask:
        from newsgraph.cluster import analyze_on_dask  # imports distributed only when asked for
        yield from analyze_on_dask(list(paths), settings, store, summary, fields, on_outcome, notice)
        return
    items = read_inputs(list(paths), raw_text=settings.raw_text, stats=summary.read, fields=fields,
                        passed_over=store_files(settings.db))
    yield from analyze_items(items, settings, store, summary, on_outcome)


def store_files(db: str) -> list[str]:
    """The files of the store at ``db`` (DuckDB's write-ahead log too): never read as input from a
    folder (``newsgraph analyze .`` in the folder that holds the store)."""
    return [db, db + ".wal"]


def limit_store_memory(store, settings: Settings) -> None:
    """Bound the run's DuckDB memory (``store_memory_limit``) before the screen reads the stored ids and
    fingerprints: the blocks it reads are then dropped as the run goes on instead of adding up."""
    if store is not None:
        store.limit_memory(settings.store_memory_limit)


def analyze_items(items: Iterable[Union[Article, Failure]], settings: Settings, store=None,
                  summary: Optional[RunSummary] = None, on_outcome: Optional[Callable[[], None]] = None
                  ) -> Iterator[Outcome]:
    """``analyze_paths`` for articles that come from elsewhere (a fetched feed, a library caller)."""
    summary = summary if summary is not None else RunSummary()
    limit_store_memory(store, settings)
    with Pipeline(settings).started(settings.workers) as analysed:  # workers load the model while the screen opens
        screen = Screen(settings, store)
        writer = Writer(store, summary, settings.write_batch, on_outcome, screen.fingerprints, screen.stored)
        try:
            for outcome in analysed(screen.filter(items, writer)):
                writer.add(outcome)
                yield from writer.ready()
            writer.flush()
            yield from writer.ready()
        finally:
            writer.flush()


class Writer:
    """Stores outcomes in batches (one transaction per batch of articles, one statement per batch of
    failures, duplicates and skips) and keeps their order."""

    def __init__(self, store, summary: RunSummary, batch_size: int,
                 on_outcome: Optional[Callable[[], None]] = None,
                 fingerprints: Optional[dict[str, FingerprintRow]] = None,
                 on_stored: Optional[Callable[[list[str]], None]] = None) -> None:
        self.store, self.summary, self.batch_size = store, summary, batch_size
        if store is not None:
            store.checkpoint_every()  # memory stays flat over a long run
        self.on_outcome = on_outcome
        self.fingerprints = fingerprints if fingerprints is not None else {}  # by article id, taken when saved
        self.on_stored = on_stored  # told the ids of each batch once it is stored
        self.articles: list[Article] = []
        self.failures: list[Failure] = []  # not yet recorded in the store, nor the next two
        self.duplicates: list[Duplicate] = []
        self.skips: list[Skipped] = []
        self.reads: list[Read] = []  # records read without failing, not yet noted in the store
        self.outcomes: list[Outcome] = []
        self.finished: list[Outcome] = []

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if isinstance(outcome, Article):
            self.articles.append(outcome)
        else:
            self.record_other(outcome)
        self.summary.processed += 1
        if self.on_outcome is not None:
            self.on_outcome()
        if len(self.articles) >= self.batch_size or len(self.reads) + len(self.failures) >= READS_PER_WRITE:
            self.flush()

    def record_other(self, outcome: Union[Failure, Duplicate, Skipped, AlreadyStored]) -> None:
        if isinstance(outcome, AlreadyStored):
            self.summary.already_stored += 1
            self.reads.append(Read(outcome.article_id, outcome.origin))
        elif isinstance(outcome, Failure):
            self.summary.failed += 1
            self.failures.append(outcome)
            if outcome.record:
                self.fingerprints.pop(outcome.record, None)  # a stage failure: the article is not stored
        elif isinstance(outcome, Duplicate):
            self.summary.duplicates += 1
            self.reads.append(Read(outcome.article_id, outcome.origin, outcome.article_id == outcome.canonical_id))
            self.duplicates.append(outcome)
        else:
            self.summary.skipped += 1
            self.reads.append(Read(outcome.article_id, outcome.origin, same_text=False))
            self.skips.append(outcome)

    def flush(self) -> None:
        """Store the articles of the batch, then its failures, duplicates and skips, then note its reads
        (which may resolve failures, those of this batch included, as when each was written at once)."""
        saved = self.save(self.articles)
        if self.store is not None and self.on_stored is not None:
            self.on_stored([article.id for article, new in zip(self.articles, saved) if new is not None])
        self.summary.stored += saved.count(True)
        self.summary.replaced += saved.count(False)
        reads = [Read(a.id, a.origin) for a, new in zip(self.articles, saved) if new is not None] + self.reads
        if self.store is not None:
            self.store.record_failures(self.failures, self.summary.run_id)
            self.store.record_duplicates(self.duplicates)
            self.store.record_skips(self.skips)
            self.summary.resolved += self.store.record_reads(reads, self.summary.run_id)
        self.articles, self.reads, self.failures, self.duplicates, self.skips = [], [], [], [], []
        self.finished += self.outcomes
        self.outcomes = []

    def save(self, articles: list[Article]) -> list[Optional[bool]]:
        """For each article: True if new, False if it replaced a stored one, None if it failed. Each new
        article's fingerprint is saved with it."""
        fingerprints = [self.fingerprints.pop(a.id) for a in articles if a.id in self.fingerprints]
        if self.store is None or not articles:
            return [True] * len(articles)
        try:
            return self.store.save_many(articles, self.summary.run_id, fingerprints)
        except Exception:  # one bad article must not lose the batch: save one by one
            return [self.save_one(article, [f for f in fingerprints if f[0] == article.id]) for article in articles]

    def save_one(self, article: Article, fingerprints: list[FingerprintRow]) -> Optional[bool]:
        try:
            return self.store.save_many([article], self.summary.run_id, fingerprints)[0]
        except Exception as error:
            failure = Failure(article.origin or article.id, f"cannot store: {type(error).__name__}: {error}",
                              article.id, "store")
            self.record_other(failure)
            return None

    def ready(self) -> Iterator[Outcome]:
        finished, self.finished = self.finished, []
        yield from finished
