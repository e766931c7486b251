"""One test (or a few) per input format: HTML, WARC, WARC.gz, RSS, Atom, JSON Lines, gzip, zip,
stdin streams, and the polite feed fetcher against a local server on 127.0.0.1."""
import gzip
import io
import sys
import threading
import time
import tracemalloc
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.ingest.fetch import USER_AGENT, FetchSettings, fetch_feed
from newsgraph.ingest.jsonl import JsonlFields, normalise_date
from newsgraph.ingest.read import ReadStats, detect_format, read_inputs
from newsgraph.model import Article, Failure, article_id

BODY = ("<p>Dock workers returned to work on Monday after a two-week strike over pay, the union said.</p>"
        "<p>The port authority said ships would be unloaded within days and the backlog cleared by Friday.</p>"
        "<p>Union leader Maria Lopez called the deal a fair result for every worker in the harbour.</p>")
PAGE = (f"<!DOCTYPE html><html><head><title>Harbour strike ends</title></head><body><nav><a href='/'>Home</a>"
        f"</nav><article><h1>Harbour strike ends</h1>{BODY}</article></body></html>")
LONG_BODY = "".join(f"<p>Paragraph {n}: the talks in Oslo went on through the night as ministers from both "
                    f"sides argued over the terms of the ceasefire and its monitoring.</p>" for n in range(10))


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def warc_bytes(records, compress: bool) -> bytes:
    """A WARC of (type, uri, http status or None, content type, payload) records."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for kind, uri, status, content_type, payload in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1") if status else None
        extra = {"warc_content_type": content_type} if not status else {}
        writer.write_record(writer.create_warc_record(uri, kind, payload=io.BytesIO(payload),
                                                      http_headers=headers, **extra))
    return buffer.getvalue()


CRAWL = [("warcinfo", None, None, "application/warc-fields", b"software: test\r\n"),
         ("request", "http://news.test/strike", None, "application/http; msgtype=request", b"GET /strike HTTP/1.1\r\n\r\n"),
         ("response", "http://news.test/strike", "200 OK", "text/html; charset=utf-8", PAGE.encode()),
         ("response", "http://news.test/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(300)),
         ("response", "http://news.test/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
         ("response", "http://news.test/other", "200 OK", "text/html", PAGE.replace("Monday", "Tuesday").encode())]


def only(results):
    results = list(results)
    assert len(results) == 1, results
    return results[0]


def test_html_is_read_by_extension_and_by_content(tmp_path):
    by_name = write(tmp_path / "story.htm", PAGE)
    by_content = write(tmp_path / "story-no-extension", PAGE)
    for path in (by_name, by_content):
        article = only(read_inputs([str(path)]))
        assert isinstance(article, Article), article
        assert "Dock workers returned to work on Monday" in article.text and "Home" not in article.text
        assert article.origin == str(path)


@pytest.mark.parametrize("compress", [False, True])
def test_warc_html_responses_become_articles_and_the_rest_is_counted(tmp_path, compress):
    data = warc_bytes(CRAWL, compress)
    path = write(tmp_path / ("crawl.warc.gz" if compress else "crawl.warc"), data)
    stats = ReadStats()
    articles = list(read_inputs([str(path)], stats=stats))
    assert [a.url for a in articles] == ["http://news.test/strike", "http://news.test/other"]
    assert all(isinstance(a, Article) for a in articles)
    assert "Monday" in articles[0].text and "Tuesday" in articles[1].text
    for article in articles:
        name, offset = article.origin.rsplit("@", 1)
        record = data[int(offset):]
        assert name == str(path) and (gzip.decompress(record) if compress else record).startswith(b"WARC/1.0")
    assert stats.skipped == {"WARC warcinfo records": 1, "WARC request records": 1,
                             "non-HTML WARC responses": 1, "WARC redirect or error responses": 1}
    assert (stats.articles, stats.failures) == (2, 0)
    assert stats.skipped_line().startswith("skipped 1 WARC redirect or error responses, ")


def test_warc_without_a_page_is_one_failure(tmp_path):
    path = write(tmp_path / "images.warc", warc_bytes([CRAWL[3], CRAWL[1]], False))
    failure = only(read_inputs([str(path)]))
    assert isinstance(failure, Failure) and failure.reason == "no HTML page in the WARC (2 records, all skipped)"


def test_warc_gz_is_detected_from_content():
    assert detect_format(warc_bytes(CRAWL[:1], True)[:8192], "crawl.bin") == "warc"
    assert detect_format(gzip.compress(b"plain words\n"), "x") == "gzip"


RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Harbour News</title>
<item><title>Ceasefire talks run late</title><link>http://news.test/talks</link>
<pubDate>Mon, 06 Jan 2025 10:00:00 +0100</pubDate><dc:creator>Jo Smith</dc:creator>
<description>Talks ran late.</description>
<content:encoded><![CDATA[{LONG_BODY}<script>track()</script>]]></content:encoded></item>
<item><title>Strike ends</title><link>http://news.test/strike</link>
<description>Dock workers returned to work on Monday, &lt;b&gt;the union&lt;/b&gt; said.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Wire</title><id>urn:wire</id><updated>2025-02-01T08:00:00Z</updated>
<entry><title>Port reopens</title><id>urn:1</id><link href="http://wire.test/port"/>
<updated>2025-02-01T08:00:00Z</updated><author><name>Ann Lee</name></author><author><name>Bo Chan</name></author>
<content type="html">&lt;p&gt;The port reopened on Saturday.&lt;/p&gt;&lt;p&gt;Ships queued outside.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_entries_become_articles_with_metadata(tmp_path):
    path = write(tmp_path / "feed.rss", RSS)
    full, teaser = read_inputs([str(path)])
    assert full.title == "Ceasefire talks run late" and full.url == "http://news.test/talks"
    assert full.published == "2025-01-06T09:00:00+00:00" and full.authors == ["Jo Smith"]
    assert full.source == "Harbour News" and full.origin == f"{path}#entry1"
    assert full.text.startswith("Paragraph 0: the talks in Oslo") and full.text.count("\n\n") == 9
    assert "track()" not in full.text
    assert teaser.text == "Dock workers returned to work on Monday, the union said."
    assert teaser.origin == f"{path}#entry2" and teaser.published is None


def test_atom_feed_is_detected_from_content(tmp_path):
    article = only(read_inputs([str(write(tmp_path / "wire", ATOM))]))
    assert article.text == "The port reopened on Saturday.\n\nShips queued outside."
    assert article.authors == ["Ann Lee", "Bo Chan"] and article.source == "Wire"
    assert article.published == "2025-02-01T08:00:00+00:00" and article.url == "http://wire.test/port"


LINES = [
    '{"content_original": "Ministers met in Oslo on Monday and agreed on a ceasefire plan.", "title": "Oslo deal",'
    ' "date": "6 January 2025", "ID": 4521, "source": "Wire", "url": "http://wire.test/1", "authors": ["Ann Lee"]}',
    '',
    '{"content_original": "Talks resumed in Geneva.", "date": "2025-01-07T10:30:00+01:00", "ID": "b7"}',
]


def test_jsonl_lines_become_articles_with_a_field_mapping(tmp_path):
    path = write(tmp_path / "wire.jsonl", "\n".join(LINES) + "\n")
    fields = JsonlFields(text="content_original", title="title", date="date", id="ID", source="source")
    first, second = read_inputs([str(path)], fields=fields)
    assert first.origin == f"{path}:1#ID=4521" and second.origin == f"{path}:3#ID=b7"
    assert first.text == "Ministers met in Oslo on Monday and agreed on a ceasefire plan."
    assert first.id == article_id(first.text)
    assert (first.title, first.published, first.source, first.url, first.authors) == (
        "Oslo deal", "2025-01-06", "Wire", "http://wire.test/1", ["Ann Lee"])
    assert second.published == "2025-01-07T10:30:00+01:00" and second.title is None


def test_jsonl_is_detected_from_content_with_default_fields(tmp_path):
    path = write(tmp_path / "dump", '{"text": "Harbour strike ends.", "published": "2025-01-06"}\n')
    article = only(read_inputs([str(path)]))
    assert article.origin == f"{path}:1" and article.published == "2025-01-06"


@pytest.mark.parametrize("given, expected", [
    ("2025-01-06", "2025-01-06"), ("2025-01-06T10:00:00Z", "2025-01-06T10:00:00+00:00"),
    ("Mon, 06 Jan 2025 10:00:00 +0100", "2025-01-06T10:00:00+01:00"), ("January 6, 2025", "2025-01-06"),
    ("2025/01/06", "2025-01-06"), (1736157600, "2025-01-06T10:00:00+00:00"), ("next Tuesday", None),
    (None, None), (["2025"], None)])
def test_dates_are_normalised_to_iso(given, expected):
    assert normalise_date(given) == expected


def test_gzip_files_are_read_as_their_inner_format(tmp_path):
    text = write(tmp_path / "story.txt.gz", gzip.compress(b"A good story about the harbour.\n"))
    lines = write(tmp_path / "wire.jsonl.gz", gzip.compress(("\n".join(LINES) + "\n").encode()))
    assert only(read_inputs([str(text)])).text == "A good story about the harbour."
    fields = JsonlFields(text="content_original", id="ID")
    assert [a.origin for a in read_inputs([str(lines)], fields=fields)] == [f"{lines}:1#ID=4521", f"{lines}:3#ID=b7"]


def test_zip_members_are_inputs_of_their_own(tmp_path):
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("b/page.html", PAGE)
        archive.writestr("a.txt", "First story here.\n")
        archive.writestr("c.jsonl", '{"text": "Line story."}\n')
        archive.writestr("__MACOSX/._a.txt", b"\x00\x05")
        archive.writestr(".hidden.txt", "Hidden story.\n")
    results = list(read_inputs([str(path)]))
    assert [r.origin for r in results] == [f"{path}!a.txt", f"{path}!b/page.html", f"{path}!c.jsonl:1"]
    assert all(isinstance(r, Article) for r in results)


class OneWayStream(io.RawIOBase):
    """A stream that cannot seek, like a pipe."""

    def __init__(self, data: bytes):
        self.data = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data.read(min(len(buffer), 1000))
        buffer[:len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("data, expected", [
    (gzip.compress(b'{"text": "Piped story one."}\n{"text": "Piped story two."}\n'), ["Piped story one.", "Piped story two."]),
    (warc_bytes(CRAWL[2:3], True), ["Dock workers"]),
])
def test_stdin_that_cannot_seek_is_streamed(monkeypatch, data, expected):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(OneWayStream(data))))
    texts = [r.text for r in read_inputs(["-"])]
    assert len(texts) == len(expected) and all(e in t for e, t in zip(expected, texts))


def test_zip_from_stdin_is_spooled(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("one.txt", "Story from a piped zip.\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(OneWayStream(buffer.getvalue()))))
    assert only(read_inputs(["-"])).origin == "<stdin>!one.txt"


def peak_memory_while(consume) -> int:
    tracemalloc.start()
    try:
        consume()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_big_warc_and_jsonl_are_streamed_not_loaded(tmp_path):
    image = ("response", "http://news.test/i.png", "200 OK", "image/png", bytes(50_000))
    warc = write(tmp_path / "big.warc", warc_bytes([image] * 300 + [CRAWL[2]], False))
    lines = write(tmp_path / "big.jsonl", b"".join(b'{"no_text": "%s"}\n' % (b"x" * 20_000) for _ in range(600)))
    list(read_inputs([str(write(tmp_path / "warm-up.html", PAGE))]))  # lazy imports are not the read
    stats = ReadStats()
    assert warc.stat().st_size > 10_000_000 and lines.stat().st_size > 10_000_000
    peak = peak_memory_while(lambda: [None for _ in read_inputs([str(warc), str(lines)], stats=stats)])
    assert stats.skipped == {"non-HTML WARC responses": 300} and (stats.articles, stats.failures) == (1, 600)
    assert peak < 3_000_000, peak


# --- fetching a feed from a local server (127.0.0.1 only) ---

FEED = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local News</title>
<item><title>Full entry</title><link>{{base}}/full</link><description><![CDATA[{LONG_BODY}]]></description></item>
<item><title>Strike ends</title><link>{{base}}/story</link><pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate>
<description>Dock workers are back.</description></item>
<item><title>Private</title><link>{{base}}/private/story</link><description>Secret.</description></item>
<item><title>Slow</title><link>{{base}}/slow</link><description>Slow.</description></item>
<item><title>Huge</title><link>{{base}}/huge</link><description>Huge.</description></item>
<item><title>Gone</title><link>{{base}}/gone</link><description>Gone.</description></item>
</channel></rss>"""


class LocalSite(BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):
        LocalSite.requests.append((self.path, self.headers.get("User-Agent"), time.monotonic()))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        pages = {"/robots.txt": b"User-agent: *\nDisallow: /private/\n", "/story": PAGE.encode(),
                 "/private/story": PAGE.encode(), "/feed.xml": FEED.replace("{base}", base).encode(),
                 "/two.xml": FEED.replace("{base}", base).encode().replace(b"/private/story", b"/story")}
        if self.path == "/slow":
            time.sleep(1.0)
        if self.path == "/huge":
            return self.send_chunks()
        body = pages.get(self.path, PAGE.encode() if self.path == "/slow" else None)
        self.send_response(200 if body else 404)
        self.end_headers()
        try:
            self.wfile.write(body or b"not found")
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting, as it should
            pass

    def send_chunks(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"<p>" + b"word " * 2000 + b"</p>")
        except (BrokenPipeError, ConnectionResetError):  # the client stopped at its size cap
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), LocalSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_feed_downloads_pages_politely(site):
    LocalSite.requests.clear()
    settings = FetchSettings(delay=0.05, timeout=0.4, max_bytes=200_000)
    full, story, private, slow, huge, gone = fetch_feed(f"{site}/feed.xml", settings)
    assert full.origin == f"{site}/feed.xml#entry1" and full.text.startswith("Paragraph 0")
    assert isinstance(story, Article) and story.origin == f"{site}/story via {site}/feed.xml"
    assert story.url == f"{site}/story" and "Dock workers returned to work on Monday" in story.text
    assert story.published.startswith("2025-01-06")
    assert (private.path, private.reason) == (f"{site}/private/story via {site}/feed.xml", "disallowed by robots.txt")
    assert slow.reason == "timed out after 0.4 s"
    assert huge.reason == "too large: more than 200000 bytes (cap 200000)"
    assert gone.reason == "HTTP status 404"
    paths = [path for path, _, _ in LocalSite.requests]
    assert paths[:2] == ["/robots.txt", "/feed.xml"] and "/private/story" not in paths and "/full" not in paths
    assert {agent for _, agent, _ in LocalSite.requests} == {USER_AGENT}
    assert USER_AGENT.startswith("newsgraph/") and USER_AGENT.endswith(" (+https://github.com/newsgraph)")


def test_fetch_waits_between_requests_to_one_host():
    """The per-host delay, on a fake clock (a timed test would be at the mercy of a loaded machine)."""
    from newsgraph.ingest.fetch import PoliteSession
    now, slept = [100.0], []

    def sleep(seconds):
        slept.append(round(seconds, 3))
        now[0] += seconds

    session = PoliteSession(FetchSettings(delay=0.25), client=object(), clock=lambda: now[0], sleep=sleep)
    session.wait_turn("http://a.example/1")
    session.wait_turn("http://b.example/1")  # another host: no wait
    now[0] += 0.1
    session.wait_turn("http://a.example/2")  # 0.1 s after the last request to a.example: waits 0.15 s
    now[0] += 1.0
    session.wait_turn("http://a.example/3")  # long after: no wait
    assert slept == [0.15]


def test_fetch_of_a_missing_feed_is_a_failure(site):
    failure = only(fetch_feed(f"{site}/nothing.xml", FetchSettings(delay=0)))
    assert failure.reason == "cannot fetch feed: HTTP status 404"


def test_fetch_feed_command_stores_articles_and_records_failures(site, tmp_path):
    import duckdb
    from typer.testing import CliRunner

    from newsgraph.cli import app
    db = tmp_path / "feed.duckdb"
    result = CliRunner().invoke(app, ["fetch-feed", f"{site}/feed.xml", "--db", str(db), "--delay", "0.05",
                                      "--timeout", "0.4", "--max-bytes", "200000", "--quiet"])
    assert result.exit_code == 1  # some pages could not be had
    assert "2 stored" in result.output and "4 failed" in result.output
    with duckdb.connect(str(db)) as connection:
        origins = {row[0] for row in connection.execute("select origin from articles").fetchall()}
        reasons = {row[0] for row in connection.execute("select reason from failures").fetchall()}
    assert f"{site}/story via {site}/feed.xml" in origins
    assert "disallowed by robots.txt" in reasons


def test_a_feed_on_a_host_that_cannot_be_reached_says_so_not_robots_txt():
    """Issue 14 tried by hand: a refused connection was reported as "disallowed by robots.txt"."""
    import httpx

    def refuse(request):
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    (failure,) = fetch_feed("http://127.0.0.1:9/feed.xml", FetchSettings(delay=0), client=client)
    assert failure.reason == ("cannot fetch feed: cannot reach 127.0.0.1:9: download failed: ConnectError: "
                              "[Errno 111] Connection refused")
