"""Events as the learned coder decides them (``events/model.py``): for each candidate word, whether it
is an event and of which PLOVER category. A candidate where the rule coder built an event keeps that
event's actors, flags and (when it agrees with the category) its CAMEO code; any other candidate gets
its actors from the syntax, or, for a statement, its speaker as source."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from newsgraph.extract.events.roles import ActorCache, choose_actors
from newsgraph.extract.events.model import NONE, EventModel, candidate_features, candidate_tokens
from newsgraph.extract.events.sides import (ActorResolver, actor_from_entity, children, direct_object, is_passive,
                                             pobjects, subject_words)
from newsgraph.extract.events.lexicon import EventLexicon
from newsgraph.extract.sentence_kinds import is_body
from newsgraph.extract.events.modality import ModalityCues, assess
from newsgraph.model import ActorRef, Article, Event

TARGET_PREPS = frozenset({"against", "with", "on", "to", "at", "toward", "towards", "into", "of", "over", "from"})


def token_at(doc, offset: int):
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def index_by_token(doc, items, offset_of) -> dict:
    found = {}
    for item in items:
        token = token_at(doc, offset_of(item))
        if token is not None:
            found.setdefault(token.i, item)
    return found


def quote_around(article: Article, offset: int) -> Optional[str]:
    """The id of the quotation whose content (any of its mentions) holds ``offset``, else None."""
    return next((q.id for q in article.quotes for start, end in [q.span, *q.mentions] if start <= offset < end), None)


def inside_quote(article: Article, offset: int) -> bool:
    return quote_around(article, offset) is not None


def learned_events(article: Article, rule_events: list[Event], model: EventModel, lexicon: EventLexicon,
                   cues: ModalityCues, actors=None) -> list[Event]:
    """The rule coder's events decided again by ``model``; ``actors``: the ActorLexicon that codes
    phrases no entity covers (None: the built-in one)."""
    doc = article.doc
    rule_at = index_by_token(doc, rule_events, lambda e: e.trigger[0])
    cue_at = index_by_token(doc, [q for q in article.quotes if q.cue is not None], lambda q: q.cue.span[0])
    resolver = ActorResolver(article, lexicon.relation_nouns, lexicon.partitive_nouns, actors)
    cache = ActorCache(resolver)
    decisions = {}
    for token in candidate_tokens(doc, lexicon, rule_at, cue_at):
        if is_body(article, token.idx):
            features = candidate_features(token, lexicon, rule_at.get(token.i), cue_at.get(token.i),
                                          inside_quote(article, token.idx))
            decisions[token.i] = (token, *model.decide(features))
    events = []
    for token, category, probability in carried_by_light_verbs(decisions, lexicon):
        rule_event = rule_at.get(token.i)
        if rule_event is not None:
            event = recategorised(rule_event, category, probability, lexicon)
        else:
            event = new_event(article, token, category, probability, cue_at.get(token.i), lexicon, cues, resolver)
        if model.roles:
            event = with_model_roles(event, token, category, cache, model, cue_at.get(token.i), rule_event)
        events.append(event)
    return events


def carried_by_light_verbs(decisions: dict, lexicon: EventLexicon) -> list:
    """The decided events, in text order; a light verb and the event noun it carries ("held talks",
    "imposed sanctions") are one event, whose trigger is the noun (the guidelines' trigger) and whose
    category is the noun's, or the verb's when the noun alone is no event."""
    merged = dict(decisions)
    for i, (token, category, probability) in decisions.items():
        obj = direct_object(token) if token.pos_ == "VERB" and token.lemma_.lower() in lexicon.light_verbs else None
        if obj is None or obj.i not in decisions:
            continue
        _, noun_category, noun_probability = decisions[obj.i]
        merged[obj.i] = (obj, noun_category, noun_probability) if noun_category != NONE else (obj, category, probability)
        del merged[i]
    return [merged[i] for i in sorted(merged) if merged[i][1] != NONE]


def with_model_roles(event: Event, token, category: str, cache: ActorCache, model: EventModel, quote,
                     rule_event: Optional[Event]) -> Event:
    """The role models' source and target; where the rule coder built the event, only for a side it left empty."""
    sides = choose_actors(token, category, cache, model.roles, quote, rule_event)
    source = event.source if rule_event is not None and event.source else sides["source"]
    target = event.target if rule_event is not None and event.target else sides["target"]
    target = [t for t in target if all((t.entity, t.name) != (s.entity, s.name) for s in source)]
    if (source, target) == (event.source, event.target):
        return event
    return replace(event, source=source, target=target, rule=event.rule + " roles=model")


def recategorised(event: Event, category: str, probability: float, lexicon: EventLexicon) -> Event:
    """The rule coder's event with the model's category (its CAMEO code kept when it is of that category)."""
    same = category in (event.plover, lexicon.code(event.cameo).plover)
    cameo = event.cameo if same else lexicon.category_codes[category]
    code = lexicon.code(cameo)
    return replace(event, plover=category, cameo=cameo, root=cameo[:2], quad_class=code.quad_class,
                   goldstein=code.goldstein, rule=f"{event.rule} model:{category}:{probability:.2f}")


def new_event(article: Article, token, category: str, probability: float, quote, lexicon: EventLexicon,
              cues: ModalityCues, resolver: ActorResolver) -> Event:
    cameo = lexicon.category_codes[category]
    code = lexicon.code(cameo)
    assessment = assess(token, cues)
    if quote is not None:
        sources, targets, how = speaker_actors(article, quote), statement_targets(article, token, quote, resolver), "statement"
    else:
        sources, targets, how = resolver.actors(subject_words(token)), resolver.actors(object_words(token)), "syntax"
    targets = [t for t in targets if all((t.entity, t.name) != (s.entity, s.name) for s in sources)]
    sentence = token.sent
    rule = f"model:{category}:{probability:.2f} actors={how}" + (f" [{' '.join(assessment.cues)}]" if assessment.cues else "")
    return Event(id="", source=sources, target=targets, cameo=cameo, root=cameo[:2], quad_class=code.quad_class,
                 goldstein=code.goldstein, plover=category, negated=assessment.negated, modality=assessment.modality,
                 sentence=(sentence.start_char, sentence.end_char), trigger=(token.idx, token.idx + len(token)),
                 text=token.text, reported_by=quote.id if quote is not None else quote_around(article, token.idx),
                 rule=rule)


def object_words(token) -> list:
    """Who an act is done to: the passive subject, the direct object, the dative, prepositional objects."""
    words = children(token, "nsubjpass") if is_passive(token) else []
    obj = direct_object(token)
    words += [obj] if obj is not None else []
    words += children(token, "dative", "iobj")
    words += [p for prep in children(token, "prep") if prep.lower_ in TARGET_PREPS for p in pobjects(prep)]
    return words


def speaker_actors(article: Article, quote) -> list[ActorRef]:
    speaker = quote.speaker
    entity = article.entity(speaker.entity) if speaker.entity else None
    if entity is not None:
        return [actor_from_entity(entity)]
    return [ActorRef(entity=None, name=speaker.name)] if speaker.name else []


def statement_targets(article: Article, cue, quote, resolver: ActorResolver) -> list[ActorRef]:
    """Whom a statement is about or addressed to: the cue's own object ("criticised X", "urged X"), else
    the subject of its quotation's first clause ("said X had failed")."""
    found = resolver.actors(object_words(cue))
    if found:
        return found
    start, end = quote.span
    span = article.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    root = span.root
    return resolver.actors(subject_words(root)) if root.pos_ in ("VERB", "AUX") else []
