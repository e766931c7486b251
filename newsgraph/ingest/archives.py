"""Compressed inputs: a gzip file is one input read through a decompressing stream; each member of
a zip archive is an input of its own, with origin ``archive.zip!member``.

Both hand the decompressed stream back to a ``read_inner(origin, stream, name)`` callback (the
reader's format dispatch), so any format can be compressed and nothing is decompressed whole.
A truncated gzip raises from inside the callback's reading; the dispatcher turns that into a
Failure after the records already read.
"""
from __future__ import annotations

import gzip
import shutil
import tempfile
import zipfile
from typing import BinaryIO, Callable, Iterator, Union

from newsgraph.model import Article, Failure

Result = Union[Article, Failure]
ReadInner = Callable[[str, BinaryIO, str], Iterator[Result]]
SPOOL_BYTES = 8 * 2**20  # a zip from a non-seekable stream is copied here, to disk beyond this size


def inner_name(name: str) -> str:
    """The name of the file inside a gzip file: "a.jsonl.gz" -> "a.jsonl", "a.tgz" -> "a.tar"."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        return name[:-3]
    return name[:-4] + ".tar" if lowered.endswith(".tgz") else ""


def read_gzip(origin: str, stream: BinaryIO, name: str, read_inner: ReadInner) -> Iterator[Result]:
    with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
        yield from read_inner(origin, inner, inner_name(name))


def is_readable_member(member: zipfile.ZipInfo) -> bool:
    """Files only; hidden files and macOS resource forks are skipped, as in folders."""
    parts = member.filename.split("/")
    return not member.is_dir() and not any(part.startswith(".") or part == "__MACOSX" for part in parts)


def seekable(stream: BinaryIO) -> BinaryIO:
    """``stream`` itself when it can seek (zipfile needs to), else a temporary copy of it."""
    if stream.seekable():
        return stream
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    shutil.copyfileobj(stream, copy)
    copy.seek(0)
    return copy


def read_zip(origin: str, stream: BinaryIO, read_inner: ReadInner) -> Iterator[Result]:
    try:
        archive = zipfile.ZipFile(seekable(stream))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        yield Failure(origin, f"not a readable zip archive: {type(error).__name__}: {one_line(error)}")
        return
    with archive:
        members = sorted((m for m in archive.infolist() if is_readable_member(m)), key=lambda m: m.filename)
        if not members:
            yield Failure(origin, "zip archive has no readable member (folders and hidden files are skipped)")
        for member in members:
            yield from read_member(archive, member, f"{origin}!{member.filename}", read_inner)


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, origin: str,
                read_inner: ReadInner) -> Iterator[Result]:
    try:
        opened = archive.open(member)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, ValueError, EOFError) as error:
        yield Failure(origin, f"cannot open zip member: {type(error).__name__}: {one_line(error)}")
        return
    with opened:
        yield from read_inner(origin, opened, member.filename)


def one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300] or "no detail"
