"""Title-case lines parsed again in sentence case, for the quote rules.

spaCy's small model reads "Conservative Icon Morton Blackwell Endorses Ted Cruz" as one long proper
name, so the attribution of a headline or a subhead is lost. For quote finding only, each such line
is parsed again with its common words lower-cased ("Conservative icon Morton Blackwell endorses Ted
Cruz") and spliced into a copy of the article's Doc: same characters, same offsets, so speakers,
entities and quote spans keep pointing into the article text. A word stays capitalised when the
article writes it capitalised inside a sentence elsewhere (a name), and the line's first word stays.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc

from newsgraph.extract.quotes_marks import paragraphs

MIN_WORDS = 4
MAX_WORDS = 30
MIN_CAPITALISED_SHARE = 0.7
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
MID_SENTENCE_CAPITALISED = re.compile(r"(?<=[a-z,;] )[A-Z][A-Za-z'’-]*")


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of the lines whose words are mostly capitalised (headlines, subheads)."""
    found = []
    for start, end in paragraphs(text):
        words = WORD.findall(text, start, end)
        if MIN_WORDS <= len(words) <= MAX_WORDS and (
                sum(w[0].isupper() for w in words) >= MIN_CAPITALISED_SHARE * len(words)):
            found.append((start, end))
    return found


def sentence_cased(text: str, start: int, end: int, names: set[str]) -> str:
    """``text[start:end]`` with its capitalised words lower-cased, but the first one and ``names``."""
    line = text[start:end]
    first = WORD.search(line)
    def lower(match: re.Match) -> str:
        word = match.group()
        keep = match.start() == (first.start() if first else -1) or word in names or not word[0].isupper()
        lowered = word.lower()
        return word if keep or len(lowered) != len(word) else lowered
    return WORD.sub(lower, line)


def with_sentence_cased_lines(doc: Doc, nlp) -> Optional[Doc]:
    """A copy of ``doc`` whose title-case lines are parsed again in sentence case (None: none found)."""
    text = doc.text
    lines = title_case_lines(text)
    if not lines or nlp is None:
        return None
    outside = "".join(text[a:b] if (a, b) not in lines else "" for a, b in paragraphs(text))
    names = set(MID_SENTENCE_CAPITALISED.findall(outside))
    parts, at = [], 0
    for start, end in lines:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.start < at:
            continue
        lowered = sentence_cased(text, span.start_char, span.end_char, names) + span[-1].whitespace_
        if lowered == span.text_with_ws:
            continue
        if span.start > at:
            parts.append(doc[at: span.start].as_doc())
        parts.append(nlp(lowered))
        at = span.end
    if not parts:
        return None
    if at < len(doc):
        parts.append(doc[at:].as_doc())
    try:
        merged = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
    except ValueError:  # annotations that do not line up: keep the article's own parse
        return None
    return merged if len(merged.text) == len(text) else None  # offsets must still point into the article
