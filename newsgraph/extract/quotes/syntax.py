"""The parse helpers every quote module shares, spaCy only (no lexicon, no other quote module): the
complements a cue's content can be (``content_children``), the verb that carries an attitude through a
noun (``governing_verb``), a participle that trails a reported clause (``is_trailing_participle``), and
character spans of tokens without edge punctuation (``trimmed_span``, ``trimmed_text_span``,
``subtree_span``; hyphenated words kept whole)."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from newsgraph.model import Span

EDGE_PUNCTUATION = ",.;:!? \n\t—–-"
TEXT_EDGE = ",;:"  # trimmed off character spans, with white space
WORD_HYPHENS = ("-", "‐")  # inside one written word: "re-election", "flip-flopped"
LIGHT_VERB_OBJECTS = ("dobj", "attr")  # "has no [illusions] about", "is a staunch [opponent] of"
LEARNED_RELATIONS = ("ccomp", "xcomp", "dobj", "oprd")  # and prep:<word>
NOUN_RELATIONS = ("acl",)  # and prep:<word> right after the noun
NOUN_PREFIX = "noun:"
ADJECTIVE_PREFIX = "adj:"  # "is confident that ...", "is ready to ...": PolNeAR's attitudes


def content_children(word: Token) -> list[tuple[str, Token]]:
    """The complements a verb's or a noun's content can be: (relation, head), "prep:<word>" naming
    the pobj's preposition. A noun's relations start with "noun:" and follow it ("noun:acl" his claim
    that ..., "noun:prep:of" allegations of ...). A participle with an agent has the noun it describes
    ("acl-agent": "the bill [opposed] by the Chamber")."""
    noun = word.pos_ == "NOUN"
    relations, prefix = (NOUN_RELATIONS, NOUN_PREFIX) if noun else (LEARNED_RELATIONS, "")
    prefix = ADJECTIVE_PREFIX if word.pos_ == "ADJ" else prefix
    found = []
    for child in word.children:
        if noun and child.i < word.i:
            continue
        if child.dep_ in relations:
            found.append((prefix + child.dep_, child))
        elif child.dep_ == "nsubjpass" and not noun and any(c.dep_ == "agent" for c in word.children):
            found.append(("nsubjpass", child))  # "The issue was first reported by The Post"
        elif child.dep_ == "prep" and child.i > word.i:
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is not None:
                found.append((f"{prefix}prep:{child.lower_}", target))
    if word.dep_ == "acl" and word.tag_ == "VBN" and word.head.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "agent" for c in word.children):
        found.append(("acl-agent", word.head))  # "the levels desired by NATO": NATO desires the levels
    return found


def relation_rule(relation: str) -> str:
    """The rule of content found through ``relation``: "indirect-xcomp", "indirect-prep", "nominal-acl"."""
    noun = relation.startswith(NOUN_PREFIX)
    kind = relation.removeprefix(NOUN_PREFIX).removeprefix(ADJECTIVE_PREFIX).split(":")[0]
    return ("nominal-" if noun else "adjectival-" if relation.startswith(ADJECTIVE_PREFIX) else "indirect-") + kind


def governing_verb(noun: Token) -> Optional[Token]:
    """The verb before a noun without possessor that carries an attitude through it: its object or
    attribute ("has no [illusions] about", "is a staunch [opponent] of") or, through a preposition,
    its prepositional object ("went on the [attack] against", "closes with an [implication] about")."""
    if any(c.dep_ == "poss" for c in noun.children):
        return None
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in LIGHT_VERB_OBJECTS:
        return None
    return head if head.pos_ in ("VERB", "AUX") and head.i < noun.i else None


def trimmed_span(doc, first: int, last: int) -> Optional[Span]:
    """The characters of tokens ``first..last`` without edge punctuation.

    A reported clause keeps its "that", as PolNeAR annotates content ("said [that the talks failed]")."""
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space) and not doc[last].is_quote:
        last -= 1
    if first > last:
        return None
    first, last = word_first(doc, first), word_last(doc, last)
    last_word = doc[last].text
    start = doc[first].idx
    end = doc[last].idx + len(last_word.rstrip(EDGE_PUNCTUATION))  # "3%." or "U.S.-": only the tail
    return (start, end) if end > start else None


def word_first(doc, i: int) -> int:
    """The first token of the hyphenated word whose last piece is token ``i`` ("re-[election]" ->
    "[re]-election"): the tokenizer splits such words, a span must not."""
    while i >= 2 and _hyphen_joins(doc, i - 1):
        i -= 2
    return i


def word_last(doc, i: int) -> int:
    """The last token of the hyphenated word whose first piece is token ``i`` ("[flip]-flopped" ->
    "flip-[flopped]")."""
    while i + 2 < len(doc) and _hyphen_joins(doc, i + 1):
        i += 2
    return i


def _hyphen_joins(doc, i: int) -> bool:
    """Token ``i`` is a hyphen written between two words with no space: "re[-]election"."""
    hyphen = doc[i]
    if hyphen.text not in WORD_HYPHENS or hyphen.whitespace_:
        return False
    before = doc[i - 1]
    return not before.whitespace_ and before.text[-1:].isalnum() and doc[i + 1].text[:1].isalnum()


def trimmed_text_span(text: str, start: int, end: int) -> Optional[Span]:
    """``(start, end)`` without white space, commas, semicolons and colons at its edges (None if empty)."""
    while start < end and (text[start].isspace() or text[start] in TEXT_EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TEXT_EDGE):
        end -= 1
    return (start, end) if end > start else None


def subtree_span(token: Token) -> Optional[Span]:
    return trimmed_span(token.doc, token.left_edge.i, token.right_edge.i)


def is_trailing_participle(verb: Token) -> bool:
    """", arguing that ...", ", citing ...": a participle after a comma that the parser hangs under a
    reported clause (PolNeAR: an attribution of the cue's source, next to the first)."""
    first = verb.left_edge.i
    return (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "ccomp"
            and first > 0 and verb.doc[first - 1].text == ",")
