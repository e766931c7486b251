"""Cues of attribution and the content they introduce, read from the dependency parse.

A cue is a verb whose lemma is in ``lexicons/speech_verbs.tsv`` (speech, belief or intention, as
PolNeAR counts attribution) or the preposition "according to". Its content is, in order of trust:
a clausal complement (``indirect-ccomp``), a "that" clause the parser hung under the cue's object
or preposition (``indirect-that-clause``), the clause around a parenthetical "he said"
(``indirect-parenthetical``), or a noun object of a verb marked ``object_content`` (``indirect-dobj``).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from spacy.tokens import Token

from newsgraph.model import Cue, Span

CLAUSE_DEPS = ("relcl", "acl", "advcl", "pcomp")
OBJECT_DEPS = ("dobj", "dative", "prep", "npadvmod", "pobj")
LEADING_MARKS = ("that",)
EDGE_PUNCTUATION = ",.;:!? \n\t—–-"


@dataclass(frozen=True)
class SpeechVerb:
    lemma: str
    type: str  # speech | belief | intention
    object_content: bool
    comment: str = ""


@dataclass
class Content:
    rule: str
    span: Span
    head: Optional[Token] = None  # the clause or noun whose subtree is the content


def read_lexicon_rows(name: str) -> list[list[str]]:
    """The rows of a TSV file in ``newsgraph/lexicons`` (comment lines starting with # skipped)."""
    text = resources.files("newsgraph.lexicons").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [row + [""] * 4 for row in csv.reader(lines, delimiter="\t")]


@lru_cache(maxsize=1)
def speech_verbs() -> dict[str, SpeechVerb]:
    rows = read_lexicon_rows("speech_verbs.tsv")
    return {r[0]: SpeechVerb(r[0], r[1], r[2] == "yes", r[3]) for r in rows}


def is_cue_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in speech_verbs()


def according_to(token: Token) -> Optional[Token]:
    """The source of "according to X" when ``token`` is "according", else None."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None


def make_cue(token: Token) -> Cue:
    """The cue of ``token``: the verb with its particle (pointed out), or "according to"."""
    doc = token.doc
    if token.lower_ == "according":
        to = next(c for c in token.children if c.lower_ == "to")
        return Cue(doc[token.i: to.i + 1].text, "according to", (token.idx, to.idx + len(to)))
    particles = [c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1]
    last = particles[0] if particles else token
    lemma = " ".join([token.lemma_.lower()] + [p.lower_ for p in particles])
    return Cue(doc[token.i: last.i + 1].text, lemma, (token.idx, last.idx + len(last)))


def trimmed_span(doc, first: int, last: int) -> Optional[Span]:
    """The characters of tokens ``first..last`` without a leading "that" and edge punctuation."""
    while first <= last and (doc[first].is_punct or doc[first].is_space or _is_leading_mark(doc[first])):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space) and not doc[last].is_quote:
        last -= 1
    if first > last:
        return None
    last_word = doc[last].text
    start = doc[first].idx
    end = doc[last].idx + len(last_word.rstrip(EDGE_PUNCTUATION))  # "3%." or "U.S.-": only the tail
    return (start, end) if end > start else None


def _is_leading_mark(token: Token) -> bool:
    return token.dep_ == "mark" and token.lower_ in LEADING_MARKS


def subtree_span(token: Token) -> Optional[Span]:
    return trimmed_span(token.doc, token.left_edge.i, token.right_edge.i)


def find_content(cue: Token) -> Optional[Content]:
    """The content a cue verb introduces, or None when it introduces none."""
    clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    if clause is not None:
        return _content("indirect-ccomp", clause)
    clause = _that_clause_below(cue)
    if clause is not None:
        return _content("indirect-that-clause", clause)
    if cue.dep_ == "parataxis" and cue.head is not cue:
        return _parenthetical_content(cue)
    return _object_content(cue)


def _content(rule: str, head: Token) -> Optional[Content]:
    span = subtree_span(head)
    return Content(rule, span, head) if span else None


def _that_clause_below(cue: Token) -> Optional[Token]:
    """A finite clause marked by "that" under the cue's object or preposition (a misattached ccomp)."""
    stack = [c for c in cue.rights if c.dep_ in OBJECT_DEPS]
    while stack:
        token = stack.pop()
        if token.dep_ in CLAUSE_DEPS and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children):
            return token
        stack.extend(c for c in token.children if c.dep_ in OBJECT_DEPS + CLAUSE_DEPS)
    return None


def _parenthetical_content(cue: Token) -> Optional[Content]:
    """"The US, he said, will retreat": the host clause minus the parenthetical, its longer side."""
    host = cue.head
    left = trimmed_span(cue.doc, host.left_edge.i, cue.left_edge.i - 1) if cue.left_edge.i > host.left_edge.i else None
    right = trimmed_span(cue.doc, cue.right_edge.i + 1, host.right_edge.i)
    sides = [s for s in (left, right) if s]
    if not sides:
        return None
    return Content("indirect-parenthetical", max(sides, key=lambda s: s[1] - s[0]), host)


def _object_content(cue: Token) -> Optional[Content]:
    verb = speech_verbs().get(cue.lemma_.lower())
    if verb is None or not verb.object_content:
        return None
    noun = next((c for c in cue.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if noun is None or noun.right_edge.i == noun.left_edge.i:
        return None
    return _content("indirect-dobj", noun)


def according_content(token: Token) -> Optional[Content]:
    """"According to X, ...": the sentence without the according phrase (its longer side)."""
    sentence = token.sent
    left = trimmed_span(token.doc, sentence.start, token.left_edge.i - 1)
    right = trimmed_span(token.doc, token.right_edge.i + 1, sentence.end - 1)
    sides = [s for s in (left, right) if s]
    if not sides:
        return None
    return Content("according-to", max(sides, key=lambda s: s[1] - s[0]), token.head)
