"""Title-case lines parsed again in sentence case, for the quote rules.

spaCy's small model reads "Conservative Icon Morton Blackwell Endorses Ted Cruz" as one long proper
name, so the attribution of a headline or a subhead is lost. For quote finding only, each such line
is parsed again with its common words lower-cased ("Conservative icon Morton Blackwell endorses Ted
Cruz"), alone: the rest of the text is blanked, so the new Doc has the article's length and offsets
and speakers, entities and quote spans keep pointing into the article text. The quote rules take
the cues of these lines from it and every other cue from the article's own parse. A word stays
capitalised when the article writes it capitalised inside a sentence elsewhere (a name), and the
line's first word stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc

from newsgraph.extract.quotes.marks import paragraphs

UNNEEDED_COMPONENTS = ["ner"]  # the entities come from the article's own parse (learner and stage alike)
MIN_WORDS = 4
MAX_WORDS = 30
MIN_CAPITALISED_SHARE = 0.7
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
BLANKS = re.compile(r"[^\n]")
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


@dataclass
class SentenceCasedLines:
    """The title-case lines of a text, parsed again in sentence case: ``doc`` has the text's length,
    blanks everywhere but in ``lines``, so its offsets are the article's."""

    doc: Doc
    lines: list[tuple[int, int]]

    def holds(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.lines)


def parse_sentence_cased_lines(text: str, nlp) -> Optional[SentenceCasedLines]:
    """``text``'s title-case lines parsed again in sentence case (None when it has none)."""
    lines = title_case_lines(text)
    if not lines or nlp is None:
        return None
    outside = "".join(text[a:b] if (a, b) not in lines else "" for a, b in paragraphs(text))
    names = set(MID_SENTENCE_CAPITALISED.findall(outside))
    masked = BLANKS.sub(" ", text)  # every character but the line breaks blanked: one space token per gap
    for start, end in lines:
        masked = masked[:start] + sentence_cased(text, start, end, names) + masked[end:]
    return SentenceCasedLines(nlp(masked, disable=UNNEEDED_COMPONENTS), lines)
