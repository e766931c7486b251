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


def role_candidates(trigger, resolver) -> list:
    """Heads of actor phrases in the trigger's sentence (not the trigger itself)."""
    return [t for t in trigger.sent if t.pos_ in NOMINAL_HEADS and t.dep_ != "compound" and t.i != trigger.i
            and resolver.actors_of(t)]


def ancestors_path(token) -> list:
    chain = [token]
    while chain[-1].head is not chain[-1] and len(chain) < 30:
        chain.append(chain[-1].head)
    return chain


def dependency_path(trigger, candidate) -> str:
    """'up:nsubj' (the candidate is the trigger's subject), 'up:pobj|up:prep', 'down:ccomp|up:nsubj', ..."""
    up, down = ancestors_path(candidate), ancestors_path(trigger)
    common = next((t for t in up if t in down), None)
    if common is None:
        return "none"
    steps = [f"up:{t.dep_}" for t in up[:up.index(common)]]
    steps += [f"down:{t.dep_}" for t in reversed(down[:down.index(common)])]
    return "|".join(steps) if len(steps) <= MAX_PATH else "far"


def role_features(trigger, candidate, category: str, resolver, quote=None, rule_event=None) -> dict[str, float]:
    path = dependency_path(trigger, candidate)
    actors = resolver.actors_of(candidate)
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


def choose_actors(trigger, category: str, resolver, models: dict[str, RoleModel], quote=None,
                  rule_event=None) -> Optional[dict[str, list]]:
    """{'source': [ActorRef], 'target': [ActorRef]}: each candidate goes to the role it is likelier for,
    when that likelihood passes the role's threshold; at most MAX_ACTORS_PER_SIDE per side."""
    chosen: dict[str, list] = {role: [] for role in ROLES}
    for candidate in role_candidates(trigger, resolver):
        features = role_features(trigger, candidate, category, resolver, quote, rule_event)
        scores = {role: models[role].probability(features) for role in ROLES}
        role = max(ROLES, key=scores.__getitem__)
        if scores[role] >= models[role].threshold:
            chosen[role].append((scores[role], candidate))
    found = {}
    for role in ROLES:
        actors = []
        for _, candidate in sorted(chosen[role], key=lambda pair: -pair[0])[:MAX_ACTORS_PER_SIDE]:
            for actor in resolver.actors_of(candidate):
                if all((actor.entity, actor.name) != (a.entity, a.name) for a in actors):
                    actors.append(actor)
        found[role] = actors
    return found
