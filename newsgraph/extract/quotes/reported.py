"""Indirect and mixed quotes: a cue outside quote marks with reported content and a source (or clearly
none), for the quotations stage (``stage.py``, whose docstring lists the rules)."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from spacy.tokens import Token

from newsgraph.extract.quotes.context import Found, QuoteContext, make_quote
from newsgraph.extract.quotes.content import (Content, according_content, find_content, hearsay_content,
                                              in_source_content, learned_content, with_appended_parts,
                                              without_sibling_cue)
from newsgraph.extract.quotes.cues import according_to, in_idiom, in_source, is_cue_verb, is_hearsay_adverb
from newsgraph.extract.quotes.lexicon import QuoteLexicon
from newsgraph.extract.quotes.scorer import candidate_subject
from newsgraph.extract.quotes.speaker import requests_anonymity, subject_of
from newsgraph.extract.quotes.syntax import trimmed_text_span
from newsgraph.model import Quote

MIN_SOURCELESS_NOUN_SHARE = 0.5  # a nominal cue without possessor must be clear ("claim that", not "support for")
SENTENCE_ENDINGS = (".", "!", "?")
PASSIVE_DEPS = ("nsubjpass", "auxpass")


def find_reported_quotes(context: QuoteContext) -> list[Found]:
    """Indirect and mixed quotes: every cue outside quote marks with content and a subject (or
    clearly none: a passive without agent, a nominal cue without possessor)."""
    found = []
    for token in context.doc:
        parts = reported_parts(token, context.lexicon) if context.segment_of[token.i] < 0 else None
        if parts is None or in_idiom(token, context.lexicon) or requests_anonymity(token):
            continue
        content, subject, passive_subject = parts
        quote = classify_reported(context, token, content, subject)
        if quote is not None:
            add_passive_subject(quote, passive_subject, content)
            found.append(Found(quote, context.sentences(token.i, token.i)))
    return found


def reported_parts(token: Token, lexicon: QuoteLexicon) -> Optional[tuple[Content, Optional[Token], Optional[Token]]]:
    """(content, source, passive subject) when ``token`` is a cue with content, else None."""
    sourceless, passive_subject = False, None
    if (source := according_to(token)) is not None:
        content, subject = according_content(token), source
    elif (source := in_source(token, lexicon)) is not None:  # "In a CNN poll, 50 percent chose Clinton"
        content, subject = in_source_content(token), source
    elif is_hearsay_adverb(token, lexicon):  # "The group is reportedly spending ...": no source
        content, subject, sourceless = hearsay_content(token), None, True
    elif token.pos_ == "VERB":
        content = with_appended_parts(token, without_sibling_cue(
            token, find_content(token, lexicon) if is_cue_verb(token, lexicon) else learned_content(token, lexicon),
            lexicon))
        unattributed = is_unattributed_participle(token)
        subject = subject_of(token, lexicon) if content is not None and not unattributed else None
        if subject is None and content is not None:
            subject, passive_subject, sourceless = passive_source(token)
            sourceless = sourceless or unattributed
        elif content is not None and token.lemma_.lower() in lexicon.raising_verbs:  # "Trump appears to ..."
            if content.head is not None and content.head.dep_ == "xcomp" and is_cue_verb(content.head, lexicon):
                return None  # "Cruz seemed [to blame] Obama": the infinitive's attribution, with Cruz
            subject, passive_subject, sourceless = None, subject, True
    elif token.pos_ == "ADJ" and token.dep_ == "acomp":  # "Trump is confident that ...": the subject of "is"
        content = learned_content(token, lexicon)
        subject = subject_of(token.head, lexicon) if content is not None else None
    elif token.pos_ == "NOUN":  # "his claim that ...", "she has no illusions about ..."
        content = learned_content(token, lexicon)
        subject = candidate_subject(token, lexicon) if content is not None else None
        sourceless = subject is None and content is not None and content.share >= MIN_SOURCELESS_NOUN_SHARE
    else:
        return None
    if content is None or (subject is None and not sourceless):
        return None
    return content, subject, passive_subject


def is_unattributed_participle(cue: Token) -> bool:
    """"Asked about the plan, Priebus said ...": a past participle opening an adverbial clause of its
    own; whoever asked is unnamed (PolNeAR: no source), and the main clause's subject was the one asked."""
    return (cue.tag_ == "VBN" and cue.dep_ == "advcl" and cue.i < cue.head.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in cue.children))


def passive_source(cue: Token) -> tuple[Optional[Token], Optional[Token], bool]:
    """For a passive cue without subject: (source, passive subject, source-less). The agent ("was
    reported by X") is the source; without one the quote has no source, and the passive subject is
    kept to join a raised infinitive's content ("Trump is expected to win")."""
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    source = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if source is not None:
        return source, None, False  # also a bare participle: "When pressed by Holt about ..."
    subject = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if not any(c.dep_ in PASSIVE_DEPS for c in cue.children):
        return None, None, False
    return None, subject, True


def add_passive_subject(quote: Quote, subject: Optional[Token], content: Content) -> None:
    """"Trump is expected to win": the passive subject is part of the content of a raised infinitive."""
    if subject is None or content.rule != "indirect-xcomp" or subject.lower_ == "it":
        return
    span = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
    if span[1] <= quote.span[0]:
        quote.mentions.insert(0, span)


def classify_reported(context: QuoteContext, cue: Token, content: Content,
                      subject: Optional[Token]) -> Optional[Quote]:
    """Indirect, mixed, or None when the content is a quoted segment (then the direct rules take it)."""
    content = before_according_to(context, before_opening_quote(context, content))
    segments = context.overlapping_segments(content.span)
    if not segments:
        quote = make_quote(context, "indirect", content.span, cue, subject, content.rule, content.preposition)
        quote.mentions = list(content.fragments) or quote.mentions
        return quote
    words = context.doc.char_span(*content.span, alignment_mode="expand") or []
    if all(context.segment_of[t.i] >= 0 for t in words if not (t.is_punct or t.is_space)):
        context.governed.update((n, cue) for n in segments)
        return None
    context.consumed.update(segments)
    start = min([content.span[0]] + [context.segments[n].outer_start for n in segments])
    end = max([content.span[1]] + [context.segments[n].outer_end for n in segments])
    return make_quote(context, "mixed", (start, end), cue, subject, content.rule, content.preposition)


def before_opening_quote(context: QuoteContext, content: Content) -> Content:
    """"all agreed that [it would be a boon for tax lawyers]. ''There's a lot of new complexity,'' said
    Mr. Burman.": a missed sentence break; content stops before a quote opened after a full stop
    (the first of two apostrophes opening a quote lies outside its segment)."""
    for number in context.overlapping_segments(content.span):
        start = context.segments[number].outer_start
        if content.span[0] < start and context.text[:start].rstrip("' \n").endswith(SENTENCE_ENDINGS):
            span = trimmed_text_span(context.text, content.span[0], start)
            return replace(content, span=span) if span else content
    return content


def before_according_to(context: QuoteContext, content: Content) -> Content:
    """"Police have said [they have no plans to release the recordings], according to attorneys": an
    "according to" phrase inside a content attributes the whole sentence; the content stops before it."""
    words = context.doc.char_span(*content.span, alignment_mode="expand") or []
    according = next((t for t in words if t.idx > content.span[0] and according_to(t) is not None), None)
    if according is None:
        return content
    span = trimmed_text_span(context.text, content.span[0], according.idx)
    return replace(content, span=span) if span else content
