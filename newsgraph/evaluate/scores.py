"""Counts shared by the scorers: true positives over predictions and over gold."""
from __future__ import annotations

from dataclasses import dataclass


def ratio(part: int, whole: int) -> float:
    """``part / whole``, 0.0 when there is nothing to divide by."""
    return part / whole if whole else 0.0


@dataclass
class MatchCounts:
    """True positives, predictions and gold items of one kind; precision, recall and F1 from them."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
