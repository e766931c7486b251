"""A cheap count of what ``read_inputs`` will give, for a progress bar with a total: the files, and
the records when every file's can be counted without parsing it (one for a text, HTML or JSON file,
the lines of JSON Lines, the entries of a feed). WARC, gzip and zip files, and standard input, are
not counted (their records are known only by reading them): then only the files are.

The count is an estimate of the outcomes of a run (each record gives one: an article, a failure,
a duplicate or a skipped input); a progress display treats it as such.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Optional

from newsgraph.ingest.read import (EXTENSIONS, MAX_DOCUMENT_BYTES, SNIFF_BYTES, STDIN, detect_format,
                                   not_an_article, visible_files)

CHUNK_BYTES = 2**20
FEED_ENTRY = re.compile(rb"<(?:item|entry)[\s>]", re.IGNORECASE)
SINGLE_DOCUMENT = frozenset({"text", "html", "json"})
NOT_COUNTED = frozenset({"warc", "gzip", "zip"})


@dataclass
class InputCount:
    files: Optional[int]  # files that will be opened; None with standard input
    records: Optional[int]  # outcomes expected; None when some input cannot be counted cheaply


def count_inputs(paths: list[str]) -> InputCount:
    """Files and records under ``paths``, as ``read_inputs`` walks them (never raises)."""
    files, records = 0, 0
    for path in paths:
        if path == STDIN:
            return InputCount(None, None)
        if not os.path.isdir(path):
            files += os.path.isfile(path)
            records = add(records, count_file(Path(path)) if os.path.isfile(path) else 1)  # else one failure
            continue
        found = visible_files(Path(path))
        files += len(found)
        records = add(records, sum_or_none([1 if not_an_article(file) else count_file(file) for file in found])
                      if found else 1)  # an empty folder is one failure
    return InputCount(files, records)


def add(total: Optional[int], count: Optional[int]) -> Optional[int]:
    return None if total is None or count is None else total + count


def sum_or_none(counts: list[Optional[int]]) -> Optional[int]:
    return None if None in counts else sum(counts)


def count_file(file: Path) -> Optional[int]:
    """The records of one file (at least one: a failure counts), or None when only reading it tells."""
    try:
        with file.open("rb") as stream:
            kind = EXTENSIONS.get(file.suffix.lower())
            if kind is None or kind == "json":
                kind = detect_format(stream.read(SNIFF_BYTES), file.name)
                stream.seek(0)
            if kind == "jsonl":
                return max(1, count_lines(stream))
            if kind == "feed":
                return max(1, len(FEED_ENTRY.findall(stream.read(MAX_DOCUMENT_BYTES))))
            return None if kind in NOT_COUNTED else 1  # one document, or a failure (empty, binary)
    except OSError:
        return 1  # reading it will fail the same way: one failure


def count_lines(stream: BinaryIO) -> int:
    """Lines of a JSON Lines stream, blank ones included (an estimate of its records)."""
    lines, last = 0, b"\n"
    while chunk := stream.read(CHUNK_BYTES):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    return lines + (last != b"\n")
