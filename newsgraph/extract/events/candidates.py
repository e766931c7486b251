"""Steps 1-4 of the events stage: which verbs and nouns of a parse are event candidates, and how
frames, appeals, purposes and described events fold into one another (see newsgraph.extract.events.stage)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from newsgraph.extract.events.sides import (children, direct_object, noun_source_words, pobjects, reported_before,
                                             slot_words)
from newsgraph.extract.events.lexicon import EventLexicon, Trigger
from newsgraph.extract.events.modality import ModalityCues

NOUN_POS = frozenset({"NOUN", "PROPN"})
CONTENT_PREPS = frozenset({"for", "to", "on"})  # "called for talks", "agreed to a ceasefire"


@dataclass
class Candidate:
    token: object  # spaCy Token
    trigger: Trigger
    code: str
    rule: str
    carrier: object = None  # the verb that carries an event noun
    content: Optional["Candidate"] = None  # the event a frame verb governs
    speaker: object = None  # the speech verb whose subject makes the appeal
    consumed: bool = False
    eligible: bool = True


# ---- 1. candidates -----------------------------------------------------------------------------

def find_candidates(doc, lexicon: EventLexicon) -> dict[int, Candidate]:
    found = {}
    for token in doc:
        trigger = match_token(token, lexicon)
        if trigger is not None:
            found[token.i] = Candidate(token, trigger, trigger.cameo, trigger.rule)
    return found


def match_token(token, lexicon: EventLexicon) -> Optional[Trigger]:
    if token.pos_ == "VERB":
        entries = lexicon.verbs.get(token.lemma_.lower())
        return next((t for t in entries if verb_fits(token, t)), None) if entries else None
    if token.pos_ in NOUN_POS:
        entries = lexicon.nouns.get(token.lemma_.lower())
        return next((t for t in entries if noun_fits(token, t)), None) if entries else None
    return None


def verb_fits(verb, trigger: Trigger) -> bool:
    if trigger.particle and not any(c.lower_ == trigger.particle and c.dep_ in ("prt", "prep", "advmod")
                                    for c in verb.children):
        return False
    if not trigger.objects:
        return True
    obj = content_object(direct_object(verb))
    if obj is None or obj.lemma_.lower() not in trigger.objects:
        return False
    return not trigger.modifiers or has_modifier(obj, trigger.modifiers)


SHELL_NOUNS = frozenset({"effort", "process", "program", "programme", "part", "round", "series"})
QUANTITY_NOUNS = frozenset({"ton", "tonne", "worth", "amount", "shipment", "consignment", "batch", "package",
                            "series", "wave", "round"})  # "tons of food aid", "a series of strikes"


def content_object(obj):
    """"halt mediation efforts", "suspended part of the aid program": the noun a shell noun stands for."""
    if obj is None or obj.lemma_.lower() not in SHELL_NOUNS:
        return obj
    inner = children(obj, "compound") or [p for prep in children(obj, "prep") if prep.lower_ == "of"
                                           for p in pobjects(prep)]
    return content_object(inner[0]) if inner else obj


def noun_fits(noun, trigger: Trigger) -> bool:
    return not trigger.modifiers or has_modifier(noun, trigger.modifiers)


def has_modifier(noun, lemmas: frozenset) -> bool:
    return any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in lemmas for c in noun.children)


# ---- 2. event nouns ----------------------------------------------------------------------------

def carrying_verb(noun):
    """The verb an event noun hangs from: object, subject, or object of its preposition ("engage in talks")."""
    if noun.dep_ in ("dobj", "nsubjpass", "nsubj", "attr"):
        return noun.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":
        return noun.head.head
    if noun.dep_ == "conj":
        return carrying_verb(noun.head)
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in QUANTITY_NOUNS:
        return carrying_verb(noun.head.head)  # "will provide 25,000 tons of food aid"
    return None


def attach_nouns(candidates: dict[int, Candidate], lexicon: EventLexicon, cues: ModalityCues) -> None:
    for candidate in candidates.values():
        if candidate.trigger.kind != "noun":
            continue
        verb = carrying_verb(candidate.token)
        carrier = candidates.get(verb.i) if verb is not None else None
        if carrier is not None and carrier.trigger.objects and direct_object(verb) == candidate.token:
            candidate.consumed = True  # "sign [agreement]": the verb's pattern already says it
        elif carrier is not None and carrier.trigger.is_frame:
            candidate.carrier = verb  # a frame's content; resolve_frames decides
        elif verb is not None and (verb.lemma_.lower() in lexicon.light_verbs
                                   or cues.effect("governor", verb.lemma_.lower())):
            candidate.carrier = verb
        else:  # a bare event noun needs its own doer and target: "Russia's attack on Kyiv"
            candidate.eligible = standalone_noun(candidate)
        if candidate.carrier is not None:
            candidate.rule += f" carried-by:{candidate.carrier.lemma_.lower()}"


def standalone_noun(candidate: Candidate) -> bool:
    token = candidate.token
    return bool(noun_source_words(token, candidate.trigger.modifiers)) and \
        any(slot_words(token, slot) for slot in candidate.trigger.targets)


# ---- 3. frames ---------------------------------------------------------------------------------

def depth(token) -> int:
    return sum(1 for _ in token.ancestors)


def resolve_frames(candidates: dict[int, Candidate], lexicon: EventLexicon, cues: ModalityCues) -> None:
    """Deepest frames first, so that "urged X to agree to talks" refines from the inside out. A carried
    frame noun governs the that-clause of its carrier: "reiterated its demand that Israel ease ..."."""
    frames = [c for c in candidates.values() if c.trigger.is_frame and c.eligible
              and (c.trigger.kind == "verb" or c.carrier is not None)]
    for frame in sorted(frames, key=lambda c: -depth(c.token)):
        if frame.consumed:
            continue
        if frame.trigger.kind == "verb":
            content = frame_content(frame.token, candidates, lexicon, cues)
        else:
            content = noun_frame_content(frame, candidates)
        if content is None or content is frame:
            continue
        content.consumed = True
        frame.content = content
        frame.code = lexicon.refine(frame.code, content.code)
        frame.rule += f" > {content.rule}"


def frame_content(verb, candidates: dict[int, Candidate], lexicon: EventLexicon,
                  cues: ModalityCues) -> Optional[Candidate]:
    """The event a frame verb governs: its infinitive or clause (through a modality verb: "demanded that
    they refuse to recognize"), its event-noun object or "for"-object."""
    for clause in children(verb, "xcomp", "ccomp"):
        if clause.i in candidates and not candidates[clause.i].consumed:
            return candidates[clause.i]
        if clause.i not in candidates and cues.effect("governor", clause.lemma_.lower()):
            inner = [c for c in children(clause, "xcomp") if c.i in candidates and not candidates[c.i].consumed]
            if inner:
                return candidates[inner[0].i]
        if clause.lemma_.lower() in lexicon.light_verbs:  # "threatened to impose sanctions"
            if found := noun_candidate(noun_objects(clause), candidates):
                return found
    return noun_candidate(noun_objects(verb), candidates)


def noun_frame_content(frame: Candidate, candidates: dict[int, Candidate]) -> Optional[Candidate]:
    """The that-clause of a frame noun, or of the verb carrying it when that verb is no event itself."""
    owners = [frame.token] + ([frame.carrier] if frame.carrier.i not in candidates else [])
    for owner in owners:
        for clause in children(owner, "acl", "ccomp"):
            if clause.i in candidates and not candidates[clause.i].consumed and \
                    any(c.lower_ == "that" and c.dep_ == "mark" for c in clause.children):
                return candidates[clause.i]
    return None


def noun_objects(verb) -> list:
    objects = children(verb, "dobj")
    return objects + [p for prep in children(verb, "prep") if prep.lower_ in CONTENT_PREPS for p in pobjects(prep)]


def noun_candidate(words: list, candidates: dict[int, Candidate]) -> Optional[Candidate]:
    return next((candidates[w.i] for w in words if w.i in candidates and candidates[w.i].trigger.kind == "noun"
                 and not candidates[w.i].consumed), None)


# ---- 4. reported appeals -----------------------------------------------------------------------

def add_unlisted_appeals(doc, candidates: dict[int, Candidate], lexicon: EventLexicon, cues: ModalityCues) -> None:
    """"The Red Cross said US forces must ensure security": a should/must clause under a speech verb is
    an appeal even when its verb is in no lexicon (the ``appeal *`` entry of event_verbs.tsv)."""
    if lexicon.any_appeal is None:
        return
    for token in doc:
        if token.i in candidates or token.pos_ not in ("VERB", "AUX") or token.dep_ != "ccomp":
            continue
        if token.head.lemma_.lower() in lexicon.speech_verbs and deontic(token, cues):
            candidates[token.i] = Candidate(token, lexicon.any_appeal, lexicon.any_appeal.cameo,
                                            lexicon.any_appeal.rule)


def deontic(verb, cues: ModalityCues) -> bool:
    return any(cues.effect("aux", c.lower_) == "deontic" for c in children(verb, "aux", "auxpass"))


def resolve_appeals(candidates: dict[int, Candidate], lexicon: EventLexicon, cues: ModalityCues) -> None:
    """"Rutte emphasized that relations should be restored": Rutte's appeal (02), coded from its content."""
    for candidate in candidates.values():
        token = candidate.token
        if candidate.trigger.kind != "verb" or candidate.consumed or token.dep_ != "ccomp":
            continue
        if token.head.lemma_.lower() not in lexicon.speech_verbs:
            continue
        if deontic(token, cues):
            candidate.speaker = token.head
            candidate.code = lexicon.refine("020", candidate.code)
            candidate.rule = f"deontic-appeal:{token.head.lemma_.lower()} > {candidate.rule}"


def absorb_purposes(candidates: dict[int, Candidate]) -> None:
    """"will visit Mauritania to mediate", "rejected an offer to host a summit": an infinitive of purpose is
    part of the event it hangs from (directly or through that event's object); PLOVER codes only the main
    event, so the purpose is not coded on its own."""
    carried = {c.carrier.i for c in candidates.values() if c.carrier is not None and c.token.dep_ != "pobj"}
    for candidate in candidates.values():  # "staged a hunger strike in protest against X": one protest
        token = candidate.token
        if candidate.carrier is not None and token.dep_ == "pobj" and token.head.lower_ == "in" \
                and candidate.carrier.i in carried:
            candidate.consumed = True
    for candidate in candidates.values():
        token = candidate.token
        if candidate.consumed or token.dep_ not in ("advcl", "acl", "relcl") or not (
                any(c.tag_ == "TO" for c in token.children) or participle_of_manner(token)):
            continue
        head = token.head
        owner = head.head if head.pos_ in NOUN_POS and head.dep_ in ("dobj", "pobj", "attr", "nsubj") else head
        main = candidates.get(head.i) or candidates.get(owner.i)
        if main is not None and main is not candidate and not main.consumed:
            candidate.consumed = True
            main.rule += f" purpose:{token.lemma_.lower()}"


def participle_of_manner(token) -> bool:
    """"shelled Juba, killing 20 people", "blocked roads demanding ...": a participle clause without a
    subject of its own says how or with what result the main event happened. After a reported clause it is
    the reporter's own act ("signaled that the US might retreat, pressing France to ...") and stays."""
    return token.dep_ == "advcl" and token.tag_ == "VBG" and not reported_before(token.head) \
        and not children(token, "nsubj", "nsubjpass", "mark")


def own_doer(word) -> bool:
    """A clause with a subject of its own ("..., where they discussed a ceasefire") is an event of its own;
    a relative pronoun ("a resolution that aims to impose") is no subject of its own."""
    return word.pos_ == "VERB" and any(s.tag_ not in ("WDT", "WP") for s in children(word, "nsubj", "nsubjpass"))


def absorb_described_events(candidates: dict[int, Candidate]) -> None:
    """"rejected a UN appeal for deploying troops", "prevented the demonstration staged ... to protest",
    "rejected an invitation to attend a meeting": an event inside the object of a coded event describes
    that object; PLOVER codes the main event, so the inner one is not coded on its own."""
    mains = [c for c in candidates.values() if c.trigger.kind == "verb" and c.eligible and not c.consumed]
    for main in mains:
        verb = main.token
        objects = children(verb, "dobj") + [p for prep in children(verb, "prep") for p in pobjects(prep)]
        for obj in objects:
            for word in obj.subtree:
                inner = candidates.get(word.i)
                if inner is not None and inner is not main and not inner.consumed and word is not obj \
                        and not own_doer(word):
                    inner.consumed = True
                    main.rule += f" describes:{word.lemma_.lower()}"
