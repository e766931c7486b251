"""Read input paths (files, folders, "-" for stdin) into Articles; bad input becomes a Failure.

Every input is opened as a byte stream, never loaded whole: ``detect_format`` looks at its first
bytes (and its name's extension) and names the reader in ``FORMAT_READERS`` that streams it.
Single documents (plain text, HTML, a feed) are read whole up to ``MAX_DOCUMENT_BYTES``; WARC,
JSON Lines and compressed files are read record by record, so memory does not grow with input size.
Every input gives at least one result, and no input makes ``read_inputs`` raise.
"""
from __future__ import annotations

import codecs
import fnmatch
import gzip
import io
import json
import os
import stat
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from functools import lru_cache
from typing import BinaryIO, Callable, Iterable, Iterator, Optional, Union

from newsgraph.ingest.archives import read_gzip, read_zip
from newsgraph.ingest.feeds import read_feed
from newsgraph.ingest.jsonl import JsonlFields, read_jsonl
from newsgraph.ingest.scrape_lines import lexicon_rows
from newsgraph.ingest.text import article_from_text
from newsgraph.ingest.warc import read_warc
from newsgraph.model import Article, Failure, Skipped

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
SNIFF_BYTES = 8192  # bytes (and characters) looked at to decide a file's format
MAX_CONTROL_SHARE = 0.05  # more control characters than this share of the sniffed text means binary
MAX_DOCUMENT_BYTES = 16 * 2**20  # a text, HTML page or feed read whole; larger ones are refused
TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
SIGNATURES = ((b"\x1f\x8b", "gzip"), (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"WARC/", "warc"))
EXTENSIONS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
              ".warc": "warc", ".xml": "feed", ".rss": "feed", ".atom": "feed", ".jsonl": "jsonl",
              ".ndjson": "jsonl", ".gz": "gzip", ".tgz": "gzip", ".zip": "zip", ".json": "json"}
FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
COMPRESSION_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)

Result = Union[Article, Failure, Skipped]  # Skipped: an input left out on purpose (not an article)


@dataclass
class ReadStats:
    """What a read produced; ``skipped`` counts records passed over on purpose, by kind
    ("WARC request records", "non-HTML WARC responses", ...), which are neither articles nor failures."""

    articles: int = 0
    failures: int = 0
    files: int = 0  # files (or stdin) opened
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, kind: str, count: int = 1) -> None:
        self.skipped[kind] = self.skipped.get(kind, 0) + count

    def add(self, result: Result) -> None:
        if isinstance(result, Failure):
            self.failures += 1
        elif isinstance(result, Article):
            self.articles += 1

    def skipped_line(self) -> str:
        """A line for the run summary ("skipped 3 WARC request records, ..."); empty when nothing was skipped."""
        parts = [f"{count} {kind}" for kind, count in sorted(self.skipped.items())]
        return f"skipped {', '.join(parts)}" if parts else ""


@dataclass
class ReadOptions:
    raw_text: bool = False
    stats: ReadStats = field(default_factory=ReadStats)
    fields: JsonlFields = field(default_factory=JsonlFields)
    passed_over: frozenset[str] = frozenset()  # real paths of files a folder's walk leaves out (the run's store)


def read_inputs(paths: list[str], raw_text: bool = False, stats: Optional[ReadStats] = None,
                fields: Optional[JsonlFields] = None, passed_over: Iterable[str] = ()) -> Iterator[Result]:
    """Articles (or Failures) from every path in order; folders are read recursively, sorted.
    ``stats``, when given, is filled as the results go by; ``fields`` names the JSON Lines fields;
    files of ``passed_over`` found in a folder are left out without a word (the store being written)."""
    options = ReadOptions(raw_text, stats if stats is not None else ReadStats(), fields or JsonlFields(),
                          frozenset(os.path.realpath(path) for path in passed_over))
    for path in paths:
        for result in read_path(path, options):
            options.stats.add(result)
            yield result


def read_path(path: str, options: ReadOptions) -> Iterator[Result]:
    if path == STDIN:
        yield from read_opened(STDIN_ORIGIN, stdin_stream, "", options, close=False)
    elif os.path.isdir(path):
        yield from read_folder(Path(path), options)
    elif os.path.isfile(path):
        yield from read_opened(path, lambda: open(path, "rb"), path, options)
    elif os.path.lexists(path):
        yield Failure(path, "not a regular file or folder")
    else:
        yield Failure(path, "no such file or folder")


def stdin_stream() -> BinaryIO:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return io.BytesIO(sys.stdin.read().encode("utf-8") if sys.stdin else b"")
    return stream


def visible_files(folder: Path) -> list[Path]:
    """Regular files under ``folder`` in path order, skipping hidden files and folders (names with ".")."""
    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found += [Path(root) / name for name in names
                  if not name.startswith(".") and os.path.isfile(os.path.join(root, name))]
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def read_folder(folder: Path, options: ReadOptions) -> Iterator[Result]:
    for entry in folder_entries(folder, options.passed_over):
        if isinstance(entry, Path):
            yield from read_opened(str(entry), lambda file=entry: file.open("rb"), str(entry), options)
        else:
            yield entry


def folder_entries(folder: Path, passed_over: frozenset[str] = frozenset()) -> Iterator[Union[Path, Skipped, Failure]]:
    """The files of ``folder`` to read, in order, and in their place what a folder's walk leaves out
    (a Skipped for a file that is not an article, a Failure for a folder with no readable file).
    A cluster run (newsgraph.cluster) partitions these files; reading each one alone gives the same results."""
    found = False
    for file in visible_files(folder):
        found = True
        if passed_over and os.path.realpath(file) in passed_over:
            continue
        reason = not_an_article(file)
        if reason:
            yield Skipped("", f"not an article: {reason} (name the file itself to read it)", str(file))
            continue
        yield file
    if not found:
        yield Failure(str(folder), "folder has no readable file (hidden files are skipped)")


@lru_cache(maxsize=1)
def not_article_names() -> tuple[tuple[str, str], ...]:
    """(shell pattern, reason) of file names that are not articles (``lexicons/ingest_not_articles.tsv``)."""
    return tuple((row[0].casefold(), row[1]) for row in lexicon_rows("ingest_not_articles.tsv"))


def not_an_article(file: Path) -> Optional[str]:
    """Why a file found in a folder is plainly not a news article (its name, or a script's "#!"
    first line), or None."""
    name = file.name.casefold()
    reason = next((why for pattern, why in not_article_names() if fnmatch.fnmatchcase(name, pattern)), None)
    if reason is None and first_bytes(file, 2) == b"#!":
        reason = "a script (its first line starts with #!)"
    return reason


def first_bytes(file: Path, count: int) -> bytes:
    try:
        with file.open("rb") as stream:
            return stream.read(count)
    except OSError:
        return b""  # reading it properly will say why


def read_opened(origin: str, open_stream: Callable[[], BinaryIO], name: str, options: ReadOptions,
                close: bool = True) -> Iterator[Result]:
    """The results of the stream that ``open_stream`` opens (closed afterwards unless ``close`` is False)."""
    try:
        stream = open_stream()
    except (OSError, ValueError, RuntimeError) as error:  # unreadable file, closed or captured stdin
        yield Failure(origin, f"cannot read: {type(error).__name__}: {one_line(error)}")
        return
    options.stats.files += 1
    try:
        yield from read_stream(origin, stream, name, options)
    finally:
        if close:
            stream.close()


def read_stream(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    """The results of one input stream of any format; ``name`` (a path or member name) gives the extension."""
    kind = "input"
    try:
        head, stream = peek(stream)
        kind = detect_format(head, name)
        if kind not in FORMAT_READERS:
            yield Failure(origin, kind)
            return
        yield from FORMAT_READERS[kind](origin, stream, name, options)
    except Exception as error:  # noqa: BLE001 - a library's surprise on odd bytes is a record, not a crash
        yield read_failure(origin, kind, error)


def read_failure(origin: str, kind: str, error: Exception) -> Failure:
    """The Failure of an input of format ``kind`` whose reading raised ``error``."""
    if isinstance(error, COMPRESSION_ERRORS):
        return Failure(origin, f"truncated or corrupt compressed data: {type(error).__name__}: {one_line(error)}")
    if isinstance(error, (OSError, ValueError, RuntimeError)):
        return Failure(origin, f"cannot read {kind}: {type(error).__name__}: {one_line(error)}")
    return Failure(origin, f"unreadable {kind}: {type(error).__name__}: {one_line(error)}")


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:300] if text else "no detail"


class HeadThenRest(io.RawIOBase):
    """A non-seekable stream whose first bytes were already read: gives them back, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.head[:len(buffer)] if self.head else self.rest.read(len(buffer))
        self.head = self.head[len(data):] if self.head else b""
        buffer[:len(data)] = data
        return len(data)


def peek(stream: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first SNIFF_BYTES of ``stream`` and a stream that still starts at them (a gzip stream says it
    can seek, but only by decompressing again, or not at all when its source cannot seek)."""
    if stream.seekable() and not isinstance(stream, gzip.GzipFile):
        start = stream.tell()
        head = stream.read(SNIFF_BYTES)
        stream.seek(start)
        return head, stream
    head = stream.read(SNIFF_BYTES)
    return head, io.BufferedReader(HeadThenRest(head, stream))


def detect_format(head: bytes, name: str = "") -> str:
    """The name of a reader in FORMAT_READERS, or the reason the bytes cannot be read. ``head`` is
    the start of the input (or all of it); signatures (gzip, zip, WARC) win over the extension of
    ``name``, which wins over a look at the content (feed, HTML, JSON Lines, else plain text)."""
    if not head.strip() and len(head) < SNIFF_BYTES:
        return "empty file"
    signature = next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)
    if signature == "gzip" and gunzipped_head(head).startswith(b"WARC/"):
        return "warc"  # warcio reads WARC.gz itself, record by record, with offsets in the file
    if signature:
        return signature
    reason = binary_reason(head)
    if reason:
        return f"binary file: {reason}"
    return EXTENSIONS.get(os.path.splitext(name.lower())[1]) or format_of_content(head)


def gunzipped_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def format_of_content(head: bytes) -> str:
    start = sniff_text(head).lstrip("\ufeff \t\r\n").encode("utf-8", "replace")
    if start.startswith(b"<") and any(root in start[:2000].lower() for root in FEED_ROOTS):
        if not looks_like_html(start[:200]):
            return "feed"
    if looks_like_html(start):
        return "html"
    first_line = start.split(b"\n", 1)[0].strip()
    if first_line.startswith(b"{") and (first_line.endswith(b"}") or b"\n" not in start):
        return "jsonl"
    if first_line in (b"{", b"[") or (first_line.startswith(b"[") and start.rstrip().endswith(b"]")):
        return "json"
    return "text"


def looks_like_html(data: bytes) -> bool:
    try:
        from newsgraph.ingest.html import looks_like_html as html_markers  # deferred: pulls in trafilatura
    except ImportError:
        return False
    return html_markers(data)


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


def file_size(stream: BinaryIO) -> Optional[int]:
    """Bytes left in ``stream`` when it is a plain regular file (not a decompressing wrapper), else None."""
    if type(stream) not in (io.BufferedReader, io.FileIO):
        return None
    try:
        status = os.fstat(stream.fileno())
        return status.st_size - stream.tell() if stat.S_ISREG(status.st_mode) else None
    except (OSError, ValueError):
        return None


def read_document(origin: str, stream: BinaryIO) -> Union[bytes, Failure]:
    """The whole of a single-document input, or a Failure when it is bigger than MAX_DOCUMENT_BYTES."""
    cap = MAX_DOCUMENT_BYTES
    size = file_size(stream)
    if size is not None and size > cap:
        return Failure(origin, f"too large: {size} bytes (cap {cap})")
    data = stream.read(cap + 1)
    if len(data) > cap:
        return Failure(origin, f"too large: more than {cap} bytes (cap {cap})")
    return data


def text_result(origin: str, data: bytes, raw_text: bool) -> Result:
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


def read_plain_text(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    data = read_document(origin, stream)
    yield data if isinstance(data, Failure) else text_result(origin, data, options.raw_text)


def read_html_page(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    from newsgraph.ingest.html import article_from_html  # deferred: pulls in trafilatura

    data = read_document(origin, stream)
    yield data if isinstance(data, Failure) else article_from_html(data, origin=origin)


def read_feed_file(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    data = read_document(origin, stream)
    if isinstance(data, Failure):
        yield data
        return
    yield from read_feed(origin, data)


def read_json_document(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    """A JSON file that is one document (an object, or a list), not JSON Lines records: left out
    with a reason saying how to read its records, never read as plain text."""
    data = read_document(origin, stream)
    if isinstance(data, Failure):
        yield data
        return
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        yield Failure(origin, f"invalid JSON: {one_line(error)}")
        return
    shape = (f"one object with {len(document)} keys" if isinstance(document, dict)
             else f"a list of {len(document)} items" if isinstance(document, list) else "one value")
    yield Skipped("", f"not an article: a JSON document ({shape}), not JSON Lines records; to analyse its "
                      f"records, write one JSON object per line (jq -c '.[]' file.json > file.jsonl)", origin)


def read_warc_file(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    return read_warc(origin, stream, options.stats)


def read_jsonl_file(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    return read_jsonl(origin, stream, options.fields, options.raw_text)


def read_gzip_file(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    return read_gzip(origin, stream, name, lambda *inner: read_stream(*inner, options))


def read_zip_file(origin: str, stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Result]:
    return read_zip(origin, stream, lambda *member: read_stream(*member, options))


FORMAT_READERS: dict[str, Callable[[str, BinaryIO, str, ReadOptions], Iterator[Result]]] = {
    "text": read_plain_text,
    "html": read_html_page,
    "feed": read_feed_file,
    "warc": read_warc_file,
    "jsonl": read_jsonl_file,
    "json": read_json_document,
    "gzip": read_gzip_file,
    "zip": read_zip_file,
}
"""Each reader takes (origin, stream, name, options) and yields Articles, Failures and Skipped inputs, at least one."""
