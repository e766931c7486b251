"""Analyse on a Dask cluster: ``newsgraph analyze ... --dask local[:N]|tcp://HOST:PORT``.

The input files are cut into partitions: consecutive files grouped by size, and a file bigger than
a partition's share of the bytes cut into chunks by byte offset when it is plain JSON Lines or a WARC
(.warc.gz too, when written a record per gzip member as the standard says): newsgraph.ingest.chunks
finds the record starts on the client, once, and the chunks go into different partitions. A chunk's
records keep the ids, origins and line numbers of the whole file. Other files (gzip-compressed JSON
Lines among them: a gzip stream cannot be entered at an offset) are read whole.
Each partition is a Dask task: on a worker it reads its files and chunks, screens them as a local run does
(already stored, not an article, not English) and runs the pipeline on the rest, with the spaCy
pipeline and lexicons loaded once per worker (``PipelinePlugin``). It writes its outcomes into one
Parquet file of the run folder (a temporary name, then ``os.replace``: a rerun of the task after a
worker died overwrites it whole). The client takes the partitions in input order, screens duplicates
(exact and near, against the store and the run so far) exactly where a local run does, and stores
through the same ``Writer``: the store equals that of a local run on the same input.

Records go through Parquet as pickled objects (one binary column beside the id, text and source
the duplicate screen needs): the JSON form of an article drops mention kinds and rules the store keeps.
The workers must see the input files and the store's folder under the same paths (one machine,
or a shared file system)."""
from __future__ import annotations

import importlib.util
import os
import pickle
import shutil
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterable, Iterator, Optional, Union

from newsgraph.collector import loads_kept_for_good
from newsgraph.errors import ClusterError, SettingsError
from newsgraph.ingest.chunks import FileChunk, read_chunk, split_file
from newsgraph.ingest.jsonl import JsonlFields
from newsgraph.ingest.read import STDIN, ReadOptions, ReadStats, folder_entries, read_inputs
from newsgraph.model import Article, Failure, Skipped
from newsgraph.settings import Settings

PARTITIONS_PER_WORKER = 4  # enough tasks to balance the load and to lose little when a worker dies
MAX_PARTITION_BYTES = 8_000_000  # input bytes per partition at most (a bigger file is split, when it can be)
MAX_PARTITION_FILES = 500
LOCAL = "local"
CONNECT_SECONDS = 20  # to reach a scheduler, and for its first worker to join

Entry = Union[str, FileChunk, Skipped, Failure]  # a file or a chunk of one to read, or what a folder's walk left in its place


@dataclass(frozen=True)
class DaskTarget:
    """Where to run: a scheduler's address, or a LocalCluster of ``local_workers`` processes."""

    address: Optional[str] = None
    local_workers: int = 0


def parse_target(value: str) -> DaskTarget:
    """``local`` (one worker per CPU core), ``local:N``, or a scheduler address ``tcp://HOST:PORT``."""
    if value == LOCAL:
        return DaskTarget(local_workers=os.cpu_count() or 1)
    if value.startswith(LOCAL + ":"):
        count = value[len(LOCAL) + 1:]
        if not count.isdigit() or int(count) < 1:
            raise SettingsError(f"setting dask wants local:N with N a whole number of at least 1, got {value!r}")
        return DaskTarget(local_workers=int(count))
    scheme, _, rest = value.partition("://")
    if scheme in ("tcp", "tls") and ":" in rest:
        return DaskTarget(address=value)
    raise SettingsError(f"setting dask wants local, local:N or tcp://HOST:PORT, got {value!r}")


# ---- partitions --------------------------------------------------------------------------------

def input_entries(paths: Iterable[str], passed_over: Iterable[str] = ()) -> Iterator[Entry]:
    """The files a local run would read, in its order (folders walked as ``read_folder`` walks them)."""
    skip = frozenset(os.path.realpath(path) for path in passed_over)
    for path in paths:
        if path == STDIN:
            raise SettingsError("--dask cannot read standard input: name files or folders")
        if os.path.isdir(path):
            yield from (str(entry) if isinstance(entry, Path) else entry for entry in folder_entries(Path(path), skip))
        else:
            yield path  # a missing path becomes its Failure on the worker, as locally


def entry_size(entry: Entry) -> int:
    if isinstance(entry, FileChunk):
        return entry.size
    try:
        return os.path.getsize(entry) if isinstance(entry, str) else 0
    except OSError:
        return 0


def partitions(entries: list[Entry], workers: int) -> list[list[Entry]]:
    """Consecutive groups of ``entries``, about PARTITIONS_PER_WORKER per worker, each at most
    MAX_PARTITION_BYTES and MAX_PARTITION_FILES; a file bigger than that is cut into chunks of
    about that size where it can be (newsgraph.ingest.chunks.split_file); input order is kept."""
    sizes = [entry_size(entry) for entry in entries]
    target = min(MAX_PARTITION_BYTES, max(1, sum(sizes) // max(1, workers * PARTITIONS_PER_WORKER)))
    pieces = [piece for entry, size in zip(entries, sizes)
              for piece in (split_file(entry, target) if isinstance(entry, str) and size > target else [entry])]
    return groups_by_size(pieces, target)


def groups_by_size(entries: list[Entry], target: int) -> list[list[Entry]]:
    """Consecutive groups of at most ``target`` bytes and MAX_PARTITION_FILES entries (an entry
    bigger than ``target`` is a group of its own)."""
    groups: list[list[Entry]] = []
    current: list[Entry] = []
    current_bytes = 0
    for entry in entries:
        size = entry_size(entry)
        if current and (current_bytes + size > target or len(current) >= MAX_PARTITION_FILES):
            groups.append(current)
            current, current_bytes = [], 0
        current.append(entry)
        current_bytes += size
    return groups + [current] if current else groups


# ---- on a worker -------------------------------------------------------------------------------

_PIPELINES: dict = {}  # Settings -> Pipeline, one per worker process


def worker_pipeline(settings: Settings):
    """The pipeline of this worker process for ``settings``, loaded on first use (the plugin loads it at start)."""
    if settings not in _PIPELINES:
        from newsgraph.pipeline import Pipeline
        pipeline = Pipeline(settings)
        pipeline.nlp, pipeline.lexicons  # load the model and the lexicons now, once
        _PIPELINES[settings] = pipeline
    return _PIPELINES[settings]


def pipeline_plugin(settings: Settings):
    """A ``distributed.WorkerPlugin`` that loads the pipeline and lexicons once on each worker (the
    model's load sets how the worker keeps freed memory: ``heap.keep_freed_memory``)."""
    from distributed import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):
        def __init__(self, settings: Settings) -> None:
            self.settings = settings

        def setup(self, worker) -> None:
            worker_pipeline(self.settings)

    return PipelinePlugin(settings)


def analyse_partition(index: int, entries: list[Entry], settings: Settings, fields: JsonlFields,
                      stored_ids: frozenset[str], folder: str) -> tuple[str, ReadStats]:
    """Read, screen and analyse one partition; its outcomes go to a Parquet file of ``folder``. After a
    worker's first partition, what the worker has loaded is set aside from the garbage collector for good
    (``collector.loads_kept_for_good``), as a local worker does after its first batch: a Dask worker of
    an external cluster that also runs other work has its objects of that moment set aside too."""
    from newsgraph.screen import Screen

    stats = ReadStats()
    screen = Screen(replace(settings, dedup=False))  # duplicates are screened by the client, in input order
    screen.stored_ids = stored_ids
    rows: list[dict] = []
    to_analyse: list[Article] = []
    for result in read_entries(entries, settings, fields, stats):
        left_out = screen.left_out(result) if isinstance(result, Article) else None
        if isinstance(result, Article) and left_out is None:
            rows.append({"candidate": True, "id": result.id, "text": result.text, "source": result.source,
                         "origin": result.origin, "title": result.title})
            to_analyse.append(result)
        else:
            rows.append({"candidate": False, "record": pickle.dumps(left_out or result)})
    analysed = iter(worker_pipeline(settings).run(to_analyse))
    for row in rows:
        if row["candidate"]:
            row["record"] = pickle.dumps(next(analysed))
    path = write_partition(rows, folder, index)
    loads_kept_for_good()  # after the worker's first partition: the stages have loaded what they load when needed
    return path, stats


def read_entries(entries: list[Entry], settings: Settings, fields: JsonlFields, stats: ReadStats):
    for entry in entries:
        if isinstance(entry, str):
            yield from read_inputs([entry], raw_text=settings.raw_text, stats=stats, fields=fields)
        elif isinstance(entry, FileChunk):
            yield from read_chunk(entry, ReadOptions(settings.raw_text, stats, fields))
        else:
            stats.add(entry)
            yield entry


PARTITION_COLUMNS = ("candidate", "id", "text", "source", "origin", "title", "record")


def write_partition(rows: list[dict], folder: str, index: int) -> str:
    """``rows`` as ``folder``/part-INDEX.parquet, written under a temporary name and renamed (atomic)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {name: [row.get(name) for row in rows] for name in PARTITION_COLUMNS}
    table = pa.table({name: pa.array(values, type=pa.binary() if name == "record" else
                                     pa.bool_() if name == "candidate" else pa.string())
                      for name, values in columns.items()})
    path = os.path.join(folder, f"part-{index:06d}.parquet")
    temporary = f"{path}.{uuid.uuid4().hex}.tmp"
    pq.write_table(table, temporary)
    os.replace(temporary, path)
    return path


# ---- on the client -----------------------------------------------------------------------------

def read_partition(path: str, screen) -> Iterator:
    """The outcomes of a partition file in input order, duplicates screened by ``screen``."""
    import pyarrow.parquet as pq

    for row in pq.read_table(path).to_pylist():
        if row["candidate"]:
            seen = SimpleNamespace(**{name: row[name] for name in ("id", "text", "source", "origin", "title")})
            duplicate = screen.duplicate(seen)
            if duplicate is not None:
                yield duplicate
                continue
        yield pickle.loads(row["record"])


def dashboard_line(client) -> str:
    if importlib.util.find_spec("bokeh") is None:
        return "Dask dashboard unavailable (it needs the bokeh package, not installed)"
    return f"Dask dashboard: {client.dashboard_link}"


@contextmanager
def connected_client(target: DaskTarget):
    from distributed import Client, LocalCluster

    if target.address:
        try:
            client = Client(target.address, timeout=CONNECT_SECONDS)
        except OSError as error:  # refused, unknown host, timed out
            raise ClusterError(f"cannot reach the Dask scheduler at {target.address}: {error}") from error
        with client:
            try:
                client.wait_for_workers(1, timeout=CONNECT_SECONDS)
            except TimeoutError as error:
                raise ClusterError(f"no Dask worker joined the scheduler at {target.address} "
                                   f"in {CONNECT_SECONDS} s") from error
            yield client
        return
    with LocalCluster(n_workers=target.local_workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


def run_folder(db: str, run_id: Optional[int]) -> str:
    folder = f"{os.path.abspath(db)}.dask-run-{run_id if run_id is not None else uuid.uuid4().hex}"
    os.makedirs(folder, exist_ok=True)
    return folder


def analyze_on_dask(paths: list[str], settings: Settings, store, summary, fields: Optional[JsonlFields] = None,
                    on_outcome: Optional[Callable[[], None]] = None,
                    notice: Optional[Callable[[str], None]] = None) -> Iterator:
    """``analyze_paths`` on the Dask cluster of ``settings.dask``: the same outcomes in the same
    order, stored the same way."""
    from newsgraph.analyze import Writer, limit_store_memory, store_files
    from newsgraph.screen import Screen

    target = parse_target(settings.dask)
    entries = list(input_entries(paths, store_files(settings.db)))
    limit_store_memory(store, settings)
    screen = Screen(settings, store)
    writer = Writer(store, summary, settings.write_batch, on_outcome, screen.fingerprints,  # saved with their articles
                    screen.stored)
    folder = run_folder(settings.db, summary.run_id)
    try:
        with connected_client(target) as client:
            if notice is not None:
                notice(dashboard_line(client))
            groups = partitions(entries, len(client.scheduler_info()["workers"]))
            client.register_plugin(pipeline_plugin(settings), name="newsgraph-pipeline")
            [stored_ids] = client.scatter([frozenset(screen.stored_ids)], broadcast=True)
            futures = [client.submit(analyse_partition, index, group, settings, fields or JsonlFields(),
                                     stored_ids, folder, pure=False) for index, group in enumerate(groups)]
            for group, future in zip(groups, futures):
                for outcome in partition_outcomes(group, future, screen, summary.read):
                    writer.add(outcome)
                    yield from writer.ready()
                future.release()
        writer.flush()
        yield from writer.ready()
    finally:
        writer.flush()
        shutil.rmtree(folder, ignore_errors=True)  # a rerun of the command reads the inputs again


def partition_outcomes(group: list[Entry], future, screen, stats: ReadStats) -> Iterator:
    """The outcomes of one partition's task; a task that failed for good (its workers died again
    and again) becomes a Failure of each of its files and chunks."""
    try:
        path, partition_stats = future.result()
    except Exception as error:
        yield from (lost_entry(entry, f"cluster task failed: {type(error).__name__}: {error}") for entry in group)
        return
    merge_stats(stats, partition_stats)
    yield from read_partition(path, screen)
    os.remove(path)


def lost_entry(entry: Entry, reason: str) -> Union[Failure, Skipped]:
    """The Failure of a file or chunk whose task failed for good (a chunk's names its bytes)."""
    if isinstance(entry, FileChunk):
        return Failure(entry.path, reason, record=f"bytes {entry.start}-{entry.end}", stage="cluster")
    return Failure(entry, reason, stage="cluster") if isinstance(entry, str) else entry


def merge_stats(total: ReadStats, part: ReadStats) -> None:
    total.articles += part.articles
    total.failures += part.failures
    total.files += part.files
    for kind, count in part.skipped.items():
        total.skip(kind, count)
