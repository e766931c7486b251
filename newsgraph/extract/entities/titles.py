"""Titles of the people an article names, for reference resolution (``coref.py``): a title before the
name ("NATO Secretary General Mark Rutte") or in apposition ("Mark Rutte, NATO Secretary General,"),
split into role and affiliation; the words that are roles, and the heads of nominal references."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from newsgraph.extract.actors import coding as actors
from newsgraph.extract.entities.doc_index import DocIndex

POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
TITLES_REMEMBERED = 5_000  # answers per cached function and process (LRU): about what 500 articles ask
WORDS_REMEMBERED = 2_000


def attach_titles(index: DocIndex, drafts, lexicon: actors.ActorLexicon) -> None:
    """Set role and affiliation of people from a title before the name or an apposition (words
    coded with the actor lexicon ``lexicon``)."""
    for draft in (d for d in drafts if d.type == "PERSON"):
        for name in draft.names:
            tokens = title_before(index, name, lexicon) or apposition_of(index, name)
            role, affiliation = split_title(tuple(index.words[i] for i in tokens),
                                            tuple(index.pos[i] for i in tokens), lexicon)
            if role and not draft.role:
                draft.role, draft.affiliation = role, affiliation


def title_before(index: DocIndex, name, lexicon: actors.ActorLexicon) -> list[int]:
    """The capitalised compound/modifier run right before a name: "Former President" Donald Trump."""
    tokens, i = [], name.start - 1
    while i >= 0 and is_title_token(index, i, lexicon) and i < index.heads[i] < name.end:
        tokens.insert(0, i)
        i -= 1
    return tokens


def is_title_token(index: DocIndex, i: int, lexicon: actors.ActorLexicon) -> bool:
    return index.dep[i] in ("compound", "amod", "nmod") and (
        index.words[i][:1].isupper() or is_role_word(index.words[i], lexicon))


def apposition_of(index: DocIndex, name) -> list[int]:
    """ "Mark Rutte, NATO Secretary General," -> the token indices of the apposition."""
    for i in range(name.start, name.end):
        for child in index.tokens[i].children:
            if child.dep_ == "appos" and child.i >= name.end:
                return [t.i for t in child.subtree if not t.is_punct]
    root = index.tokens[name.end - 1]
    if root.dep_ == "appos" and root.head.i < name.start and root.head.pos_ == "NOUN":
        # "a Taliban commander, Gul": the name is the apposition of its title
        return [t.i for t in root.head.subtree if t.i < name.start and not t.is_punct and t.dep_ != "det"]
    return []


@lru_cache(maxsize=TITLES_REMEMBERED)
def split_title(words: tuple[str, ...], pos: tuple[str, ...],
                lexicon: actors.ActorLexicon) -> tuple[Optional[str], Optional[str]]:
    """("NATO", "Secretary", "General") -> role "Secretary General", affiliation "NATO"; possessive
    marks are dropped ("Hungary 's prime minister") and abbreviations expanded ("Gov." governor)."""
    affiliation, role_words = None, []
    abbreviations = lexicon.references.get("title-abbreviation", {})
    for i, (word, part) in enumerate(zip(words, pos)):
        if us_state_of_party(words, i, lexicon):
            continue  # "Georgia Republican Sen. Saxby Chambliss": the state of a US party, not Georgia
        actor = code_word(word, lexicon) if word[:1].isupper() else None
        if actor is not None and actor.code and affiliation is None and not is_role_word(word, lexicon):
            affiliation = actor.name
        elif part != "DET" and word not in POSSESSIVE_MARKS:
            role_words.append(abbreviations.get(word.casefold(), word))
    role = " ".join(role_words) or None
    if role and not is_role_word(role, lexicon):
        return None, None
    return role, affiliation


def us_state_of_party(words: tuple[str, ...], i: int, lexicon: actors.ActorLexicon) -> bool:
    """True for a US state name (actors_places.tsv) followed by a word that codes the USA."""
    if i + 1 >= len(words) or actors.fold(words[i]) not in actors.us_states():
        return False
    following = code_word(words[i + 1], lexicon) if words[i + 1][:1].isupper() else None
    return following is not None and following.country == "USA"


@lru_cache(maxsize=WORDS_REMEMBERED)
def code_word(word: str, lexicon: actors.ActorLexicon) -> Optional[actors.ActorCode]:
    return actors.code_actor(word, lexicon=lexicon)


@lru_cache(maxsize=TITLES_REMEMBERED)
def is_role_word(text: str, lexicon: actors.ActorLexicon) -> bool:
    words = text.casefold().split()
    generic = lexicon.references.get("generic-head", {})
    abbreviations = lexicon.references.get("title-abbreviation", {})
    if len(words) == 1 and words[0] in abbreviations:
        return True
    candidates = [" ".join(words[i:]) for i in range(len(words))]
    return any(c in generic or actors.sector_of(c, lexicon) is not None for c in candidates)


@lru_cache(maxsize=4)
def nominal_heads(lexicon: actors.ActorLexicon) -> frozenset[str]:
    """Every word that can end a nominal this module resolves: role nouns of sectors.tsv (their
    last word), generic heads, abbreviations, organisation nominals and classes. A noun phrase
    whose head is not one of them is skipped before any lexicon look-up."""
    words = set()
    for key, entries in lexicon.index.items():
        if any(e.is_role for e in entries):
            words.add(key[-1])
    references = lexicon.references
    for kind in ("generic-head", "title-abbreviation", "organisation-nominal", "organisation-class"):
        words.update(w.split()[-1] for w in references.get(kind, {}))
    return frozenset(words)
