"""Who speaks: the subject of a cue, looked up among the article's entity mentions.

``resolve_speaker`` tries, in order: the entity mention over the subject's head word (names, titles
and pronouns the entities stage resolved); for an unresolved "he"/"she" the most recent PERSON named
before it (``pronoun-recent-person``), for "it"/"they" the most recent ORG or GROUP
(``pronoun-recent-org``); an unnamed source ("officials", "a senior diplomat who asked not to be
named") becomes an anonymous speaker described by its noun phrase (``anonymous-source``); anything
else keeps its own words as the name.
"""
from __future__ import annotations

import bisect
from typing import Optional

from spacy.tokens import Token

from newsgraph.extract.quotes_cues import trimmed_span
from newsgraph.model import Article, Entity, Speaker, Span

SUBJECT_DEPS = ("nsubj",)
CLIMB_DEPS = ("conj", "advcl", "xcomp")  # "..., adding": the subject is the head verb's
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"it", "they", "them"}
INDEFINITE_DETERMINERS = {"a", "an", "some", "several", "many", "few", "various", "other", "another", "one"}
NAMED_LEMMAS = {"name", "identify"}  # "who asked not to be named / identified"
NOUN_POS = ("NOUN", "PROPN", "PRON")
CLAUSE_POS = ("VERB", "AUX")
RELATIVE_PRONOUNS = {"who", "which", "that"}
NAME_DEPS = ("compound", "flat")


def subject_of(cue: Token) -> Optional[Token]:
    """The subject of ``cue``, climbing through a conjoined or adverbial verb at most three times;
    a participle's noun ("an official saying ...") and a gerund's verb ("began by saying ...") count."""
    verb = cue
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None or verb.head.i == verb.i:
            return subject
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in NOUN_POS:
            return verb.head
        if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.head.pos_ in CLAUSE_POS:
            verb = verb.head.head
            continue
        if verb.dep_ not in CLIMB_DEPS:
            return None
        verb = verb.head
    return None


def speaker_span(head: Token) -> Span:
    """The subject's whole phrase, as PolNeAR marks a source: "Gov. Mike Pence (R-IN)", "The city of
    Phoenix", "a senior diplomat who asked not to be named" (edge punctuation trimmed)."""
    return trimmed_span(head.doc, head.left_edge.i, head.right_edge.i) or (head.idx, head.idx + len(head))


def is_anonymous(head: Token) -> bool:
    """An unnamed source: an indefinite or bare plural common noun, or one "not to be named"."""
    if head.pos_ != "NOUN":
        return False
    determiners = [c for c in head.lefts if c.dep_ in ("det", "nummod", "amod")]
    if any(word.lower_ in INDEFINITE_DETERMINERS or word.like_num for word in determiners):
        return True
    if head.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in head.lefts):
        return True
    return any(t.lemma_.lower() == "anonymity" or (t.lemma_.lower() in NAMED_LEMMAS and _negated(t))
               for t in head.subtree)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(c.dep_ == "neg" for c in token.head.children)


class SpeakerResolver:
    """Resolves subjects to speakers for one article; the mention index is built once."""

    def __init__(self, article: Article):
        self.article = article
        self.recent = {"PERSON": self._named_mentions(("PERSON",)), "ORG": self._named_mentions(("ORG", "GROUP"))}

    def _named_mentions(self, types: tuple[str, ...]) -> tuple[list[int], list[Entity]]:
        found = sorted((m.start, e.id, e) for e in self.article.entities if e.type in types
                       for m in e.mentions if m.kind != "pronoun")
        return [f[0] for f in found], [f[2] for f in found]

    def resolve(self, head: Token) -> tuple[Speaker, str]:
        """The speaker for the subject ``head`` and the fallback rule used ("" for a direct entity match)."""
        span = speaker_span(head)
        found = self.article.mention_at(head.idx, head.idx + len(head))
        if found:
            return Speaker(found[0].id, found[0].name, span), ""
        if head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(head, span)
        if is_anonymous(head):
            described = trimmed_span(head.doc, head.left_edge.i, head.right_edge.i) or span
            return Speaker(None, self.article.text[slice(*described)], span, anonymous=True), "anonymous-source"
        return Speaker(None, self.article.text[slice(*span)], span), ""

    def _pronoun(self, head: Token, span: Span) -> tuple[Speaker, str]:
        person = head.lower_ in PERSON_PRONOUNS
        kind, rule = ("PERSON", "pronoun-recent-person") if person else ("ORG", "pronoun-recent-org")
        starts, entities = self.recent[kind]
        before = bisect.bisect_left(starts, head.idx) - 1
        if before < 0:
            return Speaker(None, head.text, span), ""
        return Speaker(entities[before].id, entities[before].name, span), rule
