"""Rule-based reference resolution inside one article, after the titles of people are attached
(``titles.py``: "NATO Secretary General Mark Rutte", "Mark Rutte, NATO Secretary General,"): nominals
("the NATO chief", "Hungary's prime minister", "the alliance", "the company") and pronouns ("he",
"its", "they", "who"). No model
weights: salience rules over the dependency parse, with the words they use in
lexicons/references.tsv and the first names of lexicons/actors_first_names.tsv.

Every added mention names its rule:

* ``nominal-title``: a title noun phrase ("the minister", "Hungary's prime minister") -> the most
  salient person named before it whose title in the text, or office in the office-holder lexicon,
  fits its role and affiliation; ``nominal-title-ahead`` when only one person named later fits a
  title with an affiliation (a lead that names the person in the next sentence);
* ``nominal-organisation`` ("the alliance" -> NATO) and ``nominal-class`` ("the company", "the
  ministry" -> the last organisation of that class within NOMINAL_WINDOW sentences);
* ``pronoun-salient-person``: "he"/"she" -> in its own sentence, the subject of the main verb,
  else another subject, else the last person; in the sentences before, the nearest main-verb or
  other subject; else the last person. People inside quotation marks are skipped by a pronoun
  outside them, and a person whose first name or title gives the other gender is skipped;
* ``pronoun-same-sentence``: "it"/"its" -> the last organisation or place of its sentence;
* ``pronoun-plural-group``: "they" -> the nearest plural noun phrase before it in its sentence or
  the one before, only when that phrase is an organisation or group entity ("The Houthis said they");
* ``relative-pronoun``: "who" -> the person its relative clause attaches to ("Kim, who warned").
"""
from __future__ import annotations

import bisect
from typing import Optional

from newsgraph.extract.actors import coding as actors, office_holders
from newsgraph.extract.entities.doc_index import DocIndex, MentionSite
from newsgraph.extract.entities.titles import POSSESSIVE_MARKS, nominal_heads, split_title
from newsgraph.model import Mention

PRONOUN_WINDOW = 3  # sentences back in which a pronoun looks for its person
NOMINAL_WINDOW = 8  # sentences back in which "the company" looks for its organisation
GROUP_WINDOW = 1  # sentences back in which "they" looks for its plural noun phrase
PLURAL_TAGS = frozenset({"NNS", "NNPS"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
NON_NOMINAL_DEPS = frozenset({"compound", "amod", "nmod", "poss"})  # a modifier, not a noun phrase head


# ---- people: gender and offices ---------------------------------------------------------------

def person_gender(index: DocIndex, draft, lexicon: actors.ActorLexicon) -> Optional[str]:
    """ "male" / "female" from a gendered title before any of the names ("Mrs. May",
    "Congresswoman Wilson") or in the role, else from the first name of a full name; None when
    neither says."""
    titles = lexicon.references.get("gendered-title", {})
    for name in draft.names:
        before = index.lower[name.start - 1] if name.start > 0 else ""
        first = index.lower[name.start]
        for word in (before, first):
            if word in titles:
                return titles[word]
    for word in (draft.role or "").casefold().split():
        if word in titles:
            return titles[word]
    full = max((n.text for n in draft.names), key=lambda t: len(t.split()))
    words = full.split()
    return lexicon.first_names.get(actors.fold(words[0])) if len(words) >= 2 else None


def known_titles(draft, when, dated: bool, lexicon: actors.ActorLexicon) -> list[tuple[str, Optional[str]]]:
    """(role, affiliation) pairs of a person: the title the text gives, then the offices the
    office-holder lexicon knows for their name (on the article's date when it has one, else any)."""
    titles = [(draft.role, draft.affiliation)] if draft.role else []
    for name in {n.text for n in draft.names}:
        offices = lexicon.offices.get(office_holders.person_key(name), [])
        if len({o.person for o in offices}) != 1:
            continue
        titles += [(o.role, o.actor.name) for o in offices if not dated or o.covers(when)]
    return titles


# ---- nominals and pronouns ------------------------------------------------------------------

class ReferenceResolver:
    """Adds nominal and pronoun mentions to the entity drafts of one article, in text order."""

    def __init__(self, index: DocIndex, drafts, lexicon: actors.ActorLexicon, when=None, dated: bool = False):
        self.index, self.drafts, self.lexicon = index, drafts, lexicon
        self.when = actors.reference_date(when)
        self.dated = dated and self.when is not None
        self.people = [d for d in drafts if d.type == "PERSON"]
        self.genders = {id(d): person_gender(index, d, lexicon) for d in self.people}
        self._titles: dict[int, list] = {}
        self.taken = {i for d in drafts for n in d.names for i in range(n.start, n.end)}
        self.owner_of = {i: d for d in drafts for n in d.names for i in range(n.start, n.end)}
        self.classes = {id(d): organisation_classes(index, d, lexicon) for d in drafts if d.type != "PERSON"}

    def resolve(self) -> None:
        fold_organisation_nominals(self.drafts, self.lexicon)
        self.sites = sorted((MentionSite(self.index, m, d) for d in self.drafts for m in d.mentions),
                            key=lambda s: s.start)
        self.site_starts = [s.start for s in self.sites]
        heads, pronouns = nominal_heads(self.lexicon), self.lexicon.references.get("pronoun", {})
        relatives = self.lexicon.references.get("relative", {})
        index = self.index
        for i, lower in enumerate(index.lower):
            if i in self.taken:
                continue
            if lower in pronouns:
                self.resolve_pronoun(i, pronouns[lower])
            elif lower in relatives:
                self.resolve_relative(i)
            elif lower in heads and index.pos[i] in NOUN_POS and index.dep[i] not in NON_NOMINAL_DEPS:
                self.resolve_nominal(i)

    def add(self, draft, start: int, end: int, kind: str, rule: str) -> None:
        index = self.index
        mention = Mention(index.starts[start], index.ends[end - 1], index.text(start, end), kind, rule)
        draft.mentions.append(mention)
        site = MentionSite(index, mention, draft)
        at = bisect.bisect_right(self.site_starts, site.start)
        self.sites.insert(at, site)
        self.site_starts.insert(at, site.start)

    def sites_before(self, token: int, window: int, wanted) -> list[MentionSite]:
        """Mentions of wanted drafts starting before ``token``, within ``window`` sentences back."""
        index = self.index
        sentence = index.sentence_of[token]
        earliest = index.starts[index.sentence_starts[max(0, sentence - window)]]
        first = bisect.bisect_left(self.site_starts, earliest)
        last = bisect.bisect_left(self.site_starts, index.starts[token])
        return [s for s in self.sites[first:last] if wanted(s.draft)]

    # -- nominals --

    def resolve_nominal(self, head: int) -> None:
        index = self.index
        start = index.tokens[head].left_edge.i
        if start < head and index.words[start] in POSSESSIVE_MARKS:
            return
        words = [index.lower[i] for i in range(start, head + 1) if index.pos[i] not in ("DET", "ADJ")]
        organisation = self.lexicon.references.get("organisation-nominal", {})
        target = organisation.get(" ".join(words)) or organisation.get(index.lower[head])
        if index.lower[start] == "the" and target:
            owner = find_by_name(self.drafts, target)
            if owner is not None:
                self.add(owner, start, head + 1, "nominal", "nominal-organisation")
            return
        wanted_class = self.lexicon.references.get("organisation-class", {}).get(index.lower[head])
        if index.lower[start] == "the" and wanted_class and head == start + 1 + sum(
                index.pos[i] == "ADJ" for i in range(start + 1, head)):
            owner = self.organisation_of_class(head, wanted_class)
            if owner is not None:
                self.add(owner, start, head + 1, "nominal", "nominal-class")
            return
        if index.lower[start] == "the" or self.has_named_possessor(start, head):
            self.resolve_title(start, head)

    def has_named_possessor(self, start: int, head: int) -> bool:
        """ "Hungary's prime minister", "CNN's correspondent": a name owns the noun phrase."""
        return any(self.index.dep[i] == "poss" and self.index.pos[i] == "PROPN" and self.index.heads[i] == head
                   for i in range(start, head))

    def resolve_title(self, start: int, head: int) -> None:
        index = self.index
        tokens = [i for i in range(start, head + 1) if index.pos[i] != "DET"]
        role, affiliation = split_title(tuple(index.words[i] for i in tokens), tuple(index.pos[i] for i in tokens),
                                        self.lexicon)
        if not role:
            return
        fits = [d for d in self.people if self.title_fits(d, role, affiliation)]
        if not fits:
            return
        owner = self.salient(head, len(index.sentence_starts), lambda d: d in fits, quoted_too=True)
        rule = "nominal-title"
        if owner is None and affiliation is not None:
            after = [d for d in fits if first_char(d) > index.starts[head]]
            owner, rule = (after[0], "nominal-title-ahead") if len(after) == 1 == len(fits) else (None, rule)
        if owner is not None:
            self.add(owner, start, head + 1, "nominal", rule)

    def title_fits(self, draft, role: str, affiliation: Optional[str]) -> bool:
        generic = role.casefold() in self.lexicon.references.get("generic-head", {})
        if id(draft) not in self._titles:
            self._titles[id(draft)] = known_titles(draft, self.when, self.dated, self.lexicon)
        return any((affiliation is None or affiliation == known_affiliation)
                   and ((generic and affiliation) or role_matches(known_role, role))
                   for known_role, known_affiliation in self._titles[id(draft)])

    def organisation_of_class(self, token: int, wanted: str):
        sites = self.sites_before(token, NOMINAL_WINDOW, lambda d: wanted in self.classes.get(id(d), ()))
        sites = [s for s in sites if not s.quoted or self.index.quoted[token]]
        return sites[-1].draft if sites else None

    # -- pronouns --

    def resolve_pronoun(self, token: int, target: str) -> None:
        if target in ("male", "female"):
            owner = self.salient(token, PRONOUN_WINDOW, lambda d: d.type == "PERSON"
                                 and self.genders.get(id(d)) in (None, target))
            rule = "pronoun-salient-person"
        elif target == "group":
            owner, rule = self.plural_group(token), "pronoun-plural-group"
        else:
            owner, rule = self.thing_in_sentence(token), "pronoun-same-sentence"
        if owner is not None:
            self.add(owner, token, token + 1, "pronoun", rule)

    def salient(self, token: int, window: int, wanted, quoted_too: bool = False):
        """In this sentence (before ``token``): the subject of its main verb, else its last
        subject, else its last wanted mention; in the sentences before: the nearest one's main-verb
        subject, else its last subject; failing all, the last wanted mention. A mention inside
        quotation marks is skipped from outside them."""
        outside = not self.index.quoted[token]
        sites = [s for s in self.sites_before(token, window, wanted) if quoted_too or not (outside and s.quoted)]
        if not sites:
            return None
        sentences: dict[int, list[MentionSite]] = {}
        for site in sites:
            sentences.setdefault(site.sentence, []).append(site)
        current = self.index.sentence_of[token]
        for number in sorted(sentences, reverse=True):
            here = sentences[number]
            chosen = [s for s in here if s.root_subject] or [s for s in here if s.subject]
            if chosen or number == current:  # "She answered Paul on his ...": Paul, in this sentence
                return (chosen or here)[-1].draft
        return sites[-1].draft

    def thing_in_sentence(self, token: int):
        """ "it"/"its": the last organisation or place named earlier in the same sentence."""
        sites = self.sites_before(token, 0, lambda d: d.type in ("ORG", "PLACE"))
        return sites[-1].draft if sites else None

    def plural_group(self, token: int):
        """ "they": the nearest plural noun phrase head before it (this sentence and the one before),
        when it lies in an organisation or group mention; None when it is anything else."""
        index = self.index
        earliest = index.sentence_starts[max(0, index.sentence_of[token] - GROUP_WINDOW)]
        for i in range(token - 1, earliest - 1, -1):
            if index.dep[i] in NON_NOMINAL_DEPS:
                continue
            if index.tag[i] in PLURAL_TAGS:
                owner = self.owner_at(i)
                return owner if owner is not None and owner.type in ("ORG", "GROUP", "PLACE") else None
            if index.pos[i] == "PROPN" and index.lower[i].endswith("s"):  # "Houthis" tagged NNP, not "Paris"
                owner = self.owner_at(i)
                if owner is not None and owner.type in ("ORG", "GROUP"):
                    return owner
        return None

    def owner_at(self, token: int):
        """The draft with a mention over ``token``."""
        char = self.index.starts[token]
        at = bisect.bisect_right(self.site_starts, char) - 1
        for site in reversed(self.sites[max(0, at - 3):at + 1]):
            if site.mention.start <= char < site.mention.end:
                return site.draft
        return self.owner_of.get(token)

    def resolve_relative(self, token: int) -> None:
        """ "Kim, who warned": "who" is the person its relative clause attaches to."""
        index = self.index
        verb = index.heads[token]
        if index.dep[verb] != "relcl" or index.heads[verb] >= token:
            return
        owner = self.owner_at(index.heads[verb])
        if owner is not None and owner.type == "PERSON":
            self.add(owner, token, token + 1, "pronoun", "relative-pronoun")


def resolve_references(index: DocIndex, drafts, lexicon: actors.ActorLexicon, when=None, dated: bool = False) -> None:
    """Add nominal and pronoun mentions to the entity drafts, in one pass in text order."""
    ReferenceResolver(index, drafts, lexicon, when, dated).resolve()


def fold_organisation_nominals(drafts, lexicon: actors.ActorLexicon) -> None:
    """A name that is only a nominal ("Alliance") joins the organisation it stands for."""
    nominals = lexicon.references.get("organisation-nominal", {})
    for draft in list(drafts):
        target = nominals.get(draft.name.casefold())
        owner = find_by_name(drafts, target) if target else None
        if owner is not None and owner is not draft:
            owner.mentions += [retag(m, "nominal", "nominal-organisation") for m in draft.mentions]
            drafts.remove(draft)


def organisation_classes(index: DocIndex, draft, lexicon: actors.ActorLexicon) -> set[str]:
    """The classes of references.tsv an organisation belongs to: by a class noun in its name, next
    to its name in the text ("the firm X", "X, a construction company,") or by its code."""
    nouns = lexicon.references.get("organisation-class", {})
    codes = lexicon.references.get("class-code", {})
    found = {nouns[w] for w in draft.name.casefold().split() if w in nouns}
    if draft.actor is not None:
        found.update(codes[c] for c in (draft.actor.code, draft.actor.sector) if c in codes)
    for name in draft.names:
        before = name.start - 1
        if before >= 0 and index.lower[before] in nouns and index.heads[before] in range(name.start, name.end):
            found.add(nouns[index.lower[before]])
        for i in range(name.start, name.end):
            for child in index.tokens[i].children:
                if child.dep_ == "appos" and child.i >= name.end and child.lower_ in nouns:
                    found.add(nouns[child.lower_])
            if index.dep[i] == "appos" and index.lower[index.heads[i]] in nouns:
                found.add(nouns[index.lower[index.heads[i]]])
    return found


def role_matches(known: str, said: str) -> bool:
    known, said = known.casefold(), said.casefold()
    return said in known or known.endswith(said)


# ---- coding ---------------------------------------------------------------------------------

def actor_code_of(draft, lexicon: actors.ActorLexicon, when: actors.DateLike = None) -> Optional[actors.ActorCode]:
    """Country, PLOVER code and sector of an entity: from the lexicons for organisations and
    places; for people from the title and affiliation the text gives, and where it gives no
    affiliation from the office-holder lexicon on the article's date ``when`` (out of office: ELI),
    then from a loaded dictionary that names the person ("Vladimir Putin" with Phoenix)."""
    if draft.type != "PERSON":
        return draft.actor or actors.code_actor(draft.name, when, lexicon)
    base = actors.code_actor(draft.affiliation, when, lexicon) if draft.affiliation else None
    sector = actors.sector_of(draft.role, lexicon) if draft.role else None
    if base is not None and sector is not None:  # a weak role gives way: "Taliban commander" REB
        together = actors.code_actor(f"{draft.affiliation} {draft.role}", when, lexicon)
        sector = together.sector if together is not None and together.sector else sector
    rule = f"person-title:{draft.role or ''}|{draft.affiliation or ''}"
    if base is None:
        base, found_rule = person_by_name(draft, when, lexicon)
        rule = f"{rule}+{found_rule}" if sector and found_rule else (found_rule or rule)
    if base is None and sector is None:
        return None
    return actors.ActorCode(name=draft.name, code=base.code if base else None,
                            country=base.country if base else None,
                            sector=sector or (base.sector if base else None), type="PERSON", rule=rule)


def person_by_name(draft, when: actors.DateLike, lexicon: actors.ActorLexicon) -> tuple[Optional[actors.ActorCode], str]:
    """The code a person's own names give: the office-holder lexicon first (built-in wins), then
    a dictionary entry that is the whole name; (None, "") when neither knows them."""
    names = [draft.name] + [n.text for n in draft.names if n.text != draft.name]
    for name in names:
        holding = office_holders.office_holder(name, when, lexicon)
        if holding:
            return holding.actor, holding.actor.rule
    for name in names:
        found = actors.lookup_name(name, when, lexicon)
        if found and found.code:
            return found, found.rule
    return None, ""


# ---- small helpers on drafts ----------------------------------------------------------------

def find_by_name(drafts, name: str):
    wanted = name.casefold()
    return next((d for d in drafts if d.name.casefold() == wanted
                 or (d.actor and d.actor.name and d.actor.name.casefold() == wanted)), None)


def retag(mention: Mention, kind: str, rule: str) -> Mention:
    return Mention(mention.start, mention.end, mention.text, kind, rule)


def first_char(draft) -> int:
    return min(m.start for m in draft.mentions)
