"""Actor codes scored on our event corpus: for every gold source and target actor with a span, the
code newsgraph gives the phrase at that span, against the gold code.

The phrase is taken at the gold span on purpose: this measures *coding* (which country and sector a
phrase belongs to, with the article as context), apart from choosing the phrase, which the event
scorer measures. The head of the span is the word of the span whose syntactic head lies outside it;
its actor is what the events stage's resolver gives that word (entities first, then the actor
lexicons). **Right**: code and sector both equal the gold ones (``"USA LEG"``; ``"RUS"`` for a country
named as a whole). Scored over gold actors that have a code or a sector.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from newsgraph.evaluate.event_corpus import CORPUS_FILE, EVALUATED_STAGES, load_corpus
from newsgraph.evaluate.event_scoring import full_code
from newsgraph.evaluate.scores import ratio

EXAMPLES = 25


@dataclass
class ActorCodeScores:
    right: int = 0
    total: int = 0
    uncoded: int = 0  # gold actors newsgraph gave no code at all
    kinds: Counter = field(default_factory=Counter)  # right / country wrong / sector only / uncoded
    errors: list = field(default_factory=list)  # (phrase, gold, predicted)

    @property
    def accuracy(self) -> float:
        return ratio(self.right, self.total)


def span_head(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root


def error_kind(gold: str, predicted: Optional[str]) -> str:
    if predicted == gold:
        return "right"
    if predicted is None:
        return "uncoded"
    if gold.split()[0] == predicted.split()[0]:
        return "sector wrong"
    return "code wrong"


def score_article_actors(scores: ActorCodeScores, gold_article, article, resolver, sectors=None) -> None:
    """``sectors``: the event model's sector model, which decides each actor's sector again as the
    events stage does (None: the codes as the resolver gives them)."""
    from newsgraph.extract.actors.sectors import with_learned_sector

    for sentence in gold_article.sentences:
        for event in sentence.events:
            for actor in event.source + event.target:
                gold = full_code(actor.code, actor.sector)
                if actor.span is None or gold is None:
                    continue
                head = span_head(article.doc, *actor.span)
                found = resolver.actors_of(head) if head is not None else []
                found = [with_learned_sector(found[0], article.entity(found[0].entity), sectors)] if found else []
                predicted = full_code(found[0].code, found[0].sector) if found else None
                kind = error_kind(gold, predicted)
                scores.kinds[kind] += 1
                scores.total += 1
                scores.right += kind == "right"
                if kind != "right" and len(scores.errors) < EXAMPLES:
                    scores.errors.append((gold_article.text[actor.span[0]:actor.span[1]], gold, predicted))


def evaluate_actor_codes(shared: str, splits: tuple[str, ...], path: Path = CORPUS_FILE,
                         event_model=None) -> ActorCodeScores:
    """``event_model``: its sector model codes the sectors as the events stage does (None: the resolver's own)."""
    from newsgraph.extract.events.sides import ActorResolver
    from newsgraph.extract.events.lexicon import load_event_lexicon
    from newsgraph.model import Article
    from newsgraph.pipeline import apply_stages, load_nlp, ordered_stages
    from newsgraph.settings import Settings

    articles = load_corpus(Path(shared), splits, path)
    nlp, stages, lexicon = load_nlp(Settings().model), ordered_stages(EVALUATED_STAGES), load_event_lexicon()
    scores = ActorCodeScores()
    for gold, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        article = Article(text=gold.text, title=gold.title, published=gold.published, source=gold.source)
        article.doc = doc
        result = apply_stages(article, stages)
        if isinstance(result, Article):
            score_article_actors(scores, gold, result, ActorResolver(result, lexicon.relation_nouns,
                                                                     lexicon.partitive_nouns),
                                 event_model.sectors if event_model is not None else None)
    return scores


def format_actor_scores(scores: ActorCodeScores, title: str) -> str:
    lines = [title, f"  code and sector right  {scores.accuracy:.3f} ({scores.right}/{scores.total})"]
    lines += [f"  {kind:<22} {count}" for kind, count in scores.kinds.most_common()]
    lines.append("  examples (phrase: gold / newsgraph):")
    lines += [f"    {' '.join(text.split())[:60]!r}: {gold} / {predicted}" for text, gold, predicted in scores.errors]
    return "\n".join(lines)
