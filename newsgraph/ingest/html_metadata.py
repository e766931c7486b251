"""Title, date, authors, site name and URL of an HTML page, read by trafilatura's metadata module.

trafilatura reads <meta> tags, JSON-LD and common markup; the values are then tidied here: the title
loses a trailing " | Site name", the date is an ISO day, authors are a list of names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from lxml.html import HtmlElement

AUTHOR_SEPARATORS = re.compile(r"\s*;\s*")
AUTHOR_PREFIX = re.compile(r"^(view all posts by|posts by|written by|by)\s+", re.IGNORECASE)
NOT_A_PERSON = re.compile(r"\b(staff|sponsored|correspondent|editors?|desk|team)\b", re.IGNORECASE)
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
MIN_TITLE_WORDS = 3  # a shorter title left after cutting a site name is not cut
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
WORD = re.compile(r"\w+")
MIN_HEADLINE_WORDS = 2  # a shorter <h1> is a logo or a label, not the headline


@dataclass
class PageMetadata:
    title: Optional[str] = None
    date: Optional[str] = None  # ISO 8601 day
    authors: list[str] = field(default_factory=list)
    site: Optional[str] = None
    url: Optional[str] = None


def without_site_name(title: Optional[str], site: Optional[str]) -> Optional[str]:
    """The title without a site name glued at its end or start ("Story | The Paper")."""
    if not title or not site:
        return title
    folded_site = site.casefold()
    for separator in TITLE_SEPARATORS:
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


def visible_headline(tree: HtmlElement, meta_title: Optional[str]) -> Optional[str]:
    """The page's <h1> that shares most words with the meta title (the first one when none shares
    any), or None without an <h1> of at least two words. On NAEB the visible headline matches the
    gold title far more often than the meta title (typographic quotes, no site name, no "Opinion |")."""
    headlines = [" ".join(h1.text_content().split()) for h1 in tree.iter("h1")]
    headlines = [text for text in headlines if len(text.split()) >= MIN_HEADLINE_WORDS]
    if not headlines:
        return None
    best = max(headlines, key=lambda text: word_overlap(text, meta_title))
    return best if word_overlap(best, meta_title) > 0 else headlines[0]


def author_list(author: Optional[str], site: Optional[str] = None) -> list[str]:
    """trafilatura's "A; B" author string as a list of names, without "View all posts by", the site
    name, and bylines that name no person ("AOL Staff", "Sponsored")."""
    names = (AUTHOR_PREFIX.sub("", name).strip() for name in AUTHOR_SEPARATORS.split(author or ""))
    return [name for name in names if name and name.casefold() != (site or "").casefold()
            and not NOT_A_PERSON.search(name)]


def page_metadata(tree: HtmlElement, url: Optional[str] = None) -> PageMetadata:
    """The metadata of a parsed page (trafilatura copies nothing: it reads the tree only)."""
    from trafilatura.metadata import extract_metadata

    found = extract_metadata(tree, default_url=url)
    date = found.date if found.date and ISO_DAY.match(found.date) else None
    title = visible_headline(tree, found.title) or without_site_name(found.title, found.sitename)
    return PageMetadata(title=title, date=date,
                        authors=author_list(found.author, found.sitename), site=found.sitename, url=found.url)
