"""Read input paths (files, folders, "-" for stdin) into Articles; bad input becomes a Failure.

Each file's bytes go through ``detect_format`` and then the reader registered for that format in
``FORMAT_READERS``. Only plain text exists for now; HTML, WARC and feeds plug in there later, each
as one more ``detect_format`` rule and one more reader.
"""
from __future__ import annotations

import codecs
import os
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from newsgraph.ingest.text import article_from_text
from newsgraph.model import Article, Failure

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
SNIFF_BYTES = 8192  # bytes (and characters) looked at to decide whether a file is text
MAX_CONTROL_SHARE = 0.05  # more control characters than this share of the sniffed text means binary
TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

Result = Union[Article, Failure]


def read_inputs(paths: list[str], raw_text: bool = False) -> Iterator[Result]:
    """Articles (or Failures) from every path in order; folders are read recursively, sorted."""
    for path in paths:
        yield from read_path(path, raw_text)


def read_path(path: str, raw_text: bool) -> Iterator[Result]:
    if path == STDIN:
        yield read_bytes(STDIN_ORIGIN, read_stdin, raw_text)
    elif os.path.isdir(path):
        yield from read_folder(Path(path), raw_text)
    elif os.path.isfile(path):
        yield read_bytes(path, Path(path).read_bytes, raw_text)
    elif os.path.lexists(path):
        yield Failure(path, "not a regular file or folder")
    else:
        yield Failure(path, "no such file or folder")


def read_stdin() -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return sys.stdin.read().encode("utf-8") if sys.stdin else b""
    return stream.read()


def visible_files(folder: Path) -> list[Path]:
    """Regular files under ``folder`` in path order, skipping hidden files and folders (names with ".")."""
    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(root) / name for name in names
                  if not name.startswith(".") and os.path.isfile(os.path.join(root, name))]
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def read_folder(folder: Path, raw_text: bool) -> Iterator[Result]:
    found = False
    for file in visible_files(folder):
        found = True
        yield read_bytes(str(file), file.read_bytes, raw_text)
    if not found:
        yield Failure(str(folder), "folder has no readable file (hidden files are skipped)")


def read_bytes(origin: str, load: Callable[[], bytes], raw_text: bool) -> Result:
    """One input's bytes, loaded by ``load``, as an Article of its detected format, or a Failure."""
    try:
        data = load()
    except (OSError, ValueError, RuntimeError) as error:  # unreadable file, closed or captured stdin
        return Failure(origin, f"cannot read: {type(error).__name__}: {error}")
    kind = detect_format(data)
    if kind not in FORMAT_READERS:
        return Failure(origin, kind)
    return FORMAT_READERS[kind](origin, data, raw_text)


def detect_format(data: bytes) -> str:
    """The name of a reader in FORMAT_READERS, or the reason the bytes cannot be read."""
    if not data.strip():
        return "empty file"
    reason = binary_reason(data)
    if reason:
        return f"binary file: {reason}"
    return "text"  # html, warc and feed detection go here, before plain text


def binary_reason(data: bytes) -> Optional[str]:
    """Why the bytes do not look like text (NUL bytes, many control characters), or None."""
    if b"\x00" in data and not data.startswith(UTF16_BOMS):
        return "contains NUL bytes"
    text = sniff_text(data)[:SNIFF_BYTES]
    controls = sum(1 for char in text if (char < " " or "\x7f" <= char < "\xa0") and char not in TEXT_CONTROLS)
    if controls > MAX_CONTROL_SHARE * len(text):
        return f"{controls} control characters in its first {len(text)} characters"
    return None


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is removed), UTF-16 with a BOM, else Windows-1252 (which also reads the
    printable Latin-1 range); raises UnicodeDecodeError when none of them fits."""
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise utf8_error from None


def sniff_text(data: bytes) -> str:
    """The text as best decoded, for deciding whether it is text at all (never fails)."""
    try:
        return decode_text(data)
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def read_plain_text(origin: str, data: bytes, raw_text: bool) -> Result:
    try:
        text = decode_text(data)
    except UnicodeDecodeError as error:
        return Failure(origin, f"undecodable bytes: not UTF-8, UTF-16 or Windows-1252 "
                               f"(byte 0x{data[error.start]:02x} at offset {error.start})")
    if not text.strip():
        return Failure(origin, "empty file")
    article = article_from_text(text, raw_text=raw_text, origin=origin)
    if not article.text.strip():
        return Failure(origin, "no article text left after removing title, headings and boilerplate")
    return article


FORMAT_READERS: dict[str, Callable[[str, bytes, bool], Result]] = {
    "text": read_plain_text,
}
