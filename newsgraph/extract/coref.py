"""Rule-based reference resolution inside one article: titles of people ("NATO Secretary General
Mark Rutte", "Mark Rutte, NATO Secretary General,"), nominals ("the NATO chief", "the alliance")
and pronouns ("he", "its"). No model weights: salience rules over the dependency parse, with the
words they use in lexicons/references.tsv."""
from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import Optional

from newsgraph.extract import actors
from newsgraph.model import Mention

SUBJECT_DEPS = {"nsubj", "nsubjpass"}
PRONOUN_WINDOW = 3  # sentences back in which a pronoun looks for its person


@lru_cache(maxsize=1)
def reference_words() -> dict[str, dict[str, str]]:
    """kind -> {word: target} from lexicons/references.tsv."""
    table: dict[str, dict[str, str]] = {}
    text = resources.files("newsgraph.lexicons").joinpath("references.tsv").read_text(encoding="utf-8")
    rows = csv.reader((line for line in text.splitlines() if line and not line.startswith("#")), delimiter="\t")
    for word, kind, target, *_comment in rows:
        table.setdefault(kind, {})[word] = target
    return table


# ---- titles ---------------------------------------------------------------------------------

def attach_titles(doc, drafts) -> None:
    """Set role and affiliation of people from a title before the name or an apposition."""
    for draft in (d for d in drafts if d.type == "PERSON"):
        for name in draft.names:
            tokens = title_before(doc, name) or apposition_of(doc, name)
            role, affiliation = split_title(tokens)
            if role and not draft.role:
                draft.role, draft.affiliation = role, affiliation


def title_before(doc, name) -> list:
    """The capitalised compound/modifier run right before a name: "Former President" Donald Trump."""
    tokens, i = [], name.start - 1
    while i >= 0 and is_title_token(doc[i]) and i < doc[i].head.i < name.end:
        tokens.insert(0, doc[i])
        i -= 1
    return tokens


def is_title_token(token) -> bool:
    return token.dep_ in ("compound", "amod", "nmod") and (token.text[:1].isupper() or is_role_word(token.text))


def apposition_of(doc, name) -> list:
    """ "Mark Rutte, NATO Secretary General," -> the tokens of the apposition."""
    for token in doc[name.start:name.end]:
        for child in token.children:
            if child.dep_ == "appos" and child.i >= name.end:
                return [t for t in child.subtree if not t.is_punct]
    return []


def split_title(tokens: list) -> tuple[Optional[str], Optional[str]]:
    """("NATO Secretary General") -> role "Secretary General", affiliation "NATO"."""
    affiliation, role_tokens = None, []
    for token in tokens:
        actor = actors.code_actor(token.text) if token.text[:1].isupper() else None
        if actor is not None and actor.code and affiliation is None and not is_role_word(token.text):
            affiliation = actor.name
        elif token.pos_ != "DET":
            role_tokens.append(token.text)
    role = " ".join(role_tokens) or None
    if role and not is_role_word(role):
        return None, None
    return role, affiliation


def is_role_word(text: str) -> bool:
    words = text.casefold().split()
    generic = reference_words().get("generic-head", {})
    candidates = [" ".join(words[i:]) for i in range(len(words))]
    return any(actors.sector_of(c) is not None or c in generic for c in candidates)


# ---- nominals and pronouns ------------------------------------------------------------------

def resolve_references(doc, drafts) -> None:
    """Add nominal and pronoun mentions to the entity drafts, in one pass in text order."""
    fold_organisation_nominals(doc, drafts)
    taken = {i for d in drafts for n in d.names for i in range(n.start, n.end)}
    for chunk in doc.noun_chunks:
        if not taken.intersection(range(chunk.root.i, chunk.root.i + 1)):
            resolve_nominal(doc, chunk, drafts)
    for token in doc:
        if token.lower_ in reference_words().get("pronoun", {}) and token.i not in taken:
            resolve_pronoun(doc, token, drafts)


def fold_organisation_nominals(doc, drafts) -> None:
    """A name that is only a nominal ("Alliance") joins the organisation it stands for."""
    nominals = reference_words().get("organisation-nominal", {})
    for draft in list(drafts):
        target = nominals.get(draft.name.casefold())
        owner = find_by_name(drafts, target) if target else None
        if owner is not None and owner is not draft:
            owner.mentions += [retag(m, "nominal", "nominal-organisation") for m in draft.mentions]
            drafts.remove(draft)


def resolve_nominal(doc, chunk, drafts) -> None:
    if chunk[0].lower_ != "the":
        return
    nominals = reference_words().get("organisation-nominal", {})
    words = " ".join(t.lower_ for t in chunk if t.pos_ not in ("DET", "ADJ"))
    organisation = nominals.get(words) or nominals.get(chunk.root.lower_)
    if organisation:
        owner = find_by_name(drafts, organisation)
        rule = "nominal-organisation"
    else:
        owner = person_for_title(drafts, chunk)
        rule = "nominal-title"
    if owner is not None:
        owner.mentions.append(Mention(chunk.start_char, chunk.end_char, chunk.text, "nominal", rule))


def person_for_title(drafts, chunk):
    """The last person mentioned before ``chunk`` whose role and affiliation fit its words."""
    role, affiliation = split_title([t for t in chunk if t.pos_ != "DET"])
    if not role:
        return None
    generic = role.casefold() in reference_words().get("generic-head", {})
    fits = [d for d in drafts if d.type == "PERSON" and d.role and first_char(d) < chunk.start_char
            and (affiliation is None or d.affiliation == affiliation)
            and (generic and affiliation or role_matches(d.role, role))]
    return max(fits, key=lambda d: last_char_before(d, chunk.start_char)) if fits else None


def role_matches(known: str, said: str) -> bool:
    known, said = known.casefold(), said.casefold()
    return said in known or known.endswith(said)


def resolve_pronoun(doc, token, drafts) -> None:
    kind = reference_words()["pronoun"][token.lower_]
    owner = salient_person(doc, token, drafts) if kind == "person" else thing_in_sentence(token, drafts)
    if owner is not None:
        rule = "pronoun-salient-person" if kind == "person" else "pronoun-same-sentence"
        owner.mentions.append(Mention(token.idx, token.idx + len(token), token.text, "pronoun", rule))


def salient_person(doc, token, drafts):
    """Subject person of the nearest sentence (this one first, before the pronoun), else the last
    person mentioned within PRONOUN_WINDOW sentences."""
    sentence_starts = [s.start_char for s in doc.sents]
    here = token.sent.start_char
    window = [s for s in sentence_starts if s <= here][-PRONOUN_WINDOW - 1:]
    earliest = window[0] if window else 0
    people = [(m.start, d, is_subject(doc, m)) for d in drafts if d.type == "PERSON"
              for m in d.mentions if earliest <= m.start < token.idx]
    if not people:
        return None
    for start in reversed(window):
        subjects = [p for p in people if p[2] and start <= p[0] < sentence_end(doc, start)]
        if subjects:
            return max(subjects, key=lambda p: p[0])[1]
    return max(people, key=lambda p: p[0])[1]


def thing_in_sentence(token, drafts):
    """ "it"/"its": the last organisation or place named earlier in the same sentence."""
    start = token.sent.start_char
    things = [(m.start, d) for d in drafts if d.type in ("ORG", "PLACE")
              for m in d.mentions if start <= m.start < token.idx]
    return max(things, key=lambda t: t[0])[1] if things else None


def is_subject(doc, mention: Mention) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in SUBJECT_DEPS


def sentence_end(doc, start_char: int) -> int:
    token = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    return token.sent.end_char if token is not None else len(doc.text)


# ---- coding ---------------------------------------------------------------------------------

def actor_code_of(draft, when: actors.DateLike = None) -> Optional[actors.ActorCode]:
    """Country, PLOVER code and sector of an entity: from the lexicons for organisations and
    places; for people from the title and affiliation the text gives, and where it gives no
    affiliation from the office-holder lexicon on the article's date ``when`` (out of office: ELI),
    then from a loaded dictionary that names the person ("Vladimir Putin" with Phoenix)."""
    if draft.type != "PERSON":
        return draft.actor or actors.code_actor(draft.name, when)
    base = actors.code_actor(draft.affiliation, when) if draft.affiliation else None
    sector = actors.sector_of(draft.role) if draft.role else None
    rule = f"person-title:{draft.role or ''}|{draft.affiliation or ''}"
    if base is None:
        base, found_rule = person_by_name(draft, when)
        rule = f"{rule}+{found_rule}" if sector and found_rule else (found_rule or rule)
    if base is None and sector is None:
        return None
    return actors.ActorCode(name=draft.name, code=base.code if base else None,
                            country=base.country if base else None,
                            sector=sector or (base.sector if base else None), type="PERSON", rule=rule)


def person_by_name(draft, when: actors.DateLike) -> tuple[Optional[actors.ActorCode], str]:
    """The code a person's own names give: the office-holder lexicon first (built-in wins), then
    a dictionary entry that is the whole name; (None, "") when neither knows them."""
    names = [draft.name] + [n.text for n in draft.names if n.text != draft.name]
    for name in names:
        holding = actors.office_holder(name, when)
        if holding:
            return holding.actor, holding.actor.rule
    for name in names:
        found = actors.lookup_name(name, when)
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


def last_char_before(draft, limit: int) -> int:
    return max((m.start for m in draft.mentions if m.start < limit), default=-1)
