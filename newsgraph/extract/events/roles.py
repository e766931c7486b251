"""Which phrase of a sentence is an event's source and which its target: a learned choice.

**Candidates** are the heads of the sentence's noun phrases and pronouns that name an actor (the
resolver gives them an ``ActorRef``). **Features** of a (trigger, candidate) pair: the dependency path
between them (``up:nsubj``, ``up:pobj|up:prep``, ...), the candidate's relation, side (before or after
the trigger) and distance, its kind (pronoun, entity type, coded or not), whether it speaks the
quotation the trigger cues or stands in its content, whether the rule coder chose it, each with
the event's category. Two logistic models (source, target), trained with the event model by
``python -m newsgraph.train.events``; their weights live in the same file under ``roles``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

NOMINAL_HEADS = frozenset({"NOUN", "PROPN", "PRON"})
MAX_PATH = 4
MAX_ACTORS_PER_SIDE = 3
ROLES = ("source", "target")


@dataclass(frozen=True)
class RoleModel:
    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: dict[str, float]) -> float:
        score = self.bias + sum(self.weights.get(n, 0.0) * v for n, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


class ActorCache:
    """The resolver's actors of each word and the actor phrases of each sentence, computed once per
    article (an article's events ask for the same words again and again)."""

    def __init__(self, resolver):
        self.resolver = resolver
        self.by_token: dict[int, list] = {}
        self.by_sentence: dict[int, list] = {}
        self.paths: dict[int, list] = {}

    def actors_of(self, token) -> list:
        if token.i not in self.by_token:
            self.by_token[token.i] = self.resolver.actors_of(token)
        return self.by_token[token.i]

    def phrases_in(self, sentence) -> list:
        if sentence.start not in self.by_sentence:
            self.by_sentence[sentence.start] = [t for t in sentence if t.pos_ in NOMINAL_HEADS and t.dep_ != "compound"
                                                and self.actors_of(t)]
        return self.by_sentence[sentence.start]

    def ancestors(self, token) -> list:
        if token.i not in self.paths:
            chain = [token]
            while chain[-1].head.i != chain[-1].i and len(chain) < 30:
                chain.append(chain[-1].head)
            self.paths[token.i] = chain
        return self.paths[token.i]


def role_candidates(trigger, cache: ActorCache) -> list:
    """Heads of actor phrases in the trigger's sentence (not the trigger itself)."""
    return [t for t in cache.phrases_in(trigger.sent) if t.i != trigger.i]


def dependency_path(trigger, candidate, cache: Optional[ActorCache] = None) -> str:
    """'up:nsubj' (the candidate is the trigger's subject), 'up:pobj|up:prep', 'down:ccomp|up:nsubj', ..."""
    ancestors = cache.ancestors if cache is not None else ActorCache(None).ancestors
    up, down = ancestors(candidate), ancestors(trigger)
    down_at = {t.i: n for n, t in enumerate(down)}
    common_at = next((n for n, t in enumerate(up) if t.i in down_at), None)
    if common_at is None:
        return "none"
    steps = [f"up:{t.dep_}" for t in up[:common_at]]
    steps += [f"down:{t.dep_}" for t in reversed(down[:down_at[up[common_at].i]])]
    return "|".join(steps) if len(steps) <= MAX_PATH else "far"


def role_features(trigger, candidate, category: str, cache: ActorCache, quote=None, rule_event=None) -> dict[str, float]:
    path = dependency_path(trigger, candidate, cache)
    actors = cache.actors_of(candidate)
    kind = "pron" if candidate.pos_ == "PRON" else (f"ent:{candidate.ent_type_}" if candidate.ent_type_ else "noun")
    distance = abs(candidate.i - trigger.i)
    features = {"bias-role": 1.0, f"path={path}": 1.0, f"path+cat={path}|{category}": 1.0,
                f"dep={candidate.dep_}": 1.0, f"side={'before' if candidate.i < trigger.i else 'after'}": 1.0,
                f"side+cat={'before' if candidate.i < trigger.i else 'after'}|{category}": 1.0,
                f"distance={min(6, int(math.log2(distance + 1)))}": 1.0, f"kind={kind}": 1.0,
                f"coded={any(a.code for a in actors)}": 1.0,
                f"trigger={trigger.lemma_.lower()}": 1.0}
    if quote is not None:
        start, end = quote.span
        if quote.speaker.span is not None and quote.speaker.span[0] <= candidate.idx < quote.speaker.span[1]:
            features["speaker"] = 1.0
            features[f"speaker+cat={category}"] = 1.0
        if start <= candidate.idx < end:
            features["in-content"] = 1.0
            features[f"in-content+cat={category}"] = 1.0
            features[f"in-content+dep={candidate.dep_}"] = 1.0
    if rule_event is not None:
        for role in ROLES:
            if any(a.name and candidate.text in a.name for a in getattr(rule_event, role)):
                features[f"rule-{role}"] = 1.0
    return features


def choose_actors(trigger, category: str, cache: ActorCache, models: dict[str, RoleModel], quote=None,
                  rule_event=None) -> Optional[dict[str, list]]:
    """{'source': [ActorRef], 'target': [ActorRef]}: each candidate goes to the role it is likelier for,
    when that likelihood passes the role's threshold; at most MAX_ACTORS_PER_SIDE per side."""
    chosen: dict[str, list] = {role: [] for role in ROLES}
    for candidate in role_candidates(trigger, cache):
        features = role_features(trigger, candidate, category, cache, quote, rule_event)
        scores = {role: models[role].probability(features) for role in ROLES}
        role = max(ROLES, key=scores.__getitem__)
        if scores[role] >= models[role].threshold:
            chosen[role].append((scores[role], candidate))
    found = {}
    for role in ROLES:
        actors = []
        for _, candidate in sorted(chosen[role], key=lambda pair: -pair[0])[:MAX_ACTORS_PER_SIDE]:
            for actor in cache.actors_of(candidate):
                if all((actor.entity, actor.name) != (a.entity, a.name) for a in actors):
                    actors.append(actor)
        found[role] = actors
    return found
