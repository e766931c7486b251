"""Line-level reading of a scraped page: split into lines, then mark what is not article text.

Each line gets a ``kind``: ``text`` and ``bullet`` lines are kept; ``boilerplate``, ``credit``,
``caption`` and ``repeat`` lines are dropped; a ``cut`` line ends the article (a trailer such as
"Related content"). The phrases live in ``lexicons/scrape_boilerplate.tsv``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from newsgraph.lexicons import read_tsv

KEPT_KINDS = ("text", "bullet")
INVISIBLE_CHARACTERS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
BULLET = re.compile(r"^[•·▪\-*–●◦‣■►▸]\s+(?=\S)")
TRAILING_DECORATION = " \t.:!>»›→|"
MAX_BOILERPLATE_WORDS = 12  # longer lines are article text even if they start like boilerplate
MAX_CAPTION_WORDS = 25  # a line directly above an image credit is its caption if no longer than this
MAX_NAME_WORDS = 4  # words in one name of a caption naming people ("Mark Rutte, Donald Trump")
MAX_ROLE_WORDS = 3  # words of a role before a name in a caption ("Prime Minister", "Finance minister")
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "der", "den", "van", "von", "bin", "al", "el", "la", "le"})
NAME_SEPARATORS = re.compile(r"\s*(?:,|&|;|\band\b)\s*")


@dataclass
class Line:
    text: str
    block: int  # index of the run of non-blank lines the line belongs to
    kind: str = "text"  # text | bullet | boilerplate | credit | caption | repeat


@dataclass(frozen=True)
class LinePattern:
    pattern: re.Pattern
    action: str  # cut | drop | credit
    comment: str


@lru_cache(maxsize=None)
def lexicon_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a lexicon file (``newsgraph.lexicons.read_tsv``) as tuples of cells, in column order."""
    return tuple(tuple(row.values()) for _, row in read_tsv(name))


@lru_cache(maxsize=None)
def boilerplate_patterns() -> tuple[LinePattern, ...]:
    return tuple(LinePattern(re.compile(row[0], re.IGNORECASE), row[1], row[2] if len(row) > 2 else "")
                 for row in lexicon_rows("scrape_boilerplate.tsv"))


def split_lines(raw: str) -> list[Line]:
    """Non-blank lines with white space folded (no-break spaces included) and their block index."""
    lines, block, previous_blank = [], 0, False
    for line in raw.translate(INVISIBLE_CHARACTERS).splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        if not line:
            previous_blank = True
            continue
        block += previous_blank and bool(lines)
        previous_blank = False
        lines.append(Line(line, block))
    return lines


def boilerplate_action(text: str) -> Optional[str]:
    """``cut``, ``drop`` or ``credit`` when a short line matches the boilerplate lexicon, else None."""
    if "©" in text and len(text.split()) <= MAX_CAPTION_WORDS:
        return "credit"
    if len(text.split()) > MAX_BOILERPLATE_WORDS:
        return None
    bare = text.strip(TRAILING_DECORATION)
    return next((p.action for p in boilerplate_patterns() if p.pattern.fullmatch(bare)), None)


def cut_trailer(lines: list[Line]) -> list[Line]:
    """Drop everything from the first trailer line ("Related content") in the second half of the page."""
    for index in range(len(lines) // 2, len(lines)):
        if boilerplate_action(lines[index].text) == "cut":
            return lines[:index]
    return lines


def mark_line(line: Line) -> None:
    """Set the kind of one line from its own text: boilerplate, credit or bullet (glyph removed)."""
    action = boilerplate_action(line.text)
    if action in ("cut", "drop"):
        line.kind = "boilerplate"
    elif action == "credit":
        line.kind = "credit"
    elif BULLET.match(line.text):
        line.kind, line.text = "bullet", BULLET.sub("", line.text)


def is_name(words: list[str]) -> bool:
    capitalised = [w for w in words if w not in NAME_PARTICLES]
    return 0 < len(words) <= MAX_NAME_WORDS and all(w[0].isupper() and (w[-1].isalpha() or w.endswith("."))
                                                    for w in capitalised)


def is_captioned_name(words: list[str]) -> bool:
    """A name, possibly after a few role words ("Finance minister Anna Berg")."""
    return is_name(words) or (len(words) <= MAX_NAME_WORDS + MAX_ROLE_WORDS and is_name(words[-2:]))


def name_parts(text: str) -> Optional[list[list[str]]]:
    """The names of a line made only of capitalised names ("Mark Rutte, Donald Trump"), else None."""
    if text[-1] in ".?!:\"”’" or len(text.split()) > 3 * MAX_NAME_WORDS:
        return None
    parts = [part.split() for part in NAME_SEPARATORS.split(text) if part.strip()]
    return parts if parts and all(is_captioned_name(part) for part in parts) else None


def is_name_caption(text: str, repeated: bool) -> bool:
    """A list of names ("Mark Rutte, Donald Trump"), or a single name repeated on the next line."""
    parts = name_parts(text)
    if not parts:
        return False
    return (len(parts) > 1 and any(len(part) > 1 for part in parts)) or (repeated and len(parts[0]) > 1)


def is_above_credit(lines: list[Line], index: int) -> bool:
    """A short line without a final period directly above an image credit, in the same block, is the
    image's caption (with a period it may be a paragraph of a page without blank lines: kept)."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    text = lines[index].text
    return (following is not None and following.kind == "credit" and following.block == lines[index].block
            and len(text.split()) <= MAX_CAPTION_WORDS and not text.endswith((".", "!", "?", "…")))


def mark_captions(lines: list[Line]) -> None:
    for index, line in enumerate(lines):
        neighbours = lines[max(index - 1, 0): index] + lines[index + 1: index + 2]
        repeated = any(other.text == line.text for other in neighbours)
        if line.kind == "text" and (is_above_credit(lines, index) or is_name_caption(line.text, repeated)):
            line.kind = "caption"


def mark_repeats(lines: list[Line]) -> None:
    """A kept line identical to the kept line before it is a scraping repeat."""
    previous = None
    for line in lines:
        if line.kind in KEPT_KINDS:
            if previous is not None and previous.text == line.text:
                line.kind = "repeat"
            previous = line


def mark_lines(lines: list[Line]) -> list[Line]:
    """Mark the kind of every line; the lines are returned for chaining."""
    for line in lines:
        mark_line(line)
    mark_captions(lines)
    mark_repeats(lines)
    return lines
