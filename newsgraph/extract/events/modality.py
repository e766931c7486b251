"""Negation and modality of an event, from the cue words of ``lexicons/modality.tsv``.

The cues are looked for along the event's *governing chain*: the trigger, then the words it hangs
from through control and complement links ("NATO plans to increase": increase -> plans), up to the
first clause boundary or the first governing noun ("the possibility of talks").  Negation is a flag;
the modality is the strongest cue found: conditional > hypothetical > intended > asserted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.lexicons import read_tsv

RANK = {"conditional": 3, "hypothetical": 2, "intended": 1, "asserted": 0}
CLIMB_DEPS = frozenset({"xcomp", "pcomp", "prep", "pobj", "dobj", "nsubj", "nsubjpass", "conj", "acomp", "attr"})
VERBAL = frozenset({"VERB", "AUX"})


@dataclass(frozen=True)
class ModalityCues:
    by_place: dict  # where -> {cue: effect}

    def effect(self, where: str, word: str):
        return self.by_place.get(where, {}).get(word)


@dataclass
class Assessment:
    modality: str = "asserted"
    negated: bool = False
    deontic: bool = False  # should / must / have to: an appeal when reported
    conditional: bool = False
    cues: list = field(default_factory=list)  # "where:cue" that applied, for the rule string

    def add(self, where: str, cue: str, effect: str) -> None:
        self.cues.append(f"{where}:{cue}")
        if effect == "negated":
            self.negated = True
            return
        if effect == "deontic":
            self.deontic = True
            effect = "hypothetical"
        self.conditional |= effect == "conditional"
        if RANK[effect] > RANK[self.modality]:
            self.modality = effect


def load_modality_cues() -> ModalityCues:
    """The cues of modality.tsv, read anew (the stages get them from ``Lexicons.modality``)."""
    by_place: dict = {}
    for _, row in read_tsv("modality.tsv"):
        cue, where, effect = row["cue"], row["where"], row["effect"]
        if effect not in RANK and effect not in ("negated", "deontic"):
            raise ValueError(f"modality.tsv: unknown effect {effect!r} for {cue!r}")
        by_place.setdefault(where, {})[cue] = effect
    return ModalityCues(by_place)


def governing_chain(token) -> list:
    """The trigger and the words it hangs from, up to a clause boundary or a governing noun."""
    chain = [token]
    current = token
    while current.dep_ in CLIMB_DEPS and current.head is not current:
        current = current.head
        chain.append(current)
        if current.pos_ in ("NOUN", "PROPN"):
            break  # a governing noun ("the possibility of") closes the chain
    return chain


def assess(token, cues: ModalityCues) -> Assessment:
    """Negation and modality of the event triggered by ``token``."""
    result = Assessment()
    chain = governing_chain(token)
    for below, word in zip([None] + chain, chain):
        if word is not token:
            check_governor(below, word, cues, result)
        if word.pos_ in VERBAL or word is token:
            check_dependents(word, cues, result)
    if result.modality in ("hypothetical",) or result.deontic:
        check_time_condition(chain, cues, result)
    if token.dep_ in ("advcl", "acl") and any(c.tag_ == "TO" for c in token.children) and not result.cues:
        result.add("purpose", "to", "intended")
    return result


def check_governor(below, word, cues: ModalityCues, result: Assessment) -> None:
    if below.dep_ == "xcomp" and (effect := cues.effect("governor", word.lemma_.lower())):
        result.add("governor", word.lemma_.lower(), effect)
    elif word.pos_ == "NOUN" and (effect := cues.effect("noun", word.lemma_.lower())):
        result.add("noun", word.lemma_.lower(), effect)


def check_dependents(word, cues: ModalityCues, result: Assessment) -> None:
    for child in word.children:
        text = child.lower_
        if child.dep_ in ("aux", "auxpass") and word.dep_ == "ccomp" and (effect := cues.effect("reported", text)):
            result.add("reported", text, effect)  # "said they would boycott": the future of reported speech
        elif child.dep_ in ("aux", "auxpass") and (effect := cues.effect("aux", text)):
            result.add("aux", text, effect)
        elif child.dep_ in ("neg", "det", "advmod") and (effect := cues.effect("neg", text)):
            if child.dep_ != "det" or word.pos_ in ("NOUN", "PROPN"):
                result.add("neg", text, effect)
        elif child.dep_ == "mark" and (effect := cues.effect("mark", text)):
            result.add("mark", text, effect)
        elif child.dep_ == "advcl":
            check_condition_clause(child, cues, result)
        elif child.dep_ == "prep":
            check_predicate(child, cues, result)


def check_condition_clause(clause, cues: ModalityCues, result: Assessment) -> None:
    for child in clause.children:
        if child.dep_ == "mark" and (effect := cues.effect("mark", child.lower_)) == "conditional":
            result.add("mark", child.lower_, effect)


def check_predicate(prep, cues: ModalityCues, result: Assessment) -> None:
    for pobj in prep.children:
        if pobj.dep_ == "pobj":
            phrase = f"{prep.lower_} {pobj.lemma_.lower()}"
            if effect := cues.effect("predicate", phrase):
                result.add("predicate", phrase, effect)


def check_time_condition(chain, cues: ModalityCues, result: Assessment) -> None:
    """"After the war, relations should be restored": a modal event conditional on a time."""
    for word in chain:
        for child in word.children:
            if child.dep_ in ("prep", "advcl", "mark") and (effect := cues.effect("after", child.lower_)):
                result.add("after", child.lower_, effect)
                return
