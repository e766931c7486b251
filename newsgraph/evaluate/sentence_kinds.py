"""Scorer of the sentence kinds stage on our event corpus, whose every sentence has a gold kind.

Each gold sentence is predicted ``body`` unless a recorded non-body sentence overlaps it (then it
takes the kind of the one overlapping most). Reported: precision and recall of "not body" against
gold, per gold kind (found as not body, found with the right kind) and per predicted kind, and the
gold body sentences wrongly dropped, above all those that hold events (their events would be lost).
The texts are analysed exactly as stored (raw scrapes; no cleaning), as the corpus's offsets are.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from newsgraph.evaluate.event_corpus import CORPUS_FILE, KINDS, GoldArticle, load_corpus
from newsgraph.model import Article, NonBodySentence, Span


@dataclass
class KindError:
    article: str
    span: Span
    gold: str
    predicted: str
    rule: str
    events: int
    text: str


@dataclass
class KindScores:
    sentences: int = 0
    gold: Counter = field(default_factory=Counter)  # gold kind -> sentences
    found: Counter = field(default_factory=Counter)  # gold non-body kind -> predicted non-body
    right_kind: Counter = field(default_factory=Counter)  # gold kind -> predicted that very kind
    predicted: Counter = field(default_factory=Counter)  # predicted non-body kind -> sentences
    predicted_right: Counter = field(default_factory=Counter)  # predicted kind -> gold non-body
    dropped_body: int = 0  # gold body sentences predicted non-body
    dropped_with_events: int = 0  # gold body sentences with events predicted non-body
    dropped_events: int = 0  # the events they hold
    errors: list[KindError] = field(default_factory=list)

    @property
    def true_positives(self) -> int:
        return sum(self.found.values())

    @property
    def precision(self) -> float:
        return self.true_positives / max(sum(self.predicted.values()), 1)

    @property
    def recall(self) -> float:
        return self.true_positives / max(sum(n for k, n in self.gold.items() if k != "body"), 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def predicted_kind(span: Span, non_body: list[NonBodySentence]) -> Optional[NonBodySentence]:
    """The non-body sentence overlapping ``span`` most, or None (body)."""
    overlaps = [(min(span[1], s.span[1]) - max(span[0], s.span[0]), s) for s in non_body]
    overlaps = [(size, s) for size, s in overlaps if size > 0]
    return max(overlaps, key=lambda o: o[0])[1] if overlaps else None


def score_article(scores: KindScores, gold: GoldArticle, non_body: list[NonBodySentence]) -> None:
    for sentence in gold.sentences:
        found = predicted_kind(sentence.span, non_body)
        kind = found.kind if found else "body"
        scores.sentences += 1
        scores.gold[sentence.kind] += 1
        scores.right_kind[sentence.kind] += kind == sentence.kind
        if found:
            scores.predicted[kind] += 1
            scores.predicted_right[kind] += sentence.kind != "body"
        if sentence.kind != "body":
            scores.found[sentence.kind] += found is not None
        elif found:
            scores.dropped_body += 1
            scores.dropped_with_events += bool(sentence.events)
            scores.dropped_events += len(sentence.events)
        if (sentence.kind == "body") != (found is None):
            scores.errors.append(KindError(gold.id, sentence.span, sentence.kind, kind, found.rule if found else "",
                                           len(sentence.events), gold.text[slice(*sentence.span)]))


def classified_articles(articles: list[GoldArticle], settings=None) -> list[Article]:
    """Each gold article's text, as stored, parsed and run through the sentence kinds stage."""
    from newsgraph.extract.sentence_kinds import mark_non_body_sentences
    from newsgraph.pipeline import load_nlp
    from newsgraph.settings import Settings

    nlp = load_nlp((settings or Settings()).model)
    results = []
    for gold, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        article = Article(text=gold.text, title=gold.title, published=gold.published, source=gold.source)
        article.doc = doc
        mark_non_body_sentences(article)
        article.doc = None
        results.append(article)
    return results


def evaluate_sentence_kinds(shared: str, splits: tuple[str, ...], settings=None,
                            path: Path = CORPUS_FILE) -> tuple[list[GoldArticle], KindScores]:
    articles = load_corpus(Path(shared), splits, path)
    scores = KindScores()
    for gold, article in zip(articles, classified_articles(articles, settings)):
        score_article(scores, gold, article.non_body)
    return articles, scores


def format_kind_scores(scores: KindScores, heading: str, show_errors: int = 0) -> str:
    lines = [heading, f"{scores.sentences} sentences; not body: precision {scores.precision:.3f}, "
             f"recall {scores.recall:.3f}, F1 {scores.f1:.3f}",
             f"gold body sentences with events dropped: {scores.dropped_with_events} "
             f"({scores.dropped_events} events); gold body sentences dropped: {scores.dropped_body}",
             "", f"{'gold kind':12} {'gold':>5} {'not body':>9} {'same kind':>10}"]
    for kind in KINDS:
        found = "" if kind == "body" else str(scores.found[kind])
        lines.append(f"{kind:12} {scores.gold[kind]:5} {found:>9} {scores.right_kind[kind]:10}")
    lines += ["", f"{'predicted':12} {'count':>5} {'not body in gold':>17}"]
    for kind in KINDS[1:]:
        lines.append(f"{kind:12} {scores.predicted[kind]:5} {scores.predicted_right[kind]:17}")
    if show_errors:
        lines += ["", "errors (gold -> predicted, rule):"]
        for error in scores.errors[:show_errors]:
            text = " ".join(error.text.split())[:110]
            lines.append(f"  {error.article} {error.gold}->{error.predicted} {error.rule} "
                         f"events={error.events}: {text}")
    return "\n".join(lines)
