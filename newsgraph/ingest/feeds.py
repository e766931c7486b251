"""RSS and Atom feeds, parsed by feedparser: each entry becomes an article.

An entry's text is the longest of its ``content`` and ``summary``, HTML turned into paragraphs
(``fragment_text``). Title, link (url), published date (ISO, UTC), authors and the feed's title
(source) come along; the origin is ``path#entryN`` (N from 1). Broken XML: when feedparser still
found entries they are kept, otherwise the feed is one Failure saying why. An entry with a short
summary only gives a short article here; ``fetch.fetch_feed`` downloads the linked page instead
(``has_full_text`` decides).
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from html import escape, unescape
from html.parser import HTMLParser
from typing import Iterator, Optional, Union

import feedparser

from newsgraph.model import Article, Failure

Result = Union[Article, Failure]
MIN_FULL_TEXT_WORDS = 150  # an entry with fewer words is a teaser, not the article
BLOCK_TAGS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article figure "
                       "figcaption pre hr header footer".split())
HIDDEN_TAGS = frozenset(("script", "style", "template", "noscript"))


class FragmentText(HTMLParser):
    """Collects the text of an HTML fragment, with a paragraph break at every block tag."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in HIDDEN_TAGS
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        self.hidden -= tag in HIDDEN_TAGS and self.hidden > 0
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def fragment_text(html: str) -> str:
    """Paragraphs of an HTML fragment, white space folded, separated by blank lines."""
    parser = FragmentText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient, but a feed's odd markup must not stop it
        parser.parts = [unescape(re.sub(r"<[^>]*>", "\n\n", html))]
    paragraphs = (" ".join(block.split()) for block in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def plain_text(text: str) -> str:
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", unescape(text)))
    return "\n\n".join(p for p in paragraphs if p)


def entry_text(entry) -> str:
    """The longest text among the entry's contents and summary, as paragraphs."""
    details = list(entry.get("content") or []) + [entry.get("summary_detail") or {}]
    texts = [fragment_text(d.get("value") or "") if "html" in (d.get("type") or "html") else
             plain_text(d.get("value") or "") for d in details]
    return max(texts, key=len, default="")


def has_full_text(entry) -> bool:
    return len(entry_text(entry).split()) >= MIN_FULL_TEXT_WORDS


def entry_date(entry) -> Optional[str]:
    """The entry's published (else updated) moment in UTC, ISO 8601, read strictly from the date as
    the feed wrote it; None when it is not a real date. feedparser's own reading is lenient and
    invents: "10:00" becomes today, "2024-13-45" becomes 2025-01-01."""
    for key in ("published", "updated"):
        moment = strict_date(dict.get(entry, key))  # dict.get: no feedparser alias of one for the other
        if moment is not None:
            return moment.astimezone(timezone.utc).isoformat()
    return None


def strict_date(text: Optional[str]) -> Optional[datetime]:
    """An RFC 822 date (RSS: "Mon, 06 Jan 2025 09:00:00 GMT") or an ISO 8601 one (Atom), with a
    real day; a moment without a zone is taken as UTC, as feedparser does."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def entry_authors(entry) -> list[str]:
    names = [author.get("name", "").strip() for author in entry.get("authors") or [] if isinstance(author, dict)]
    names = [name for name in names if name] or ([entry.author.strip()] if entry.get("author") else [])
    return list(dict.fromkeys(names))


def entry_article(entry, source: Optional[str], origin: str) -> Article:
    """The article of one entry (its text may be empty: the caller decides what that means)."""
    return Article(text=entry_text(entry), title=(entry.get("title") or "").strip() or None,
                   url=entry.get("link") or None, published=entry_date(entry), authors=entry_authors(entry),
                   source=source, origin=origin)


def parse_feed(data: bytes):
    """feedparser's reading of the feed bytes (bytes, so feedparser never fetches anything), with
    the entries' links as the feed wrote them."""
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    written = data.decode("latin-1")  # links are looked up as written; any byte decodes
    for entry in parsed.entries:
        for link in entry.get("links") or []:
            if link.get("href"):
                link["href"] = link_as_written(link["href"], written)
        if entry.get("link"):
            entry["link"] = link_as_written(entry["link"], written)
    return parsed


SCHEME_SLASHES = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:)//(?=[^/])")


def link_as_written(link: str, feed_text: str) -> str:
    """``link`` with the slashes feedparser drops after "scheme://" put back when the feed wrote
    more ("file:///tmp/a.html" comes out of feedparser as "file://tmp/a.html", another file)."""
    if link in feed_text or escape(link, quote=False) in feed_text or not SCHEME_SLASHES.match(link):
        return link
    for slashes in ("///", "////"):
        candidate = SCHEME_SLASHES.sub(lambda found: found.group(1) + slashes, link, count=1)
        if candidate in feed_text or escape(candidate, quote=False) in feed_text:
            return candidate
    return link


def feed_failure_reason(parsed) -> str:
    if parsed.get("bozo"):
        error = parsed.get("bozo_exception")
        return f"broken feed XML, no entry found: {type(error).__name__}: {' '.join(str(error).split())[:200]}"
    if not parsed.get("version"):
        return "not an RSS or Atom feed"
    return "feed has no entries"


def read_feed(origin: str, data: bytes) -> Iterator[Result]:
    parsed = parse_feed(data)
    if not parsed.entries:
        yield Failure(origin, feed_failure_reason(parsed))
        return
    source = (parsed.feed.get("title") or "").strip() or None
    for index, entry in enumerate(parsed.entries, start=1):
        article = entry_article(entry, source, f"{origin}#entry{index}")
        if article.text:
            yield article
        else:
            yield Failure(origin, "feed entry has no text (no content or summary)", record=f"entry {index}")
