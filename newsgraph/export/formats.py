"""``export_store``: one store, one format, to standard output, a file or (Parquet) a folder."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Optional, TextIO

import duckdb

from newsgraph.errors import ExportError
from newsgraph.export.gdelt_events import write_gdelt_events
from newsgraph.export.gdelt_gkg import write_gdelt_gkg
from newsgraph.export.gdelt_mentions import write_gdelt_mentions
from newsgraph.export.tables import write_events_csv, write_events_jsonl, write_parquet
from newsgraph.store import Store

FORMATS: dict[str, Callable[[duckdb.DuckDBPyConnection, TextIO], int]] = {
    "gdelt-events": write_gdelt_events, "gdelt-mentions": write_gdelt_mentions, "gdelt-gkg": write_gdelt_gkg,
    "csv": write_events_csv, "jsonl": write_events_jsonl,
}
"""The formats written as one stream of lines; ``parquet`` writes a folder of files."""
FOLDER_FORMATS = ("parquet",)


@dataclass
class Exported:
    """What an export wrote: the format, the rows, where (None: standard output)."""

    format: str
    rows: int
    out: Optional[str]


def check_export(format_name: str, out: Optional[str]) -> None:
    """Refuse an unknown format, or Parquet without a folder, before the store is opened."""
    if not format_name:
        raise ExportError(f"give a format with --format: {', '.join([*FORMATS, *FOLDER_FORMATS])}")
    if format_name not in FORMATS and format_name not in FOLDER_FORMATS:
        raise ExportError(f"unknown format {format_name!r}: choose one of "
                          f"{', '.join([*FORMATS, *FOLDER_FORMATS])}")
    if format_name in FOLDER_FORMATS and not out:
        raise ExportError("parquet writes one file per table: give a folder with --out DIR")


def export_store(db: str, format_name: str, out: Optional[str] = None, stdout: Optional[TextIO] = None) -> Exported:
    """Export the store at ``db`` in ``format_name`` to ``out`` (a file; for parquet a folder), or to
    ``stdout``. Raises ExportError (a bad format or output) or StoreError (no store at ``db``)."""
    check_export(format_name, out)
    with Store.for_reading(db) as store:
        if format_name in FOLDER_FORMATS:
            return Exported(format_name, write_parquet(store.connection, out), out)
        with output(out, stdout or sys.stdout) as stream:
            return Exported(format_name, FORMATS[format_name](store.connection, stream), out)


@contextmanager
def output(path: Optional[str], stdout: TextIO) -> Iterator[TextIO]:
    """The file at ``path`` opened for writing (ExportError with the reason if it cannot be), or stdout."""
    if not path:
        yield stdout
        return
    try:
        stream = open(path, "w", encoding="utf-8", newline="")
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
    with stream:
        yield stream
