"""Fetch a feed over HTTP and, for entries without their full text, download the linked pages politely.

Polite means: one request at a time, ``delay`` seconds between two requests to the same host (more
when robots.txt asks with Crawl-delay), robots.txt obeyed (a robots.txt that answers 401/403, 5xx
or not at all forbids the host; a 404 allows it), a time limit and a size cap on every download,
and a User-Agent that says who we are. The origin of a downloaded page is ``<page url> via <feed url>``.
Only this module touches the network; ``read_inputs`` never does.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Callable, Iterator, Optional, Union
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from newsgraph.ingest.feeds import entry_article, feed_failure_reason, has_full_text, parse_feed
from newsgraph.model import Article, Failure

Result = Union[Article, Failure]


def package_version() -> str:
    try:
        return version("newsgraph")
    except PackageNotFoundError:
        return "0+unknown"


USER_AGENT = f"newsgraph/{package_version()} (+https://github.com/newsgraph)"


@dataclass(frozen=True)
class FetchSettings:
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 10.0  # seconds for one whole download
    max_bytes: int = 5 * 2**20  # a bigger page is refused
    user_agent: str = USER_AGENT


class PageUnavailable(Exception):
    """A page could not be downloaded; the message is the one-line reason."""


@dataclass
class Download:
    status: int
    body: bytes


class PoliteSession:
    """An httpx client that waits its turn per host, obeys robots.txt and caps every download."""

    def __init__(self, settings: FetchSettings, client: Optional[httpx.Client] = None,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.settings, self.clock, self.sleep = settings, clock, sleep
        self.client = client or httpx.Client(headers={"User-Agent": settings.user_agent}, follow_redirects=True,
                                             timeout=httpx.Timeout(settings.timeout))
        self.owns_client = client is None
        self.last_request: dict[str, float] = {}
        self.robots: dict[str, RobotFileParser] = {}
        self.unreachable: dict[str, str] = {}  # host -> why its robots.txt could not be downloaded

    def __enter__(self) -> "PoliteSession":
        return self

    def __exit__(self, *exc_info) -> None:
        if self.owns_client:
            self.client.close()

    def get(self, url: str) -> bytes:
        """The body of an HTML or XML page at ``url``, or PageUnavailable with the reason."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise PageUnavailable(f"not an http(s) address: {url[:200]}")
        if not self.robots_for(url).can_fetch(self.settings.user_agent, url):
            unreachable = self.unreachable.get(urlsplit(url).netloc)
            raise PageUnavailable(f"cannot reach {urlsplit(url).netloc}: {unreachable}" if unreachable
                                  else "disallowed by robots.txt")
        found = self.download(url)
        if found.status >= 400:
            raise PageUnavailable(f"HTTP status {found.status}")
        return found.body

    def wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        robots = self.robots.get(host)
        delay = max(self.settings.delay, float((robots.crawl_delay(self.settings.user_agent) if robots else 0) or 0))
        last = self.last_request.get(host)
        if last is not None and last + delay > self.clock():
            self.sleep(last + delay - self.clock())
        self.last_request[host] = self.clock()

    def download(self, url: str) -> Download:
        self.wait_turn(url)
        deadline = self.clock() + self.settings.timeout
        try:
            with self.client.stream("GET", url) as response:
                body = self.capped_body(response, deadline)
                return Download(response.status_code, body)
        except httpx.TimeoutException:
            raise PageUnavailable(f"timed out after {self.settings.timeout} s") from None
        except httpx.HTTPError as error:
            raise PageUnavailable(f"download failed: {type(error).__name__}: {' '.join(str(error).split())[:200]}") \
                from None

    def capped_body(self, response: httpx.Response, deadline: float) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise PageUnavailable(f"too large: {declared} bytes (cap {cap})")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > cap:
                raise PageUnavailable(f"too large: more than {cap} bytes (cap {cap})")
            if self.clock() > deadline:
                raise PageUnavailable(f"timed out after {self.settings.timeout} s")
        return b"".join(chunks)

    def robots_for(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        if parts.netloc not in self.robots:
            self.robots[parts.netloc] = self.read_robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
        return self.robots[parts.netloc]

    def read_robots(self, robots_url: str) -> RobotFileParser:
        robots = RobotFileParser(robots_url)
        try:
            found = self.download(robots_url)
        except PageUnavailable as error:  # nothing is fetched from the host; its pages say why
            self.unreachable[urlsplit(robots_url).netloc] = str(error)
            found = Download(503, b"")
        if found.status in (401, 403) or found.status >= 500:
            robots.disallow_all = True
        elif found.status >= 400:
            robots.allow_all = True
        else:
            robots.parse(found.body.decode("utf-8", errors="replace").splitlines())
        return robots


def fetch_feed(url: str, settings: Optional[FetchSettings] = None,
               client: Optional[httpx.Client] = None) -> Iterator[Result]:
    """The articles of the feed at ``url``: an entry with its full text is read from the feed, the
    others from their linked page; each page that cannot be had is a Failure with the reason."""
    with PoliteSession(settings or FetchSettings(), client) as session:
        try:
            parsed = parse_feed(session.get(url))
        except PageUnavailable as error:
            yield Failure(url, f"cannot fetch feed: {error}")
            return
        if not parsed.entries:
            yield Failure(url, feed_failure_reason(parsed))
            return
        source = (parsed.feed.get("title") or "").strip() or None
        for index, entry in enumerate(parsed.entries, start=1):
            yield entry_result(session, entry, source, url, index)


def entry_result(session: PoliteSession, entry, source: Optional[str], feed_url: str, index: int) -> Result:
    article = entry_article(entry, source, f"{feed_url}#entry{index}")
    if has_full_text(entry) or not article.url:
        return article if article.text else Failure(feed_url, "feed entry has no text and no link",
                                                    record=f"entry {index}")
    return page_article(session, article, feed_url)


def page_article(session: PoliteSession, entry: Article, feed_url: str) -> Result:
    """The article of the page an entry links to, with the entry's title, date, authors and source
    where the page has none."""
    from newsgraph.ingest.html import article_from_html  # deferred: pulls in trafilatura

    origin = f"{entry.url} via {feed_url}"
    try:
        page = article_from_html(session.get(entry.url), origin=origin, url=entry.url)
    except PageUnavailable as error:
        return Failure(origin, str(error))
    if isinstance(page, Article):
        page.title = page.title or entry.title
        page.published = page.published or entry.published
        page.authors = page.authors or entry.authors
        page.source = page.source or entry.source
    return page
