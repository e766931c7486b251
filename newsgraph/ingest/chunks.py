"""Big JSON Lines and WARC files cut into chunks by byte offset, so that a cluster run
(newsgraph.cluster) can read one file on many workers.

A ``FileChunk`` is the half-open byte range [start, end) of a file. ``split_file`` cuts a file on the
client, once, and only at record starts, so a chunk holds whole records and reading the chunks one
after the other gives exactly what reading the file whole gives: the same articles with the same
origins (``path:LINE`` with the line number in the file, ``path@OFFSET`` with the offset in the file),
the same failures, the same counts.

* JSON Lines (plain files): cut at the start of a line that is not blank, the first one at or after
  each multiple of the chunk size; the lines before each cut are counted (one pass over the file,
  counting newline bytes) so that every chunk numbers its lines as the whole file does.
* WARC, and WARC.gz written as the standard says (each record its own gzip member): cut at the start
  of a record (its gzip member) found by warcio's ``ArchiveIterator``, which reads the file through
  once (it must inflate every member of a WARC.gz to find where the next starts; payloads are not
  decoded). A chunk is read by warcio from its first record as if it were a file of its own.
* Cuts fall only on a record that gives a result (a non-blank line, a 2xx HTML page with a declared
  type), so a split file always has one and never deserves the verdict a whole file can get ("empty
  file: no JSON line", "no HTML page in the WARC"): a chunk's reader gives no verdict. A damaged WARC
  record stops the scan, so it and all that follows it stay in the last chunk and end its read as
  they end a local read of the file.
* Anything else is read whole: a gzip-compressed JSON Lines file (a gzip stream cannot be entered at
  an offset), a WARC.gz that is one gzip stream, text, HTML, feeds, archives.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import BinaryIO, Iterator, Optional, Union

from warcio.archiveiterator import ArchiveIterator

from newsgraph.ingest.jsonl import MAX_LINE_BYTES, jsonl_records
from newsgraph.ingest.read import SNIFF_BYTES, ReadOptions, Result, detect_format, one_line, read_failure
from newsgraph.ingest.warc import CountingStream, gives_a_result, warc_records
from newsgraph.model import Failure

BLOCK_BYTES = 2**20  # read at a time when counting lines or skipping to a line's end
SPLIT_FORMATS = ("jsonl", "warc")


@dataclass(frozen=True)
class FileChunk:
    """The records of ``path`` (of format ``kind``: "jsonl" or "warc") that start in [start, end);
    a JSON Lines chunk starts after ``lines_before`` lines of the file."""

    path: str
    kind: str
    start: int
    end: int
    lines_before: int = 0

    @property
    def size(self) -> int:
        return self.end - self.start


def split_file(path: str, chunk_bytes: int) -> list[Union[str, FileChunk]]:
    """``path`` as chunks of about ``chunk_bytes`` (see the module's docstring), or ``[path]`` when
    it is small, of another format, or cannot be opened (its reader will say why)."""
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            kind = detect_format(stream.read(SNIFF_BYTES), path) if size > chunk_bytes else ""
            if kind not in SPLIT_FORMATS:
                return [path]
            cuts = jsonl_cuts(stream, chunk_bytes) if kind == "jsonl" else warc_cuts(stream, chunk_bytes)
            lines = lines_before_each(stream, cuts) if kind == "jsonl" else [0] * len(cuts)
    except OSError:
        return [path]
    if len(cuts) < 2:
        return [path]
    return [FileChunk(path, kind, start, end, before)
            for start, end, before in zip(cuts, cuts[1:] + [size], lines)]


def jsonl_cuts(stream: BinaryIO, chunk_bytes: int, cap: int = MAX_LINE_BYTES) -> list[int]:
    """0 and the start of the first non-blank line at or after each chunk's end."""
    cuts = [0]
    while (cut := next_record_line(stream, cuts[-1] + chunk_bytes, cap)) is not None:
        cuts.append(cut)
    return cuts


def next_record_line(stream: BinaryIO, offset: int, cap: int) -> Optional[int]:
    """Where the first line that starts at or after ``offset`` and is not blank starts (a line over
    ``cap`` bytes counts: it is a Failure), or None when there is none."""
    stream.seek(offset - 1)
    while (part := stream.readline(BLOCK_BYTES)) and not part.endswith(b"\n"):
        pass  # to the end of the line that holds byte offset - 1
    while True:
        start = stream.tell()
        line = stream.readline(cap + 1)
        if not line:
            return None
        if len(line) > cap or line.strip():
            return start


def lines_before_each(stream: BinaryIO, cuts: list[int]) -> list[int]:
    """How many lines (newline bytes) come before each offset of ``cuts`` (ascending)."""
    stream.seek(0)
    counts, lines, position = [], 0, 0
    for cut in cuts:
        while position < cut and (block := stream.read(min(BLOCK_BYTES, cut - position))):
            lines += block.count(b"\n")
            position += len(block)
        counts.append(lines)
    return counts


def warc_cuts(stream: BinaryIO, chunk_bytes: int) -> list[int]:
    """0 and the offset of the first record that gives a result at or after each chunk's end;
    the scan ends at a damaged record (the last chunk keeps it and the rest)."""
    stream.seek(0)
    records = ArchiveIterator(CountingStream(stream))
    cuts = [0]
    try:
        for record in records:
            if records.offset >= cuts[-1] + chunk_bytes and gives_a_result(record):
                cuts.append(records.offset)
    except Exception:  # noqa: BLE001 - warcio raises many kinds on damaged records; reading will say which
        pass
    return cuts


class ByteRange(io.RawIOBase):
    """The bytes [start, end) of an open file, as a stream of their own."""

    def __init__(self, file: BinaryIO, start: int, end: int):
        file.seek(start)
        self.file, self.left = file, end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.file.read(min(len(buffer), self.left))
        buffer[:len(data)] = data
        self.left -= len(data)
        return len(data)


def read_chunk(chunk: FileChunk, options: ReadOptions) -> Iterator[Result]:
    """The results of the records of ``chunk``, counted in ``options.stats`` (the file itself once,
    by its first chunk), as ``read_inputs`` counts those of a whole file."""
    for result in chunk_results(chunk, options):
        options.stats.add(result)
        yield result


def chunk_results(chunk: FileChunk, options: ReadOptions) -> Iterator[Result]:
    try:
        file = open(chunk.path, "rb")
    except OSError as error:
        yield Failure(chunk.path, f"cannot read: {type(error).__name__}: {one_line(error)}")
        return
    if chunk.start == 0:
        options.stats.files += 1  # the file is counted once, by its first chunk
    with file:
        stream = io.BufferedReader(ByteRange(file, chunk.start, chunk.end))
        try:
            if chunk.kind == "jsonl":
                yield from jsonl_records(chunk.path, stream, options.fields, options.raw_text,
                                         lines_before=chunk.lines_before)
            else:
                yield from warc_records(chunk.path, stream, options.stats, start=chunk.start)
        except Exception as error:  # noqa: BLE001 - as for a whole file: a record, not a crash
            yield read_failure(chunk.path, chunk.kind, error)
