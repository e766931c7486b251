"""A readability-style fallback reading of a page's body: the container richest in paragraph text.

Each <p> long enough scores its text length, less the share of it inside links, for its parent and
half of that for its grandparent. The best-scoring element wins, together with siblings of the same
tag and class (pages that split one story over several ``<div class="body-part">``). Its
paragraphs, headings, quotes and list items are the body, in document order.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Optional

from lxml.html import HtmlElement

from newsgraph.ingest.scrape_lines import lexicon_rows

KEPT_TAGS = frozenset({"html", "body", "article", "main"})  # never skipped for their class name
TEXT_TAGS = frozenset({"p", "h2", "h3", "h4", "blockquote", "li", "pre"})
MIN_PARAGRAPH_CHARS = 25  # shorter <p> do not score (bylines, buttons, captions)
MAX_LINK_SHARE = 0.5  # a block more than half link text is navigation, not article
MIN_SIBLING_SHARE = 0.2  # a sibling container is kept when it scores this share of the best one
MAX_NESTING_CHECK = 12  # ancestors looked at to find whether a block sits inside another block
NAMED_TAGS = ("div", "section", "span", "p", "ul", "ol", "table")  # removed for their class or id name


@dataclass(frozen=True)
class SkippedBlocks:
    """What ``without_boilerplate`` removes (``lexicons/html_skipped_blocks.tsv``)."""

    tags: tuple[str, ...]
    roles: tuple[str, ...]
    names: re.Pattern  # searched in "class id"


@lru_cache(maxsize=None)
def skipped_blocks() -> SkippedBlocks:
    rows = lexicon_rows("html_skipped_blocks.tsv")
    values = {kind: tuple(row[1] for row in rows if row[0] == kind) for kind in ("tag", "role", "name")}
    return SkippedBlocks(values["tag"], values["role"], re.compile("|".join(values["name"]), re.IGNORECASE))


def block_text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def link_share(element: HtmlElement, text: str) -> float:
    linked = sum(len(" ".join(link.text_content().split())) for link in element.iter("a"))
    return min(1.0, linked / len(text)) if text else 1.0


def without_boilerplate(tree: HtmlElement) -> HtmlElement:
    """A copy of the tree without scripts, navigation, headers, footers, asides, forms, figures and
    blocks whose class or id names a caption, credit, share bar, related links and the like
    (``lexicons/html_skipped_blocks.tsv``)."""
    from copy import deepcopy

    tree, skipped = deepcopy(tree), skipped_blocks()
    role_xpath = " or ".join(f"@role='{role}'" for role in skipped.roles)
    doomed = [*tree.iter(*skipped.tags), *tree.xpath(f"//*[{role_xpath}]"),
              *(e for e in tree.iter(*NAMED_TAGS) if skipped.names.search(f"{e.get('class', '')} {e.get('id', '')}"))]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    return tree


def container_scores(tree: HtmlElement) -> dict[HtmlElement, float]:
    scores: dict[HtmlElement, float] = defaultdict(float)
    for paragraph in tree.iter("p"):
        text = block_text(paragraph)
        if len(text) < MIN_PARAGRAPH_CHARS:
            continue
        weight = len(text) * (1 - link_share(paragraph, text))
        parent = paragraph.getparent()
        if parent is not None:
            scores[parent] += weight
            if parent.getparent() is not None:
                scores[parent.getparent()] += weight / 2
    return scores


def best_containers(scores: dict[HtmlElement, float]) -> list[HtmlElement]:
    """The best-scoring element and the elements of the same tag and class that score well too,
    outermost only, in document order."""
    best = max(scores, key=scores.get)
    floor = MIN_SIBLING_SHARE * scores[best]
    alike = {element for element, score in scores.items() if element is best or (
        score >= floor and element.tag == best.tag and element.get("class") == best.get("class"))}
    return [element for element in best.getroottree().getroot().iter(best.tag) if element in alike
            and not any(a in alike for a in islice(element.iterancestors(), MAX_NESTING_CHECK))]


def container_blocks(container: HtmlElement) -> list[str]:
    """Texts of the outermost text blocks (p, h2-h4, blockquote, li, pre) of a container."""
    blocks = []
    for element in container.iter(*TEXT_TAGS):
        if any(a.tag in TEXT_TAGS for a in islice(element.iterancestors(), MAX_NESTING_CHECK)):
            continue
        text = block_text(element)
        if text and link_share(element, text) <= MAX_LINK_SHARE:
            blocks.append(text)
    return blocks


def densest_text(tree: HtmlElement) -> Optional[str]:
    """The body as read by paragraph density, paragraphs joined by blank lines, or None."""
    scores = container_scores(without_boilerplate(tree))
    if not scores:
        return None
    blocks = [block for container in best_containers(scores) for block in container_blocks(container)]
    return "\n\n".join(blocks) or None

