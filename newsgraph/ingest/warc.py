"""WARC and WARC.gz archives, streamed record by record with warcio.

An HTML ``response`` (status 2xx) or ``resource`` record becomes an article of its page, with
origin ``path@offset`` (the record's byte offset in the file, compressed for WARC.gz) and its
WARC-Target-URI as url. Every other record is skipped and counted in ``stats.skip(kind)``. A
truncated or damaged record is a Failure with its offset; the records before it are kept.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO, Generator, Iterator, Optional, Union

from warcio.archiveiterator import ArchiveIterator

from newsgraph.model import Article, Failure

if TYPE_CHECKING:
    from newsgraph.ingest.read import ReadStats

Result = Union[Article, Failure]
MAX_PAYLOAD_BYTES = 16 * 2**20  # a larger page is a Failure; the archive goes on
PAGE_RECORDS = ("response", "resource")


class CountingStream:
    """Passes reads through and counts the bytes, so the end of the last record can be checked;
    ``tell`` starts at ``position``, the stream's offset in its file (a chunk's start)."""

    def __init__(self, stream: BinaryIO, position: int = 0):
        self.stream, self.position = stream, position

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position


def read_warc(origin: str, stream: BinaryIO, stats: "ReadStats",
              cap: int = MAX_PAYLOAD_BYTES) -> Iterator[Result]:
    counts = yield from warc_records(origin, stream, stats, cap)
    if counts is None:
        return  # it ended on a damaged or truncated record, already a Failure
    seen, found = counts
    if not seen:
        yield Failure(origin, "no WARC record in the file")
    elif not found:
        yield Failure(origin, f"no HTML page in the WARC ({seen} records, all skipped)")


def warc_records(origin: str, stream: BinaryIO, stats: "ReadStats", cap: int = MAX_PAYLOAD_BYTES,
                 start: int = 0) -> Generator[Result, None, Optional[tuple[int, int]]]:
    """The result of every record that is not skipped, up to a damaged or truncated one (a Failure);
    ``start`` is the stream's offset in the file (a chunk's, newsgraph.ingest.chunks), so origins
    name offsets in the file. Returns (records seen, results), or None after a damaged record."""
    counted = CountingStream(stream, start)
    records = ArchiveIterator(counted)
    seen = found = 0
    try:
        for record in records:
            seen += 1
            result = page_of_record(origin, record, records.offset, stats, cap)
            if result is not None:
                found += 1
                yield result
    except Exception as error:  # noqa: BLE001 - warcio raises many kinds on damaged records
        yield Failure(origin, f"damaged or truncated WARC record: {type(error).__name__}: {one_line(error)}",
                      record=f"offset {records.offset}")
        return None
    if records.offset < counted.position:
        yield Failure(origin, f"truncated WARC record: the last {counted.position - records.offset} bytes "
                              "are not a complete record", record=f"offset {records.offset}")
        return None
    return seen, found


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text[:300] if text else "no detail"


def skip_reason(record) -> Optional[str]:
    """Why the record is not a page ("WARC request records", ...), or None when it may be one."""
    if record.rec_type not in PAGE_RECORDS:
        return f"WARC {record.rec_type} records"
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status and not status.startswith("2"):
        return "WARC redirect or error responses"
    content_type = page_content_type(record)
    if content_type and "html" not in content_type.lower():
        return "non-HTML WARC responses"
    return None


def page_content_type(record) -> str:
    if record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    return record.rec_headers.get_header("Content-Type") or ""


def gives_a_result(record) -> bool:
    """Whether ``page_of_record`` makes an article or a Failure of the record, never skipping it:
    a 2xx HTML page whose content type is declared."""
    return skip_reason(record) is None and bool(page_content_type(record))


def page_of_record(origin: str, record, offset: int, stats: "ReadStats", cap: int) -> Optional[Result]:
    """The article of one WARC record, a Failure, or None when the record is skipped (and counted)."""
    reason = skip_reason(record)
    if reason:
        stats.skip(reason)
        return None
    payload = record.content_stream().read(cap + 1)
    where = f"offset {offset}"
    if len(payload) > cap:
        return Failure(origin, f"too large: WARC payload over {cap} bytes (cap {cap})", record=where)
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        return Failure(origin, f"truncated WARC record: {missing} bytes of its content are missing", record=where)
    if not page_content_type(record) and not looks_like_html(payload):
        stats.skip("non-HTML WARC responses")
        return None
    page = decode_declared(payload, page_content_type(record))
    return html_article(page, f"{origin}@{offset}", record.rec_headers.get_header("WARC-Target-URI"))


def decode_declared(payload: bytes, content_type: str) -> Union[bytes, str]:
    """The payload decoded with the charset its HTTP Content-Type declares, else the bytes as they are
    (the HTML reader then looks for a <meta> charset)."""
    charset = content_type.lower().partition("charset=")[2].split(";")[0].strip(" \"'")
    if not charset:
        return payload
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return payload


def looks_like_html(payload: bytes) -> bool:
    from newsgraph.ingest.html import looks_like_html as html_markers  # deferred: pulls in trafilatura

    return html_markers(payload)


def html_article(payload: Union[bytes, str], origin: str, url: Optional[str]) -> Result:
    from newsgraph.ingest.html import article_from_html  # deferred: pulls in trafilatura

    try:
        return article_from_html(payload, origin=origin, url=url)
    except Exception as error:  # noqa: BLE001 - one bad page must not end the archive
        return Failure(origin, f"cannot read HTML: {type(error).__name__}: {one_line(error)}")
