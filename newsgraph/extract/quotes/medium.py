"""The medium of a statement ("in an interview with Bloomberg TV", "told reporters", "on X").

Patterns live in ``lexicons/media.tsv``: a preposition (or ``object``, the cue's own object) and
the lemma of its noun, with what to report. The search looks at the prepositions of the cue's
sentence outside the quoted content, nearest to the cue first.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from newsgraph.extract.quotes.lexicon import MediumPattern, QuoteLexicon  # noqa: F401 (MediumPattern: callers)
from newsgraph.model import Span


def find_medium(cue: Token, excluded: list[Span], lexicon: QuoteLexicon) -> Optional[str]:
    """The medium named around ``cue``, ignoring tokens inside the ``excluded`` character spans."""
    patterns = lexicon.media
    own = patterns.get(("object", cue.lemma_.lower()))
    if own is not None:
        target = next((c for c in cue.children if c.dep_ in ("dobj", "dative")), None)
        if target is not None:
            return _take(target, own.take)
    prepositions = [t for t in cue.sent if t.dep_ == "prep" and not _inside(t.idx, excluded)]
    for preposition in sorted(prepositions, key=lambda t: abs(t.i - cue.i)):
        medium = _match(preposition, patterns)
        if medium:
            return medium
    return None


def _inside(position: int, spans: list[Span]) -> bool:
    return any(start <= position < end for start, end in spans)


def _match(preposition: Token, patterns: dict) -> Optional[str]:
    for noun in (c for c in preposition.children if c.dep_ == "pobj"):
        pattern = patterns.get((preposition.lower_, noun.lemma_.lower())) or patterns.get(
            (preposition.lower_, noun.lower_))
        if pattern is not None:
            return _take(noun, pattern.take)
    return None


def _take(noun: Token, take: str) -> str:
    nested, _, fallback = take.rpartition("|")
    if nested:
        inner = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == nested), None)
        target = next((c for c in inner.children if c.dep_ == "pobj"), None) if inner is not None else None
        if target is not None:
            return _phrase(target)
    return noun.text if fallback == "noun" else _phrase(noun)


def _phrase(noun: Token) -> str:
    """The noun with its modifiers to the left and sibling objects ("X/Twitter"), without determiners."""
    siblings = [c for c in noun.head.children if c.dep_ == noun.dep_] if noun.dep_ == "pobj" else [noun]
    first = min(t.left_edge.i for t in siblings)
    last = max(t.i for t in siblings)
    doc = noun.doc
    while first < last and doc[first].dep_ in ("det", "poss"):
        first += 1
    return doc[first: last + 1].text
