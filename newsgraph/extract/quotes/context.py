"""What the quote rules share for one article (``QuoteContext``: token maps, quoted segments, the
speaker resolver, the quote lexicon), the quotes found before merging (``Found``), and ``make_quote``."""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Token

from newsgraph.extract.quotes.cues import make_cue
from newsgraph.extract.quotes.marks import QuotedSegment, find_quoted_segments
from newsgraph.extract.quotes.medium import find_medium
from newsgraph.extract.quotes.speaker import SpeakerResolver
from newsgraph.model import Article, Quote, Speaker, Span
from newsgraph.lexicons import Lexicons

SOURCELESS_RULE = "no-source"


@dataclass
class Found:
    """A quote with the sentences it touches, before merging."""

    quote: Quote
    sentences: tuple[int, int]


class QuoteContext:
    """What the rules share for one article: token maps, quoted segments, the speaker resolver, the
    lexicons (``lexicon``: the quote lexicon the rules hand down)."""

    def __init__(self, article: Article, doc: Doc, lexicons: Lexicons):
        self.article, self.doc, self.lexicons, self.lexicon = article, doc, lexicons, lexicons.quotes
        self.text = doc.text  # computed by spaCy on each access: read once
        self.segments = find_quoted_segments(self.text)
        self.segment_starts = [s.outer_start for s in self.segments]
        self.resolver = SpeakerResolver(article, lexicons.actors, lexicons.quotes)
        self.sentence_of = [0] * len(doc)
        self.sentence_bounds: list[tuple[int, int]] = []
        for number, sentence in enumerate(doc.sents):
            self.sentence_bounds.append((sentence.start, sentence.end))
            self.sentence_of[sentence.start: sentence.end] = [number] * len(sentence)
        self.segment_of = [-1] * len(doc)
        self.segment_tokens: list[tuple[int, int]] = [self._mark_tokens(n, s) for n, s in enumerate(self.segments)]
        self.governed: dict[int, Token] = {}  # segment -> cue whose clausal content it is
        self.consumed: set[int] = set()  # segments inside a mixed quote

    def _mark_tokens(self, number: int, segment: QuotedSegment) -> tuple[int, int]:
        span = self.doc.char_span(segment.outer_start, segment.outer_end, alignment_mode="expand")
        if span is None:
            return 0, 0
        self.segment_of[span.start: span.end] = [number] * len(span)
        return span.start, span.end

    def overlapping_segments(self, span: Span) -> list[int]:
        found, number = [], bisect.bisect_left(self.segment_starts, span[1]) - 1
        while number >= 0 and self.segments[number].outer_end > span[0]:  # segments do not overlap
            found.append(number)
            number -= 1
        return found[::-1]

    def speaker(self, subject: Token) -> tuple[Speaker, str]:
        return self.resolver.resolve(subject)

    def sentences(self, first_token: int, last_token: int) -> tuple[int, int]:
        return self.sentence_of[first_token], self.sentence_of[last_token]


def make_quote(context: QuoteContext, kind: str, span: Span, cue_token: Optional[Token], subject: Optional[Token],
               rule: str, preposition: Optional[Token] = None) -> Quote:
    """A quote; ``subject`` None gives a source-less one ("it was reported that ...")."""
    speaker, fallback = context.speaker(subject) if subject is not None else (Speaker(), SOURCELESS_RULE)
    cue = make_cue(cue_token, preposition, context.lexicon) if cue_token is not None else None
    if cue is not None:  # the article's own characters (a headline was parsed sentence-cased)
        cue.text = context.article.text[cue.span[0]: cue.span[1]]
    medium = find_medium(cue_token, [span], context.lexicon) if cue_token is not None else None
    text = context.article.text[span[0]: span[1]]
    return Quote("", kind, text, span, speaker, cue, medium, [span], f"{rule}+{fallback}" if fallback else rule)
