"""The body text of an HTML page: trafilatura's reading, checked against a density fallback, cleaned.

Three readings of the same parsed tree are compared (general rules, tuned on the Zyte benchmark):

1. trafilatura with ``favor_precision`` (fewer teasers and link boxes), with the prose paragraphs
   of the default reading that it dropped between its own lines put back; unless it still keeps
   less than ``MIN_PRECISE_SHARE`` of the default reading, which then wins (precision mode
   sometimes drops the whole story);
2. the paragraph-density reading (``html_density``) replaces it when trafilatura found almost
   nothing, or when it is much longer and contains most of what trafilatura found (a story split
   over several containers, of which trafilatura kept one).

Cleaning works on trafilatura's XML, where links are still marked: lists made mostly of links
("Related stories") go with their short heading; then, line by line, a repeated headline at the
top, boilerplate lines of the scrape lexicon (``scrape_lines``) and a trailer are dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from lxml.etree import _Element, strip_tags
from lxml.html import HtmlElement

from newsgraph.ingest.html_density import densest_text
from newsgraph.ingest.scrape_lines import boilerplate_action

MIN_PRECISE_SHARE = 0.5  # precision mode must keep this share of the default reading's text
MIN_TRUSTED_CHARS = 250  # a shorter trafilatura reading gives way to a longer density reading
MIN_DENSE_GAIN = 1.5  # the density reading must be this many times longer to replace trafilatura
MIN_DENSE_COVER = 0.8  # ... and contain this share of trafilatura's word 4-grams
MIN_LINK_LIST_SHARE = 0.6  # a list whose text is mostly links is a box of links to other pages
MAX_HEADER_WORDS = 8  # a short line right above a link list is its heading ("Related stories")
MIN_PROSE_WORDS = 15  # a line this long ending like a sentence is prose, not a teaser or a label
SENTENCE_END = tuple(".!?…\"'”’»)")
TITLE_LINES = 2  # a headline repeated in the body is looked for in the first lines
LIST_MARK = re.compile(r"^[-•*]\s+")
WORD = re.compile(r"\w+")


@dataclass
class Body:
    text: str
    method: str  # trafilatura-precision | trafilatura | density | none


def linked_share(element: _Element) -> float:
    text = "".join(element.itertext())
    linked = sum(len("".join(ref.itertext())) for ref in element.iter("ref"))
    return linked / len(text) if text.strip() else 0.0


def is_short_header(element: Optional[_Element]) -> bool:
    if element is None or element.tag not in ("head", "p"):
        return False
    text = " ".join("".join(element.itertext()).split())
    return len(text.split()) <= MAX_HEADER_WORDS and not text.endswith((".", "!", "?", "”", '"'))


def drop_link_lists(body: _Element) -> None:
    """Remove lists made mostly of links, with a short heading just above them."""
    for found in list(body.iter("list")):
        if found.getparent() is None or linked_share(found) < MIN_LINK_LIST_SHARE:
            continue
        header = found.getprevious()
        if is_short_header(header):
            header.getparent().remove(header)
        found.getparent().remove(found)


def xml_to_lines(body: Optional[_Element]) -> list[str]:
    """The non-blank lines of trafilatura's XML body as text, link lists removed."""
    from trafilatura.xml import xmltotxt

    if body is None:
        return []
    drop_link_lists(body)
    strip_tags(body, "ref")
    return [line for line in (" ".join(raw.split()) for raw in xmltotxt(body, False).splitlines()) if line]


def folded(text: Optional[str]) -> str:
    return " ".join((text or "").split()).casefold()


def drop_title_lines(lines: list[str], title: Optional[str]) -> list[str]:
    """Without the headline when it is repeated in the first lines of the body."""
    if not title:
        return lines
    head = [line for line in lines[:TITLE_LINES] if folded(line) != folded(title)]
    return head + lines[TITLE_LINES:]


def drop_boilerplate(lines: list[str]) -> list[str]:
    """Without boilerplate and credit lines; a trailer ("Related content") in the second half is cut."""
    kept = []
    for index, line in enumerate(lines):
        action = boilerplate_action(LIST_MARK.sub("", line))
        if action == "cut" and index >= len(lines) // 2:
            break
        if action is None:
            kept.append(line)
    return kept


def clean_lines(lines: list[str], title: Optional[str]) -> str:
    return "\n\n".join(drop_boilerplate(drop_title_lines(lines, title)))


def trafilatura_lines(tree: HtmlElement, url: Optional[str], precise: bool) -> list[str]:
    from trafilatura import bare_extraction

    document = bare_extraction(tree, url=url, favor_precision=precise, include_comments=False,
                               include_links=True, with_metadata=False)
    return xml_to_lines(document.body if document is not None else None)


def word_4grams(text: str) -> Counter:
    words = WORD.findall(text)
    return Counter(tuple(words[i: i + 4]) for i in range(max(0, len(words) - 3)))


def covered_share(part: str, whole: str) -> float:
    """The share of ``part``'s word 4-grams that also occur in ``whole``."""
    wanted, offered = word_4grams(part), word_4grams(whole)
    return sum(min(count, offered[key]) for key, count in wanted.items()) / max(1, sum(wanted.values()))


def is_prose(line: str) -> bool:
    return len(line.split()) >= MIN_PROSE_WORDS and line.endswith(SENTENCE_END)


def precise_with_prose(precise: list[str], default: list[str]) -> list[str]:
    """The precise reading with the prose lines of the default reading that it dropped between its
    first and last lines (precision mode sometimes drops whole paragraphs of the story). Unchanged
    when the precise reading has lines the default one lacks (the two are not comparable then)."""
    kept = set(precise)
    shared = [index for index, line in enumerate(default) if line in kept]
    if not shared or not kept <= set(default):
        return precise
    first, last = shared[0], shared[-1]
    return [line for index, line in enumerate(default)
            if line in kept or (first < index < last and is_prose(line))]


def trafilatura_body(tree: HtmlElement, url: Optional[str], title: Optional[str]) -> Body:
    precise = trafilatura_lines(tree, url, precise=True)
    default = trafilatura_lines(tree, url, precise=False)
    merged = precise_with_prose(precise, default)
    if sum(map(len, merged)) >= MIN_PRECISE_SHARE * sum(map(len, default)):
        return Body(clean_lines(merged, title), "trafilatura-precision")
    return Body(clean_lines(default, title), "trafilatura")


def prefers_dense(found: Body, dense: str) -> bool:
    if len(found.text) < MIN_TRUSTED_CHARS:
        return len(dense) > len(found.text)
    return len(dense) >= MIN_DENSE_GAIN * len(found.text) and covered_share(found.text, dense) >= MIN_DENSE_COVER


def extract_body(tree: HtmlElement, url: Optional[str] = None, title: Optional[str] = None) -> Body:
    """The cleaned body text of a parsed page and which reading it came from."""
    found = trafilatura_body(tree, url, title)
    dense = clean_lines((densest_text(tree) or "").split("\n\n"), title)
    if prefers_dense(found, dense):
        return Body(dense, "density")
    return found if found.text else Body("", "none")
