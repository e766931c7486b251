"""Who did it and to whom: the source and target words of an event trigger, and the actors they name.

Words come from the dependency parse (subject, passive agent, control, target slots of the lexicon);
actors come from the article's entities (``Article.entity_at``) or, for phrases that are no entity
("European countries", "Ukrainian troops"), from ``newsgraph.extract.actors.code_actor`` when that
module is present.  Nothing is invented: a word that names no known actor gives no actor.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Optional

from newsgraph.model import ActorRef, Article, Entity, MentionIndex

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
SUBJECT_CLIMB = frozenset({"xcomp", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "conj"})
VERBAL = frozenset({"VERB", "AUX"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
LOCATING_PREPS = frozenset({"in", "of", "from"})
FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their"})
PRONOUN_TYPES = {**dict.fromkeys(("he", "him", "his", "she", "her"), ("PERSON",)),
                 **dict.fromkeys(("it", "its"), ("ORG", "PLACE")),
                 **dict.fromkeys(PLURAL_PRONOUNS, ("GROUP", "ORG", "PLACE"))}
PRONOUN_REACH = 400  # characters back in which a pronoun looks for whom it stands for
PHRASE_LEAD_DEPS = frozenset({"det", "cc", "advmod", "quantmod", "nummod", "predet", "prep"})  # not the actor's words  # "opposition groups in Zimbabwe", "the Albanians of Serbia"


def actor_coder(lexicon=None) -> Callable:
    """``code_actor`` with the actor lexicon ``lexicon`` (None: the built-in one), remembering what it
    gave each phrase across articles (``ActorLexicon.phrase_coder``)."""
    from newsgraph.extract.actors.coding import actor_lexicon

    return (lexicon or actor_lexicon()).phrase_coder


# ---- words -------------------------------------------------------------------------------------

def is_passive(verb) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)


def children(token, *deps) -> list:
    return [child for child in token.children if child.dep_ in deps]


def pobjects(prep) -> list:
    return children(prep, "pobj", "pcomp")


def direct_object(verb):
    """The object of a verb: its dobj, or the subject of its passive ("who was shot": the one "who" stands for)."""
    found = children(verb, "dobj") or (children(verb, "nsubjpass") if is_passive(verb) else [])
    if found and found[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head
    return found[0] if found else None


def own_subject(verb) -> list:
    """The subject written in the verb's clause: nsubj (a relative pronoun stands for its noun), or the agent."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head]
            return [child]
    if is_passive(verb):
        return [pobj for agent in children(verb, "agent") for pobj in pobjects(agent)]
    return []


def follows_comma(token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].text == ","


def subject_words(verb) -> list:
    """The doer of ``verb``: its own subject, else the controller up the chain ("NATO plans to increase")."""
    if found := own_subject(verb):
        return found
    if is_passive(verb):
        return []  # "relations should be restored": the doer is not said
    if verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBN"):
        # "messages requesting information": the noun does it; "a video released Sunday": nobody said
        return [verb.head] if verb.tag_ == "VBG" else []
    current = verb
    for _ in range(12):
        head, dep = current.head, current.dep_
        if head is current:
            return []
        if dep == "xcomp" and (controller := children(head, "dobj") or children(head, "nsubjpass")):
            return controller[:1]  # object control: "urged Iran to release"
        if dep == "conj" and is_passive(head) and (shared := children(head, "nsubjpass")):
            return shared  # "was indicted by the UN ... and will resign": coordinated verbs share the subject
        if dep == "advcl" and current.tag_ == "VBG" and follows_comma(current) and reported_before(head):
            head = head.head  # "X said that Y might go, pressing Z": the participle belongs to X
        elif dep not in SUBJECT_CLIMB:
            return []
        current = head
        if current.pos_ in VERBAL and (found := own_subject(current) or children(current, "nsubjpass")):
            return found
    return []


def reported_before(clause) -> bool:
    """A reported clause whose speech verb comes first ("X signaled that Y might go, ..."); in "Y shelled Juba,
    killing 20, officials said" the attribution follows and the participle stays with Y."""
    return clause.dep_ == "ccomp" and clause.head.i < clause.i


def object_phrase(obj) -> list:
    """The object and the nouns its phrase stands for: "part of a military aid program for Bosnia" ->
    part, program, aid (a target named inside the object's own phrase belongs to the event)."""
    found = []
    while obj is not None and obj not in found and len(found) < 4:
        found.append(obj)
        inner = [p for prep in children(obj, "prep") if prep.lower_ == "of" for p in pobjects(prep)] \
            or [c for c in children(obj, "compound") if c.pos_ == "NOUN"]
        obj = inner[0] if inner else None
    return found


def slot_words(token, slot: str, carrier=None) -> list:
    """The words in one target slot of the lexicon ("dobj", "dative", a preposition, "x.y")."""
    if "." in slot:
        first, rest = slot.split(".", 1)
        return [word for base in slot_words(token, first, carrier) for word in slot_words(base, rest)]
    if slot == "dobj":
        found = direct_object(token)
        return [found] if found is not None else clause_subjects(token)
    if slot == "dative":  # "give Tanzania a grant": the dative of the verb carrying the noun
        return children(token, "dative", "iobj") or (children(carrier, "dative", "iobj") if carrier is not None else [])
    obj = direct_object(token)
    owners = [token] + ([carrier] if carrier is not None else []) + (object_phrase(obj) if obj is not None else [])
    return [pobj for owner in owners for prep in children(owner, "prep") if prep.lower_ == slot
            for pobj in pobjects(prep)]


def clause_subjects(verb) -> list:
    """"allow refugees to return" parsed as a clause: the subject of the verb's object clause stands for its
    object (object control and small clauses: "ordered La Prensa to suspend", "let them go")."""
    if verb.pos_ not in VERBAL:
        return []
    return [s for clause in children(verb, "xcomp", "ccomp") for s in children(clause, "nsubj")
            if s.pos_ != "PRON"][:1]


LOCATION_PREPS = frozenset({"in", "at", "inside", "near", "outside"})


def location_words(token, carrier=None) -> list:
    """The places an event is said to happen in: the objects of "in / at / near" on the trigger or its carrier
    ("demonstrated in Serbia", "reimposed blockades in the West Bank", "rioted at a jail in Israel")."""
    owners = [token] + ([carrier] if carrier is not None else [])
    return [word for owner in owners for prep in children(owner, "prep") if prep.lower_ in LOCATION_PREPS
            for word in pobjects(prep) or [prep]]  # "outside of the Iraqi city of Basra": the whole phrase


def relation_partners(noun) -> list:
    """"relations with Russia", "Russia relations", "Russian-American ties": the partners named."""
    partners = [pobj for prep in children(noun, "prep") if prep.lower_ in ("with", "between") for pobj in pobjects(prep)]
    return partners or children(noun, "compound", "amod", "poss")


def owner_words(noun) -> list:
    """Who a thing belongs to: "Reagan's statement", "offices of the administrators", "an offer from Kabul",
    "a Security Council resolution"."""
    found = children(noun, "poss")
    found += [pobj for prep in children(noun, "prep") if prep.lower_ in ("of", "by", "from") for pobj in pobjects(prep)]
    return found + [c for c in children(noun, "compound") if c.pos_ == "PROPN"]


def noun_source_words(noun, modifiers: frozenset) -> list:
    """The doer written on an event noun: "Russia's attack", "US sanctions", "an attack by rebels"."""
    found = children(noun, "poss")
    found += [c for c in children(noun, "compound", "amod") if c.lemma_.lower() not in modifiers]
    found += [pobj for agent in children(noun, "prep", "agent") if agent.lower_ == "by" for pobj in pobjects(agent)]
    return found


# ---- actors ------------------------------------------------------------------------------------

def actor_from_entity(entity: Entity) -> ActorRef:
    return ActorRef(entity=entity.id, name=entity.name, code=entity.code, country=entity.country, sector=entity.sector)


def actor_from_code(coded, text: str) -> ActorRef:
    """A coded phrase; one with only a sector ("protesters" -> CVL) keeps its own words as name."""
    return ActorRef(entity=None, name=coded.name or text, code=coded.code, country=coded.country,
                    sector=coded.sector)


class ActorResolver:
    """Turns words into ``ActorRef`` for one article (entities first, then ``code_actor``)."""

    def __init__(self, article: Article, relation_nouns: frozenset = frozenset(),
                 partitive_nouns: frozenset = frozenset(), actors=None):
        self.article = article
        self.coder = actor_coder(actors)  # actors: the ActorLexicon to code phrases with (None: built-in)
        self.relation_nouns = relation_nouns
        self.partitive_nouns = partitive_nouns
        self.mentions: Optional[MentionIndex] = None

    def actors(self, words: list) -> list[ActorRef]:
        found: list[ActorRef] = []
        for word in words:
            for member in [word, *word.conjuncts]:
                for actor in self.actors_of(member):
                    if all((actor.entity, actor.name) != (a.entity, a.name) for a in found):
                        found.append(actor)
        return found

    def actors_of(self, word) -> list[ActorRef]:
        if word.lemma_.lower() in self.relation_nouns:
            return [actor for partner in relation_partners(word) for actor in self.actors_of(partner)]
        if (members := self.partitive_members(word)) is not None:  # "a group of Moroccan diplomats"
            return self.actors(members)
        if word.pos_ not in NOMINAL and word.pos_ != "ADJ":
            return []
        if word.pos_ == "PRON":
            entity = self.entity_over(word.idx, word.idx + len(word)) or self.pronoun_antecedent(word)
            return [actor_from_entity(entity)] if entity else []
        if split := self.coordinated_modifiers(word):
            return split
        one = self.actor_of_phrase(word)
        if one is None or not one.code or self.titled_person(word):  # "Kenzo Oshima, the UN ... Coordinator"
            one = self.with_apposition(one, word)
        return [one] if one else []

    def pronoun_antecedent(self, word) -> Optional[Entity]:
        """Who a pronoun the entities stage left unresolved stands for: "I", "we" in a quotation are its
        speaker; "he", "she" the person, "it" the organisation or country, "they" the group named last
        before it, no further back than PRONOUN_REACH characters."""
        text = word.lower_
        if text in FIRST_PERSON:
            quote = next((q for q in self.article.quotes if q.span and q.span[0] <= word.idx < q.span[1]), None)
            return self.article.entity(quote.speaker.entity) if quote is not None else None
        wanted = PRONOUN_TYPES.get(text)
        if wanted is None:
            return None
        mentions = [(m.start, e) for e in self.article.entities if e.type in wanted for m in e.mentions
                    if m.kind != "pronoun" and word.idx - PRONOUN_REACH <= m.start < word.idx]
        if text in PLURAL_PRONOUNS:
            mentions = [(start, e) for start, e in mentions if e.type == "GROUP" or e.name.endswith("s")]
        return max(mentions, key=lambda found: found[0])[1] if mentions else None

    def partitive_members(self, word) -> Optional[list]:
        """"scores of refugees", "52 members of the MASSOB", "one third of the guerrillas": the "of" object
        is the actor (None when ``word`` is no partitive noun or names nobody)."""
        if word.lemma_.lower() not in self.partitive_nouns and not (word.pos_ == "NUM" and word.dep_ in ("nsubj", "dobj")):
            return None
        members = [pobj for prep in children(word, "prep") if prep.lower_ == "of" for pobj in pobjects(prep)]
        return [members[0]] if members else None

    def titled_person(self, word) -> bool:
        """A person named with a common-noun apposition ("Kenzo Oshima, the NATO coordinator"): the
        text's own title comes before what a lexicon knows of the name."""
        entity = self.entity_over(word.idx, word.idx + len(word))
        return entity is not None and entity.type == "PERSON" and any(
            other.pos_ == "NOUN" for other in children(word, "appos"))

    def with_apposition(self, actor: Optional[ActorRef], word) -> Optional[ActorRef]:
        """The code of its apposition for an uncoded actor or a titled person ("Oshima, the UN
        coordinator"); a coded actor keeps its own sector unless the apposition gives one."""
        titled = self.titled_person(word)
        for other in children(word, "appos") + ([word.head] if word.dep_ == "appos" else []):
            if titled and other.pos_ != "NOUN":
                continue
            found = self.actor_of_phrase(other)
            if found is not None and found.code:
                if actor is None:
                    return found
                sector = (found.sector or actor.sector) if titled else (actor.sector or found.sector)
                return replace(actor, code=found.code, country=found.country, sector=sector)
        return actor

    def location_actors(self, words: list) -> list[ActorRef]:
        """The country of the first place named in ``words`` (their phrases included): PLOVER codes an event's
        missing side by where it happens ("demonstrated in Serbia" -> SRB)."""
        for word in words:
            for token in word.subtree:
                entity = self.entity_over(token.idx, token.idx + len(token))
                if entity is not None and entity.type == "PLACE" and entity.country:
                    return [ActorRef(entity=entity.id, name=entity.name, code=entity.country, country=entity.country)]
        return []

    def coordinated_modifiers(self, word) -> list[ActorRef]:
        """"Hungarian and Romanian officials": one actor per coordinated adjective."""
        for modifier in children(word, "amod", "compound"):
            if modifier.conjuncts:
                actors = [self.actor_of_text(f"{m.text} {word.text}", m.idx, m.idx + len(m))
                          for m in (modifier, *modifier.conjuncts)]
                return [a for a in actors if a]
        return []

    def actor_of_phrase(self, word) -> Optional[ActorRef]:
        entity = self.entity_over(word.idx, word.idx + len(word))
        if entity and not entity.code and self.coder is not None \
                and (coded := self.coder(entity.name)) is not None and coded.code:
            return self.placed(replace(actor_from_entity(entity), code=coded.code, country=coded.country,
                                       sector=entity.sector or coded.sector), word, entity.type)  # "Security Council"
        if entity:
            return self.placed(actor_from_entity(entity), word, entity.type)
        if word.pos_ == "NOUN" and self.names_no_actor(word):
            # "welcomed Reagan's statement", "the computers of South Korean officers": the owner is the actor
            if owned := next((a for owner in owner_words(word) for a in self.actors_of(owner)), None):
                return owned
        start = word.left_edge
        while start.i < word.i and (start.is_punct or start.dep_ in PHRASE_LEAD_DEPS or start.pos_ in ("ADP", "NUM")):
            start = start.nbor()  # "at least 1,000 Russian troops" -> "Russian troops"
        actor = self.actor_of_text(word.doc[start.i: word.i + 1].text, start.idx, word.idx + len(word))
        return self.placed(actor, word, None) if actor else None

    def names_no_actor(self, word) -> bool:
        """True when the noun itself is no actor word ("statement", "computers"; not "troops", "government")."""
        if self.coder is None:
            return False
        coded = self.coder(word.text)
        return coded is None or not (coded.code or coded.sector)

    def placed(self, actor: ActorRef, word, kind: Optional[str]) -> ActorRef:
        """An actor's country from its own phrase (PLOVER codes by where an actor belongs): an uncoded one
        from its owner or place ("Israel's Cabinet", "security forces in Guinea"); a group of people
        from the country it is in ("ethnic Albanians in Serbia" -> SRB)."""
        group = kind == "GROUP" or word.tag_ in ("NNS", "NNPS")
        if actor.code and not group:
            return actor
        owners = children(word, "poss") if not actor.code else []
        owners += [pobj for prep in children(word, "prep") if prep.lower_ in LOCATING_PREPS for pobj in pobjects(prep)]
        for owner in owners:
            entity = self.entity_over(owner.idx, owner.idx + len(owner))
            if entity is not None and entity.country and entity.code == entity.country:
                return replace(actor, code=entity.code, country=entity.country)
        if not actor.code and actor.sector:  # a person with a role too: "President Mugabe"
            # "the Supreme Court" of the one country named, else of the country the article is about
            country = self.only_country_in(word.sent) or self.article_country
            if country:
                return replace(actor, code=country, country=country)
        return actor

    @property
    def article_country(self) -> Optional[str]:
        """The country the article makes plain (``actors.plain_country`` of its entities), or None."""
        if not hasattr(self, "_article_country"):
            from newsgraph.extract.actors.coding import country_mentions, plain_country

            self._article_country = plain_country(country_mentions(self.article.entities))
        return self._article_country

    def only_country_in(self, sentence) -> Optional[str]:
        found = {entity.country for entity in self.article.entities if entity.country and entity.code == entity.country
                 and any(sentence.start_char <= m.start < sentence.end_char for m in entity.mentions)}
        return found.pop() if len(found) == 1 else None

    def actor_of_text(self, text: str, start: int, end: int) -> Optional[ActorRef]:
        if self.coder is not None:
            coded = self.coder(text)
            if coded is not None and (coded.code or coded.sector):
                return actor_from_code(coded, text)
        entity = self.entity_over(start, end)
        return actor_from_entity(entity) if entity else None

    def entity_over(self, start: int, end: int) -> Optional[Entity]:
        if self.mentions is None:  # built on first use: the entities stage has run, they no longer change
            self.mentions = MentionIndex(self.article.entities)
        return self.mentions.entity_at(start, end)
