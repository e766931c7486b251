"""Scoring of the shipped multinomial linear models (the event coder, the actors' sector model):
weights are stored sparse, ``{feature: {class index: weight}}``, beside one bias per class."""
from __future__ import annotations

import math


def class_probabilities(bias: tuple[float, ...], weights: dict[str, dict[int, float]],
                        features: dict[str, float]) -> list[float]:
    """The softmax of bias + weights · features, one probability per class, in the model's class order."""
    scores = list(bias)
    for name, value in features.items():
        for index, weight in weights.get(name, {}).items():
            scores[index] += weight * value
    top = max(scores)
    exps = [math.exp(score - top) for score in scores]
    total = sum(exps)
    return [e / total for e in exps]
