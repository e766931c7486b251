"""Chunks of big JSON Lines and WARC files (newsgraph.ingest.chunks): where files are cut, and that
reading the chunks one after the other gives exactly what reading the file whole gives (articles,
origins with line numbers and offsets, failures, counts)."""
from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.ingest.chunks import FileChunk, read_chunk, split_file
from newsgraph.ingest.read import ReadOptions, ReadStats, read_inputs
from newsgraph.model import Article, Failure

STORIES = ["Turkey and Greece signed a maritime accord in Athens on Friday, officials said.",
           "The European Union pledged 2 billion euros to Jordan on Monday, the commission said.",
           "Dock workers in Rotterdam returned to work on Tuesday after a strike over pay ended.",
           "Brazil and Argentina agreed on Wednesday to cut tariffs on steel, their ministers said.",
           "Kenya hosted talks between Sudan's rival generals in Nairobi on Thursday, diplomats said."]


def jsonl_line(number: int) -> str:
    return json.dumps({"text": f"{STORIES[number % len(STORIES)]} Report {number}.", "title": f"Story {number}"})


def whole(path: Path) -> tuple[list, ReadStats]:
    stats = ReadStats()
    return list(read_inputs([str(path)], stats=stats)), stats


def chunked(path: Path, chunk_bytes: int) -> tuple[list, ReadStats, list]:
    """The results of reading ``path`` cut into chunks of ``chunk_bytes``, one after the other."""
    stats = ReadStats()
    pieces = split_file(str(path), chunk_bytes)
    results = []
    for piece in pieces:
        results += (list(read_chunk(piece, ReadOptions(stats=stats))) if isinstance(piece, FileChunk)
                    else list(read_inputs([piece], stats=stats)))
    return results, stats, pieces


def assert_same_as_whole(path: Path, chunk_bytes: int) -> list:
    """The chunks of ``path`` read one after the other equal the file read whole; the chunks."""
    expected, expected_stats = whole(path)
    results, stats, pieces = chunked(path, chunk_bytes)
    assert results == expected
    assert stats == expected_stats
    return pieces


def test_jsonl_is_cut_at_line_starts_and_keeps_its_line_numbers(tmp_path):
    lines = [jsonl_line(number) for number in range(10)]
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = path.read_bytes()
    pieces = assert_same_as_whole(path, 200)  # each line is about 110 bytes: lines straddle every 200th byte
    assert all(isinstance(piece, FileChunk) and piece.kind == "jsonl" for piece in pieces)
    assert len(pieces) == 5 and pieces[0].start == 0 and pieces[-1].end == len(data)
    for before, after in zip(pieces, pieces[1:]):
        assert before.end == after.start and data[after.start - 1:after.start] == b"\n"
        assert after.start - before.start >= 200
        assert after.lines_before == data[:after.start].count(b"\n")
    articles, _, _ = chunked(path, 200)
    assert [article.origin for article in articles] == [f"{path}:{number}" for number in range(1, 11)]
    assert [article.title for article in articles] == [f"Story {number}" for number in range(10)]


def test_a_long_line_gives_no_chunk_without_a_line_start(tmp_path):
    lines = [jsonl_line(0), json.dumps({"text": STORIES[1] + " More." * 200}), jsonl_line(2), jsonl_line(3)]
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pieces = assert_same_as_whole(path, 100)
    starts = [piece.start for piece in pieces]
    line_starts = [0] + [index + 1 for index, byte in enumerate(path.read_bytes()[:-1]) if byte == ord("\n")]
    assert starts == line_starts  # every line its own chunk; none starts inside the long line


def test_blank_lines_crlf_a_bad_line_and_no_final_newline(tmp_path):
    lines = [jsonl_line(0), "", "   ", jsonl_line(1), "{not json", "", jsonl_line(2), "[1, 2]", jsonl_line(3)]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))  # CRLF, and the last line has no newline
    pieces = assert_same_as_whole(path, 50)
    data = path.read_bytes()
    assert all(data[piece.start:piece.end].strip() for piece in pieces)
    assert all(data[piece.start:piece.start + 1] in (b"{", b"[") for piece in pieces)  # never at a blank line
    results, _, _ = chunked(path, 50)
    assert [(type(r).__name__, getattr(r, "origin", None) or r.record) for r in results] == [
        ("Article", f"{path}:1"), ("Article", f"{path}:4"), ("Failure", "line 5"), ("Article", f"{path}:7"),
        ("Failure", "line 8"), ("Article", f"{path}:9")]
    assert results[2].reason.startswith("invalid JSON") and results[4].reason == "not a JSON object but a list"
    assert results[-1].title == "Story 3"


def test_small_compressed_and_other_files_are_read_whole(tmp_path):
    lines = "".join(jsonl_line(number) + "\n" for number in range(10)).encode("utf-8")
    small = tmp_path / "small.jsonl"
    small.write_bytes(lines)
    packed = tmp_path / "packed.jsonl.gz"
    packed.write_bytes(gzip.compress(lines))
    text = tmp_path / "story.txt"
    text.write_bytes(lines)
    assert split_file(str(small), len(lines)) == [str(small)]
    assert split_file(str(packed), 10) == [str(packed)]  # a gzip stream cannot be entered at an offset
    assert split_file(str(text), 10) == [str(text)]
    assert split_file(str(tmp_path / "missing.jsonl"), 10) == [str(tmp_path / "missing.jsonl")]


def test_a_blank_jsonl_file_is_not_split_and_keeps_its_failure(tmp_path):
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b"\n" * 9000)  # over the sniffed bytes, so it is read as JSON Lines by its name
    assert split_file(str(path), 100) == [str(path)]
    [failure], _ = whole(path)
    assert failure.reason == "empty file: no JSON line"


LINES = st.one_of(st.integers(0, 50).map(jsonl_line), st.sampled_from(["", " ", "\t", "{bad", "[]", '{"text": 3}']))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, min_size=1, max_size=14), ending=st.sampled_from(["\n", "\r\n"]),
       final=st.booleans(), chunk_bytes=st.integers(1, 600))
def test_jsonl_chunks_read_in_turn_equal_the_whole_file(lines, ending, final, chunk_bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.jsonl"
        path.write_bytes((ending.join(lines) + (ending if final else "")).encode("utf-8"))
        if path.stat().st_size == 0:
            return
        pieces = assert_same_as_whole(path, chunk_bytes)
        event("read whole" if pieces == [str(path)] else "2 chunks" if len(pieces) == 2 else "3 chunks or more")
        if pieces != [str(path)]:  # cut: the chunks cover the file, in order, without a gap
            bounds = [(piece.start, piece.end) for piece in pieces]
            assert [start for start, _ in bounds] + [path.stat().st_size] == [0] + [end for _, end in bounds]


# ---- WARC --------------------------------------------------------------------------------------

def page(number: int) -> bytes:
    story = STORIES[number % len(STORIES)]
    paragraphs = "".join(f"<p>{story} Paragraph {part} of report {number} gives the details.</p>" for part in range(3))
    return (f"<!DOCTYPE html><html><head><title>Report {number}</title></head>"
            f"<body><article>{paragraphs}</article></body></html>").encode("utf-8")


def warc_of(records: list[tuple[str, str, str, bytes]], compress: bool) -> bytes:
    """A WARC of (record type, http status, content type, payload); a request or warcinfo without HTTP headers."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for number, (kind, status, content_type, payload) in enumerate(records):
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1") if status else None
        extra = {} if status else {"warc_content_type": content_type}
        writer.write_record(writer.create_warc_record(f"http://news.test/{number}", kind, payload=io.BytesIO(payload),
                                                      http_headers=headers, **extra))
    return buffer.getvalue()


def pages(count: int) -> list[tuple[str, str, str, bytes]]:
    return [("response", "200 OK", "text/html", page(number)) for number in range(count)]


IMAGE = ("response", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(200))
REQUEST = ("request", "", "application/http; msgtype=request", b"GET / HTTP/1.1\r\n\r\n")


def test_warc_is_cut_at_every_page_record_with_offsets_in_the_file(tmp_path):
    for compress in (False, True):
        path = tmp_path / ("pages.warc.gz" if compress else "pages.warc")
        data = warc_of(pages(5), compress)
        path.write_bytes(data)
        pieces = assert_same_as_whole(path, 1)
        assert len(pieces) == 5 and all(piece.kind == "warc" for piece in pieces)
        for piece in pieces:
            record = data[piece.start:piece.end]
            assert (gzip.decompress(record) if compress else record).startswith(b"WARC/1.0")
        articles, stats, _ = chunked(path, 1)
        assert [article.origin for article in articles] == [f"{path}@{piece.start}" for piece in pieces]
        assert [article.url for article in articles] == [f"http://news.test/{n}" for n in range(5)]
        assert stats.files == 1 and stats.articles == 5


def test_warc_cuts_fall_only_on_pages_and_skipped_records_are_counted_once(tmp_path):
    records = [REQUEST, *pages(1), IMAGE, IMAGE, REQUEST, *pages(2), ("response", "404 Not Found", "text/html", b"gone")]
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_of(records, False))
    pieces = assert_same_as_whole(path, 1)
    data = path.read_bytes()
    assert [data[piece.start:piece.end].count(b"WARC/1.0\r\n") for piece in pieces] == [1, 4, 1, 2]
    assert all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html" in data[piece.start:piece.start + 600] for piece in pieces[1:])
    _, stats, _ = chunked(path, 1)
    assert stats.skipped == {"WARC request records": 2, "non-HTML WARC responses": 2,
                             "WARC redirect or error responses": 1}


def test_a_truncated_last_warc_record_fails_in_the_last_chunk_as_in_the_whole_file(tmp_path):
    for compress in (False, True):
        data = warc_of(pages(4), compress)
        path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
        path.write_bytes(data)
        last_record = split_file(str(path), 1)[3].start
        path.write_bytes(data[:len(data) - 200])
        pieces = assert_same_as_whole(path, 1)
        results, _, _ = chunked(path, 1)
        assert len(pieces) >= 3 and pieces[-1].start <= last_record < pieces[-1].end
        assert [type(result) for result in results] == [Article] * 3 + [Failure]
        assert results[-1].reason.startswith("truncated WARC record") and results[-1].record == f"offset {last_record}"


def test_a_damaged_warc_record_and_all_after_it_stay_in_the_last_chunk(tmp_path):
    data = bytearray(warc_of(pages(5), False))
    third = [index for index in range(len(data)) if data.startswith(b"WARC/1.0\r\n", index)][2]
    data[third:third + 8] = b"GARBAGE!"  # the third record's header is not a WARC header any more
    path = tmp_path / "damaged.warc"
    path.write_bytes(bytes(data))
    pieces = assert_same_as_whole(path, 1)
    assert [piece.start for piece in pieces][-1] < third < pieces[-1].end
    results, _, _ = chunked(path, 1)
    assert [type(result) for result in results] == [Article, Article, Failure]


def test_warcs_that_cannot_be_cut_are_read_whole(tmp_path):
    images = tmp_path / "images.warc"
    images.write_bytes(warc_of([IMAGE] * 30, False))  # no page to cut at: the verdict of the whole file stays
    one_stream = tmp_path / "one-stream.warc.gz"
    one_stream.write_bytes(gzip.compress(warc_of(pages(4), False)))  # not a record per gzip member
    assert split_file(str(images), 100) == [str(images)]
    assert whole(images)[0] == [Failure(str(images), "no HTML page in the WARC (30 records, all skipped)")]
    assert split_file(str(one_stream), 100) == [str(one_stream)]


def test_a_chunk_that_cannot_be_opened_is_a_failure(tmp_path):
    stats = ReadStats()
    chunk = FileChunk(str(tmp_path / "gone.jsonl"), "jsonl", 100, 200, 3)
    [failure] = read_chunk(chunk, ReadOptions(stats=stats))
    assert failure.path == chunk.path and failure.reason.startswith("cannot read: FileNotFoundError")
    assert (stats.failures, stats.files) == (1, 0)


RECORDS = st.one_of(st.integers(0, 20).map(lambda number: pages(number + 1)[number]), st.just(IMAGE), st.just(REQUEST),
                    st.just(("response", "404 Not Found", "text/html", b"<html>gone</html>")),
                    st.just(("response", "200 OK", "text/html", b"<html><body>too short</body></html>")))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORDS, min_size=1, max_size=8), compress=st.booleans(),
       cut_off=st.integers(0, 400), chunk_bytes=st.integers(1, 3000))
def test_warc_chunks_read_in_turn_equal_the_whole_file(records, compress, cut_off, chunk_bytes):
    """Any mix of pages, skipped records and failing pages, possibly truncated at the end."""
    data = warc_of(records, compress)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("random.warc.gz" if compress else "random.warc")
        path.write_bytes(data[:max(1, len(data) - cut_off)])
        pieces = assert_same_as_whole(path, chunk_bytes)
        event("read whole" if pieces == [str(path)] else "2 chunks" if len(pieces) == 2 else "3 chunks or more")
