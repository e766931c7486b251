"""The events stage: who did what to whom, coded in CAMEO and PLOVER, with negation and modality.

Steps over the article's parse (no re-parsing):
1. ``find_candidates``: every verb and event noun the lexicon (``event_verbs.tsv``) knows, with the most
   specific pattern that fits ("impose [sanction]" before "impose").
2. ``attach_nouns``: an event noun counts when a light verb ("hold talks"), a modality verb ("plans
   sanctions") or its own actor ("Russia's attack") carries it; a lexicon verb whose pattern names it
   ("sign [agreement]") absorbs it.
3. ``resolve_frames``: appeal / intent / demand / reject / threaten verbs absorb the event they govern
   and take a more specific code from it ("urged Iran to release" -> 0253).
4. ``resolve_appeals``: "X said that Y should ..." is X's appeal (02 family), not Y's act.
5. ``build_event``: source, target, modality (``modality.py``), quote, CAMEO and PLOVER records.
Events without any codable actor are left out; negated and modal events are kept and flagged.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from newsgraph.extract.events_actors import (ActorResolver, children, direct_object, is_passive, location_words,
                                             noun_source_words, pobjects, slot_words, subject_words)
from newsgraph.extract.events_lexicon import EventLexicon, Trigger, load_event_lexicon
from newsgraph.extract.modality import Assessment, ModalityCues, assess, load_modality_cues
from newsgraph.model import ActorRef, Article, Event
from newsgraph.pipeline import stage

NOUN_POS = frozenset({"NOUN", "PROPN"})
CONTENT_PREPS = frozenset({"for", "to", "on"})  # "called for talks", "agreed to a ceasefire"
PLURAL_PRONOUNS = frozenset({"they", "them"})
PLACELESS_ROOTS = frozenset({"01", "02", "03", "04", "05", "10", "11", "12", "13"})  # verbal acts: no place target


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


@stage("events", needs=("doc", "entities", "quotes"), adds=("events",))
def code_events(article: Article) -> Article:
    """Code the article's events (``article.events``, ids v1, v2, ... in text order)."""
    doc = article.doc
    if doc is None:
        article.events = []
        return article
    lexicon, cues = load_event_lexicon(), load_modality_cues()
    candidates = find_candidates(doc, lexicon)
    attach_nouns(candidates, lexicon, cues)
    resolve_frames(candidates, lexicon, cues)
    add_unlisted_appeals(doc, candidates, lexicon, cues)
    resolve_appeals(candidates, lexicon, cues)
    absorb_purposes(candidates)
    absorb_described_events(candidates)
    resolver = ActorResolver(article, lexicon.relation_nouns, lexicon.partitive_nouns)
    events: list[Event] = []
    for candidate in sorted(candidates.values(), key=lambda c: c.token.i):
        if candidate.eligible and not candidate.consumed:
            event = build_event(candidate, article, lexicon, cues, resolver, events)
            if event is not None:
                events.append(event)
    for number, event in enumerate(events, start=1):
        event.id = f"v{number}"
    article.events = events
    return article


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
    return token.dep_ == "advcl" and token.tag_ == "VBG" and token.head.dep_ != "ccomp" \
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


# ---- 5. events ---------------------------------------------------------------------------------

def build_event(candidate: Candidate, article: Article, lexicon: EventLexicon, cues: ModalityCues,
                resolver: ActorResolver, earlier: list[Event]) -> Optional[Event]:
    token = candidate.token
    content_assessment = assess(token, cues)
    assessment = appeal_assessment(candidate, content_assessment, cues) if candidate.speaker else content_assessment
    sources = resolve_sources(candidate, resolver, earlier)
    targets = [t for t in resolve_targets(candidate, resolver) if not same_actor_in(t, sources)]
    if not sources and not targets:
        return None
    if not sources and unsaid_doer(candidate) and (sources := place_actors(candidate, resolver)):
        candidate.rule += " source=place"  # "was arrested in Lebanon": PLOVER codes the place
    if not targets and (targets := place_actors(candidate, resolver)):
        candidate.rule += " target=place"  # "demonstrated in Serbia", "reimposed blockades in the West Bank"
    code = lexicon.code(candidate.code)
    plover = candidate.trigger.plover if candidate.code == candidate.trigger.cameo and candidate.trigger.plover \
        else code.plover
    plover = lexicon.statement_category(plover, candidate.code, assessment.negated, assessment.modality,
                                        assessment.cues)
    if plover in lexicon.domestic_categories and not any(t.code for t in targets) \
            and (own := domestic_targets(sources, targets)):
        targets = own
        candidate.rule += " target=domestic"  # "Turkish police prevented the demonstration" -> TUR
    sentence = token.sent
    rule = candidate.rule + (f" [{' '.join(assessment.cues)}]" if assessment.cues else "")
    return Event(id="", source=sources, target=targets, cameo=candidate.code, root=candidate.code[:2],
                 quad_class=code.quad_class, goldstein=code.goldstein, plover=plover,
                 negated=assessment.negated, modality=assessment.modality,
                 sentence=(sentence.start_char, sentence.end_char), trigger=(token.idx, token.idx + len(token)),
                 text=token.text, reported_by=quote_around(article, token.idx), rule=rule)


def domestic_targets(sources: list[ActorRef], targets: list[ActorRef]) -> list[ActorRef]:
    """A directed act (``domestic`` rows of events_plover.tsv) with no coded target is done to the source's
    own country, as the PLOVER gold codes it: uncoded people take that country ("the Supreme Court allowed
    candidate Ouattara" -> CIV), and a missing side becomes it ("Egyptian demonstrators rioted" -> EGY)."""
    countries = list(dict.fromkeys(s.country for s in sources if s.code and s.country))
    if not countries:
        return []
    if targets:
        return [replace(t, code=countries[0], country=countries[0]) for t in targets]
    return [ActorRef(entity=None, name=country, code=country, country=country) for country in countries]


def unsaid_doer(candidate: Candidate) -> bool:
    """A passive with no "by" agent ("was arrested in Lebanon"): the doer is not said."""
    verb = candidate.carrier if candidate.trigger.kind == "noun" else candidate.token
    return verb is not None and verb.pos_ == "VERB" and is_passive(verb) and not children(verb, "agent")


def place_actors(candidate: Candidate, resolver: ActorResolver) -> list[ActorRef]:
    """The country an event happens in, for a side the sentence leaves out (frames and appeals excepted:
    where a demand is made says nothing of whom it is made to)."""
    if candidate.trigger.is_frame or candidate.speaker is not None or candidate.code[:2] in PLACELESS_ROOTS:
        return []
    return resolver.location_actors(location_words(candidate.token, candidate.carrier))


def appeal_assessment(candidate: Candidate, content: Assessment, cues: ModalityCues) -> Assessment:
    """The appeal was made (asserted, or negated with its speech verb); conditional if its content is."""
    speech = assess(candidate.speaker, cues)
    result = Assessment(negated=speech.negated, cues=list(content.cues))
    if content.conditional:
        result.modality = "conditional"
    return result


def resolve_sources(candidate: Candidate, resolver: ActorResolver, earlier: list[Event]) -> list[ActorRef]:
    token = candidate.token
    if candidate.speaker is not None:
        words = subject_words(candidate.speaker)
    elif candidate.trigger.kind == "noun":
        words = noun_source_words(token, candidate.trigger.modifiers)
        if candidate.carrier is not None and not resolver.actors(words):  # "staged a 24-hour hunger strike"
            words = subject_words(candidate.carrier) or words
    else:
        words = subject_words(token)
    if words and all(w.pos_ == "PRON" for w in words) and not resolver.actors(words):
        words = reporter_words(token) or words  # "the rebels said they will release": the reporters
    if len(words) == 1 and words[0].lower_ in PLURAL_PRONOUNS and (dyad := previous_dyad(token, earlier)):
        candidate.rule += " they=previous-dyad"
        return dyad
    return resolver.actors(words)


def reporter_words(token) -> list:
    """The subject of the clause a pronoun-subject clause is reported in ("Uganda said it had paid")."""
    current = token
    while current.dep_ in ("xcomp", "conj") and current.head is not current:
        current = current.head
    if current.dep_ != "ccomp":
        return []
    return [w for w in children(current.head, "nsubj") if w.pos_ != "PRON"]


def previous_dyad(token, earlier: list[Event]) -> list[ActorRef]:
    """"Rutte met with Trump, where they discussed ...": "they" are the two sides of the event before."""
    sentence_start = token.sent.start_char
    for event in reversed(earlier):
        if event.sentence[0] == sentence_start and event.source and event.target:
            return event.source + event.target
    return []


def resolve_targets(candidate: Candidate, resolver: ActorResolver) -> list[ActorRef]:
    if candidate.speaker is not None:  # the appeal is to the doer of its content, else about its target
        inner = Candidate(candidate.token, candidate.trigger, candidate.trigger.cameo, "")
        return resolver.actors(subject_words(candidate.token)) or slot_actors(inner, resolver)
    found = slot_actors(candidate, resolver)
    if found:
        return found
    content = candidate.content
    if content is not None:
        clause = content.token  # "demanded that its partners refuse to recognize": the clause is "refuse"
        if clause.dep_ == "xcomp" and clause.head.dep_ == "ccomp" and clause.head.i not in (candidate.token.i,):
            clause = clause.head
        if content.trigger.kind == "verb" and clause.dep_ == "ccomp":
            if found := resolver.actors(subject_words(clause)):  # "demanded that Russia withdraw"
                return found
        if found := slot_actors(content, resolver):
            return found
    if candidate.trigger.kind == "verb" and candidate.trigger.is_frame:
        return clause_targets(candidate.token, resolver)
    if candidate.code[:2] == "14":
        return protested_targets(candidate, resolver)
    return []


PROTESTED_PREPS = frozenset({"against", "over", "of"})  # "in protest against X", "in protest of X"


def protested_targets(candidate: Candidate, resolver: ActorResolver) -> list[ActorRef]:
    """Whom a protest is against, from the purpose it states: "went on hunger strike to demand the
    resignation of X", "staged a strike in protest against violations by X", "blocked roads demanding ..."."""
    verb = candidate.carrier if candidate.carrier is not None else candidate.token
    for owner in (verb, candidate.token):
        for clause in children(owner, "advcl", "xcomp"):
            if found := resolver.actors(children(clause, "dobj") + own_subject_words(clause)):
                return found
            if found := clause_targets(clause, resolver):
                return found
        for prep in children(owner, "prep"):
            for pobj in pobjects(prep):
                if pobj.lemma_.lower() in ("protest", "defiance", "opposition"):
                    words = [w for inner in children(pobj, "prep") if inner.lower_ in PROTESTED_PREPS
                             for w in pobjects(inner)]
                    if found := resolver.actors(words):
                        return found
    return []


CLAUSE_TARGET_PREPS = ("to", "against", "on", "with", "for", "from", "into", "at")


def clause_targets(frame, resolver: ActorResolver, level: int = 0) -> list[ActorRef]:
    """The target of a frame whose content is in no lexicon: the subject of its that-clause ("demanded
    that Hamas renounce"), else the objects of its infinitive ("threatened to cut off power to X")."""
    for clause in children(frame, "ccomp", "xcomp"):
        if clause.dep_ == "ccomp" and (found := resolver.actors(own_subject_words(clause))):
            return found
        objects = children(clause, "dative", "dobj")
        preps = [p for owner in [clause, *objects] for p in children(owner, "prep") if p.lower_ in CLAUSE_TARGET_PREPS]
        for words in (children(clause, "dative"), children(clause, "dobj"),
                      [w for p in preps for w in pobjects(p)]):
            if found := resolver.actors(words):
                return found
        if level < 2 and (found := clause_targets(clause, resolver, level + 1)):
            return found
    return []


def own_subject_words(verb) -> list:
    return children(verb, "nsubj", "nsubjpass")


def slot_actors(candidate: Candidate, resolver: ActorResolver) -> list[ActorRef]:
    for slot in candidate.trigger.targets:
        if found := resolver.actors(slot_words(candidate.token, slot, candidate.carrier)):
            return found
    return []


def same_actor_in(actor: ActorRef, others: list[ActorRef]) -> bool:
    return any((actor.entity or actor.name) == (other.entity or other.name) for other in others)


def quote_around(article: Article, offset: int) -> Optional[str]:
    for quote in article.quotes:
        for start, end in [quote.span, *quote.mentions]:
            if start <= offset < end:
                return quote.id
    return None
