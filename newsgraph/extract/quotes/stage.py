"""The quotations stage: who said, believed or intended what, with cue, medium and offsets.

Rules (the ``rule`` of each Quote; a speaker fallback is appended after "+", e.g.
``direct-cue-after+pronoun-recent-person``):

- ``direct-cue-after`` / ``direct-cue-before``: a quoted segment with a cue verb in its sentence
  ("...," he said / X said: "...").  ``direct-according-to``: "...", according to X.
- ``floating-adjacent``: a quoted segment without a cue, in the sentence next to an attributed
  quote (or continuing its paragraph), takes that quote's speaker.
- ``indirect-ccomp``, ``indirect-that-clause``, ``indirect-fragment``, ``indirect-parenthetical``, ``indirect-dobj``,
  ``according-to``: reported content (see quotes.cues); kind ``mixed`` when it holds quote marks.
- ``indirect-acl-agent``: a participle with an agent the cue model accepts ("The bill, opposed by the
  Chamber of Commerce, ..."): the noun is the content, the agent the source.
- ``nominal-acl``, ``nominal-prep``: a learned nominal cue ("his claim that ...", "allegations of
  ..."); the possessor is the source, else there is none.
- ``adjectival-ccomp``, ``adjectival-xcomp``, ``adjectival-prep``: a learned predicate adjective
  ("is confident that ...", "was eager to ..."); the copula's subject is the source.
- ``hearsay-adverb``: "The group is reportedly spending ...": the adverb is the cue, its clause the
  content, and there is no source.
- ``+no-source``: a passive cue without agent ("it was reported that", "Trump is expected to win",
  where the passive subject joins the content) or a nominal cue without possessor: the speaker is
  empty (entity, name and span None), as PolNeAR's Attribution-no-source.
- ``signed-dash``, ``headline-colon`` (quotes.signed): a quote signed "― Name" or a headline "Name: ...".
- ``keypoint-fragment`` (quotes.merge): a key-point echo folded into the quote it cites.

A quote whose content, fragments or cue lie in a sentence the sentence_kinds stage recorded as not
body (a caption, link, byline, headline or boilerplate: ``Article.non_body``) is not extracted.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from newsgraph.extract.quotes.context import Found, QuoteContext, make_quote
from newsgraph.extract.quotes.cues import according_to, is_cue_verb
from newsgraph.extract.quotes.headlines import parse_sentence_cased_lines
from newsgraph.extract.quotes.marks import QuotedSegment
from newsgraph.extract.quotes.merge import (merge_key_point_quotes, merge_repeated_quotes, merge_same_cue_quotes,
                                            number_quotes)
from newsgraph.extract.quotes.reported import find_reported_quotes
from newsgraph.extract.quotes.signed import signed_quotes
from newsgraph.extract.quotes.speaker import SUBJECT_DEPS, subject_of
from newsgraph.extract.quotes.syntax import trimmed_text_span
from newsgraph.extract.sentence_kinds import is_body_span
from newsgraph.model import Article, Quote, Speaker
from newsgraph.lexicons import Lexicons, builtin_lexicons
from newsgraph.pipeline import nlp_of, stage

CONTINUATION_RULE = "continued"
MIN_DIRECT_WORDS = 4  # shorter quoted segments count only as the content of a cue (or a mixed quote)
CLAUSE_POS = ("VERB", "AUX")
CUE_AFTER_ENDINGS = (",", "!", "?")  # "...!” Trump tweeted.": the cue is in the next sentence


# --- direct ------------------------------------------------------------------------------------------

def find_direct_quotes(context: QuoteContext) -> list[Found]:
    """Direct quotes, attributed to a cue in their sentence where there is one (speaker None if not).
    Segments around one cue ("A," he said, "B.") are one quote with a mention for each."""
    found, by_cue = [], {}
    for number, segment in enumerate(context.segments):
        first, last = context.segment_tokens[number]
        if number in context.consumed or first >= last or not is_direct(context, number, first, last):
            continue
        span = (segment.start, segment.end)
        cue, subject = direct_cue(context, number)
        if cue is not None and cue.i in by_cue:
            by_cue[cue.i].quote.mentions.append(span)
            continue
        if cue is None:
            quote = Quote("", "direct", context.article.text[slice(*span)], span, Speaker(), None, None, [span])
        else:
            after = cue.idx >= segment.outer_end
            rule = "direct-according-to" if cue.lower_ == "according" else (
                "direct-cue-after" if after else "direct-cue-before")
            quote = make_quote(context, "direct", span, cue, subject, rule)
        found.append(Found(quote, context.sentences(first, last - 1)))
        if cue is not None:
            by_cue[cue.i] = found[-1]
    return found


def is_direct(context: QuoteContext, number: int, first: int, last: int) -> bool:
    if number in context.governed:
        return True
    clause = any(t.pos_ in CLAUSE_POS for t in context.doc[first:last])
    return context.segments[number].words >= MIN_DIRECT_WORDS and clause


def direct_cue(context: QuoteContext, number: int) -> tuple[Optional[Token], Optional[Token]]:
    """The cue of a quoted segment and its subject: the governing cue, else the nearest in its sentences."""
    governing = context.governed.get(number)
    if governing is not None and subject_of(governing, context.lexicon) is not None:
        return governing, subject_of(governing, context.lexicon)
    segment = context.segments[number]
    for token in sorted(cue_candidates(context, number), key=lambda t: _distance(t, segment)):
        subject = according_to(token) if token.lower_ == "according" else _subject_outside_quotes(context, token)
        if subject is not None:
            return token, subject
    return None, None


def _subject_outside_quotes(context: QuoteContext, cue: Token) -> Optional[Token]:
    """The cue's subject, or its other subject when the parser took a word of the quote for one
    ('"..., it will," said James Acton': both "it" and "Acton" hang under "said")."""
    subject = subject_of(cue, context.lexicon)
    if subject is None or context.segment_of[subject.i] < 0:
        return subject
    return next((c for c in cue.children if c.dep_ in SUBJECT_DEPS and context.segment_of[c.i] < 0), None)


def _distance(token: Token, segment: QuotedSegment) -> int:
    return segment.outer_start - token.idx if token.idx < segment.outer_start else token.idx - segment.outer_end


def cue_candidates(context: QuoteContext, number: int) -> list[Token]:
    """Cue words outside quote marks in the sentences of segment ``number``, widened by one sentence
    after a quote ending in a comma, "!" or "?" ("...!” / Trump tweeted) or before one opened after a colon."""
    first, last = context.segment_tokens[number]
    low, high = context.sentences(first, last - 1)
    segment, text = context.segments[number], context.text
    if text[segment.start: segment.outer_end].rstrip("”»\"' ").endswith(CUE_AFTER_ENDINGS) and not (
            _follows_a_quote(context, number, low)):
        high = min(high + 1, len(context.sentence_bounds) - 1)
    if text[:segment.outer_start].rstrip().endswith(":"):
        low = max(low - 1, 0)
    start, end = context.sentence_bounds[low][0], context.sentence_bounds[high][1]
    return [t for t in context.doc[start:end] if context.segment_of[t.i] < 0
            and (is_cue_verb(t, context.lexicon) or according_to(t) is not None)]


def _follows_a_quote(context: QuoteContext, number: int, sentence: int) -> bool:
    """Whether the quoted segment before ``number`` ends in ``sentence`` or the one before: then
    '"A," he said. "B!"' continues A rather than looking for a cue after B (in one paragraph)."""
    if number == 0:
        return False
    between = context.text[context.segments[number - 1].outer_end: context.segments[number].outer_start]
    if "\n" in between:
        return False  # a quote in the paragraph before opens its own
    first, last = context.segment_tokens[number - 1]
    return first < last and context.sentences(first, last - 1)[1] >= sentence - 1


def attach_floating_quotes(found: list[Found]) -> list[Found]:
    """Unattributed direct quotes next to an attributed one continue it: they become its mentions
    (PolNeAR's one attribution with several content fragments). Returns the quotes that remain."""
    kept = []
    for order in (found, found[::-1]):
        previous = None
        for item in order:
            if item.quote.speaker.name is None and previous is not None and _adjacent(item, previous):
                _continue_quote(item, previous)
            if item.quote.speaker.name is not None:
                previous = item
    kept = [item for item in found if item.quote.rule != CONTINUATION_RULE]
    return kept


def _adjacent(item: Found, other: Found) -> bool:
    return other.sentences[0] - 1 <= item.sentences[1] and item.sentences[0] <= other.sentences[1] + 1


def _continue_quote(item: Found, source: Found) -> None:
    source.quote.mentions.append(item.quote.span)
    if item.quote.span < source.quote.span:  # the quote's span and text are its first mention's
        source.quote.span, source.quote.text = item.quote.span, item.quote.text
    source.sentences = (min(source.sentences[0], item.sentences[0]), max(source.sentences[1], item.sentences[1]))
    item.quote.speaker = source.quote.speaker
    item.quote.rule = CONTINUATION_RULE
    if CONTINUATION_RULE not in source.quote.rule:
        source.quote.rule = f"{source.quote.rule}+{CONTINUATION_RULE}"


def with_headline_cues(reported: list[Found], article: Article, lexicons: Lexicons) -> list[Found]:
    """``reported`` with the cues of title-case lines read again from their sentence-cased parse."""
    headlines = parse_sentence_cased_lines(article.text, nlp_of(article.doc))
    if headlines is None:
        return reported
    again = find_reported_quotes(QuoteContext(article, headlines.doc, lexicons))
    return ([f for f in reported if not headlines.holds(f.quote.cue.span[0])]
            + [f for f in again if headlines.holds(f.quote.cue.span[0])])


def drop_nested_quotes(quotes: list[Quote]) -> list[Quote]:
    """A quote whose cue lies inside another quote's content is part of that quote, not one of its
    own. One inside another's speaker phrase stands ("Alan Berger, who said he is friendly with the
    Kushners, said ..."): PolNeAR marks those, and keeping them measured better on its train split."""
    def inside_another(quote: Quote) -> bool:
        return any(start <= quote.cue.span[0] and quote.cue.span[1] <= end for other in quotes if other is not quote
                   for start, end in other.mentions)
    return [q for q in quotes if q.cue is None or not inside_another(q)]


def cut_out_own_cue(quote: Quote, text: str) -> Quote:
    """"which he said Mexico should pay for": content around its own speaker and cue is two fragments,
    "which" and "Mexico should pay for" (mentions), as PolNeAR marks it; the longer is the text."""
    if quote.cue is None:
        return quote
    start, end = quote.cue.span
    if quote.speaker.span:
        start = min(start, quote.speaker.span[0])
    mentions = []
    for first, last in quote.mentions:
        if not (first < start and end < last):
            mentions.append((first, last))
            continue
        mentions.extend(part for part in (trimmed_text_span(text, first, start), trimmed_text_span(text, end, last)) if part)
    if mentions != quote.mentions and mentions:
        quote.mentions = mentions
        quote.span = max(mentions, key=lambda m: (m[1] - m[0], -m[0]))  # the text shown: its longest fragment
        quote.text = text[slice(*quote.span)]
    return quote


def drop_shared_cues(quotes: list[Quote]) -> list[Quote]:
    """Of quotes whose cues overlap ("expressed" with its object "hope that ...", and "expressed hope"
    with "that ..."), the one with the longer cue: the noun carries the attitude."""
    def longer_cue_beside(quote: Quote) -> bool:
        start, end = quote.cue.span
        return any(other.cue is not None and other.cue.span[0] < end and start < other.cue.span[1]
                   and other.cue.span[1] - other.cue.span[0] > end - start for other in quotes)
    return [q for q in quotes if q.cue is None or not longer_cue_beside(q)]


def in_body(quote: Quote, article: Article) -> bool:
    """Whether the quote's content, every fragment of it and its cue lie in article body (no caption,
    link, byline, headline or boilerplate sentence of ``article.non_body``)."""
    spans = [quote.span, *quote.mentions, *([quote.cue.span] if quote.cue else [])]
    return all(is_body_span(article, start, end) for start, end in spans)


def _overlaps_any(quote: Quote, quotes: list[Quote]) -> bool:
    return any(start < quote.span[1] and quote.span[0] < end for other in quotes for start, end in other.mentions)


# --- the stage ---------------------------------------------------------------------------------------

@stage("quotes", needs=("doc", "entities"), adds=("quotes",))
def extract_quotes(article: Article, lexicons: Optional[Lexicons] = None) -> Article:
    """Direct, indirect and mixed quotations of ``article.doc``, merged and numbered into ``article.quotes``."""
    lexicons = lexicons or builtin_lexicons()
    context = QuoteContext(article, article.doc, lexicons)
    reported = with_headline_cues(find_reported_quotes(context), article, lexicons)
    direct = attach_floating_quotes(find_direct_quotes(context))
    direct_quotes = [f.quote for f in direct if f.quote.speaker.name is not None]
    signed = [q for q in signed_quotes(article, context.segments, context.lexicon) if not _overlaps_any(q, direct_quotes)]
    reported_quotes = [cut_out_own_cue(f.quote, article.text) for f in reported
                       if f.quote.speaker.name is not None or f.quote.cue is not None]
    quotes = drop_nested_quotes(drop_shared_cues(reported_quotes + direct_quotes + signed))
    quotes = [q for q in quotes if in_body(q, article)]  # none from captions, links, bylines, ...
    quotes = merge_repeated_quotes(merge_same_cue_quotes(quotes))
    quotes = merge_key_point_quotes(quotes, article.key_point_spans, context.segments, article.text)
    article.quotes = number_quotes(quotes)
    return article
