"""JSON Lines: one JSON object per line, each an article, streamed line by line.

``JsonlFields`` names the fields to read (the CLI's ``--text-field``, ``--title-field``,
``--date-field``, ``--id-field``, ``--source-field``, ...). The text goes through plain-text
cleaning unless ``raw_text``; the origin is ``path:line`` (``path:line#ID=value`` with an id field;
the article id stays the hash of its text). A bad line is a Failure with its line number and the
other lines go on; blank lines are passed over. Dates become ISO 8601; a date that cannot be read
is left out rather than failing the article.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from typing import BinaryIO, Generator, Iterator, Optional, Union

from newsgraph.ingest.text import article_from_text
from newsgraph.model import Article, Failure

Result = Union[Article, Failure]
MAX_LINE_BYTES = 16 * 2**20  # a longer line is a Failure (and is skipped without being kept in memory)
DATE_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%Y%m%d")
MIN_EPOCH, MAX_EPOCH = 0, 4_102_444_800  # seconds: 1970 .. 2100


@dataclass(frozen=True)
class JsonlFields:
    """The JSON field holding each part of an article; None leaves that part out."""

    text: str = "text"
    title: Optional[str] = "title"
    date: Optional[str] = "published"
    id: Optional[str] = None
    source: Optional[str] = "source"
    url: Optional[str] = "url"
    authors: Optional[str] = "authors"


def read_jsonl(origin: str, stream: BinaryIO, fields: JsonlFields, raw_text: bool,
               cap: int = MAX_LINE_BYTES) -> Iterator[Result]:
    found = yield from jsonl_records(origin, stream, fields, raw_text, cap)
    if not found:
        yield Failure(origin, "empty file: no JSON line")


def jsonl_records(origin: str, stream: BinaryIO, fields: JsonlFields, raw_text: bool,
                  cap: int = MAX_LINE_BYTES, lines_before: int = 0) -> Generator[Result, None, bool]:
    """The result of every line that is not blank, numbered from ``lines_before`` + 1 (a chunk of a
    file, newsgraph.ingest.chunks, starts after ``lines_before`` lines); returns whether there was one."""
    found = False
    for number, line in numbered_lines(stream, cap, lines_before):
        if line is None:
            yield Failure(origin, f"line longer than {cap} bytes", record=f"line {number}")
        elif line.strip():
            yield article_of_line(line, origin, number, fields, raw_text)
        found = found or line is None or bool(line.strip())
    return found


def numbered_lines(stream: BinaryIO, cap: int, lines_before: int = 0) -> Iterator[tuple[int, Optional[bytes]]]:
    """(line number, line bytes), or None for a line over ``cap`` bytes, which is skipped; lines are
    numbered from ``lines_before`` + 1; a line ends at a newline byte (CRLF lines keep the CR until parsed)."""
    number = lines_before
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap:
            while line and not line.endswith(b"\n"):
                line = stream.readline(cap)
            line = None
        yield number, line


def article_of_line(line: bytes, origin: str, number: int, fields: JsonlFields, raw_text: bool) -> Result:
    where = f"line {number}"
    try:
        record = json.loads(line.removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        return Failure(origin, f"invalid JSON: {' '.join(str(error).split())[:200]}", record=where)
    if not isinstance(record, dict):
        return Failure(origin, f"not a JSON object but a {type(record).__name__}", record=where)
    text = record.get(fields.text)
    if not isinstance(text, str):
        problem = "missing" if text is None else f"a {type(text).__name__}, not a string"
        return Failure(origin, f"text field {fields.text!r} is {problem}", record=where)
    line_origin = f"{origin}:{number}" + (f"#ID={scalar(record.get(fields.id))}" if fields.id else "")
    article = article_from_text(text, raw_text=raw_text, origin=line_origin)
    if not article.text.strip():
        return Failure(origin, f"no article text in field {fields.text!r}", record=where)
    fill_metadata(article, record, fields)
    return article


def scalar(value: object) -> Optional[str]:
    """A string, number or boolean as a string; anything else (lists, objects, null) as None."""
    if isinstance(value, str):
        return value.strip() or None
    return str(value) if isinstance(value, (int, float)) else None


def fill_metadata(article: Article, record: dict, fields: JsonlFields) -> None:
    get = lambda name: record.get(name) if name else None  # noqa: E731
    article.title = scalar(get(fields.title)) or article.title
    article.source = scalar(get(fields.source))
    article.url = scalar(get(fields.url))
    article.published = normalise_date(get(fields.date))
    article.authors = author_list(get(fields.authors))


def author_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [name.strip() for name in value.split(";") if name.strip()]
    if isinstance(value, list):
        return [name.strip() for name in value if isinstance(name, str) and name.strip()]
    return []


def normalise_date(value: object) -> Optional[str]:
    """ISO 8601 of a date or datetime given as ISO text, RFC 2822 text, a common written form
    ("6 January 2025") or epoch seconds: "YYYY-MM-DD" for a date, the full form for a time; else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and MIN_EPOCH <= value <= MAX_EPOCH:
        return datetime.fromtimestamp(value, tz=timezone.utc).isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat, parsedate_to_datetime):
        try:
            return parse(text).isoformat()
        except (ValueError, TypeError, IndexError, OverflowError):
            continue
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None
