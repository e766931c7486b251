"""Title, date, authors, site name and URL of an HTML page, read by trafilatura's metadata module.

trafilatura reads <meta> tags, JSON-LD and common markup; the values are then tidied here: the title
is the visible headline or loses a trailing " | Site name", authors are a list of names without
bylines that name no person (``lexicons/html_bylines.tsv``). The date is the ISO day the page shows
(``html_dates``), trafilatura's date only when the page has none that reader understands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from lxml.html import HtmlElement

from newsgraph.ingest.html_dates import publication_day
from newsgraph.ingest.scrape_lines import lexicon_rows

AUTHOR_SEPARATORS = re.compile(r"\s*;\s*")
MIN_TITLE_WORDS = 3  # a shorter title left after cutting a site name is not cut
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
WORD = re.compile(r"\w+")
MIN_HEADLINE_WORDS = 2  # a shorter <h1> is a logo or a label, not the headline
INVISIBLE_TAGS = frozenset(("svg", "script", "style", "noscript", "template"))


@dataclass
class PageMetadata:
    title: Optional[str] = None
    date: Optional[str] = None  # ISO 8601 day
    authors: list[str] = field(default_factory=list)
    site: Optional[str] = None
    url: Optional[str] = None


@lru_cache(maxsize=None)
def byline_pattern(kind: str) -> re.Pattern:
    """``prefix``: a leading "By" and the like; ``not_a_person``: "Staff", "Sponsored" and the like
    (``lexicons/html_bylines.tsv``)."""
    alternatives = "|".join(row[1] for row in lexicon_rows("html_bylines.tsv") if row[0] == kind)
    if kind == "prefix":
        return re.compile(rf"^(?:{alternatives})\s+", re.IGNORECASE)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


@lru_cache(maxsize=None)
def title_separators() -> tuple[str, ...]:
    """The separators of a headline and a site name in a <title>: " | ", " - " and so on
    (``lexicons/html_title_separators.tsv``)."""
    return tuple(f" {row[0]} " for row in lexicon_rows("html_title_separators.tsv"))


def without_site_name(title: Optional[str], site: Optional[str]) -> Optional[str]:
    """The title without a site name glued at its end or start ("Story | The Paper")."""
    if not title or not site:
        return title
    folded_site = site.casefold()
    for separator in title_separators():
        head, _, tail = title.rpartition(separator)
        if head and folded_site in tail.casefold() and len(head.split()) >= MIN_TITLE_WORDS:
            return head.strip()
        head, _, tail = title.partition(separator)
        if tail and folded_site in head.casefold() and len(tail.split()) >= MIN_TITLE_WORDS:
            return tail.strip()
    return title


def words_of(text: Optional[str]) -> set[str]:
    return set(WORD.findall((text or "").casefold()))


def word_overlap(first: str, second: Optional[str]) -> float:
    one, other = words_of(first), words_of(second)
    return len(one & other) / max(1, len(one | other))


def visible_text(element: HtmlElement) -> str:
    """The text a reader sees in ``element``: without what is inside <svg> (its <title> is a logo's
    name), <script>, <style> and the like, and without comments; words of two elements kept apart."""
    parts = []
    if element.text and element.tag not in INVISIBLE_TAGS:
        parts.append(element.text)
    for child in element:
        if isinstance(child.tag, str) and local_name(child.tag) not in INVISIBLE_TAGS:
            parts.append(visible_text(child))
        parts.append(child.tail or "")
    return " ".join(parts)


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()  # "{http://www.w3.org/2000/svg}svg" -> "svg"


@lru_cache(maxsize=None)
def not_headline_pattern() -> re.Pattern:
    """What an <h1> that is a logo or a label says (``lexicons/html_not_headlines.tsv``)."""
    alternatives = "|".join(row[0] for row in lexicon_rows("html_not_headlines.tsv"))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def is_logo_or_label(text: str, site: Optional[str]) -> bool:
    """True for an <h1> that names a logo or a label, or only repeats the site name."""
    return bool(not_headline_pattern().search(text)) or (bool(site) and words_of(text) <= words_of(site))


def visible_headline(tree: HtmlElement, meta_title: Optional[str], site: Optional[str] = None) -> Optional[str]:
    """The page's <h1> that shares most words with the meta title (the first one when none shares
    any), or None without an <h1> of at least two words that is not a logo, a label or the site name. On NAEB the visible headline matches the
    gold title far more often than the meta title (typographic quotes, no site name, no "Opinion |")."""
    headlines = [" ".join(visible_text(h1).split()) for h1 in tree.iter("h1")]
    headlines = [text for text in headlines if len(text.split()) >= MIN_HEADLINE_WORDS
                 and not is_logo_or_label(text, site)]
    if not headlines:
        return None
    best = max(headlines, key=lambda text: word_overlap(text, meta_title))
    return best if word_overlap(best, meta_title) > 0 else headlines[0]


def head_title(tree: HtmlElement) -> Optional[str]:
    """The title the page declares in its head (og:title, else <title>), for when trafilatura's
    title is a logo it took from an <h1>."""
    for path in ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content', "//head/title"):
        for found in tree.xpath(path):
            text = " ".join((found if isinstance(found, str) else found.text_content()).split())
            if text:
                return text
    return None


def author_list(author: Optional[str], site: Optional[str] = None) -> list[str]:
    """trafilatura's "A; B" author string as a list of names, without "View all posts by", the site
    name, and bylines that name no person ("AOL Staff", "Sponsored")."""
    prefix, not_a_person = byline_pattern("prefix"), byline_pattern("not_a_person")
    names = (prefix.sub("", name).strip() for name in AUTHOR_SEPARATORS.split(author or ""))
    return [name for name in names if name and name.casefold() != (site or "").casefold()
            and not not_a_person.search(name)]


def page_metadata(tree: HtmlElement, url: Optional[str] = None) -> PageMetadata:
    """The metadata of a parsed page (trafilatura copies nothing: it reads the tree only)."""
    from trafilatura.metadata import extract_metadata

    found = extract_metadata(tree, default_url=url)
    fallback = found.date if found.date and ISO_DAY.match(found.date) else None
    date = publication_day(tree, fallback, url or found.url)
    meta_title = found.title if not is_logo_or_label(found.title or "", found.sitename) else head_title(tree)
    title = visible_headline(tree, meta_title, found.sitename) or without_site_name(meta_title, found.sitename)
    return PageMetadata(title=title, date=date,
                        authors=author_list(found.author, found.sitename), site=found.sitename, url=found.url)
