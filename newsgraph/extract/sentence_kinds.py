"""Sentence kinds stage: which sentences of the text are not article body.

A scraped text keeps photo captions and credits, headlines of other stories ("Read more: ..."),
bylines and editor's notes, share and subscribe boilerplate, and the article's own sub-headings.
They stay in the text (offsets do not move) but are recorded in ``Article.non_body``, each with its
kind (``headline``, ``caption``, ``link``, ``byline``, ``boilerplate``), its offsets, the rule that
decided it and the evidence the rule saw; the quote and event stages skip them (``is_body``).

Rules, first match wins for each sentence of the parse:

A summary bullet the reader found (``Article.key_point_spans``: "What do you need to know?") is body:
it states the article's news in short, and its quotes and events are the article's own.

1. ``title``: a paragraph that repeats the article's title is its headline.
2. ``sentence_kinds.tsv:<line>``: a lexicon row (newsgraph/lexicons/sentence_kinds.tsv) matches the
   sentence: the whole of it, its start, or anywhere; a row with spread ``paragraph`` (a photo credit)
   makes every sentence of its paragraph that kind (the caption the parser split from its credit),
   one with spread ``next`` that matched a whole sentence ("RELATED:") also the sentence after it in
   its paragraph (the other story's headline). A ``whole`` row also matches a paragraph the parser
   split into several sentences ("— Jane Roe (@janeroe)" + "May 4, 2021").
3. ``unpunctuated-line``: a paragraph of one short sentence without a final stop ("Pricier goods
   for shoppers") is a headline: a sub-heading or the headline of another story.
4. ``title-case-line``: a paragraph whose words are mostly capitalised (``quotes.headlines``:
   "Why The Trade Deal Matters Now") and that does not end with a full stop is a headline, all its
   sentences ("Iran's Supreme Leader Ayatollah Ali Khamenei vowed vengeance." is body).
5. ``no-words``: a sentence without a letter or digit (a stray quote mark) takes the kind of the
   sentence before it in its paragraph.

Everything works on the text as it is (raw scrapes included): paragraphs are runs of lines between
blank lines.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from newsgraph.extract.quotes.headlines import title_case_lines
from newsgraph.model import Article, NonBodySentence, Span, normalise_text
from newsgraph.lexicons import Lexicons, builtin_lexicons, read_tsv
from newsgraph.pipeline import stage

LEXICON = "sentence_kinds.tsv"
KIND_COLUMNS = ("kind", "match", "case", "spread", "where", "pattern")
TRAILING_DECORATION = " \t.!>|»›→"
FINAL_STOPS = (".", "!", "?", "…", ":", ";", ",")
CLOSING_MARKS = "\"”’')]»"
MAX_HEADING_WORDS = 16  # a longer unpunctuated line is a sentence whose stop was lost, not a heading
EDGE_PARAGRAPHS = 4  # author's notes are in the first or last four paragraphs (trailers follow them)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
LETTER = re.compile(r"[^\W\d_]")
WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class KindRule:
    """One row of the lexicon."""

    kind: str
    match: str  # whole | start | contains
    spread: str  # sentence | paragraph | next
    where: str  # any | edge
    pattern: re.Pattern
    name: str  # sentence_kinds.tsv:<line>

    def evidence(self, sentence: str) -> Optional[str]:
        """The words of ``sentence`` this rule matches, or None."""
        if self.match == "whole":
            found = self.pattern.fullmatch(sentence)
        elif self.match == "start":
            found = self.pattern.match(sentence)
        else:
            found = self.pattern.search(sentence)
        return found.group(0) if found is not None else None


def load_kind_rules() -> tuple[KindRule, ...]:
    """The rows of sentence_kinds.tsv, compiled, each named by its line in the file (read once per
    process into ``Lexicons.sentence_kinds``)."""
    rules = []
    for number, row in read_tsv(LEXICON):
        kind, match, case, spread, where, pattern = (row[column] for column in KIND_COLUMNS)
        flags = re.IGNORECASE if case == "any" else 0
        rules.append(KindRule(kind, match, spread, where, re.compile(pattern, flags), f"{LEXICON}:{number}"))
    return tuple(rules)


# ---- the text's layout ------------------------------------------------------------------------------

def paragraph_spans(text: str) -> list[Span]:
    """``[start, end)`` of the paragraphs of ``text`` (runs of lines between blank lines), white space
    at their ends left out."""
    spans, start = [], 0
    for found in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = found.start() if found else len(text)
        chunk = text[start:end]
        if chunk.strip():
            spans.append((start + len(chunk) - len(chunk.lstrip()), end - (len(chunk) - len(chunk.rstrip()))))
        start = found.end() if found else len(text)
    return spans


def sentence_spans(doc) -> list[Span]:
    """The parse's sentences as ``[start, end)``, white space at their ends left out."""
    spans = []
    for sentence in doc.sents:
        text = sentence.text
        start = sentence.start_char + len(text) - len(text.lstrip())
        end = sentence.end_char - (len(text) - len(text.rstrip()))
        if end > start:
            spans.append((start, end))
    return spans


def group_by_paragraph(sentences: list[Span], paragraphs: list[Span]) -> list[int]:
    """For each sentence, the index of the paragraph it starts in."""
    starts = [p[0] for p in paragraphs]
    return [max(bisect.bisect_right(starts, s) - 1, 0) for s, _ in sentences]


def folded(text: str) -> str:
    """A sentence as the lexicon sees it: white space folded, trailing decoration removed."""
    return re.sub(r"\s+", " ", text).strip().rstrip(TRAILING_DECORATION)


def has_final_stop(sentence: str) -> bool:
    bare = sentence.rstrip().rstrip(CLOSING_MARKS).rstrip()
    return bare.endswith(FINAL_STOPS)


def is_heading_line(sentence: str) -> bool:
    """A short line without a final stop that starts like a title ("Pricier goods for shoppers")."""
    words = sentence.split()
    first = sentence.lstrip("\"“'‘(")[:1]
    return (0 < len(words) <= MAX_HEADING_WORDS and not has_final_stop(sentence)
            and LETTER.search(sentence) is not None and (first.isupper() or first.isdigit() or first == "$"))


# ---- deciding ---------------------------------------------------------------------------------------

def lexicon_decision(sentence: str, at_edge: bool, rules: Sequence[KindRule]) -> Optional[tuple[KindRule, str]]:
    """The first lexicon rule of ``rules`` that matches the sentence, with its evidence."""
    text = folded(sentence)
    for rule in rules:
        if rule.where == "edge" and not at_edge:
            continue
        evidence = rule.evidence(text)
        if evidence is not None:
            return rule, evidence
    return None


def covered(span: Span, spans: Iterable[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def classify_sentences(article: Article, sentences: list[Span],
                       rules: Optional[Sequence[KindRule]] = None) -> list[NonBodySentence]:
    """The non-body sentences among ``sentences`` (spans of ``article.text``), in text order;
    ``rules``: the lexicon rows (None: the built-in ``Lexicons.sentence_kinds``)."""
    rules = builtin_lexicons().sentence_kinds if rules is None else rules
    text = article.text
    paragraphs = paragraph_spans(text)
    paragraph_of = group_by_paragraph(sentences, paragraphs)
    per_paragraph: dict[int, list[int]] = {}
    for index, paragraph in enumerate(paragraph_of):
        per_paragraph.setdefault(paragraph, []).append(index)
    title_case = set(title_case_lines(text))
    spread = whole_paragraph_matches(text, paragraphs, per_paragraph, rules)
    decided: dict[int, NonBodySentence] = {}
    for index, span in enumerate(sentences):
        paragraph = paragraph_of[index]
        if index in decided:
            continue
        at_edge = paragraph < EDGE_PARAGRAPHS or paragraph >= len(paragraphs) - EDGE_PARAGRAPHS
        found = decide_sentence(article, span, per_paragraph[paragraph] == [index], at_edge, rules)
        if found is not None:
            decided[index], rule = found
            if rule is not None and rule.spread == "paragraph":
                spread.setdefault(paragraph, decided[index])
            elif (rule is not None and rule.spread == "next" and index + 1 < len(sentences)
                  and paragraph_of[index + 1] == paragraph and decided[index].evidence == folded(text[span[0]:span[1]])):
                decided[index + 1] = NonBodySentence(sentences[index + 1], rule.kind, f"{rule.name}+next",
                                                     f"after {decided[index].evidence!r}")
        elif paragraphs[paragraph] in title_case and not text[slice(*paragraphs[paragraph])].endswith("."):
            spread.setdefault(paragraph, NonBodySentence(span, "headline", "title-case-line",
                                                         "a paragraph of capitalised words"))
    spread_over_paragraphs(decided, spread, per_paragraph, sentences)
    join_wordless_sentences(decided, sentences, paragraph_of, text)
    return [decided[index] for index in sorted(decided)]


def whole_paragraph_matches(text: str, paragraphs: list[Span],
                            per_paragraph: dict[int, list[int]], rules: Sequence[KindRule]) -> dict[int, NonBodySentence]:
    """Paragraphs of several sentences that a ``whole`` lexicon row matches as one line."""
    found = {}
    for paragraph, members in per_paragraph.items():
        if len(members) < 2:
            continue
        line = folded(text[slice(*paragraphs[paragraph])])
        for rule in rules:
            evidence = rule.evidence(line) if rule.match == "whole" and rule.where == "any" else None
            if evidence is not None:
                found[paragraph] = NonBodySentence(paragraphs[paragraph], rule.kind, rule.name, evidence)
                break
    return found


def decide_sentence(article: Article, span: Span, alone: bool, at_edge: bool,
                    rules: Sequence[KindRule]) -> Optional[tuple[NonBodySentence, Optional[KindRule]]]:
    """Rules 1-3 for one sentence: its record and the lexicon rule (None for a layout rule)."""
    sentence = article.text[span[0]:span[1]]
    if covered(span, article.key_point_spans):
        return None  # key points are body: the article's news in short
    if alone and article.title and normalise_text(sentence) == normalise_text(article.title):
        return NonBodySentence(span, "headline", "title", "repeats the title"), None
    found = lexicon_decision(sentence, at_edge, rules)
    if found is not None:
        rule, evidence = found
        return NonBodySentence(span, rule.kind, rule.name, evidence), rule
    if alone and is_heading_line(sentence):
        return NonBodySentence(span, "headline", "unpunctuated-line", "a paragraph of one line without a final stop"), None
    return None


def spread_over_paragraphs(decided: dict[int, NonBodySentence], spread: dict[int, NonBodySentence],
                           per_paragraph: dict[int, list[int]], sentences: list[Span]) -> None:
    """Every undecided sentence of a paragraph in ``spread`` takes that paragraph's kind."""
    for paragraph, source in spread.items():
        for index in per_paragraph[paragraph]:
            if index not in decided:
                rule = source.rule if source.rule == "title-case-line" else f"{source.rule}+paragraph"
                decided[index] = NonBodySentence(sentences[index], source.kind, rule,
                                                 f"in the paragraph of {source.evidence!r}")


def join_wordless_sentences(decided: dict[int, NonBodySentence], sentences: list[Span], paragraph_of: list[int],
                            text: str) -> None:
    """A sentence without a letter or digit takes the kind of the decided sentence before it in its
    paragraph (a stray quote mark the parser split off a byline)."""
    for index in range(1, len(sentences)):
        previous = decided.get(index - 1)
        if (index not in decided and previous is not None and paragraph_of[index] == paragraph_of[index - 1]
                and WORD_CHARACTER.search(text, *sentences[index]) is None):
            decided[index] = NonBodySentence(sentences[index], previous.kind, "no-words",
                                             "no word, after a sentence of this kind")


@stage("sentence_kinds", needs=("doc",), adds=("non_body",))
def mark_non_body_sentences(article: Article, lexicons: Optional[Lexicons] = None) -> Article:
    """Record in ``article.non_body`` the sentences of the parse that are not article body."""
    rules = (lexicons or builtin_lexicons()).sentence_kinds
    article.non_body = classify_sentences(article, sentence_spans(article.doc), rules)
    return article


# ---- for the stages that skip them --------------------------------------------------------------------

def non_body_at(article: Article, start: int, end: Optional[int] = None) -> Optional[NonBodySentence]:
    """The non-body sentence that holds ``start`` (or overlaps ``[start, end)``), else None."""
    end = start + 1 if end is None else max(end, start + 1)
    for sentence in article.non_body:
        if sentence.span[0] < end and start < sentence.span[1]:
            return sentence
        if sentence.span[0] >= end:
            break
    return None


def is_body(article: Article, offset: int) -> bool:
    """Whether the character at ``offset`` lies in article body (no recorded non-body sentence holds
    it). Before the sentence_kinds stage has run, everything is body."""
    return non_body_at(article, offset) is None


def is_body_span(article: Article, start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps no non-body sentence."""
    return non_body_at(article, start, end) is None
