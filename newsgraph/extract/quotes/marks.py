"""Quotation marks: the quoted segments of a text, found from the characters alone.

Double marks (straight ``"``, curly “ ”, guillemets « ») pair within a paragraph; a paragraph that
opens a quote without closing it runs to its end, and when the next paragraph opens with a mark
the next segment ``continues`` it (the newspaper convention for multi-paragraph quotes). Curly single
marks ‘ ’ count only outside double quotes, around at least two words, where the closing mark is
not an apostrophe (‘It’s over’ ends at the second ’).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator

DOUBLE_MARKS = re.compile(r"[\"“”«»]")
OPENERS = "“«"
CLOSERS = "”»"
DOUBLED_SINGLE = re.compile(r"''(?=([\w\[])?)")  # two apostrophes as a double quote; group 1: the word it opens
SINGLE_QUOTED = re.compile(r"(?<!\w)‘((?:[^‘’\n]|’(?=\w))+?)’(?!\w)")
WORD = re.compile(r"\w+")
EDGE_PUNCTUATION = " \t\n,;:"


@dataclass
class QuotedSegment:
    start: int  # first character inside the marks (white space and trailing , ; : trimmed)
    end: int
    outer_start: int  # the opening mark
    outer_end: int  # after the closing mark (the paragraph end when unclosed)
    closed: bool = True
    continues: bool = False  # opens a paragraph that carries on the previous unclosed quote
    words: int = 0


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """``[start, end)`` of each line-separated paragraph that is not blank."""
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            yield match.start(), match.end()


def find_quoted_segments(text: str) -> list[QuotedSegment]:
    """Every quoted segment of ``text``, in text order."""
    text = with_doubled_singles_as_double(text)
    segments: list[QuotedSegment] = []
    for start, end in paragraphs(text):
        found = _double_quoted(text, start, end)
        if found and segments and not segments[-1].closed and found[0].outer_start == _first_char(text, start):
            found[0].continues = True
        segments.extend(found)
    segments.extend(_single_quoted(text, segments))
    return sorted(segments, key=lambda s: s.outer_start)


def with_doubled_singles_as_double(text: str) -> str:
    """``text`` with each '' (two apostrophes, the double quote of some archives: ''We will win,'' he
    said) as a straight double quote of the same length: ' "' opening a word, '" ' closing one."""
    if "''" not in text:
        return text
    return DOUBLED_SINGLE.sub(lambda m: ' "' if m.group(1) else '" ', text)


def _first_char(text: str, start: int) -> int:
    return start + len(text[start:]) - len(text[start:].lstrip())


def _double_quoted(text: str, start: int, end: int) -> list[QuotedSegment]:
    found, opened = [], None
    for match in DOUBLE_MARKS.finditer(text, start, end):
        mark, at = match.group(), match.start()
        if opened is None:
            opens_word = at + 1 < end and not text[at + 1].isspace()
            if mark in OPENERS or (opens_word and (mark == '"' or at == _first_char(text, start))):
                opened = at  # a closing mark opening a paragraph is a typo for an opening one (”What ...”)
        elif mark in OPENERS:  # a second opening before any closing: the first mark was stray
            opened = at
        else:
            found.append(_segment(text, opened, at, at + 1))
            opened = None
    if opened is not None:
        found.append(_segment(text, opened, end, end, closed=False))
    return found


def _segment(text: str, opening: int, closing: int, outer_end: int, closed: bool = True) -> QuotedSegment:
    inner = text[opening + 1: closing]
    start = opening + 1 + len(inner) - len(inner.lstrip())
    end = max(start, closing - (len(inner) - len(inner.rstrip(EDGE_PUNCTUATION))))
    return QuotedSegment(start, end, opening, outer_end, closed, words=len(WORD.findall(text[start:end])))


def _single_quoted(text: str, doubles: list[QuotedSegment]) -> list[QuotedSegment]:
    found, starts = [], [d.outer_start for d in doubles]
    for match in SINGLE_QUOTED.finditer(text):
        before = bisect.bisect_right(starts, match.start()) - 1
        inside_double = before >= 0 and match.start() < doubles[before].outer_end
        segment = _segment(text, match.start(), match.end() - 1, match.end())
        if not inside_double and segment.words >= 2:
            found.append(segment)
    return found
