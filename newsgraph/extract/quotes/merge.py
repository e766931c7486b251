"""One quotation, one record: merging repeats, quotes of one cue and key-point echoes, then numbering.

``merge_same_cue_quotes``: quotes found by different rules for one cue are one Quote.
``merge_repeated_quotes``: quotes of the same speaker with the same normalised content are one
Quote listing every place it appears. ``merge_key_point_quotes`` (rule ``keypoint-fragment``): a
quote inside a key-point bullet whose quoted fragment (two words or more inside quote marks) occurs
verbatim in another quote of the same speaker becomes a mention of that quote.
"""
from __future__ import annotations

import re
from typing import Callable, Hashable, Optional, Sequence

from newsgraph.extract.quotes.marks import QuotedSegment
from newsgraph.model import Quote, Span, normalise_text

QUOTE_CHARACTERS = re.compile(r"[\"“”«»‘’']")
EDGE = " ,.;:!?-—–"
KEY_POINT_RULE = "keypoint-fragment"


def normalise_content(text: str) -> str:
    """Case, white space, quote marks and edge punctuation folded away, for comparing quotes."""
    return normalise_text(QUOTE_CHARACTERS.sub("", text.replace("’", "'"))).strip(EDGE)


def speaker_key(quote: Quote) -> Optional[str]:
    return quote.speaker.entity or (quote.speaker.name or "").casefold() or None


def merge_repeated_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """Quotes with the same speaker and normalised content folded into the first one."""
    def same_words(quote: Quote) -> Optional[tuple]:
        speaker = speaker_key(quote)
        return (speaker, normalise_content(quote.text)) if speaker else None
    return _fold_into_first(quotes, same_words)


def merge_same_cue_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """Quotes of one cue folded into the first: "It was, the president said, ''a stone where ...''" is
    one attribution with two fragments (an indirect "It was" and a direct quote), as PolNeAR marks it."""
    def with_fragment(first: Quote, quote: Quote) -> None:
        first.kind = first.kind if first.kind == quote.kind else "mixed"
        if len(quote.text) > len(first.text):  # the text shown: the longest fragment
            first.span, first.text = quote.span, quote.text
    return _fold_into_first(quotes, lambda q: q.cue.span if q.cue is not None else None, with_fragment)


def _fold_into_first(quotes: Sequence[Quote], key: Callable[[Quote], Optional[Hashable]],
                     fold: Callable[[Quote, Quote], None] = lambda first, quote: None) -> list[Quote]:
    """Quotes in text order, each folded into the first one with its key (its mentions and medium
    join; ``fold`` adds the rest); a quote whose key is None stands alone."""
    kept: dict[Hashable, Quote] = {}
    merged = []
    for quote in sorted(quotes, key=lambda q: q.span):
        name = key(quote)
        first = kept.get(name) if name is not None else None
        if first is None:
            if name is not None:
                kept[name] = quote
            merged.append(quote)
            continue
        first.mentions.extend(quote.mentions)
        first.medium = first.medium or quote.medium
        fold(first, quote)
    return merged


def merge_key_point_quotes(quotes: list[Quote], key_points: Sequence[Span],
                           segments: Sequence[QuotedSegment], text: str) -> list[Quote]:
    """Key-point quotes whose quoted fragment another quote of the same speaker contains, merged into it."""
    if not key_points:
        return quotes
    in_key_point = [q for q in quotes if all(_within(m, key_points) for m in q.mentions)]
    others = [q for q in quotes if q not in in_key_point]
    dropped = set()
    for quote in in_key_point:
        target, fragment = _echoed_quote(quote, others, segments, text)
        if target is not None:
            target.mentions.append(fragment)
            target.rule = target.rule if KEY_POINT_RULE in target.rule else f"{target.rule}+{KEY_POINT_RULE}"
            dropped.add(id(quote))
    return [q for q in quotes if id(q) not in dropped]


def _within(span: Span, outer: Sequence[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in outer)


def _echoed_quote(quote: Quote, others: list[Quote], segments: Sequence[QuotedSegment],
                  text: str) -> tuple[Optional[Quote], Span]:
    fragments = [(s.start, s.end) for s in segments if s.words >= 2 and _within((s.start, s.end), quote.mentions)]
    for fragment in fragments:
        words = normalise_content(text[slice(*fragment)])
        for other in others:
            if speaker_key(other) == speaker_key(quote) and words in normalise_content(other.text):
                return other, fragment
    return None, (0, 0)


def number_quotes(quotes: list[Quote]) -> list[Quote]:
    """Mentions sorted and deduplicated, ids q1, q2 in text order (of each quote's own first span)."""
    for quote in quotes:
        quote.mentions = sorted(set(quote.mentions))
    quotes.sort(key=lambda q: q.span)
    for number, quote in enumerate(quotes, 1):
        quote.id = f"q{number}"
    return quotes
