"""How alike two reports of an event read: their trigger words and the content words of their
sentences, folded to crude stems so that "met", "meeting" and "meets" compare equal enough.

No parser runs here: linking happens while storing, and the store never calls a stage."""
from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"[^\W\d_]+")
SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s")  # longest first
FUNCTION_WORDS = frozenset(
    "that this with from have will would their they were been said says also into about after than "
    "which there these those when what while over more some other could should where being".split())
"""Frequent words of four letters or more that say nothing about which event a sentence reports."""


@lru_cache(maxsize=1 << 14)  # words repeat from sentence to sentence; bounded near what 500 articles bring
def stem(word: str) -> str:
    """A crude English stem: a common inflection suffix cut off a word long enough to keep a root."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def trigger_words(text: str) -> set[str]:
    """The stems of every word of a trigger ("held talks" -> {"held", "talk"})."""
    return {stem(word) for word in WORD.findall(text.casefold())}


def context_words(text: str) -> set[str]:
    """The stems of the content words of a sentence (four letters or more, not a function word)."""
    return {stem(word) for word in WORD.findall(text.casefold()) if len(word) >= 4 and word not in FUNCTION_WORDS}


def jaccard(first: set[str], second: set[str]) -> float:
    """Shared over all words; 0.0 when both are empty."""
    union = first | second
    return len(first & second) / len(union) if union else 0.0
