"""Clean a news page scraped as plain text into title, section, body, key points and headings.

The rules are general, for any scrape (see ``clean_scrape``):

1. lines are split, white space folded (no-break spaces become spaces); quotes are left as they are;
2. a trailer ("Related content" and what follows) is cut; boilerplate lines, image credits and their
   captions, name-list captions and repeated lines are dropped (``scrape_lines``);
3. the title is the first line repeated further down, possibly with a short section label glued in
   front ("NewsNATO chief ..." + "NATO chief ..."), else a short first line without a final period;
4. hard-wrapped lines are joined into paragraphs; bullet glyphs are removed;
5. short lines followed by a paragraph are headings: removed from the text, listed in ``headings``;
6. bullets under a summary heading ("What do you need to know?") or at the top are the key points:
   listed in ``key_points`` and kept in the text as paragraphs, with their offsets (the summary
   heading itself is a heading like the others).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from newsgraph.ingest.scrape_lines import KEPT_KINDS, Line, cut_trailer, lexicon_rows, mark_lines, split_lines
from newsgraph.model import Article, Span

TITLE_WINDOW = 6  # a repeated title is looked for in this many lines after the first
MAX_TITLE_WORDS = 25
MIN_TITLE_WORDS = 2
MAX_LABEL_WORDS = 3  # "News", "World", "US Politics"
MAX_LABEL_CHARS = 30
MAX_HEADING_WORDS = 14
MAX_HEADING_CHARS = 120
MIN_WRAPPED_CHARS = 30  # a shorter line without final punctuation is a heading, not a wrapped line
MAX_LEAD_PARAGRAPHS = 3  # a bullet list after at most this many paragraphs is "at the top"
SENTENCE_END = tuple(".!?…:;\"'”’»)")
LABEL_SEPARATORS = " |:–—-·/>»›"
OPENING_QUOTES = tuple("\"'“‘«„")


@dataclass
class CleanedScrape:
    title: Optional[str]
    section: Optional[str]
    text: str
    key_points: list[str] = field(default_factory=list)
    key_point_spans: list[Span] = field(default_factory=list)  # [start, end) of each key point in text
    headings: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    kind: str  # text | bullet | heading | key_point
    last_line: Line


@lru_cache(maxsize=None)
def summary_heading_patterns() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(row[0], re.IGNORECASE) for row in lexicon_rows("scrape_summary_headings.tsv"))


def is_summary_heading(text: str) -> bool:
    bare = text.strip(" ?:!.")
    return any(pattern.fullmatch(bare) for pattern in summary_heading_patterns())


def is_section_label(text: str) -> bool:
    """A short capitalised label such as "News", "World" or "US Politics"."""
    words = text.split()
    return (0 < len(words) <= MAX_LABEL_WORDS and len(text) <= MAX_LABEL_CHARS
            and all(word == "&" or (word[0].isupper() and word.replace("-", "").isalpha()) for word in words))


def glued_label(first: str, candidate: str) -> Optional[str]:
    """The section label when ``first`` is ``candidate`` with a label glued in front ("" if a plain
    repeat), else None."""
    if not MIN_TITLE_WORDS <= len(candidate.split()) <= MAX_TITLE_WORDS:
        return None
    if first == candidate:
        return ""
    if not first.endswith(candidate):
        return None
    label = first[: -len(candidate)].strip(LABEL_SEPARATORS)
    return label if is_section_label(label) else None


def take_repeated_title(lines: list[Line]) -> tuple[Optional[str], Optional[str], list[Line]]:
    """(section, title, remaining lines) when the first line is repeated below, else (None, None, lines)."""
    for index, later in enumerate(lines[1: TITLE_WINDOW + 1], start=1):
        label = glued_label(lines[0].text, later.text)
        if label is not None:
            return label or None, later.text, lines[1:index] + lines[index + 1:]
    return None, None, lines


def is_title_like(text: str) -> bool:
    """A short line that starts like a headline and does not end like a sentence."""
    return (MIN_TITLE_WORDS <= len(text.split()) <= MAX_TITLE_WORDS and (text[0].isupper() or text[0].isdigit())
            and not text.endswith((".", ",", ";", ":", "…")))


def is_heading_like(text: str) -> bool:
    """A short line without a final period that does not open a quotation ("What comes next?")."""
    return (len(text.split()) <= MAX_HEADING_WORDS and len(text) <= MAX_HEADING_CHARS
            and (text[0].isupper() or text[0].isdigit()) and not text.startswith(OPENING_QUOTES)
            and (text.endswith(("?", ":")) or not text.endswith(SENTENCE_END + (",",))))


def continues_paragraph(previous: Optional[Paragraph], line: Line) -> bool:
    """A text line continues the paragraph above when that one was hard-wrapped mid-sentence."""
    return (previous is not None and line.kind == "text" and previous.last_line.block == line.block
            and len(previous.last_line.text) >= MIN_WRAPPED_CHARS
            and not previous.last_line.text.endswith(SENTENCE_END))


def paragraphs_of(lines: list[Line]) -> list[Paragraph]:
    """The kept lines as paragraphs, wrapped lines joined (a dropped line in between stops a join)."""
    paragraphs: list[Paragraph] = []
    previous_line = None
    for line in lines:
        if line.kind in KEPT_KINDS:
            last = paragraphs[-1] if paragraphs and paragraphs[-1].last_line is previous_line else None
            if continues_paragraph(last, line):
                last.text, last.last_line = f"{last.text} {line.text}", line
            else:
                paragraphs.append(Paragraph(line.text, line.kind, line))
        previous_line = line
    return paragraphs


def take_first_title(paragraphs: list[Paragraph]) -> tuple[Optional[str], list[Paragraph]]:
    """The first paragraph as title when it looks like one (not "Key points") and something follows it."""
    first = paragraphs[0] if len(paragraphs) > 1 else None
    if first and first.kind == "text" and is_title_like(first.text) and not is_summary_heading(first.text):
        return paragraphs[0].text, paragraphs[1:]
    return None, paragraphs


def mark_headings(paragraphs: list[Paragraph]) -> None:
    for paragraph in paragraphs[:-1]:
        if paragraph.kind == "text" and is_heading_like(paragraph.text):
            paragraph.kind = "heading"


def bullet_runs(paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """[start, end) indexes of each run of consecutive bullet paragraphs."""
    runs, start = [], None
    for index, paragraph in enumerate(paragraphs + [Paragraph("", "end", Line("", -1))]):
        if paragraph.kind == "bullet" and start is None:
            start = index
        elif paragraph.kind != "bullet" and start is not None:
            runs.append((start, index))
            start = None
    return runs


def top_list_start(paragraphs: list[Paragraph]) -> int:
    """Where a bullet list counts as "at the top": at the very start, or right after the first heading
    when few paragraphs come before that heading."""
    first_heading = next((i for i, p in enumerate(paragraphs) if p.kind == "heading"), None)
    if first_heading is None:
        return 0
    leading_text = sum(p.kind == "text" for p in paragraphs[:first_heading])
    return first_heading + 1 if leading_text <= MAX_LEAD_PARAGRAPHS else 0


def mark_key_points(paragraphs: list[Paragraph]) -> None:
    """Bullets under a summary heading, or the first list at the top, are key points."""
    top = top_list_start(paragraphs)
    for start, end in bullet_runs(paragraphs):
        heading = paragraphs[start - 1] if start and paragraphs[start - 1].kind == "heading" else None
        if start == top or (heading and is_summary_heading(heading.text)):
            for paragraph in paragraphs[start:end]:
                paragraph.kind = "key_point"


def assemble(title: Optional[str], section: Optional[str], paragraphs: list[Paragraph]) -> CleanedScrape:
    """Join the body paragraphs with blank lines and record where each key point sits."""
    body = [p for p in paragraphs if p.kind in ("text", "bullet", "key_point")]
    cleaned = CleanedScrape(title, section, "\n\n".join(p.text for p in body),
                            headings=[p.text for p in paragraphs if p.kind == "heading"])
    offset = 0
    for paragraph in body:
        if paragraph.kind == "key_point":
            cleaned.key_points.append(paragraph.text)
            cleaned.key_point_spans.append((offset, offset + len(paragraph.text)))
        offset += len(paragraph.text) + 2
    return cleaned


def clean_scrape(raw: str) -> CleanedScrape:
    """Title, section, body text, key points and headings of a news page scraped as plain text."""
    lines = split_lines(raw)
    section, title, lines = take_repeated_title(lines)
    paragraphs = paragraphs_of(mark_lines(cut_trailer(lines)))
    if title is None:
        title, paragraphs = take_first_title(paragraphs)
    mark_headings(paragraphs)
    mark_key_points(paragraphs)
    return assemble(title, section, paragraphs)


def article_from_text(raw: str, raw_text: bool = False, origin: Optional[str] = None) -> Article:
    """An Article from plain text: cleaned as a scrape, or with ``raw_text`` exactly the input (the
    title and section are still read from it, as the cleaning would)."""
    cleaned = clean_scrape(raw)
    if raw_text:
        return Article(text=raw, title=cleaned.title, section=cleaned.section, origin=origin)
    return Article(text=cleaned.text, title=cleaned.title, section=cleaned.section,
                   key_points=cleaned.key_points, key_point_spans=cleaned.key_point_spans,
                   headings=cleaned.headings, origin=origin)
