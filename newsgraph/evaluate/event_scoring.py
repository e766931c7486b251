"""Strict scoring of coded events against whole-article gold (our event corpus), and agreement
between two annotators with the same scorer.

**Pairing** is by the predicted event's own trigger, never by the gold trigger's words: a predicted
event pairs with an unpaired gold event of the *same sentence* whose trigger span overlaps its
trigger (the same category first when several do); a predicted event still unpaired then pairs with
an unpaired gold event of the same sentence and the same category. Everything else is a false
positive or a miss. A prediction whose trigger lies in no gold sentence is a false positive.

**Fields**, over paired events: category, source code set, target code set, modality, negation.
A code is ``"CCC SEC"``: country (or IGO, NGO, ...) and sector must both be right; uncoded actors
are left out of the set; compound actors are sets.
**Found** P/R/F1: pairs over predictions / over gold. **Triple** P/R/F1: pairs whose category,
source set and target set are all right, over predictions / over gold. The *listed* variant keeps
only events asserted and not negated on both sides (what ``newsgraph events`` lists by default),
refusals counting as asserted.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

from newsgraph.evaluate.scores import MatchCounts, ratio

Span = tuple[int, int]


def full_code(code: Optional[str], sector: Optional[str]) -> Optional[str]:
    """'RUS GOV', 'IGO', 'USA' ... ; a sector equal to its code ('MED MED') is written once."""
    parts = [p for p in (code, sector) if p]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return " ".join(parts) or None


@dataclass(frozen=True)
class ScoredEvent:
    """The fields an event is scored on, from a gold record or a predicted Event."""

    trigger: Span
    category: Optional[str]
    sources: frozenset
    targets: frozenset
    modality: str = "asserted"
    negated: bool = False

    @property
    def listed(self) -> bool:
        return self.modality == "asserted" and (not self.negated or self.category == "REJECT")


def scored_gold(event) -> ScoredEvent:
    """A ``GoldEvent`` of the corpus as a ScoredEvent."""
    codes = lambda actors: frozenset(c for c in (full_code(a.code, a.sector) for a in actors) if c)  # noqa: E731
    return ScoredEvent(event.trigger, event.category, codes(event.source), codes(event.target),
                       event.modality, event.negated)


def scored_prediction(event) -> ScoredEvent:
    """A newsgraph ``Event`` as a ScoredEvent."""
    codes = lambda actors: frozenset(c for c in (full_code(a.code, a.sector) for a in actors) if c)  # noqa: E731
    return ScoredEvent(tuple(event.trigger), event.plover, codes(event.source), codes(event.target),
                       event.modality, event.negated)


@dataclass
class SentenceEvents:
    span: Span
    gold: list[ScoredEvent]
    predicted: list[ScoredEvent] = field(default_factory=list)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def pair_sentence(gold: list[ScoredEvent], predicted: list[ScoredEvent]) -> list[tuple[ScoredEvent, ScoredEvent]]:
    """(gold, predicted) pairs of one sentence: by overlapping trigger, then by category."""
    free = list(range(len(gold)))
    pairs, unpaired = [], []
    for event in sorted(predicted, key=lambda e: e.trigger):
        hits = [i for i in free if overlaps(gold[i].trigger, event.trigger)]
        hits.sort(key=lambda i: gold[i].category != event.category)
        if hits:
            free.remove(hits[0])
            pairs.append((gold[hits[0]], event))
        else:
            unpaired.append(event)
    for event in unpaired:
        same = [i for i in free if gold[i].category == event.category]
        if same:
            free.remove(same[0])
            pairs.append((gold[same[0]], event))
    return pairs


@dataclass
class FieldCounts:
    right: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return ratio(self.right, self.total)

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1


@dataclass
class EventScores:
    found: MatchCounts = field(default_factory=MatchCounts)
    triples: MatchCounts = field(default_factory=MatchCounts)
    listed_found: MatchCounts = field(default_factory=MatchCounts)
    listed_triples: MatchCounts = field(default_factory=MatchCounts)
    fields: dict[str, FieldCounts] = field(default_factory=lambda: {
        name: FieldCounts() for name in ("category", "source", "target", "source (gold has one)",
                                         "target (gold has one)", "modality", "negated")})
    by_category: dict[str, MatchCounts] = field(default_factory=dict)  # found, per gold / predicted category
    confusions: Counter = field(default_factory=Counter)  # (gold, predicted) categories of pairs

    def add_sentence(self, gold: list[ScoredEvent], predicted: list[ScoredEvent]) -> None:
        pairs = pair_sentence(gold, predicted)
        count(self.found, self.triples, gold, predicted, pairs)
        listed_gold, listed_predicted = [g for g in gold if g.listed], [p for p in predicted if p.listed]
        count(self.listed_found, self.listed_triples, listed_gold, listed_predicted,
              pair_sentence(listed_gold, listed_predicted))
        for g, p in pairs:
            self.add_fields(g, p)
        for g in gold:
            self.by_category.setdefault(g.category, MatchCounts()).gold += 1
        for p in predicted:
            self.by_category.setdefault(p.category or "NONE", MatchCounts()).predicted += 1
        for g, p in pairs:
            self.by_category[g.category].tp += 1

    def add_fields(self, g: ScoredEvent, p: ScoredEvent) -> None:
        self.fields["category"].add(g.category == p.category)
        self.fields["source"].add(g.sources == p.sources)
        self.fields["target"].add(g.targets == p.targets)
        if g.sources:
            self.fields["source (gold has one)"].add(g.sources == p.sources)
        if g.targets:
            self.fields["target (gold has one)"].add(g.targets == p.targets)
        self.fields["modality"].add(g.modality == p.modality)
        self.fields["negated"].add(g.negated == p.negated)
        if g.category != p.category:
            self.confusions[(g.category, p.category)] += 1


def triple_right(g: ScoredEvent, p: ScoredEvent) -> bool:
    return g.category == p.category and g.sources == p.sources and g.targets == p.targets


def count(found: MatchCounts, triples: MatchCounts, gold: list, predicted: list, pairs: list) -> None:
    found.gold += len(gold)
    found.predicted += len(predicted)
    found.tp += len(pairs)
    triples.gold += len(gold)
    triples.predicted += len(predicted)
    triples.tp += sum(triple_right(g, p) for g, p in pairs)


def sentence_of(spans: Sequence[Span], position: int) -> Optional[int]:
    for index, (start, end) in enumerate(spans):
        if start <= position < end:
            return index
    return None


def score_article(scores: EventScores, sentence_spans: Sequence[Span], gold: Sequence[list[ScoredEvent]],
                  predicted: Iterable[ScoredEvent]) -> None:
    """Add one article: its gold sentences' spans and events, and every predicted event."""
    by_sentence: list[list[ScoredEvent]] = [[] for _ in sentence_spans]
    outside = []
    for event in predicted:
        index = sentence_of(sentence_spans, event.trigger[0])
        (outside if index is None else by_sentence[index]).append(event)
    for gold_events, predicted_events in zip(gold, by_sentence):
        scores.add_sentence(gold_events, predicted_events)
    if outside:
        scores.add_sentence([], outside)


def format_scores(scores: EventScores, title: str) -> str:
    def prf(counts: MatchCounts) -> str:
        return f"P {counts.precision:.3f} R {counts.recall:.3f} F1 {counts.f1:.3f} " \
               f"({counts.tp} of {counts.predicted} predicted, {counts.gold} gold)"
    lines = [title,
             f"  found          {prf(scores.found)}",
             f"  triple         {prf(scores.triples)}",
             f"  listed found   {prf(scores.listed_found)}",
             f"  listed triple  {prf(scores.listed_triples)}",
             f"  category right over all gold events {ratio(scores.fields['category'].right, scores.found.gold):.3f}",
             "  over found events:"]
    lines += [f"    {name:<22} {c.accuracy:.3f} ({c.right}/{c.total})" for name, c in scores.fields.items()]
    lines.append("  by category (found / gold, predicted):")
    for name, c in sorted(scores.by_category.items(), key=lambda kv: -kv[1].gold):
        lines.append(f"    {name:<10} {c.tp:>4} / {c.gold:<4} predicted {c.predicted}")
    if scores.confusions:
        lines.append("  category confusions (gold -> predicted): " + ", ".join(
            f"{g}->{p} {n}" for (g, p), n in scores.confusions.most_common(10)))
    return "\n".join(lines)


# ---- agreement between two annotators ------------------------------------------------------------

def agreement_report(pairs: list) -> str:
    """Agreement of a second annotator with the first, on the articles both labelled (``pairs`` of
    GoldArticle): sentence kinds, then every event field with the strict scorer (first = gold)."""
    kinds, scores = FieldCounts(), EventScores()
    sentences = 0
    for first, second in pairs:
        for a, b in zip(first.sentences, second.sentences):
            kinds.add(a.kind == b.kind)
            sentences += 1
        score_article(scores, [s.span for s in first.sentences],
                      [[scored_gold(e) for e in s.events] for s in first.sentences],
                      [scored_gold(e) for s in second.sentences for e in s.events])
    head = f"Agreement on {len(pairs)} articles, {sentences} sentences\n  sentence kind  {kinds.accuracy:.3f}"
    return head + "\n" + format_scores(scores, "  events (second annotator scored against the first):")
