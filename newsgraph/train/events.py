"""Train the learned event coder (``newsgraph/extract/events/model.py``) on our event corpus.

    python -m newsgraph.train.events --shared ../shared --out newsgraph/lexicons/events_model.json
    python -m newsgraph.train.events --shared ../shared --folds 5        # cross-validation by article only

Examples are the candidate words of every body sentence of the corpus's train split: a candidate
inside a gold trigger (the one highest in the parse among the candidates there) is labelled with the
gold category, other candidates inside it are left out, every other candidate is NONE. The model is
scikit-learn's multinomial logistic regression (L2, C below) over the symbolic features; features
seen fewer than MIN_FEATURE_COUNT times are dropped before fitting and weights under MIN_WEIGHT after,
so the shipped file holds no memorised rare words. The threshold is the lowest of THRESHOLDS whose
out-of-fold found F1 is within THRESHOLD_TIE of the best (a tie goes to recall). The actors' sector
model (``newsgraph/extract/actors/sectors.py``) is trained on the same articles, from the actor the
resolver codes at each gold actor span. Same data, same command: the same file (the solver is
deterministic and the examples come in corpus order).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from newsgraph.evaluate.event_corpus import EVALUATED_STAGES, GoldArticle, load_corpus
from newsgraph.evaluate.event_scoring import EventScores, format_scores, score_article, scored_gold, scored_prediction
from newsgraph.extract.actors.sectors import NONE as SECTOR_NONE, SectorModel, sector_features
from newsgraph.extract.events.model import NONE, EventModel, candidate_features, candidate_tokens
from newsgraph.extract.events.roles import ROLES, ActorCache, RoleModel, role_candidates, role_features
from newsgraph.extract.sentence_kinds import is_body
from newsgraph.extract.events.learned import index_by_token, inside_quote

C = 0.5
MIN_FEATURE_COUNT = 5
MIN_WEIGHT = 0.01
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
THRESHOLD_TIE = 0.005  # out-of-fold found F1 this close to the best is a tie: the lowest such threshold wins (recall)
ROLE_THRESHOLDS = {"source": 0.4, "target": 0.3}  # the best candidate F1 of each, out of fold on the train split
CATEGORIES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
              "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


@dataclass
class Prepared:
    gold: GoldArticle
    article: object  # the analysed Article, with its doc
    examples: list  # (features, label) of its candidates
    role_examples: list  # (features, is source, is target) of the actor phrases around its gold events
    sector_examples: list  # (features, gold sector or NONE) of the actor coded at each gold actor span


def analyse(gold: GoldArticle, nlp, stages):
    from newsgraph.model import Article
    from newsgraph.pipeline import apply_stages

    article = Article(text=gold.text, title=gold.title, published=gold.published, source=gold.source)
    article.doc = nlp(gold.text)
    return apply_stages(article, stages)


def examples_of(gold: GoldArticle, article, lexicon, cues) -> tuple[list, list]:
    from newsgraph.extract.events.stage import rule_events

    doc = article.doc
    rule_at = index_by_token(doc, rule_events(article, lexicon, cues), lambda e: e.trigger[0])
    cue_at = index_by_token(doc, [q for q in article.quotes if q.cue is not None], lambda q: q.cue.span[0])
    candidates = [t for t in candidate_tokens(doc, lexicon, rule_at, cue_at) if is_body(article, t.idx)]
    labels, skipped, labelled = {}, set(), {}
    for event in (e for s in gold.sentences if s.kind == "body" for e in s.events):
        inside = [t for t in candidates if event.trigger[0] <= t.idx < event.trigger[1]]
        if inside:
            top = min(inside, key=lambda t: (depth(t), t.i))
            labels.setdefault(top.i, event.category)
            labelled.setdefault(top.i, (top, event))
            skipped.update(t.i for t in inside if t is not top)
    examples = [(candidate_features(t, lexicon, rule_at.get(t.i), cue_at.get(t.i), inside_quote(article, t.idx)),
                 labels.get(t.i, NONE)) for t in candidates if t.i in labels or t.i not in skipped]
    return examples, role_examples_of(gold, article, lexicon, labelled, rule_at, cue_at)


def role_examples_of(gold: GoldArticle, article, lexicon, labelled: dict, rule_at: dict, cue_at: dict) -> list:
    """For each gold event found among the candidates: every actor phrase of its sentence, labelled by
    whether it lies in a gold source span and in a gold target span."""
    from newsgraph.extract.events.sides import ActorResolver

    cache = ActorCache(ActorResolver(article, lexicon.relation_nouns, lexicon.partitive_nouns))
    inside = lambda token, actors: any(a.span and a.span[0] <= token.idx < a.span[1] for a in actors)  # noqa: E731
    examples = []
    for token, event in labelled.values():
        for candidate in role_candidates(token, cache):
            features = role_features(token, candidate, event.category, cache, cue_at.get(token.i),
                                     rule_at.get(token.i))
            examples.append((features, inside(candidate, event.source), inside(candidate, event.target)))
    return examples


def sector_examples_of(gold: GoldArticle, article, lexicon) -> list:
    """For each gold actor with a span and a code: the features of the actor the resolver codes at the
    span's head word (as ``newsgraph eval actors`` does), labelled with the gold sector (NONE for none)."""
    from newsgraph.evaluate.actor_codes import span_head
    from newsgraph.extract.events.sides import ActorResolver

    resolver = ActorResolver(article, lexicon.relation_nouns, lexicon.partitive_nouns)
    examples = []
    for actor in (a for s in gold.sentences for e in s.events for a in e.source + e.target):
        head = span_head(article.doc, *actor.span) if actor.span and actor.code else None
        found = resolver.actors_of(head) if head is not None else []
        if found and found[0].code:
            features = sector_features(found[0], article.entity(found[0].entity))
            examples.append((features, actor.sector or SECTOR_NONE))
    return examples


def depth(token) -> int:
    steps = 0
    while token.head.i != token.i and steps < 50:
        token, steps = token.head, steps + 1
    return steps


def prepare(shared: str, splits: tuple[str, ...], lexicons=None) -> list[Prepared]:
    """``lexicons``: the Lexicons whose event lexicon and modality cues are read (None: the built-in ones)."""
    from newsgraph.lexicons import builtin_lexicons
    from newsgraph.pipeline import load_nlp, ordered_stages
    from newsgraph.settings import Settings

    nlp, stages = load_nlp(Settings().model), ordered_stages(EVALUATED_STAGES)
    lexicons = lexicons or builtin_lexicons()
    lexicon, cues = lexicons.events, lexicons.modality
    prepared = []
    for gold in load_corpus(Path(shared), splits):
        article = analyse(gold, nlp, stages)
        prepared.append(Prepared(gold, article, *examples_of(gold, article, lexicon, cues),
                                 sector_examples_of(gold, article, lexicon)))
    return prepared


def fit_multinomial(examples: list[tuple[dict, str]], ordered: Callable[[list], list]) -> tuple[tuple, dict, tuple]:
    """scikit-learn's multinomial logistic regression over the features seen at least MIN_FEATURE_COUNT
    times: (classes in the order ``ordered`` gives the fitted ones, {feature: {class index: weight}} of
    the weights of at least MIN_WEIGHT, biases), rounded to 4 places."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for features, _ in examples for name in features)
    kept = [{n: v for n, v in f.items() if counts[n] >= MIN_FEATURE_COUNT} for f, _ in examples]
    vectorizer = DictVectorizer()
    classifier = LogisticRegression(C=C, max_iter=3000).fit(vectorizer.fit_transform(kept), [label for _, label in examples])
    classes = ordered(list(classifier.classes_))
    order = [list(classifier.classes_).index(c) for c in classes]
    weights: dict[str, dict[int, float]] = {}
    for column, name in enumerate(vectorizer.feature_names_):
        row = {i: round(float(classifier.coef_[k, column]), 4) for i, k in enumerate(order)
               if abs(classifier.coef_[k, column]) >= MIN_WEIGHT}
        if row:
            weights[name] = row
    return tuple(classes), weights, tuple(round(float(classifier.intercept_[k]), 4) for k in order)


def fit(examples: list[tuple[dict, str]], threshold: float) -> EventModel:
    classes, weights, bias = fit_multinomial(examples, lambda found: [NONE] + [c for c in CATEGORIES if c in found])
    return EventModel(classes, weights, bias, threshold)


def fit_role(examples: list[tuple[dict, bool, bool]], role: str) -> RoleModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for features, _, _ in examples for name in features)
    kept = [{n: v for n, v in f.items() if counts[n] >= MIN_FEATURE_COUNT} for f, _, _ in examples]
    labels = [example[1 + ROLES.index(role)] for example in examples]
    vectorizer = DictVectorizer()
    classifier = LogisticRegression(C=C, max_iter=3000).fit(vectorizer.fit_transform(kept), labels)
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.feature_names_, classifier.coef_[0])
               if abs(w) >= MIN_WEIGHT}
    return RoleModel(weights, round(float(classifier.intercept_[0]), 4), ROLE_THRESHOLDS[role])


def fit_sectors(examples: list[tuple[dict, str]]) -> SectorModel:
    ordered = lambda found: [SECTOR_NONE] + sorted(c for c in found if c != SECTOR_NONE)  # noqa: E731
    return SectorModel(*fit_multinomial(examples, ordered))


def fit_all(items: list[Prepared], threshold: float) -> EventModel:
    model = fit([e for item in items for e in item.examples], threshold)
    roles = [e for item in items for e in item.role_examples]
    sectors = fit_sectors([e for item in items for e in item.sector_examples])
    return EventModel(model.classes, model.weights, model.bias, threshold,
                      {role: fit_role(roles, role) for role in ROLES}, sectors)


def score(prepared: list[Prepared], model: EventModel, scores: EventScores) -> None:
    from newsgraph.extract.events.stage import article_events

    for item in prepared:
        predicted = [scored_prediction(e) for e in article_events(item.article, model)]
        score_article(scores, [s.span for s in item.gold.sentences],
                      [[scored_gold(e) for e in s.events] for s in item.gold.sentences], predicted)


def folds_of(prepared: list[Prepared], folds: int) -> list[list[Prepared]]:
    return [prepared[k::folds] for k in range(folds)]


def cross_validate(prepared: list[Prepared], folds: int) -> dict[float, EventScores]:
    """Out-of-fold scores by article at every threshold of THRESHOLDS."""
    results = {t: EventScores() for t in THRESHOLDS}
    for k, held in enumerate(folds_of(prepared, folds)):
        rest = [item for j, part in enumerate(folds_of(prepared, folds)) if j != k for item in part]
        model = fit_all(rest, THRESHOLDS[0])
        for threshold in THRESHOLDS:
            score(held, EventModel(model.classes, model.weights, model.bias, threshold, model.roles, model.sectors),
                  results[threshold])
    return results


def model_json(model: EventModel, examples: int, splits: tuple[str, ...]) -> dict:
    return {"about": "Learned event coder (newsgraph/extract/events/model.py), made by python -m newsgraph.train.events "
                     f"from the {'+'.join(splits)} split(s) of newsgraph's event corpus; multinomial logistic "
                     f"regression, C={C}, features seen at least {MIN_FEATURE_COUNT} times, |weight| >= {MIN_WEIGHT}.",
            "examples": examples, "classes": list(model.classes), "threshold": model.threshold,
            "bias": list(model.bias),
            "roles": {role: {"threshold": r.threshold, "bias": r.bias, "weights": dict(sorted(r.weights.items()))}
                      for role, r in model.roles.items()},
            "sectors": model.sectors.as_json() if model.sectors is not None else None,
            "weights": {name: [[i, w] for i, w in sorted(row.items())] for name, row in sorted(model.weights.items())}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", required=True, help="the folder holding corpora/ (../shared)")
    parser.add_argument("--splits", default="train", help="corpus splits to train on, comma-separated")
    parser.add_argument("--folds", type=int, default=5, help="folds of the cross-validation by article")
    parser.add_argument("--out", help="write the model here (JSON); without it, only cross-validate")
    args = parser.parse_args()
    splits = tuple(args.splits.split(","))
    prepared = prepare(args.shared, splits)
    results = cross_validate(prepared, args.folds)
    top = max(results[t].found.f1 for t in THRESHOLDS)
    best = min(t for t in THRESHOLDS if results[t].found.f1 >= top - THRESHOLD_TIE)
    for threshold in THRESHOLDS:
        counts = results[threshold]
        print(f"threshold {threshold:.2f}: found F1 {counts.found.f1:.3f}  triple F1 {counts.triples.f1:.3f}"
              f"  category {counts.fields['category'].accuracy:.3f}")
    print(format_scores(results[best], f"out of fold ({args.folds} folds by article, {len(prepared)} articles), "
                                       f"threshold {best}"))
    if args.out:
        examples = [e for item in prepared for e in item.examples]
        model = fit_all(prepared, best)
        Path(args.out).write_text(json.dumps(model_json(model, len(examples), splits), separators=(",", ":")) + "\n")
        print(f"wrote {args.out}: {len(model.weights)} features, {len(examples)} examples")


if __name__ == "__main__":
    main()
