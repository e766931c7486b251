"""A learned second look at an event actor's sector.

The actor lexicons and the entity rules give each actor a country and a sector; where the text's
usage differs from the lexicon's default the sector is often wrong: a capital standing for its
country ("Moscow said") carries no sector in PLOVER, party members acting in Congress are ``LEG``,
a former official is ``ELI``. ``SectorModel`` decides the sector again from what the actor record
and its entity say (the sector and code it has, the rule that coded it, the entity type, the words
of its name and role); the country stays as coded. A multinomial logistic model over these symbolic
features, one class per sector plus ``NONE``, trained with the event model
(``python -m newsgraph.train.events``) on the gold actors of our event corpus's train split and
shipped in the same file under ``sectors``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from newsgraph.extract.linear import class_probabilities
from newsgraph.model import ActorRef, Entity

NONE = "NONE"
NON_STATE_CODES = frozenset({"IGO", "NGO", "MNC", "IMG", "UAF"})
MIN_CONFIDENCE = 0.5  # out of fold on train, 0.0-0.6 code actors equally well (0.624-0.630); 0.5 changes half as many
WORD = re.compile(r"[a-z][a-z.\-]*")


@dataclass(frozen=True)
class SectorModel:
    classes: tuple[str, ...]  # NONE first, then sectors
    weights: dict[str, dict[int, float]]  # feature -> {class index: weight}
    bias: tuple[float, ...]

    def probabilities(self, features: dict[str, float]) -> dict[Optional[str], float]:
        """Each sector's probability (None for NONE)."""
        probabilities = class_probabilities(self.bias, self.weights, features)
        return {(None if c == NONE else c): p for c, p in zip(self.classes, probabilities)}

    def as_json(self) -> dict:
        return {"classes": list(self.classes), "bias": list(self.bias),
                "weights": {name: [[i, w] for i, w in sorted(row.items())] for name, row in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict) -> "SectorModel":
        weights = {name: {int(i): w for i, w in pairs} for name, pairs in data["weights"].items()}
        return cls(tuple(data["classes"]), weights, tuple(data["bias"]))


def code_form(code: Optional[str]) -> str:
    if not code:
        return "none"
    return code.lower() if code in NON_STATE_CODES else "state"


def rule_kind(entity: Optional[Entity]) -> str:
    """The source of the entity's code without the entry ('countries.tsv', 'person-title', ...)."""
    if entity is None:
        return "phrase"
    return re.split(r"[:|+]", entity.rule or "none", maxsplit=1)[0] or "none"


def sector_features(actor: ActorRef, entity: Optional[Entity]) -> dict[str, float]:
    sector, kind = actor.sector or "none", rule_kind(entity)
    words = WORD.findall((actor.name or "").lower())
    features = {"bias-sector": 1.0, f"sector={sector}": 1.0, f"code={code_form(actor.code)}": 1.0,
                f"rule={kind}": 1.0, f"rule+sector={kind}|{sector}": 1.0,
                f"type={entity.type if entity else 'none'}": 1.0,
                f"type+sector={entity.type if entity else 'none'}|{sector}": 1.0}
    for word in words:
        features[f"word={word}"] = 1.0
    if words:
        features[f"last={words[-1]}"] = 1.0
        features[f"plural={words[-1].endswith('s')}"] = 1.0
    if entity is not None:
        for word in WORD.findall((entity.role or "").lower()):
            features[f"role={word}"] = 1.0
        features[f"has-role={bool(entity.role)}"] = 1.0
        features[f"affiliated={bool(entity.affiliation)}"] = 1.0
    return features


def with_learned_sector(actor: ActorRef, entity: Optional[Entity], model: Optional[SectorModel],
                        confidence: float = MIN_CONFIDENCE) -> ActorRef:
    """``actor`` with the sector ``model`` finds likeliest when its probability reaches ``confidence``
    (unchanged without a model or without a code)."""
    if model is None or not actor.code:
        return actor
    probabilities = model.probabilities(sector_features(actor, entity))
    sector = max(probabilities, key=probabilities.__getitem__)
    if sector == actor.sector or probabilities[sector] < confidence:
        return actor
    return replace(actor, sector=sector)
