"""Quotes signed without a verb: a name after a dash, or a name before a headline colon.

- ``signed-dash``: a quoted segment followed by a dash and a name (reader comments, epigraphs:
  “The most unqualified child to ever run.” ― Francisco Herrero), or an embedded tweet's text
  followed by "— Name (@handle)". The cue is the dash.
- ``headline-colon``: a paragraph "Name: what they said" (a headline, a standfirst, a transcript
  line) whose part before the colon holds an entity mention of a person or an organisation ("Pence:
  Trump Was ‘Mocking’ Clinton Camp", "McCain Challenger Kelli Ward: ...", "Lopez: Well, no one ...")
  or ends in a noun of ``lexicons/quotes_colon_sources.tsv`` ("Poll: ...", "WSJ editorial: ...").
  The cue is the colon. Only a person's own name may sign a long paragraph (a transcript); the
  others sign at most MAX_HEADLINE_WORDS words. A transcript line names its speaker in capitals
  ('"PENCE: Well, look, ...'): a person of the article of that surname (or full name) signs it.

Both need the name to be a capitalised run of words, so that "— and more" or "Update: ..." do not count.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from newsgraph.extract.quotes.marks import QuotedSegment, paragraphs
from newsgraph.extract.quotes.syntax import trimmed_text_span
from newsgraph.extract.quotes.lexicon import QuoteLexicon
from newsgraph.model import Article, Cue, Entity, Quote, Speaker, Span

DASHES = "―—–"
SPACE = r"[^\S\n]"  # white space within a line, no-break spaces included ("―\xa0Jorge Falcon")
NAME = rf"[A-Z][\w.'’-]*(?:{SPACE}+(?:[A-Z][\w.'’-]*|de|van|von|bin|al))*"
AFTER_QUOTE = re.compile(rf"{SPACE}*([{DASHES}]|--){SPACE}*({NAME})")
TWEET = re.compile(rf"{SPACE}([{DASHES}]|--){SPACE}*({NAME}){SPACE}*\(@\w+\)")
HEADLINE = re.compile(rf"{SPACE}*[\"“]?{SPACE}*({NAME}){SPACE}*(:){SPACE}+(\S.*)")  # '"PENCE: Well, ...' too
MAX_HEADLINE_NAME_WORDS = 4
MAX_HEADLINE_WORDS = 30
MIN_HEADLINE_WORDS = 3  # words with a letter after the colon
SPEAKER_TYPES = ("PERSON", "ORG", "GROUP")


def signed_quotes(article: Article, segments: list[QuotedSegment], lexicon: QuoteLexicon) -> Iterator[Quote]:
    """Every dash-signed quote, tweet and headline-colon quote of ``article``."""
    text = article.text
    for segment in segments:
        match = AFTER_QUOTE.match(text, segment.outer_end)
        if segment.closed and segment.words >= 2 and match:
            yield _quote(article, (segment.start, segment.end), match.span(1), match.span(2), "signed-dash")
    for start, end in paragraphs(text):
        tweet = TWEET.search(text, start, end)
        if tweet is not None:
            content = trimmed_text_span(text, start, tweet.start())
            if content is not None:
                yield _quote(article, content, tweet.span(1), tweet.span(2), "signed-dash")
        headline = _headline(article, start, end, lexicon)
        if headline is not None:
            yield headline


def _quote(article: Article, content: Span, cue_span: Span, name_span: Span, rule: str) -> Quote:
    speaker = _speaker(article, name_span)
    cue = Cue(article.text[slice(*cue_span)], article.text[slice(*cue_span)], cue_span)
    return Quote("", "direct" if rule == "signed-dash" else "indirect", article.text[slice(*content)], content,
                 speaker, cue, None, [content], rule)


def _speaker(article: Article, span: Span) -> Speaker:
    found = article.mention_at(*span)
    if found is not None and found[0].type in SPEAKER_TYPES:
        return Speaker(found[0].id, found[0].name, span)
    return Speaker(None, article.text[slice(*span)], span)


def _headline(article: Article, start: int, end: int, lexicon: QuoteLexicon) -> Optional[Quote]:
    text = article.text
    match = HEADLINE.fullmatch(text, start, end)
    if match is None or len(match.group(1).split()) > MAX_HEADLINE_NAME_WORDS:
        return None
    found = article.mention_at(*match.span(1))
    signer = found is not None and found[0].type in SPEAKER_TYPES
    transcript = _person_named_in_capitals(article, match.group(1)) if not signer else None
    if not signer and transcript is None and match.group(1).split()[-1].lower() not in lexicon.colon_sources:
        return None
    exact_person = transcript is not None or (
        signer and found[0].type == "PERSON" and (found[1].start, found[1].end) == match.span(1))
    if len(match.group(3).split()) > MAX_HEADLINE_WORDS and not exact_person:
        return None
    if sum(1 for word in match.group(3).split() if any(c.isalpha() for c in word)) < MIN_HEADLINE_WORDS:
        return None  # "Clinton: 2,316." is a tally, not a statement
    content = trimmed_text_span(text, *match.span(3))
    if content is None:
        return None
    quote = _quote(article, content, match.span(2), match.span(1), "headline-colon")
    if transcript is not None:
        quote.speaker = Speaker(transcript.id, transcript.name, match.span(1))
    return quote


def _person_named_in_capitals(article: Article, name: str) -> Optional[Entity]:
    """The person of the article a transcript line's capitals name ("PENCE:", "JAKE TAPPER:"): their
    surname, or their full name, in capitals."""
    if not name.isupper() or len(name) < 2:
        return None
    words = name.casefold().split()
    return next((e for e in article.entities if e.type == "PERSON"
                 and e.name.casefold().split()[-len(words):] == words), None)
