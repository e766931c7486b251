"""The tone stage: an article's tone in GDELT's V1.5TONE form, from word counts over the parse.

Of the article's words (tokens made of letters): ``positive`` and ``negative`` are the percentages
that are positive and negative words of the VADER lexicon (valence above or below 0); ``tone`` is
positive minus negative (-100 .. +100, most news between -10 and +10); ``polarity`` positive plus
negative; ``activity_density`` the percentage of activity words (main verbs, ``VERB`` of the parse);
``self_group_density`` the percentage of pronouns of self and group; ``word_count`` the words. The
words are in ``lexicons/tone_words.tsv``; VADER's lexicon comes from the installed package.
"""
from __future__ import annotations

from dataclasses import dataclass

from newsgraph.lexicons import Lexicons, read_tsv
from newsgraph.model import Article, Tone
from newsgraph.pipeline import stage


@dataclass(frozen=True)
class ToneWords:
    valences: dict  # word -> VADER valence (-4 .. +4), the event lexicon's copy
    self_group: frozenset  # pronouns of self and group
    activity_pos: frozenset  # universal part-of-speech tags of activity words ("VERB")


def load_tone_words(valences: dict) -> ToneWords:
    """tone_words.tsv with ``valences`` (read once per process into ``Lexicons.tone``)."""
    by_kind: dict[str, set] = {}
    for _, row in read_tsv("tone_words.tsv"):
        by_kind.setdefault(row["kind"], set()).add(row["word"])
    return ToneWords(valences, frozenset(by_kind.get("self_group", ())), frozenset(by_kind.get("activity_pos", ())))


def percent(count: int, total: int) -> float:
    return round(100.0 * count / total, 4) if total else 0.0


def tone_of_words(words: list[tuple[str, str]], lexicon: ToneWords) -> Tone:
    """The tone of ``words``, each (lower-cased text, universal part of speech)."""
    valences = [lexicon.valences.get(text, 0.0) for text, _ in words]
    positive = percent(sum(v > 0 for v in valences), len(words))
    negative = percent(sum(v < 0 for v in valences), len(words))
    return Tone(tone=round(positive - negative, 4), positive=positive, negative=negative,
                polarity=round(positive + negative, 4),
                activity_density=percent(sum(pos in lexicon.activity_pos for _, pos in words), len(words)),
                self_group_density=percent(sum(text in lexicon.self_group for text, _ in words), len(words)),
                word_count=len(words))


@stage("tone", needs=("doc",), adds=("tone",))
def score_tone(article: Article, lexicons: Lexicons) -> Article:
    """Set ``article.tone`` from the words of its parsed text."""
    article.tone = tone_of_words([(token.lower_, token.pos_) for token in article.doc if token.is_alpha],
                                 lexicons.tone)
    return article
