"""Texts that are not worth analysing although they decoded: no language at all (random bytes that
happened to decode as Windows-1252), or one sentence repeated over and over (which costs minutes and
gigabytes in the parser and says nothing new). ``screen_reason`` says why, or None; the caller
records the article as skipped with that reason.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

SAMPLE_CHARS = 5000  # characters looked at for the letters test (from the start of the text)
MIN_SAMPLE_CHARS = 200  # shorter texts are not judged by the letters test
MIN_LETTER_SHARE = 0.70  # letters and white space among the sampled characters; prose is above 0.9
MIN_REPEAT_SENTENCES = 50  # fewer sentences than this are never judged repetitive
MIN_DISTINCT_SHARE = 0.2  # fewer distinct sentences than this share of all sentences: repetitive
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\n+")


def letter_share(text: str) -> float:
    """The share of letters and white space among the first SAMPLE_CHARS characters."""
    sample = text[:SAMPLE_CHARS]
    return sum(1 for c in sample if c.isalpha() or c.isspace()) / max(1, len(sample))


def no_language_reason(text: str) -> Optional[str]:
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_SAMPLE_CHARS:
        return None
    share = letter_share(sample)
    if share >= MIN_LETTER_SHARE:
        return None
    return (f"no language: only {share:.0%} of its first {len(sample)} characters are letters or spaces "
            f"(prose has over {MIN_LETTER_SHARE:.0%}); random or binary bytes?")


def repetition_reason(text: str) -> Optional[str]:
    sentences = [s.strip() for s in SENTENCE_BREAK.split(text) if s.strip()]
    if len(sentences) < MIN_REPEAT_SENTENCES:
        return None
    counts = Counter(sentences)
    if len(counts) / len(sentences) >= MIN_DISTINCT_SHARE:
        return None
    sentence, times = counts.most_common(1)[0]
    shown = sentence if len(sentence) <= 60 else sentence[:60] + "…"
    return (f"repetitive text: {len(sentences)} sentences, only {len(counts)} distinct "
            f"(the most repeated, {times} times: {shown!r})")


def screen_reason(text: str) -> Optional[str]:
    """Why ``text`` should not be analysed (no language, repetitive), or None."""
    return no_language_reason(text) or repetition_reason(text)
