"""Who speaks: the subject of a cue, looked up among the article's entity mentions.

``SpeakerResolver.resolve`` tries, in order: a relative pronoun speaks for its antecedent ("Kim, who
warned", ``+relative-pronoun``); the entity mention over the subject's head word (names, titles and
pronouns the entities stage resolved), unless an unnamed-source noun only carries the entity it works
for ("U.S. officials"), and with a badly cut entity name mended ("Meet The Press, Power" -> the
article's Samantha Power); for an unresolved "he"/"she"/"his"/"her" the most recent PERSON named
before it whose linked pronouns are not all of the other gender (``pronoun-recent-person``), for
"it"/"they"/"its"/"their" the most recent ORG or GROUP (``pronoun-recent-org``); an unnamed source
("officials", "the spokesman", "a senior diplomat who asked not to be named") becomes an anonymous
speaker described by its noun phrase (``anonymous-source``), but a statement noun with its issuer
("a Pentagon statement said") is the issuer (``statement-issuer``); an organisation named by a
description ("The US defence department") is the article's organisation of the same country and
sector ("Pentagon"), else the lexicon organisation it describes (``described-organisation``); a
news outlet that relays a clause with its own speech verb and subject ("X said ..., BBC News
reported") gives way to that subject (``relayed-by-outlet``; the span stays the outlet's words, the
syntactic source); an unresolved title naming a person
("Mayor of London Sadiq Kahn") is that person; an unresolved proper name keeps its name words;
anything else keeps its own words as the name.

The subject itself (``subject_of``) is the one nearest the cue, past a wire dateline ("LONDON
(Reuters) - [Theresa May] said"), or the object before an infinitive cue ("prompted [NATO] to order").
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

from spacy.tokens import Token

from newsgraph.extract.actors import coding as actors
from newsgraph.extract.quotes.cues import controlling_object, is_cue_verb
from newsgraph.extract.quotes.syntax import is_trailing_participle, trimmed_span
from newsgraph.extract.quotes.lexicon import QuoteLexicon
from newsgraph.model import Article, Entity, Speaker, Span

SUBJECT_DEPS = ("nsubj",)
CLIMB_DEPS = ("conj", "advcl", "xcomp", "acomp")
MAX_SUBJECT_CLIMB = 5  # "..., adding": the subject is the head verb's
PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
GROUP_PRONOUNS = {"it", "they", "them", "its", "their"}
PLURAL_PRONOUNS = {"they", "them", "their"}
INDEFINITE_DETERMINERS = {"a", "an", "some", "several", "many", "few", "various", "other", "another", "one"}
NAMED_LEMMAS = {"name", "identify"}  # "who asked not to be named / identified"
NOUN_POS = ("NOUN", "PROPN", "PRON")
BAD_NAME_START = re.compile(r"['’]s\b")
PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female", "hers": "female"}
CLAUSE_POS = ("VERB", "AUX")
RELATIVE_PRONOUNS = {"who", "which", "that"}
NAME_DEPS = ("compound", "flat")
ISSUER_DEPS = ("compound", "poss")  # "a Pentagon statement", "the ministry's statement"
OUTLET_CODE = "MED"  # code and sector of news media (organisations.tsv)
MIN_DESCRIPTION_WORDS = 2  # a bare "the department" is left to the entities stage's nominal-class rule
DASHES = ("—", "--", "―")  # "RENO, Nev. (AP) — Donald Trump said": the source starts after
AFTER_AGENCY_DASHES = ("–", "-")  # "MACAU (Reuters) – Top donor Sheldon Adelson", only right after ")"


def subject_of(cue: Token, lexicon: QuoteLexicon) -> Optional[Token]:
    """The subject of ``cue``, climbing through conjoined, adverbial or complement verbs a few times;
    a participle's noun ("an official saying ...") and a gerund's verb ("began by saying ...") count."""
    verb = cue
    for _ in range(MAX_SUBJECT_CLIMB):
        subject = _nearest_subject(verb)
        if subject is not None or verb.head.i == verb.i:
            return past_dateline(subject) if subject is not None else None
        if (doer := controlling_object(verb, lexicon)) is not None:
            return doer  # "the provocations prompted [NATO] to order ..."
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in NOUN_POS:
            return verb.head
        if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.head.pos_ in CLAUSE_POS:
            verb = verb.head.head
            continue
        if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and verb.tag_ == verb.head.head.tag_:
            verb = verb.head.head  # "Sanders said [the system was rigged] and warned": a misparsed sibling
            continue
        if is_trailing_participle(verb) and is_cue_verb(verb, lexicon) and is_cue_verb(verb.head.head, lexicon):
            verb = verb.head.head  # "Perdue said [he didn't believe it], arguing that ...": the cue's source
            continue
        if verb.dep_ not in CLIMB_DEPS:
            return None
        verb = verb.head
    return None


def _nearest_subject(verb: Token) -> Optional[Token]:
    """The subject nearest ``verb``: "[MOSCOW (Reuters)] – [The Kremlin] said" gives the dateline a
    subject's relation too."""
    first = next((child for child in verb.children if child.dep_ in SUBJECT_DEPS), None)
    if first is None or first.i > verb.i:
        return first
    doc = verb.doc
    for i in range(verb.i - 1, first.i, -1):  # usually none or a word or two between
        if doc[i].dep_ in SUBJECT_DEPS and doc[i].head.i == verb.i:
            return doc[i]
    return first


def past_dateline(subject: Token) -> Token:
    """The name after a dateline the parser took for the subject: "[LONDON (Reuters)] - [British Prime
    Minister Theresa May] said" hangs the name under "LONDON" as an apposition after the dash."""
    doc = subject.doc
    for child in subject.rights:
        dash = doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        if child.dep_ == "appos" and dash is not None and (
                _after_agency(dash) or (dash.text in DASHES and subject.text.isupper())):
            return child  # not "Clinton — [the former secretary of state] — said"
    return subject


def _after_agency(dash: Token) -> bool:
    """A dash right after a news agency's parenthesis: "MOSCOW (Reuters) [–]", "(AP) [—]"."""
    return dash.text in DASHES + AFTER_AGENCY_DASHES and dash.i > 0 and dash.doc[dash.i - 1].text == ")"


def speaker_span(head: Token) -> Span:
    """The subject's whole phrase, as PolNeAR marks a source: "Gov. Mike Pence (R-IN)", "The city of
    Phoenix", "a senior diplomat who asked not to be named" (edge punctuation trimmed), up to a
    participle that is the cue ("an official [saying ...]"), without a dateline before a dash
    ("[RENO, Nev. (AP) —] Donald Trump")."""
    doc, first, last = head.doc, head.left_edge.i, head.right_edge.i
    participle = next((c for c in head.rights if c.dep_ == "acl" and c.tag_ == "VBG"), None)
    if participle is not None:
        last = participle.left_edge.i - 1
    dash = next((t.i for t in reversed(doc[first: head.i]) if t.text in DASHES or _after_agency(t)), None)
    if dash is not None:
        first = dash + 1
    return trimmed_span(doc, first, last) or (head.idx, head.idx + len(head))


def is_anonymous(head: Token, lexicon: QuoteLexicon) -> bool:
    """An unnamed source: an indefinite or bare plural common noun, or one "not to be named"."""
    if head.pos_ != "NOUN":
        return False
    determiners = [c for c in head.lefts if c.dep_ in ("det", "nummod", "amod")]
    if any(word.lower_ in INDEFINITE_DETERMINERS or word.like_num for word in determiners):
        return True
    if head.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in head.lefts):
        return True
    if head.lemma_.lower() in lexicon.anonymous_nouns and not any(c.dep_ == "poss" or c.pos_ == "PROPN" for c in head.lefts):
        return True  # "the official said": the article never names them (a named one is an entity mention)
    return any(t.lemma_.lower() == "anonymity" or (t.lemma_.lower() in NAMED_LEMMAS and _negated(t))
               for t in head.subtree)


def requests_anonymity(cue: Token) -> bool:
    """"(a diplomat who) asked not to be named", "spoke on condition of anonymity": the source's
    description, not something the source said."""
    def asks(child: Token) -> bool:
        if child.dep_ == "xcomp":  # "asked [not to be named]"
            return child.lemma_.lower() in NAMED_LEMMAS and _negated(child)
        if child.dep_ in ("prep", "dobj"):  # "on [condition of anonymity]", "requested [anonymity]"
            return any(t.lemma_.lower() == "anonymity" for t in child.subtree)
        return False
    return any(asks(child) for child in cue.children)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(c.dep_ == "neg" for c in token.head.children)


def speaker_name(entity: Entity) -> str:
    """The entity's name, or when it is badly cut ("Meet The Press, Power", "’s Obama", "governor")
    its longest well-formed name mention ("Samantha Power")."""
    if _well_formed(entity.name):
        return entity.name
    names = [m.text for m in entity.mentions if m.kind == "name" and _well_formed(m.text)]
    return max(names, key=lambda n: (len(n.split()), -names.index(n))) if names else entity.name


def _well_formed(name: str) -> bool:
    return bool(name) and name[0].isupper() and "," not in name and not BAD_NAME_START.match(name)


def _affiliated_source(head: Token, entity: Entity, lexicon: QuoteLexicon) -> bool:
    """"U.S. officials", "White House officials": the entity is where the unnamed source works, not who speaks."""
    return entity.type != "PERSON" and head.pos_ == "NOUN" and head.lemma_.lower() in lexicon.anonymous_nouns


def _name_span(head: Token) -> Span:
    """The head word with the name words joined to it ("Samantha Power", "Bloomberg TV")."""
    words = [head] + [c for c in head.children if c.dep_ in NAME_DEPS and c.pos_ == "PROPN"]
    first, last = min(t.i for t in words), max(t.i for t in words)
    return head.doc[first].idx, head.doc[last].idx + len(head.doc[last])


def statement_nouns(lexicon: actors.ActorLexicon) -> dict[str, str]:
    """Nouns of an organisation's or person's own statement ("statement", "communique"), references.tsv."""
    return lexicon.references.get("statement-noun", {})


def _spelling_variants(words: list[str], lexicon: actors.ActorLexicon) -> list[str]:
    """The description as written, with British spellings made American ("defence" -> "defense",
    references.tsv kind ``spelling-variant``), and each of those with every word capitalised as a
    name ("US Defense Department")."""
    variants = lexicon.references.get("spelling-variant", {})
    american = [variants.get(w.lower(), w) for w in words]
    forms = [words, american, [w[:1].upper() + w[1:] for w in words], [w[:1].upper() + w[1:] for w in american]]
    return list(dict.fromkeys(" ".join(f) for f in forms))


def described_organisation(head: Token, lexicon: actors.ActorLexicon) -> Optional[actors.ActorCode]:
    """The organisation a description codes to ("The US defence department" -> Department of
    Defense, USA, MIL): its words before the head noun (without determiners), coded by
    ``actors.code_actor`` as an organisation with a sector; None for anything else."""
    words = [t.text for t in head.doc[head.left_edge.i: head.i + 1] if t.pos_ != "DET" and not t.is_punct]
    if head.pos_ != "NOUN" or len(words) < MIN_DESCRIPTION_WORDS:
        return None
    for text in _spelling_variants(words, lexicon):
        code = actors.code_actor(text, lexicon=lexicon)
        if code is not None and code.type == "ORG" and code.sector:
            return code
    return None


def is_outlet(entity: Entity) -> bool:
    return OUTLET_CODE in (entity.code, entity.sector)


def relayed_subject(head: Token, lexicon: QuoteLexicon) -> Optional[Token]:
    """The subject of the speech verb heading the clause an outlet reports ("Oakes noted ..., BBC
    News reported"; "The firm decried ... and said ..., BBC News reported" -> "The firm")."""
    if head.dep_ not in SUBJECT_DEPS:
        return None
    for clause in (c for c in head.head.children if c.dep_ == "ccomp"):
        for verb in [clause] + [c for c in clause.children if c.dep_ == "conj"]:
            if is_cue_verb(verb, lexicon):
                inner = subject_of(verb, lexicon)
                if inner is not None and inner.i != head.i:
                    return inner
    return None


def _join(*rules: str) -> str:
    return "+".join(r for r in rules if r)


class SpeakerResolver:
    """Resolves subjects to speakers for one article; the mention index is built once."""

    def __init__(self, article: Article, lexicon: actors.ActorLexicon, quotes: QuoteLexicon):
        self.article, self.lexicon, self.quotes = article, lexicon, quotes
        self.recent = {"PERSON": self._named_mentions(("PERSON",)), "ORG": self._named_mentions(("ORG", "GROUP"))}
        self.genders = self._genders()

    def _named_mentions(self, types: tuple[str, ...]) -> tuple[list[int], list[Entity]]:
        found = sorted((m.start, e.id, e) for e in self.article.entities if e.type in types
                       for m in e.mentions if m.kind != "pronoun")
        return [f[0] for f in found], [f[2] for f in found]

    def resolve(self, head: Token) -> tuple[Speaker, str]:
        """The speaker for the subject ``head`` and the fallback rule used ("" for a direct entity match)."""
        span = speaker_span(head)
        if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl" and head.head.head.pos_ in NOUN_POS:
            speaker, rule = self.resolve(head.head.head)  # "Kim, who warned": Kim speaks
            return Speaker(speaker.entity, speaker.name, span, speaker.anonymous), _join(rule, "relative-pronoun")
        found = self.article.mention_at(head.idx, head.idx + len(head))
        if found and not _affiliated_source(head, found[0], self.quotes):
            entity = self._well_named(found[0])
            inner = relayed_subject(head, self.quotes) if is_outlet(entity) else None
            if inner is not None:  # "X said ..., BBC News reported": X speaks, the span stays the outlet's
                speaker, rule = self.resolve(inner)
                return Speaker(speaker.entity, speaker.name, span, speaker.anonymous), _join(rule, "relayed-by-outlet")
            return Speaker(entity.id, speaker_name(entity), span), ""
        if head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(head, span)
        issuer = self._issuer(head)
        if issuer is not None:  # "a Pentagon statement said": the Pentagon speaks
            return Speaker(issuer.id, speaker_name(issuer), span), "statement-issuer"
        if is_anonymous(head, self.quotes):
            described = trimmed_span(head.doc, head.left_edge.i, head.right_edge.i) or span
            return Speaker(None, self.article.text[slice(*described)], span, anonymous=True), "anonymous-source"
        if head.pos_ == "PROPN":  # "Power, who echoed ...": the name, not the clause around it
            person = self._person_in_title(head, span)
            if person is not None:  # "Mayor of London Sadiq Kahn"
                return Speaker(person.id, speaker_name(person), span), ""
            return Speaker(None, self.article.text[slice(*_name_span(head))], span), ""
        described = self._described(head)
        if described is not None:
            return Speaker(described[0], described[1], span), "described-organisation"
        return Speaker(None, self.article.text[slice(*span)], span), ""

    def _issuer(self, head: Token) -> Optional[Entity]:
        """The named issuer of a statement noun ("a Pentagon statement", "Iran's statement")."""
        if head.pos_ != "NOUN" or head.lemma_.lower() not in statement_nouns(self.lexicon):
            return None
        for word in (c for c in head.lefts if c.dep_ in ISSUER_DEPS and c.pos_ == "PROPN"):
            found = self.article.mention_at(word.idx, word.idx + len(word))
            if found is not None:
                return found[0]
        return None

    def _described(self, head: Token) -> Optional[tuple[Optional[str], str]]:
        """(entity id, name) of the organisation a description names: the one organisation of the
        article with the same code and sector ("The US defence department" -> "Pentagon"), else the
        lexicon organisation when the description is one of its aliases."""
        code = described_organisation(head, self.lexicon)
        if code is None:
            return None
        same = [e for e in self.article.entities if e.type == "ORG" and (e.name == code.name
                or (e.code, e.sector) == (code.code, code.sector))]
        if len({e.id for e in same}) == 1:
            return same[0].id, speaker_name(same[0])
        return (None, code.name) if code.rule.startswith("organisations.tsv") else None

    def _person_in_title(self, head: Token, span: Span) -> Optional[Entity]:
        """The person named in an unresolved title phrase ("Mayor of London Sadiq Kahn"), before any comma."""
        text = self.article.text
        found = self.article.mention_at(*span)
        if found is None or found[0].type != "PERSON" or not (span[0] <= found[1].start and found[1].end <= span[1]):
            return None
        return found[0] if "," not in text[span[0]: found[1].start] else None

    def _well_named(self, entity: Entity) -> Entity:
        """A badly cut entity ("Meet The Press, Power") whose last word is the last name of a person
        of the article is that person ("Samantha Power")."""
        if speaker_name(entity) != entity.name or _well_formed(entity.name):
            return entity
        last = entity.name.split()[-1]
        people = [e for e in self.article.entities if e.type == "PERSON" and e is not entity
                  and _well_formed(e.name) and e.name.split()[-1] == last]
        return people[0] if len(people) == 1 else entity

    def _pronoun(self, head: Token, span: Span) -> tuple[Speaker, str]:
        person = head.lower_ in PERSON_PRONOUNS
        kind, rule = ("PERSON", "pronoun-recent-person") if person else ("ORG", "pronoun-recent-org")
        starts, entities = self.recent[kind]
        before = bisect.bisect_left(starts, head.idx) - 1
        wanted = PRONOUN_GENDER.get(head.lower_)
        while before >= 0 and wanted and self.genders.get(entities[before].id, wanted) != wanted:
            before -= 1  # "she" skips the men named since the woman
        while before >= 0 and head.lower_ in PLURAL_PRONOUNS and not plural_actor(entities[before]):
            before -= 1  # "they" is not the White House or NATO named last: only a group of people
        if before < 0:
            return Speaker(None, head.text, span), ""
        return Speaker(entities[before].id, speaker_name(entities[before]), span), rule

    def _genders(self) -> dict[str, str]:
        """The gender of each person the entities stage linked a pronoun to ("he" / "she"), when unambiguous."""
        found: dict[str, set[str]] = {}
        for entity in self.article.entities:
            for mention in entity.mentions:
                gender = PRONOUN_GENDER.get(mention.text.lower()) if mention.kind == "pronoun" else None
                if gender:
                    found.setdefault(entity.id, set()).add(gender)
        return {entity: genders.pop() for entity, genders in found.items() if len(genders) == 1}


def plural_actor(entity: Entity) -> bool:
    """A group of people ("Ukrainians", "protesters") or a plural name ("the Houthis"): what "they" can be."""
    return entity.type == "GROUP" or entity.name.endswith("s")
