"""Entities stage: find name mentions, merge them into canonical entities of the article,
attach titles, resolve nominals and pronouns (newsgraph.extract.coref) and code each entity as an
actor (country, PLOVER code and sector)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from newsgraph.extract import actors, coref
from newsgraph.model import Article, Entity, Mention
from newsgraph.pipeline import stage

SPACY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
               "NORP": "GROUP"}
LEADING_WORDS = {"the", "a", "an"}
MAX_LEXICON_TOKENS = 6
MAX_OFFICE_HOLDER_TOKENS = 5
FIRST_WORD = re.compile(r"\w+")


@dataclass
class NameMention:
    """A name found in the text before it is merged into an entity."""

    start: int  # token index
    end: int  # token index, exclusive
    text: str  # surface text without a leading article
    type: str
    rule: str
    actor: Optional[actors.ActorCode] = None
    kind: str = "name"


@dataclass
class EntityDraft:
    type: str
    names: list[NameMention] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    role: Optional[str] = None
    affiliation: Optional[str] = None
    actor: Optional[actors.ActorCode] = None

    @property
    def name(self) -> str:
        if self.actor and self.actor.name and self.type != "PERSON":
            return self.actor.name
        return max((n.text for n in self.names), key=lambda t: (len(t.split()), len(t)))

    @property
    def key_tokens(self) -> list[str]:
        return self.name.split()


@stage("entities", needs=("doc",), adds=("entities",))
def extract_entities(article: Article) -> Article:
    doc = article.doc
    when = actors.reference_date(article.published)
    names = find_name_mentions(doc, when)
    drafts = merge_names(names)
    for draft in drafts:
        draft.mentions = [mention_of(doc, n) for n in draft.names]
    coref.attach_titles(doc, drafts)
    coref.resolve_references(doc, drafts)
    article.entities = [finish_entity(i, d, when) for i, d in enumerate(ordered(drafts), start=1)]
    return article


def find_name_mentions(doc, when: Optional[date] = None) -> list[NameMention]:
    """Named-entity spans from spaCy plus lexicon names spaCy missed, without overlaps; ``when``
    (the article's date) picks date-bounded dictionary codes."""
    found = [m for m in (name_from_ent(ent, when) for ent in doc.ents) if m is not None]
    taken = {i for m in found for i in range(m.start, m.end)}
    found += [m for m in lexicon_names(doc) if not taken.intersection(range(m.start, m.end))]
    taken = {i for m in found for i in range(m.start, m.end)}
    found += [m for m in office_holder_names(doc) if not taken.intersection(range(m.start, m.end))]
    return sorted(found, key=lambda m: m.start)


def office_holder_names(doc) -> list[NameMention]:
    """Capitalised runs of proper nouns that name a person of the office-holder lexicon, for the
    people spaCy did not tag ("Trump met Zelensky": "Trump" tagged a common noun)."""
    known, names, i = actors.office_holders(), [], 0
    while i < len(doc):
        for end in range(min(len(doc), i + MAX_OFFICE_HOLDER_TOKENS), i, -1):
            span = doc[i:end]
            if all(t.text[:1].isupper() or t.text in ".-" for t in span) and span[-1].text[:1].isupper() \
                    and actors.person_key(span.text) in known:
                names.append(NameMention(i, end, span.text, "PERSON", "office-holder-name"))
                i = end - 1
                break
        i += 1
    return names


def name_from_ent(ent, when: Optional[date] = None) -> Optional[NameMention]:
    if ent.label_ not in SPACY_TYPES:
        return None
    tokens = trim_tokens(ent)
    if not tokens or not any(t.text[:1].isupper() for t in tokens):
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    text = ent.doc[start:end].text
    actor = actors.code_actor(text, when)
    kind = "name"
    entity_type = SPACY_TYPES[ent.label_]
    if ent.label_ == "NORP":
        if actor is None or actor.code is None:
            return None  # a demonym we cannot tie to a country or region is not an entity
        kind, entity_type = "demonym", "PLACE"
    elif actor is not None and actor.type and entity_type != "PERSON":
        entity_type = actor.type
    elif entity_type == "PERSON" and actors.lookup_country(text, when) is not None:
        entity_type = "PLACE"  # the whole name is a country, capital or region ("Kyiv" tagged PERSON)
    return NameMention(start, end, text, entity_type, f"spacy-ner:{ent.label_}", actor, kind)


def trim_tokens(span) -> list:
    """Tokens of a span without a leading article, a trailing possessive or punctuation."""
    tokens = list(span)
    while tokens and (tokens[0].lower_ in LEADING_WORDS or tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens


def lexicon_names(doc) -> list[NameMention]:
    """Capitalised token runs that the actor lexicons know (organisations spaCy did not tag)."""
    words, gaps = [t.text for t in doc], [t.whitespace_ for t in doc]
    starts = lexicon_first_words()
    names, i = [], 0
    while i < len(words):
        match = None
        if words[i][:1].isupper() and first_word(words[i]) in starts:
            match = longest_lexicon_match(words, gaps, i)
        if match:
            names.append(match)
            i = match.end
        else:
            i += 1
    return names


def longest_lexicon_match(words: list[str], gaps: list[str], i: int) -> Optional[NameMention]:
    for end in range(min(len(words), i + MAX_LEXICON_TOKENS), i, -1):
        text = "".join(w + g for w, g in zip(words[i:end - 1], gaps[i:end - 1])) + words[end - 1]
        actor = lexicon_name(text)
        if actor is not None and actor.type in ("ORG", "PLACE"):
            return NameMention(i, end, text, actor.type, "lexicon-name", actor)
    return None


def first_word(text: str) -> str:
    """The first run of word characters (or the first character), case-folded: "al-Qaeda" -> "al"."""
    match = FIRST_WORD.match(text)
    return (match.group(0) if match else text[:1]).casefold()


def lexicon_first_words() -> frozenset[str]:
    """First words of every lexicon name, recomputed only when the lexicon grows."""
    names = actors.known_actor_names()
    if _FIRST_WORDS.get("size") != len(names):
        _FIRST_WORDS.update(size=len(names), words=frozenset(first_word(name) for name in names))
    return _FIRST_WORDS["words"]


_FIRST_WORDS: dict = {}


def lexicon_name(text: str) -> Optional[actors.ActorCode]:
    names = actors.known_actor_names()
    return names.get(text) or names.get(text.casefold())


def merge_names(names: list[NameMention]) -> list[EntityDraft]:
    """Group name mentions into canonical entities: people by full and last name, the rest by
    lexicon identity or normalised text."""
    drafts: list[EntityDraft] = []
    by_key: dict[tuple, EntityDraft] = {}
    people = [n for n in names if n.type == "PERSON"]
    for name in sorted(people, key=lambda n: -len(n.text.split())):
        draft = by_key.get(("PERSON", name.text.casefold())) or person_by_last_name(drafts, name)
        add_name(drafts, by_key, draft, name, ("PERSON", name.text.casefold()))
    for name in (n for n in names if n.type != "PERSON"):
        key = identity_key(name)
        add_name(drafts, by_key, by_key.get(key), name, key)
    return drafts


def add_name(drafts, by_key, draft: Optional[EntityDraft], name: NameMention, key: tuple) -> None:
    if draft is None:
        draft = EntityDraft(type=name.type, actor=name.actor)
        drafts.append(draft)
    draft.names.append(name)
    by_key[key] = draft


def person_by_last_name(drafts: list[EntityDraft], name: NameMention) -> Optional[EntityDraft]:
    if len(name.text.split()) != 1:
        return None
    matches = [d for d in drafts if d.type == "PERSON" and d.key_tokens[-1] == name.text]
    return matches[0] if len(matches) == 1 else None


def identity_key(name: NameMention) -> tuple:
    if name.actor is not None and name.actor.name:
        return ("ACTOR", name.actor.name, name.actor.code)
    return (name.type, name.text.casefold())


def mention_of(doc, name: NameMention) -> Mention:
    span = doc[name.start:name.end]
    return Mention(span.start_char, span.end_char, span.text, name.kind, name.rule)


def ordered(drafts: list[EntityDraft]) -> list[EntityDraft]:
    return sorted(drafts, key=lambda d: min(m.start for m in d.mentions))


def finish_entity(number: int, draft: EntityDraft, when: Optional[date] = None) -> Entity:
    code = coref.actor_code_of(draft, when)
    mentions = sorted({(m.start, m.end): m for m in draft.mentions}.values(), key=lambda m: m.start)
    return Entity(
        id=f"e{number}", name=draft.name, type=draft.type, mentions=mentions, role=draft.role,
        affiliation=draft.affiliation, code=code.code if code else None,
        country=code.country if code else None, sector=code.sector if code else None,
        rule=code.rule if code else "spacy-ner",
    )
