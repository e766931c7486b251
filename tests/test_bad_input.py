"""Bad input is a Failure with a clear one-line reason, and the inputs around it are still read.

Decision for oversized documents: a text, HTML page or feed bigger than ``MAX_DOCUMENT_BYTES``
(16 MiB) is a Failure "too large: N bytes (cap M)", found from the file size without reading it;
a stream (stdin, a gzip member) is read up to the cap and then refused.
"""
import gzip
import io
import operator
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import newsgraph.ingest.read as read
from newsgraph.ingest.read import MAX_DOCUMENT_BYTES, read_inputs
from newsgraph.model import Article, Failure

BODY = "".join(f"<p>Paragraph {n}: dock workers returned to work on Monday after a long strike over pay, "
               f"the union said in a statement.</p>" for n in range(4))
PAGE = f"<!DOCTYPE html><html><head><title>Strike ends</title></head><body><article>{BODY}</article></body></html>"
NAV_ONLY = ("<!DOCTYPE html><html><head><title>Menu</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
            "<li><a href='/world'>World</a></li><li><a href='/sport'>Sport</a></li></ul></nav></body></html>")


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def warc_of_pages(count: int, compress: bool) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for n in range(count):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(PAGE.replace("Paragraph", f"Story {n} paragraph").encode())
        writer.write_record(writer.create_warc_record(f"http://news.test/{n}", "response", payload=payload,
                                                      http_headers=headers))
    return buffer.getvalue()


def assert_clear(failure, path=None) -> Failure:
    assert isinstance(failure, Failure), failure
    assert failure.reason and "\n" not in failure.reason and len(failure.reason) < 400
    assert path is None or failure.path == str(path)
    return failure


def test_empty_files_of_every_kind_fail(tmp_path):
    for name in ("a.txt", "b.html", "c.warc", "d.xml", "e.jsonl", "f.gz", "g.zip", "h"):
        failure = assert_clear(*read_inputs([str(write(tmp_path / name, b""))]))
        assert failure.reason == "empty file"


def test_binary_file_fails(tmp_path):
    path = write(tmp_path / "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    assert assert_clear(*read_inputs([str(path)]), path).reason == "binary file: contains NUL bytes"


def test_truncated_gzip_keeps_the_lines_read_before(tmp_path):
    lines = b"".join(b'{"text": "Story number %d about the harbour strike."}\n' % n for n in range(2000))
    data = gzip.compress(lines)
    path = write(tmp_path / "wire.jsonl.gz", data[: len(data) * 2 // 3])
    *articles, failure = read_inputs([str(path)])
    assert 100 < len(articles) < 2000 and all(isinstance(a, Article) for a in articles)
    assert [a.origin for a in articles[:2]] == [f"{path}:1", f"{path}:2"]
    assert assert_clear(failure, path).reason.startswith("truncated or corrupt compressed data: EOFError")


def test_file_named_gz_that_is_not_gzip_fails(tmp_path):
    failure = assert_clear(*read_inputs([str(write(tmp_path / "story.gz", "Not compressed at all.\n"))]))
    assert failure.reason.startswith("truncated or corrupt compressed data: BadGzipFile")


def test_truncated_warc_record_fails_with_its_offset_after_the_good_records(tmp_path):
    data = warc_of_pages(3, compress=False)
    path = write(tmp_path / "cut.warc", data[: len(data) - 300])
    first, second, failure = read_inputs([str(path)])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert assert_clear(failure, path).reason == "truncated WARC record: 296 bytes of its content are missing"
    assert data[int(failure.record.split()[1]):].startswith(b"WARC/1.0") and failure.record != "offset 0"


def test_truncated_warc_gz_member_fails_after_the_good_records(tmp_path):
    data = warc_of_pages(3, compress=True)
    path = write(tmp_path / "cut.warc.gz", data[: len(data) - 60])
    *articles, failure = read_inputs([str(path)])
    assert len(articles) == 2 and all(isinstance(a, Article) for a in articles)
    assert assert_clear(failure, path).reason.startswith("truncated WARC record")


def test_latin1_and_cp1252_are_decoded_and_invalid_utf8_fails(tmp_path):
    latin1 = write(tmp_path / "latin1.txt", "Le café de Zoë a fermé à Noël.\n".encode("latin-1"))
    cp1252 = write(tmp_path / "cp1252.txt", "Ministers said \u201cno\u201d \u2013 again.\n".encode("cp1252"))
    broken = write(tmp_path / "broken.txt", b"Ministers met \x81\x8d\x90 in Oslo on Monday.\n")
    first, second, third = read_inputs([str(latin1), str(cp1252), str(broken)])
    assert first.text == "Le café de Zoë a fermé à Noël."
    assert second.text == "Ministers said \u201cno\u201d \u2013 again."
    assert assert_clear(third, broken).reason.startswith("undecodable bytes") and "0x81" in third.reason


def test_50_mb_single_line_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        for _ in range(50):
            file.write(b"word " * 209_716)
    failure = assert_clear(*read_inputs([str(path)]), path)
    assert failure.reason == f"too large: {path.stat().st_size} bytes (cap {MAX_DOCUMENT_BYTES})"


def test_oversized_stream_is_refused_at_the_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_DOCUMENT_BYTES", 1000)
    path = write(tmp_path / "long.txt.gz", gzip.compress(b"word " * 1000))
    assert assert_clear(*read_inputs([str(path)]), path).reason == "too large: more than 1000 bytes (cap 1000)"


def test_navigation_only_html_fails(tmp_path):
    path = write(tmp_path / "menu.html", NAV_ONLY)
    assert "no article text" in assert_clear(*read_inputs([str(path)]), path).reason


def test_broken_feed_xml_fails_unless_entries_were_found(tmp_path):
    broken = write(tmp_path / "broken.xml", "<?xml version='1.0'?><rss version='2.0'><channel><title>X</ti")
    not_feed = write(tmp_path / "other.xml", "<?xml version='1.0'?><catalogue><book>Dune</book></catalogue>")
    partial = write(tmp_path / "partial.rss", "<rss version='2.0'><channel><title>News</title><item>"
                    "<title>Strike ends</title><description>Dock workers are back.</description></item><item><ti")
    failure, other, kept, *_ = read_inputs([str(broken), str(not_feed), str(partial)])
    assert assert_clear(failure, broken).reason.startswith("broken feed XML, no entry found: SAXParseException")
    assert assert_clear(other, not_feed).reason == "not an RSS or Atom feed"
    assert isinstance(kept, Article) and kept.text == "Dock workers are back." and kept.source == "News"


def test_one_bad_json_line_among_good_ones(tmp_path):
    lines = ['{"text": "First good story."}', '{"text": "broken', '{"title": "no text"}', '{"text": 42}',
             '["a", "list"]', '{"text": "Caf\xe9"}', '{"text": "Last good story."}']
    data = "\n".join(lines[:5]).encode() + b"\n" + lines[5].encode("latin-1") + b"\n" + lines[6].encode()
    path = write(tmp_path / "mixed.jsonl", data)
    results = list(read_inputs([str(path)]))
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Failure", "Failure", "Failure",
                                                   "Failure", "Article"]
    assert [r.record for r in results if isinstance(r, Failure)] == [f"line {n}" for n in (2, 3, 4, 5, 6)]
    reasons = [assert_clear(r, path).reason for r in results if isinstance(r, Failure)]
    assert reasons[0].startswith("invalid JSON: Unterminated string")
    assert reasons[1:4] == ["text field 'text' is missing", "text field 'text' is a int, not a string",
                            "not a JSON object but a list"]
    assert reasons[4].startswith("invalid JSON: 'utf-8' codec can't decode")
    assert results[-1].origin == f"{path}:7"


def test_damaged_zip_and_a_bad_member(tmp_path):
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("a.txt", "A story inside.\n")
        archive.writestr("b.bin", bytes(100))
    cut = write(tmp_path / "cut.zip", good.read_bytes()[:40])
    story, binary, damaged = read_inputs([str(good), str(cut)])
    assert story.text == "A story inside." and assert_clear(binary).path == f"{good}!b.bin"
    assert assert_clear(damaged, cut).reason.startswith("not a readable zip archive: BadZipFile")


def test_missing_path_and_folder_without_readable_file_do_not_stop_the_others(tmp_path):
    write(tmp_path / "nothing" / ".hidden.txt", "Hidden.\n")
    (tmp_path / "nothing" / "sub").mkdir()
    good = write(tmp_path / "good.txt", "A good story.\n")
    missing, nothing, article = read_inputs([str(tmp_path / "nope.jsonl"), str(tmp_path / "nothing"), str(good)])
    assert assert_clear(missing).reason == "no such file or folder"
    assert assert_clear(nothing).reason == "folder has no readable file (hidden files are skipped)"
    assert article.text == "A good story."


EXTENSIONS = [".txt", ".html", ".warc", ".warc.gz", ".xml", ".jsonl", ".gz", ".zip"]
PREFIXES = [b"", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b"PK\x03\x04", b"<rss><channel><item><description>",
            b'{"text": ', b"<html><body><p>", b"\xef\xbb\xbf"]
SAMPLE_WARC = warc_of_pages(2, compress=True)


def zipped(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("member.jsonl", data)
    return buffer.getvalue()


any_input = st.one_of(
    st.builds(operator.add, st.sampled_from(PREFIXES), st.binary(max_size=1500)),
    st.builds(lambda data, cut: gzip.compress(data)[:cut], st.binary(max_size=1500), st.integers(0, 1600)),
    st.builds(lambda data, cut: zipped(data)[:cut], st.binary(max_size=500), st.integers(0, 700)),
    st.builds(lambda cut: SAMPLE_WARC[:cut], st.integers(0, len(SAMPLE_WARC))),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_input, st.sampled_from(EXTENSIONS))
def test_no_bytes_make_read_inputs_raise(data, extension):
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / f"input{extension}", data)
        results = list(read_inputs([str(path)]))
    assert results and all(isinstance(r, (Article, Failure)) for r in results)
    for result in results:
        if isinstance(result, Failure):
            assert result.reason and "\n" not in result.reason
        else:
            assert result.text.strip()
