"""Event coding scored on the PLOVER gold standard records (``PLOVER_GSR_CAMEO.*.json``).

Each gold record is one sentence (``text``) with one hand-coded event: its PLOVER category
(``event``, PLOVER 0.5), trigger words (``eventText``) and source / target actors (``code``, ``sector``).
The ``DOCUMENT`` record is skipped. Every distinct sentence is analysed as its own ``Article``
(stages entities, quotes, events); two records of one sentence share that analysis.

Gold categories of PLOVER 0.5 are mapped to the current ones: DEMAND -> REQUEST,
DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT.

**The chosen event** of a gold event is one predicted event of its sentence: among the events whose
trigger word is one of the gold ``eventText`` words (case-folded), else among all events of the
sentence, the one highest in the dependency tree (fewest ancestors: the governing act), then the
first in the text. No event in the sentence: nothing is chosen.

**Category accuracy**: gold events whose chosen event has the gold category (``Event.plover``),
over all gold events.

**Source / target code accuracy**: the *set* of actor codes of the chosen event's source (target)
equals the set of gold codes, over gold events with a source (target). A compound actor is a set:
gold ``ISR`` + ``PSE`` wants exactly {ISR, PSE}; actors without a code are left out of the set; a
repeated code counts once. No chosen event: wrong.

**Triples**: per sentence, gold triples are (source code, target code, category) for every source
code x every target code of every gold event of the sentence (a missing side is ``None``);
predicted triples are the same product over every predicted event that has a PLOVER category and
asserts that something happened or will happen (not negated, or negated by a refusal, which PLOVER
codes REJECT) and has a coded source (an event record without a source actor is no PLOVER event;
PETRARCH and GDELT drop those too). Precision, recall and F1 are micro-averaged over the sets of all sentences.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from newsgraph.evaluate.scores import MatchCounts
from newsgraph.model import Article, Event

OLD_CATEGORIES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
EVALUATED_STAGES = ("sentence_kinds", "entities", "quotes", "events")
NONE = "NONE"  # the predicted category when no event was chosen
EXAMPLES_PER_ERROR = 3
MODEL_SHIPPED = "shipped"
TRIGGER_SKIP = frozenset({"will", "would", "could", "may", "might", "should", "must", "to", "not", "has", "have",
                          "had", "be", "been", "was", "were", "is", "are", "the", "a", "an", "of"})

Triple = tuple[Optional[str], Optional[str], str]


@dataclass(frozen=True)
class GoldEvent:
    id: str
    text: str
    category: str  # mapped to current PLOVER
    original: str  # the category as written in the file
    event_text: str
    sources: frozenset
    targets: frozenset

    def triples(self) -> set[Triple]:
        return {(s, t, self.category) for s in self.sources or [None] for t in self.targets or [None]}


@dataclass(frozen=True)
class Scored:
    """One gold event and what newsgraph made of its sentence."""

    gold: GoldEvent
    chosen: Optional[Event]
    predicted_category: str
    source_codes: frozenset
    target_codes: frozenset

    @property
    def category_ok(self) -> bool:
        return self.predicted_category == self.gold.category

    @property
    def source_ok(self) -> bool:
        return self.source_codes == self.gold.sources

    @property
    def target_ok(self) -> bool:
        return self.target_codes == self.gold.targets


@dataclass
class PloverReport:
    scored: list[Scored] = field(default_factory=list)
    triples: MatchCounts = field(default_factory=MatchCounts)  # (source code, target code, category)
    sentences: int = 0
    examples: dict = field(default_factory=dict)  # gold id -> the sentence's predicted triples

    def accuracy(self, attribute: str, wanted=lambda s: True) -> float:
        pool = [s for s in self.scored if wanted(s)]
        return sum(getattr(s, attribute) for s in pool) / len(pool) if pool else 0.0

    @property
    def category_accuracy(self) -> float:
        return self.accuracy("category_ok")

    @property
    def source_accuracy(self) -> float:
        return self.accuracy("source_ok", lambda s: bool(s.gold.sources))

    @property
    def target_accuracy(self) -> float:
        return self.accuracy("target_ok", lambda s: bool(s.gold.targets))

    @property
    def precision(self) -> float:
        return self.triples.precision

    @property
    def recall(self) -> float:
        return self.triples.recall

    @property
    def f1(self) -> float:
        return self.triples.f1

    def confusions(self) -> Counter:
        return Counter((s.gold.category, s.predicted_category) for s in self.scored if not s.category_ok)


# ---- gold ------------------------------------------------------------------------------------

def actor_codes(actors) -> frozenset:
    if not isinstance(actors, list):
        return frozenset()
    return frozenset(a["code"].strip() for a in actors if isinstance(a, dict) and (a.get("code") or "").strip())


def gold_records(path: str) -> list[dict]:
    """The records of a PLOVER gold file that code an event in a sentence (the DOCUMENT record skipped)."""
    with open(path, encoding="utf-8") as handle:
        records = json.load(handle)
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


def gold_event(record: dict, codes=None) -> GoldEvent:
    """One record as a GoldEvent (category mapped to current PLOVER; codes by ``codes``, default
    ``actor_codes``)."""
    codes = codes or actor_codes
    return GoldEvent(record["id"], record["text"].strip(), OLD_CATEGORIES.get(record["event"], record["event"]),
                     record["event"], record.get("eventText", ""), codes(record.get("source")),
                     codes(record.get("target")))


def read_gold(path: str) -> list[GoldEvent]:
    return [gold_event(record) for record in gold_records(path)]


# ---- running newsgraph -----------------------------------------------------------------------

def analyse_sentences(texts: list[str], event_model=MODEL_SHIPPED,
                      lexicons=None) -> dict[str, tuple[Article, dict[int, int]]]:
    """Each text as its own article through the evaluated stages, its events coded with ``event_model``
    (the shipped one by default; None: the rule coder alone) and ``lexicons`` (None: the built-in
    ones); with the depth in the parse of every event trigger (keyed by the trigger's start offset)."""
    from newsgraph.extract.events.model import shipped_event_model
    from newsgraph.extract.events.stage import article_events
    from newsgraph.pipeline import apply_stages, load_nlp, ordered_stages
    from newsgraph.settings import Settings

    model = shipped_event_model() if event_model is MODEL_SHIPPED else event_model
    nlp = load_nlp(Settings().model)
    stages = ordered_stages(tuple(s for s in EVALUATED_STAGES if s != "events"))
    analysed = {}
    for text, doc in zip(texts, nlp.pipe(texts)):
        article = Article(text=text, origin="plover-gsr")
        article.doc = doc
        result = apply_stages(article, stages, lexicons)
        if not isinstance(result, Article):
            raise RuntimeError(f"newsgraph failed on a gold sentence: {result.reason}")
        result.events = article_events(result, model, lexicons)
        depths = {token.idx: sum(1 for _ in token.ancestors) for token in doc}
        result.doc = None
        analysed[text] = (result, depths)
    return analysed


def words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


def choose_event(gold: GoldEvent, events: list[Event], depths: dict[int, int]) -> Optional[Event]:
    if not events:
        return None
    wanted = words(gold.event_text)
    overlapping = [e for e in events if words(e.text) & wanted]
    pool = overlapping or events
    return min(pool, key=lambda e: (depths.get(e.trigger[0], 99), e.trigger[0]))


def codes_of(actors) -> frozenset:
    return frozenset(a.code for a in actors if a.code)


def counts_as_triple(event: Event) -> bool:
    return event.plover is not None and (not event.negated or event.plover == "REJECT")


def event_triples(event: Event) -> set[Triple]:
    if not counts_as_triple(event) or not codes_of(event.source):
        return set()
    return {(s, t, event.plover) for s in codes_of(event.source) for t in codes_of(event.target) or [None]}


# ---- scoring ---------------------------------------------------------------------------------

def evaluate_plover(path: str, limit: int | None = None, event_model=MODEL_SHIPPED, lexicons=None) -> PloverReport:
    """Score the events stage on a PLOVER gold file (the first ``limit`` gold events when given)."""
    gold = read_gold(path)[:limit] if limit else read_gold(path)
    texts = list(dict.fromkeys(g.text for g in gold))
    analysed = analyse_sentences(texts, event_model, lexicons)
    report = PloverReport(sentences=len(texts))
    for gold_event in gold:
        article, depths = analysed[gold_event.text]
        chosen = choose_event(gold_event, article.events, depths)
        report.scored.append(Scored(gold_event, chosen, (chosen.plover or "-") if chosen else NONE,
                                    codes_of(chosen.source) if chosen else frozenset(),
                                    codes_of(chosen.target) if chosen else frozenset()))
    for text in texts:
        article, _ = analysed[text]
        gold_set = set().union(*(g.triples() for g in gold if g.text == text))
        predicted = set().union(*(event_triples(e) for e in article.events))
        report.triples.gold += len(gold_set)
        report.triples.predicted += len(predicted)
        report.triples.tp += len(gold_set & predicted)
        for g in gold:
            if g.text == text:
                report.examples[g.id] = sorted(predicted, key=str)
    return report


# ---- strict scoring ---------------------------------------------------------------------------

def gold_trigger(gold: GoldEvent) -> Optional[tuple[int, int]]:
    """The span of the first word of ``eventText`` that is no auxiliary or function word, in the sentence."""
    for word in re.findall(r"\w+", gold.event_text):
        if word.casefold() in TRIGGER_SKIP:
            continue
        match = re.search(rf"\b{re.escape(word)}", gold.text, flags=re.IGNORECASE)
        if match:
            return match.start(), match.start() + len(word)
    return None


def full_codes_of(actors) -> frozenset:
    from newsgraph.evaluate.event_scoring import full_code

    if not isinstance(actors, list):
        return frozenset()
    return frozenset(c for c in (full_code((a.get("code") or "").strip() or None, (a.get("sector") or "").strip() or None)
                                 for a in actors if isinstance(a, dict)) if c)


def read_strict_gold(path: str) -> list[tuple[str, object]]:
    """(sentence, ScoredEvent) of each gold record: trigger from ``eventText``, codes with their sectors."""
    from newsgraph.evaluate.event_scoring import ScoredEvent

    found = []
    for gold in (gold_event(record, full_codes_of) for record in gold_records(path)):
        trigger = gold_trigger(gold) or (0, 0)
        found.append((gold.text, ScoredEvent(trigger, gold.category, gold.sources, gold.targets)))
    return found


def evaluate_plover_strict(path: str, limit: int | None = None, event_model=MODEL_SHIPPED, lexicons=None):
    """The corpus scorer on PLOVER sentences: every predicted event counts, paired with the gold event
    of its sentence by its own trigger, then by category; codes are country and sector."""
    from newsgraph.evaluate.event_scoring import EventScores, score_article, scored_prediction

    gold = read_strict_gold(path)
    gold = gold[:limit] if limit else gold
    texts = list(dict.fromkeys(text for text, _ in gold))
    analysed = analyse_sentences(texts, event_model, lexicons)
    scores = EventScores()
    for text in texts:
        article, _ = analysed[text]
        score_article(scores, [(0, len(text))], [[event for t, event in gold if t == text]],
                      [scored_prediction(e) for e in article.events])
    return scores


# ---- report ----------------------------------------------------------------------------------

def show_codes(codes: frozenset) -> str:
    return "+".join(sorted(codes)) or "-"


def describe(scored: Scored) -> str:
    chosen = scored.chosen
    found = f'"{chosen.text}" {chosen.cameo} {chosen.plover} ({chosen.rule})' if chosen else "no event"
    return (f"  {scored.gold.id}: {scored.gold.text[:110]}\n"
            f"      gold {scored.gold.category} [{scored.gold.event_text}] "
            f"{show_codes(scored.gold.sources)} -> {show_codes(scored.gold.targets)}\n"
            f"      got  {found} {show_codes(scored.source_codes)} -> {show_codes(scored.target_codes)}")


def format_report(report: PloverReport, confusions: int = 10) -> str:
    lines = [
        f"PLOVER gold: {len(report.scored)} gold events in {report.sentences} sentences",
        f"category accuracy      {report.category_accuracy:.3f}",
        f"source code accuracy   {report.source_accuracy:.3f}",
        f"target code accuracy   {report.target_accuracy:.3f}",
        f"triples                P {report.precision:.3f}  R {report.recall:.3f}  F1 {report.f1:.3f}  "
        f"({report.triples.tp} right of {report.triples.predicted} predicted, {report.triples.gold} gold)",
        "",
        "per gold category (right / gold):",
    ]
    by_category = Counter(s.gold.category for s in report.scored)
    right = Counter(s.gold.category for s in report.scored if s.category_ok)
    lines += [f"  {c:<10} {right[c]:>3} / {n:<3}" for c, n in by_category.most_common()]
    lines += ["", "worst confusions (gold -> predicted):"]
    for (gold, predicted), n in report.confusions().most_common(confusions):
        lines.append(f" {n:>3}  {gold} -> {predicted}")
        examples = [s for s in report.scored if (s.gold.category, s.predicted_category) == (gold, predicted)]
        lines += [describe(s) for s in examples[:EXAMPLES_PER_ERROR]]
    missed = Counter(s.gold.category for s in report.scored if s.chosen is None)
    lines += ["", "missed (no event in the sentence): " +
              (", ".join(f"{c} {n}" for c, n in missed.most_common()) or "none")]
    actor_errors = [s for s in report.scored if s.chosen and s.category_ok and not (s.source_ok and s.target_ok)]
    lines += ["", f"actor code errors on events of the right category ({len(actor_errors)}):"]
    lines += [describe(s) for s in actor_errors[: 2 * confusions]]
    return "\n".join(lines)
