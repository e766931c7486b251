"""Entities stage: find name mentions, merge them into canonical entities of the article,
attach titles (newsgraph.extract.entities.titles), resolve nominals and pronouns (.coref) and code each entity as an
actor (country, PLOVER code and sector).

spaCy's NER often tags a person's surname alone as an organisation or place ("Trump tweeted",
"Kasich said") or glues a place to a name ("Mayor of London Sadiq Kahn" -> ORG "London Sadiq
Kahn"). Such names join the person they name: a non-person name that is a person's full or last
name named elsewhere in the article (``+person-name``) or an office holder's name
(``office-holder-name``) is that person; a name ending in a person's name is split there
(``+person-name-split``); and a proper noun that repeats a person's last name, which NER did not
tag at all, becomes a mention of that person (``person-last-name``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Optional

from newsgraph.extract.actors import coding as actors
from newsgraph.extract.actors import office_holders
from newsgraph.extract.entities import coref, titles
from newsgraph.extract.entities.doc_index import DocIndex
from newsgraph.lexicons import Lexicons, builtin_lexicons
from newsgraph.model import Article, Entity, Mention
from newsgraph.pipeline import stage

SPACY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
               "NORP": "GROUP"}
LEADING_WORDS = {"the", "a", "an"}
NAMES_REMEMBERED = 8_000  # names coded per process (LRU): about what 500 articles bring, so memory stays flat
COUNTRIES_REMEMBERED = 4_000
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
def extract_entities(article: Article, lexicons: Optional[Lexicons] = None) -> Article:
    """The article's entities, their mentions coded with the actor lexicon of ``lexicons`` (None:
    the built-in lexicons)."""
    lexicon = (lexicons or builtin_lexicons()).actors
    index = DocIndex(article.doc)
    when = actors.reference_date(article.published)
    names = find_name_mentions(index, when, lexicon)
    drafts = merge_names(names, lexicon)
    for draft in drafts:
        draft.mentions = [mention_of(index, n) for n in draft.names]
    titles.attach_titles(index, drafts, lexicon)
    coref.resolve_references(index, drafts, lexicon, when, dated=bool(article.published))
    entities = [finish_entity(i, d, lexicon, when) for i, d in enumerate(ordered(drafts), start=1)]
    article.entities = with_plain_country(entities)
    return article


def with_plain_country(entities: list[Entity]) -> list[Entity]:
    """People and groups the text gives a role but no country ("Rep. Adam Kinzinger", "the
    police") take the country the article makes plain (``actors.plain_country``); people with
    neither take the country alone."""
    country = actors.plain_country(actors.country_mentions(entities))
    if country is None:
        return entities
    for entity in entities:
        if entity.code is None and (entity.sector or entity.type == "PERSON"):
            entity.code, entity.country = country, country
            entity.rule = f"{entity.rule}+article-country"
    return entities


def find_name_mentions(index, when: Optional[date] = None, lexicon: Optional[actors.ActorLexicon] = None) -> list[NameMention]:
    """Named-entity spans from spaCy plus lexicon names spaCy missed, without overlaps; ``when``
    (the article's date) picks date-bounded dictionary codes. ``index`` is the DocIndex of
    the parsed text; ``lexicon`` the actor lexicon (None: the built-in one)."""
    lexicon = lexicon or actors.actor_lexicon()
    found = [m for m in (name_from_ent(ent, when, lexicon) for ent in index.doc.ents) if m is not None]
    found = split_person_names(index, found, lexicon)
    for more in (lexicon_names(index, lexicon), office_holder_names(index, lexicon), last_name_mentions(index, found)):
        taken = {i for m in found for i in range(m.start, m.end)}
        found += [m for m in more if not taken.intersection(range(m.start, m.end))]
    return sorted(found, key=lambda m: m.start)


def office_holder_names(index, lexicon: actors.ActorLexicon) -> list[NameMention]:
    """Capitalised runs of proper nouns that name a person of the office-holder lexicon, for the
    people spaCy did not tag ("Trump met Zelensky": "Trump" tagged a common noun)."""
    known, starts = lexicon.offices, office_holder_first_words(lexicon)
    words, names, i = index.words, [], 0
    while i < len(words):
        if words[i][:1].isupper() and actors.fold(words[i]) in starts:
            for end in range(min(len(words), i + MAX_OFFICE_HOLDER_TOKENS), i, -1):
                if all(w[:1].isupper() or w in ".-" for w in words[i:end]) and words[end - 1][:1].isupper():
                    text = index.text(i, end)
                    if office_holders.person_key(text) in known:
                        names.append(NameMention(i, end, text, "PERSON", "office-holder-name"))
                        i = end - 1
                        break
        i += 1
    return names


@lru_cache(maxsize=4)
def office_holder_first_words(lexicon: actors.ActorLexicon) -> frozenset[str]:
    """First words of every office-holder name and alias of ``lexicon``, folded, computed once per lexicon."""
    return frozenset(k.split()[0] for k in lexicon.offices if k)


def person_last_names(names: list[NameMention]) -> dict[str, str]:
    """Last word of every PERSON name -> the longest name ending in it, for last words only one
    person has ("Johnson" for Myeshia and La David Johnson is left out)."""
    people: dict[str, set[str]] = {}
    for name in names:
        if name.type == "PERSON":
            people.setdefault(name.text.split()[-1], set()).add(name.text)
    owners = {}
    for last, full in people.items():
        longest = max(full, key=lambda t: len(t.split()))
        if all(longest.endswith(other) for other in full):
            owners[last] = longest
    return owners


def split_person_names(index, names: list[NameMention], lexicon: Optional[actors.ActorLexicon] = None) -> list[NameMention]:
    """A non-person name that ends in a person's full name ("London Sadiq Kahn"), or in a
    person's last name after a lexicon actor ("U.S. Pompeo"), is split: the person part becomes a
    PERSON name, the rest a lexicon name when the lexicon knows it."""
    lexicon = lexicon or actors.actor_lexicon()
    people = {n.text for n in names if n.type == "PERSON" and len(n.text.split()) >= 2}
    last_names = person_last_names(names)
    result = []
    for name in names:
        cut = person_cut(index, name, people, last_names, lexicon) if name.type != "PERSON" else None
        if cut is None:
            result.append(name)
            continue
        head = index.text(name.start, cut)
        actor = lexicon_name(head, lexicon)
        if actor is not None and actor.type in ("ORG", "PLACE"):
            result.append(NameMention(name.start, cut, head, actor.type, "lexicon-name", actor))
        result.append(NameMention(cut, name.end, index.text(cut, name.end), "PERSON", f"{name.rule}+person-name-split"))
    return result


def person_cut(index, name: NameMention, people: set[str], last_names: dict[str, str],
               lexicon: actors.ActorLexicon) -> Optional[int]:
    for cut in range(name.start + 1, name.end):
        tail = index.text(cut, name.end)
        if tail in people:
            return cut
        if cut == name.end - 1 and tail in last_names and lexicon_name(index.text(name.start, cut), lexicon) is not None:
            return cut
    return None


def last_name_mentions(index, names: list[NameMention]) -> list[NameMention]:
    """Proper nouns NER did not tag that repeat the last name of one person of the article (the
    tagger may call one a common noun: "Cordesman said"; it keeps its capital, as last names match
    case-sensitively)."""
    last_names = person_last_names(names)
    taken = {i for n in names for i in range(n.start, n.end)}
    return [NameMention(i, i + 1, word, "PERSON", "person-last-name")
            for i, word in enumerate(index.words)
            if word in last_names and index.pos[i] in ("PROPN", "NOUN") and i not in taken]


def name_from_ent(ent, when: Optional[date], lexicon: actors.ActorLexicon) -> Optional[NameMention]:
    if ent.label_ not in SPACY_TYPES:
        return None
    tokens = trim_tokens(ent)
    if not tokens or not any(t.text[:1].isupper() for t in tokens):
        return None
    start, end = tokens[0].i, tokens[-1].i + 1
    text = ent.doc[start:end].text
    actor = code_name(text, when, lexicon)
    kind = "name"
    entity_type = SPACY_TYPES[ent.label_]
    if ent.label_ == "NORP":
        if actor is None or actor.code is None:
            return None  # a demonym we cannot tie to a country or region is not an entity
        kind, entity_type = "demonym", "PLACE"
    elif actor is not None and actor.type and entity_type != "PERSON":
        entity_type = actor.type
    elif entity_type == "PERSON" and country_name(text, when, lexicon) is not None:
        entity_type = "PLACE"  # the whole name is a country, capital or region ("Kyiv" tagged PERSON)
    elif entity_type == "PERSON" and (place := demonym_place(text, when, lexicon)) is not None:
        kind, entity_type, actor = "demonym", "PLACE", place  # "Londoner" tagged PERSON: people of London
    elif entity_type == "PERSON" and (known := lexicon_name(text, lexicon)) is not None and known.type == "ORG":
        entity_type, actor = "ORG", known  # the whole name is a lexicon organisation ("Houthis" tagged PERSON)
    return NameMention(start, end, text, entity_type, f"spacy-ner:{ent.label_}", actor, kind)


def demonym_place(text: str, when: Optional[date] = None,
                  lexicon: Optional[actors.ActorLexicon] = None) -> Optional[actors.ActorCode]:
    """The place a one-word demonym of a city or country names ("Londoner", "Parisians",
    "Berliner"): the word less a demonym ending of ``references.tsv`` (kind ``demonym-ending``) is a
    country, capital or region of the lexicon. Multi-word names ("Ann Turner") are never demonyms."""
    if len(text.split()) != 1:
        return None
    lexicon = lexicon or actors.actor_lexicon()
    for ending in reference_demonym_endings(lexicon):
        stem = text[:-len(ending)]
        if text.endswith(ending) and len(stem) >= 3 and (place := country_name(stem, when, lexicon)) is not None:
            return place
    return None


def reference_demonym_endings(lexicon: actors.ActorLexicon) -> list[str]:
    """Demonym endings, longest first ("ers" before "er")."""
    return sorted(lexicon.references.get("demonym-ending", {}), key=len, reverse=True)


@lru_cache(maxsize=NAMES_REMEMBERED)
def code_name(text: str, when: Optional[date], lexicon: actors.ActorLexicon) -> Optional[actors.ActorCode]:
    """``actors.code_actor`` of a name, cached: names repeat within and across articles (the
    lexicon is part of the key)."""
    return actors.code_actor(text, when, lexicon)


@lru_cache(maxsize=COUNTRIES_REMEMBERED)
def country_name(text: str, when: Optional[date], lexicon: actors.ActorLexicon) -> Optional[actors.ActorCode]:
    return actors.lookup_country(text, when, lexicon)


def trim_tokens(span) -> list:
    """Tokens of a span without a leading article or possessive ("’s Obama"), a trailing
    possessive or punctuation."""
    tokens = list(span)
    while tokens and (tokens[0].lower_ in LEADING_WORDS or tokens[0].is_punct or tokens[0].is_space
                      or tokens[0].tag_ == "POS"):
        tokens.pop(0)
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct or tokens[-1].is_space):
        tokens.pop()
    return tokens


def lexicon_names(index, lexicon: actors.ActorLexicon) -> list[NameMention]:
    """Capitalised token runs that the actor lexicons know (organisations spaCy did not tag)."""
    words, gaps = index.words, index.gaps
    starts = lexicon_first_words(lexicon)
    names, i = [], 0
    while i < len(words):
        match = None
        if words[i][:1].isupper() and first_word(words[i]) in starts:
            match = longest_lexicon_match(words, gaps, i, lexicon)
        if match:
            names.append(match)
            i = match.end
        else:
            i += 1
    return names


def longest_lexicon_match(words: list[str], gaps: list[str], i: int,
                          lexicon: actors.ActorLexicon) -> Optional[NameMention]:
    for end in range(min(len(words), i + MAX_LEXICON_TOKENS), i, -1):
        text = "".join(w + g for w, g in zip(words[i:end - 1], gaps[i:end - 1])) + words[end - 1]
        actor = lexicon_name(text, lexicon)
        if actor is not None and actor.type in ("ORG", "PLACE"):
            return NameMention(i, end, text, actor.type, "lexicon-name", actor)
    return None


def first_word(text: str) -> str:
    """The first run of word characters (or the first character), case-folded: "al-Qaeda" -> "al"."""
    match = FIRST_WORD.match(text)
    return (match.group(0) if match else text[:1]).casefold()


@lru_cache(maxsize=4)
def lexicon_first_words(lexicon: actors.ActorLexicon) -> frozenset[str]:
    """First words of every name of ``lexicon``, computed once per lexicon."""
    return frozenset(first_word(name) for name in actors.known_actor_names(lexicon))


def lexicon_name(text: str, lexicon: actors.ActorLexicon) -> Optional[actors.ActorCode]:
    names = actors.known_actor_names(lexicon)
    return names.get(text) or names.get(text.casefold())


def merge_names(names: list[NameMention], lexicon: Optional[actors.ActorLexicon] = None) -> list[EntityDraft]:
    """Group name mentions into canonical entities: people by full and last name, the rest by
    lexicon identity or normalised text (``lexicon``: None for the built-in one)."""
    offices = (lexicon or actors.actor_lexicon()).offices
    drafts: list[EntityDraft] = []
    by_key: dict[tuple, EntityDraft] = {}
    people = [n for n in names if n.type == "PERSON"]
    for name in sorted(people, key=lambda n: -len(n.text.split())):
        draft = by_key.get(("PERSON", name.text.casefold())) or person_by_last_name(drafts, name)
        add_name(drafts, by_key, draft, name, ("PERSON", name.text.casefold()))
    last_names = person_last_names(people)
    other_first_words = {n.text.split()[0] for n in names if n.type != "PERSON" and len(n.text.split()) > 1}
    for name in (n for n in names if n.type != "PERSON"):
        person = person_of_misnamed(name, by_key, last_names, other_first_words, offices)
        if person is not None:
            name.type, name.rule = "PERSON", person[1]
            add_name(drafts, by_key, person[0], name, ("PERSON", name.text.casefold()))
            continue
        key = identity_key(name)
        add_name(drafts, by_key, by_key.get(key), name, key)
    return drafts


def person_of_misnamed(name: NameMention, by_key, last_names: dict[str, str], other_first_words: set[str],
                       offices: dict):
    """(person draft or None for a new one, rule) when NER gave a person's name another type:
    the name is not a lexicon actor and is a full or last name of a person of the article
    ("Wilson" tagged ORG beside "Frederica Wilson") or of the office-holder lexicon ("Trump"
    tagged ORG); a last name that also begins an organisation's name ("Fisher" beside "Fisher
    Sand and Gravel") stays what it is."""
    if name.kind != "name" or (name.actor is not None and name.actor.code) or not name.text[:1].isupper():
        return None
    full = by_key.get(("PERSON", name.text.casefold()))
    if full is None and name.text in last_names and name.text not in other_first_words:
        full = by_key.get(("PERSON", last_names[name.text].casefold()))
    if full is not None:
        return full, f"{name.rule}+person-name"
    if office_holders.person_key(name.text) in offices:
        return by_key.get(("PERSON", name.text.casefold())), "office-holder-name"
    return None


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
    if name.actor is not None and name.actor.name:  # "Egypt" and "the Egyptian Armed Forces" stay apart
        return ("ACTOR", name.actor.name, name.actor.code, name.actor.sector)
    return (name.type, name.text.casefold())


def mention_of(index, name: NameMention) -> Mention:
    return Mention(index.starts[name.start], index.ends[name.end - 1], index.text(name.start, name.end),
                   name.kind, name.rule)


def ordered(drafts: list[EntityDraft]) -> list[EntityDraft]:
    return sorted(drafts, key=lambda d: min(m.start for m in d.mentions))


def finish_entity(number: int, draft: EntityDraft, lexicon: actors.ActorLexicon, when: Optional[date] = None) -> Entity:
    code = coref.actor_code_of(draft, lexicon, when)
    mentions = sorted({(m.start, m.end): m for m in draft.mentions}.values(), key=lambda m: m.start)
    return Entity(
        id=f"e{number}", name=draft.name, type=draft.type, mentions=mentions, role=draft.role,
        affiliation=draft.affiliation, code=code.code if code else None,
        country=code.country if code else None, sector=code.sector if code else None,
        rule=code.rule if code else "spacy-ner",
    )
