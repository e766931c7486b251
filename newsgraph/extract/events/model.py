"""The learned event coder: which words of a parse are events, and of which PLOVER category.

**Candidates** are every verb, every noun the event lexicon knows, every trigger of the rule coder
(``events.rule_events``) and every speech cue of the quote stage: a statement is an event when its
words criticise, praise, refuse, threaten or call on someone, and the model reads those words.

**Features** are symbolic and read off the parse and the earlier stages (no vectors, so any English
spaCy pipeline with a tagger, parser and lemmatizer can use them): the word's lemma, its relation
and part of speech, its head, its dependents (object, particle, prepositions, infinitive and clause
complements, negation, modal auxiliaries), its subject's kind, the rule coder's category and CAMEO
root at this word and what the lexicon says of the lemma, and, for a speech cue, the content words
of its quotation.

**The model** is a multinomial logistic regression over NONE and the 16 PLOVER categories, trained
on the train split of our event corpus by ``python -m newsgraph.train.events`` (see there). Its
weights live in ``lexicons/events_model.json``: each feature with its weight per category, pruned of
features seen fewer than twice in training and of near-zero weights.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

from newsgraph.extract.actors.sectors import SectorModel
from newsgraph.extract.linear import class_probabilities

NONE = "NONE"
MODEL_FILE = "events_model.json"
CHILD_RELATIONS = ("dobj", "prt", "xcomp", "ccomp", "dative", "attr", "acomp", "oprd")
MODAL_WORDS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must", "'ll", "wo", "shall"})
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV", "PROPN"})
MAX_QUOTE_WORDS = 40  # content words of a quotation read as features


@dataclass(frozen=True)
class EventModel:
    classes: tuple[str, ...]  # NONE first, then the categories
    weights: dict[str, dict[int, float]]  # feature -> {class index: weight}
    bias: tuple[float, ...]
    threshold: float  # the best category's probability from which a candidate is an event
    roles: dict = field(default_factory=dict)  # "source" / "target" -> event_roles.RoleModel
    sectors: Optional["SectorModel"] = None  # actors/sectors.py: the sector of each event actor, decided again

    def probabilities(self, features: dict[str, float]) -> list[float]:
        return class_probabilities(self.bias, self.weights, features)

    def decide(self, features: dict[str, float]) -> tuple[str, float]:
        """The best category other than NONE with its probability, or NONE with its own."""
        probabilities = self.probabilities(features)
        best = max(range(1, len(self.classes)), key=probabilities.__getitem__)
        if probabilities[best] >= self.threshold:
            return self.classes[best], probabilities[best]
        return NONE, probabilities[0]

    @classmethod
    def from_json(cls, data: dict) -> "EventModel":
        from newsgraph.extract.events.roles import RoleModel

        weights = {name: {int(i): w for i, w in pairs} for name, pairs in data["weights"].items()}
        roles = {role: RoleModel(r["weights"], r["bias"], r["threshold"]) for role, r in data.get("roles", {}).items()}
        sectors = SectorModel.from_json(data["sectors"]) if data.get("sectors") else None
        return cls(tuple(data["classes"]), weights, tuple(data["bias"]), data["threshold"], roles, sectors)


@lru_cache(maxsize=1)
def shipped_event_model() -> Optional[EventModel]:
    """The model shipped in the package, or None when it has not been built."""
    resource = resources.files("newsgraph.lexicons").joinpath(MODEL_FILE)
    if not resource.is_file():
        return None
    return EventModel.from_json(json.loads(resource.read_text(encoding="utf-8")))


def event_model_named(name: str) -> Optional[EventModel]:
    """'shipped' (the package's model, None when not built), 'rules' (None: the rule coder alone) or
    the path of a model JSON file."""
    if name == "shipped":
        return shipped_event_model()
    if name == "rules":
        return None
    with open(name, encoding="utf-8") as file:
        return EventModel.from_json(json.load(file))


def prior_features(token, lexicon) -> dict[str, float]:
    """What the PETRARCH verb patterns say of this verb (``lexicon.verb_priors``): its categories bare,
    with its particle, with its object."""
    rows = lexicon.verb_priors.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
    if not rows:
        return {}
    particles = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep")}
    objects = {c.lemma_.lower() for c in token.children if c.dep_ in ("dobj", "attr")}
    objects |= {g.lemma_.lower() for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"}
    features = {"prior-known": 1.0}
    for particle, obj, category in rows:
        if not particle and not obj:
            features[f"prior={category}"] = 1.0
        elif obj and obj in objects:
            features[f"prior-object={category}"] = 1.0
        elif particle and not obj and particle in particles:
            features[f"prior-particle={category}"] = 1.0
    return features


def valence_features(tokens, prefix: str, lexicon) -> dict[str, float]:
    """Negative and positive weight of the words (VADER valences, ``lexicon.valences``), and whether a
    negation is among them."""
    table = lexicon.valences
    scores = [table.get(t.lower_, 0.0) for t in tokens]
    negative, positive = -sum(v for v in scores if v < 0), sum(v for v in scores if v > 0)
    features = {}
    if negative:
        features[f"{prefix}negative"] = min(3.0, negative / 2)
    if positive:
        features[f"{prefix}positive"] = min(3.0, positive / 2)
    return features


# ---- candidates and their features ----------------------------------------------------------------

def candidate_tokens(doc, lexicon, rule_triggers: dict, cues: dict) -> list:
    """Verbs, lexicon nouns, rule-coder triggers and speech cues, in text order."""
    return [token for token in doc
            if token.pos_ == "VERB" or token.i in rule_triggers or token.i in cues
            or (token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in lexicon.nouns)]


def subject_kind(token) -> str:
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if not subjects:
        return "none"
    subject = subjects[0]
    if subject.pos_ == "PRON":
        return "pron"
    if subject.ent_type_:
        return f"ent:{subject.ent_type_}"
    return f"noun:{subject.lemma_.lower()}"


def word_features(token, prefix: str = "") -> dict[str, float]:
    lemma = token.lemma_.lower()
    features = {f"{prefix}lemma={lemma}": 1.0, f"{prefix}pos={token.pos_}": 1.0, f"{prefix}dep={token.dep_}": 1.0,
                f"{prefix}lemma+dep={lemma}|{token.dep_}": 1.0}
    return features


def dependent_features(token) -> dict[str, float]:
    features: dict[str, float] = {}
    for child in token.children:
        lemma = child.lemma_.lower()
        if child.dep_ in CHILD_RELATIONS:
            features[f"{child.dep_}={lemma}"] = 1.0
            features[f"has:{child.dep_}"] = 1.0
        elif child.dep_ == "prep":
            features[f"prep={lemma}"] = 1.0
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                features[f"prep:{lemma}={pobj.lemma_.lower()}"] = 1.0
                if pobj.ent_type_:
                    features[f"prep:{lemma}=ent"] = 1.0
        elif child.dep_ == "neg":
            features["negated"] = 1.0
        elif child.dep_ in ("aux", "auxpass") and child.lower_ in MODAL_WORDS:
            features[f"modal={child.lower_}"] = 1.0
        elif child.dep_ == "agent":
            features["passive-agent"] = 1.0
    return features


def head_features(token) -> dict[str, float]:
    head = token.head
    if head.i == token.i:
        return {"root": 1.0}
    lemma = head.lemma_.lower()
    return {f"head={lemma}": 1.0, f"head+dep={lemma}|{token.dep_}": 1.0, f"headpos={head.pos_}": 1.0}


def quote_features(quote, doc, lexicon) -> dict[str, float]:
    """A speech cue's quotation: its kind and the lemmas of its content words."""
    features = {"cue": 1.0, f"quote={quote.kind}": 1.0}
    start, end = quote.span
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return features
    features.update(valence_features(span, "q:", lexicon))
    words = [t for t in span if t.pos_ in CONTENT_POS and not t.is_stop][:MAX_QUOTE_WORDS]
    weight = 1.0 / math.sqrt(len(words)) if words else 0.0
    for word in words:
        features[f"q={word.lemma_.lower()}"] = weight
    if any(t.dep_ == "neg" for t in span):
        features["q:negated"] = 1.0
    return features


def candidate_features(token, lexicon, rule_event=None, quote=None, in_quote: bool = False) -> dict[str, float]:
    """Everything the model reads about one candidate word."""
    features = {"bias-candidate": 1.0}
    features.update(word_features(token))
    features.update(head_features(token))
    features.update(dependent_features(token))
    features[f"subject={subject_kind(token)}"] = 1.0
    features[f"tag={token.tag_}"] = 1.0
    lemma = token.lemma_.lower()
    entries = lexicon.verbs.get(lemma) if token.pos_ == "VERB" else lexicon.nouns.get(lemma)
    if entries:
        features[f"lexicon-root={entries[0].cameo[:2]}"] = 1.0
    features.update(prior_features(token, lexicon))
    features.update(valence_features(token.subtree if token.pos_ == "VERB" else [token], "clause:", lexicon))
    if rule_event is not None:
        features[f"rule={rule_event.plover}"] = 1.0
        features[f"rule-root={rule_event.root}"] = 1.0
        features[f"rule-sides={bool(rule_event.source)}|{bool(rule_event.target)}"] = 1.0
    if quote is not None:
        features.update(quote_features(quote, token.doc, lexicon))
    if in_quote:
        features["inside-quote"] = 1.0
    return features
