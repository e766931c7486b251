"""One parsed text read once: token attributes, sentences and quoted stretches, and where each
entity mention sits (sentence, root, subject, inside quotation marks). Creating spaCy Token and Span
objects again and again in loops is what made reference resolution slow."""
from __future__ import annotations

import bisect
import re

from newsgraph.model import Mention

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
QUOTE_MARKS = re.compile(r'[“”"\n]')


class DocIndex:
    """Token attributes, sentences and quoted stretches of one parsed text, read from spaCy once:
    creating spaCy Token and Span objects again and again in loops is what made this stage slow."""

    def __init__(self, doc):
        self.doc = doc
        self.tokens = list(doc)
        tokens = self.tokens
        self.words = [t.text for t in tokens]
        self.gaps = [t.whitespace_ for t in tokens]
        self.lower = [t.lower_ for t in tokens]
        self.pos = [t.pos_ for t in tokens]
        self.tag = [t.tag_ for t in tokens]
        self.dep = [t.dep_ for t in tokens]
        self.starts = [t.idx for t in tokens]
        self.ends = [start + len(word) for start, word in zip(self.starts, self.words)]
        self.heads = [i + int(offset) for i, offset in enumerate(doc.to_array("HEAD").astype("int64"))] \
            if len(doc) else []
        self.sentence_of, self.sentence_starts = self._sentences(doc)
        self.quoted = self._quoted(doc.text)

    def _sentences(self, doc) -> tuple[list[int], list[int]]:
        sentence_of, starts = [], []
        for sentence in doc.sents:
            starts.append(sentence.start)
            sentence_of.extend([len(starts) - 1] * (sentence.end - sentence.start))
        return sentence_of, starts

    def _quoted(self, text: str) -> list[bool]:
        """Per token: inside quotation marks (curly pairs, or straight ones paired within a line)."""
        regions, opened = [], None
        for match in QUOTE_MARKS.finditer(text):
            mark = match.group()
            if opened is not None and mark in "”\"\n":  # a quotation not closed in its paragraph ends there
                regions.append((opened, match.start()))
                opened = None
            elif mark in "“\"":
                opened = match.end()
        region_starts = [r[0] for r in regions]
        quoted = []
        for start in self.starts:
            at = bisect.bisect_right(region_starts, start) - 1
            quoted.append(at >= 0 and start < regions[at][1])
        return quoted

    def __len__(self) -> int:
        return len(self.words)

    def text(self, start: int, end: int) -> str:
        """The text of tokens ``[start, end)``."""
        if start >= end:
            return ""
        return "".join(w + g for w, g in zip(self.words[start:end - 1], self.gaps[start:end - 1])) + self.words[end - 1]

    def token_at(self, char: int) -> int:
        """Index of the token that starts at or covers character ``char``."""
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def root_of(self, start: int, end: int) -> int:
        """The token of ``[start, end)`` whose head lies outside it (the last token if none does)."""
        return next((i for i in range(start, end) if not start <= self.heads[i] < end), end - 1)

    def is_root_subject(self, token: int) -> bool:
        """Subject of its sentence's main verb."""
        head = self.heads[token]
        return self.dep[token] in SUBJECT_DEPS and self.dep[head] == "ROOT"


class MentionSite:
    """Where a mention is, in tokens: its sentence, its root and whether it is a subject."""

    __slots__ = ("mention", "draft", "start", "sentence", "subject", "root_subject", "quoted")

    def __init__(self, index: DocIndex, mention: Mention, draft):
        first = index.token_at(mention.start)
        last = max(first + 1, bisect.bisect_left(index.starts, mention.end))
        root = index.root_of(first, last)
        self.mention, self.draft, self.start = mention, draft, mention.start
        self.sentence = index.sentence_of[first]
        self.subject = index.dep[root] in SUBJECT_DEPS
        self.root_subject = index.is_root_subject(root)
        self.quoted = index.quoted[first]
