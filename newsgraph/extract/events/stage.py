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

from dataclasses import replace
from typing import Optional

from newsgraph.extract.actors.sectors import SectorModel, with_learned_sector
from newsgraph.extract.events.sides import (ActorResolver, children, is_passive, location_words, noun_source_words,
                                             own_subject, pobjects, slot_words, subject_words)
from newsgraph.extract.events.candidates import (Candidate, absorb_described_events, absorb_purposes,
                                                 add_unlisted_appeals, attach_nouns, find_candidates,
                                                 resolve_appeals, resolve_frames)
from newsgraph.extract.events.model import EventModel
from newsgraph.extract.events.learned import learned_events, quote_around
from newsgraph.extract.events.lexicon import EventLexicon
from newsgraph.extract.sentence_kinds import is_body
from newsgraph.extract.events.modality import Assessment, ModalityCues, assess
from newsgraph.lexicons import Lexicons, builtin_lexicons
from newsgraph.model import ActorRef, Article, Event
from newsgraph.pipeline import stage

PLURAL_PRONOUNS = frozenset({"they", "them"})
PLACELESS_ROOTS = frozenset({"01", "02", "03", "04", "05", "10", "11", "12", "13"})  # verbal acts: no place target


@stage("events", needs=("doc", "entities", "quotes"), adds=("events",))
def code_events(article: Article, lexicons: Optional[Lexicons] = None) -> Article:
    """Code the article's events (``article.events``, ids v1, v2, ... in text order): the rule coder's
    events, decided again by the learned coder when its model is shipped (events/learned.py)."""
    lexicons = lexicons or builtin_lexicons()
    article.events = article_events(article, lexicons.event_model, lexicons)
    return article


def article_events(article: Article, model: Optional[EventModel], lexicons: Optional[Lexicons] = None) -> list[Event]:
    """The events of ``article``: the rule coder's, decided again by ``model`` (None: the rule coder
    alone), with ``lexicons`` (None: the built-in ones)."""
    if article.doc is None:
        return []
    lexicons = lexicons or builtin_lexicons()
    lexicon, cues = lexicons.events, lexicons.modality
    events = rule_events(article, lexicon, cues, lexicons.actors)
    if model is not None:
        events = learned_events(article, events, model, lexicon, cues, lexicons.actors)
    events = [e for e in events if is_body(article, e.trigger[0])]  # no events from captions, links, bylines
    if model is not None and model.sectors is not None:
        events = [with_learned_sectors(e, article, model.sectors) for e in events]
    for number, event in enumerate(events, start=1):
        event.id = f"v{number}"
    return events


def with_learned_sectors(event: Event, article: Article, sectors: SectorModel) -> Event:
    """``event`` with the sector of each actor decided again by the sector model (actors/sectors.py)."""
    def decided(actors: list[ActorRef]) -> list[ActorRef]:
        return [with_learned_sector(a, article.entity(a.entity), sectors) for a in actors]

    source, target = decided(event.source), decided(event.target)
    if (source, target) == (event.source, event.target):
        return event
    return replace(event, source=source, target=target, rule=event.rule + " sectors=model")


def rule_events(article: Article, lexicon: EventLexicon, cues: ModalityCues, actors=None) -> list[Event]:
    """The events the lexicon, patterns and frames give (steps 1-5 above), in text order; ``actors``:
    the ActorLexicon that codes phrases no entity covers (None: the built-in one)."""
    doc = article.doc
    candidates = find_candidates(doc, lexicon)
    attach_nouns(candidates, lexicon, cues)
    resolve_frames(candidates, lexicon, cues)
    add_unlisted_appeals(doc, candidates, lexicon, cues)
    resolve_appeals(candidates, lexicon, cues)
    absorb_purposes(candidates)
    absorb_described_events(candidates)
    resolver = ActorResolver(article, lexicon.relation_nouns, lexicon.partitive_nouns, actors)
    events: list[Event] = []
    for candidate in sorted(candidates.values(), key=lambda c: c.token.i):
        if candidate.eligible and not candidate.consumed:
            event = build_event(candidate, article, lexicon, cues, resolver, events)
            if event is not None:
                events.append(event)
    return events


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
    if not sources and (doers := unsaid_doer(candidate)) is not None \
            and (sources := place_actors(candidate, resolver, doers)):
        candidate.rule += " source=place"  # "was arrested in Lebanon", "a roadside bombing near Samarra killed"
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


def unsaid_doer(candidate: Candidate) -> Optional[list]:
    """The doer is not said (None when it is): a passive with no "by" agent ("was arrested in Lebanon"), or
    a subject or agent that is a thing, not an actor ("a roadside bombing ... killed", "killed by an
    improvised explosive device"). Returns those thing words, whose own place also counts."""
    verb = candidate.carrier if candidate.trigger.kind == "noun" else candidate.token
    if verb is None or verb.pos_ != "VERB":
        return None
    if is_passive(verb) and not children(verb, "agent"):
        return []
    words = [w for w in own_subject(verb) if w.pos_ == "NOUN"] if candidate.trigger.kind == "verb" else []
    return words if words and len(words) == len(own_subject(verb)) else None


def place_actors(candidate: Candidate, resolver: ActorResolver, doers: tuple = ()) -> list[ActorRef]:
    """The country an event happens in, for a side the sentence leaves out (frames and appeals excepted:
    where a demand is made says nothing of whom it is made to)."""
    if candidate.trigger.is_frame or candidate.speaker is not None or candidate.code[:2] in PLACELESS_ROOTS:
        return []
    words = location_words(candidate.token, candidate.carrier) + [w for d in doers for w in location_words(d)]
    return resolver.location_actors(words)


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
    """The first target slot that names a coded actor, else the first that names any ("boycott all official
    contact with the US": the "with" partner, not the uncoded "contact")."""
    uncoded: list[ActorRef] = []
    for slot in candidate.trigger.targets:
        found = resolver.actors(slot_words(candidate.token, slot, candidate.carrier))
        if any(actor.code for actor in found):
            return found
        uncoded = uncoded or found
    return uncoded


def same_actor_in(actor: ActorRef, others: list[ActorRef]) -> bool:
    return any((actor.entity or actor.name) == (other.entity or other.name) for other in others)

