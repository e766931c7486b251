"""Read a news page given as HTML into an Article: body text, title, date, authors, site name.

The page is decoded (``decode_html``), parsed once, and its body chosen by ``html_body.extract_body``
(trafilatura, checked against a paragraph-density reading of the same tree, then cleaned of
captions, link lists and boilerplate). Title, authors and site name come from trafilatura's
metadata reader (``html_metadata``), the publication day from the page's own timestamps as the page
shows them (``html_dates``). Bad input never raises: it becomes a Failure with a one-line reason.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import Optional, Union

from lxml.html import HtmlElement

from newsgraph.ingest.html_body import extract_body
from newsgraph.ingest.html_metadata import page_metadata
from newsgraph.ingest.scrape_lines import lexicon_rows
from newsgraph.model import Article, Failure

MAX_HTML_BYTES = 20_000_000  # larger pages are refused (trafilatura's own MAX_FILE_SIZE)
MIN_BODY_CHARS = 100  # less body text than this is not an article
MIN_PARAGRAPH_CHARS = 50  # an article has at least one paragraph this long (a menu has none); characters,
# not words, so that Chinese and Japanese pages count too
SNIFF_BYTES = 1024  # where looks_like_html and the meta charset are looked for
CHARSET_SNIFF_BYTES = 4096
HTML_MARKERS = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<p[\s>]", re.IGNORECASE)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

MAX_CONTROL_SHARE = 0.05  # more control characters than this share of the first SNIFF_CHARS means binary
SNIFF_CHARS = 8192
TEXT_CONTROLS = frozenset("\t\n\r\f\v")

Result = Union[Article, Failure]


def looks_like_html(data: bytes) -> bool:
    """A doctype, <html>, <head>, <body> or <p> tag within the first KB (any case)."""
    return bool(HTML_MARKERS.search(data[:SNIFF_BYTES]))


@lru_cache(maxsize=None)
def charset_aliases() -> dict[str, str]:
    """Declared charsets read as another, as browsers do (``lexicons/html_charset_aliases.tsv``)."""
    return {row[0]: row[1] for row in lexicon_rows("html_charset_aliases.tsv")}


def declared_charset(data: bytes) -> Optional[str]:
    """The codec named by a byte-order mark or a <meta> charset near the top, if Python knows it."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec
    found = META_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace").lower()
    name = charset_aliases().get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes) -> str:
    """Text of the page: the declared charset, else UTF-8, else Windows-1252, else UTF-8 with
    replacement characters (never fails)."""
    declared = declared_charset(data)
    for codec in (declared, "utf-8", "cp1252"):
        if codec:
            try:
                return data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("utf-8", errors="replace")


def is_binary(text: str) -> bool:
    """NUL or many other control characters near the top: not a page of text."""
    head = text[:SNIFF_CHARS]
    controls = sum(1 for char in head if (char < " " or "\x7f" <= char < "\xa0") and char not in TEXT_CONTROLS)
    return "\x00" in head or controls > MAX_CONTROL_SHARE * len(head)


def parse_html(text: str) -> Optional[HtmlElement]:
    """The lxml tree of the page, or None when there is nothing to parse."""
    from trafilatura import load_html  # deferred: trafilatura is slow to import

    if not text.strip():
        return None
    tree = load_html(text)
    if tree is None and "<" in text:
        tree = load_html(f"<html><body><div>{text}</div></body></html>")
    return tree


def article_from_html(html: Union[bytes, str], origin: Optional[str] = None, url: Optional[str] = None) -> Result:
    """The article of one HTML page, or a Failure saying why there is none (never raises)."""
    origin = origin or url or "<html>"
    try:
        return read_html(html, origin, url)
    except (RecursionError, MemoryError) as error:
        return Failure(origin, f"HTML too deeply nested or too large to parse: {type(error).__name__}")
    except Exception as error:  # noqa: BLE001 - a bad page is a record, never a crash
        return Failure(origin, f"cannot read HTML: {type(error).__name__}: {first_line(str(error))}")


def first_line(message: str, limit: int = 200) -> str:
    return message.splitlines()[0][:limit] if message.strip() else "no message"


def read_html(html: Union[bytes, str], origin: str, url: Optional[str]) -> Result:
    size = len(html)
    if size > MAX_HTML_BYTES:
        return Failure(origin, f"HTML page too large: {size} bytes or characters (limit {MAX_HTML_BYTES})")
    text = decode_html(html) if isinstance(html, (bytes, bytearray)) else html
    if is_binary(text):
        return Failure(origin, "not HTML: binary data (NUL or control characters)")
    tree = parse_html(text)
    if tree is None:
        return Failure(origin, "no article text found in HTML: empty page or no markup")
    meta = page_metadata(tree, url)
    body = extract_body(tree, url, meta.title)
    if len(body.text) < MIN_BODY_CHARS:
        return Failure(origin, f"no article text found in HTML: {len(body.text)} characters of body text "
                               f"(at least {MIN_BODY_CHARS} needed)")
    if not any(len(paragraph) >= MIN_PARAGRAPH_CHARS for paragraph in body.text.split("\n\n")):
        return Failure(origin, f"no article text found in HTML: no paragraph of {MIN_PARAGRAPH_CHARS} characters "
                               f"or more (navigation or link lists only)")
    return Article(text=body.text, title=meta.title, source=meta.site, url=url or meta.url,
                   published=meta.date, authors=meta.authors, origin=origin)
