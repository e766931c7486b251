"""The generated knowledge base of the actor lexicon (newsgraph.train.actor_kb writes it):
``actors_kb.tsv`` (PETRARCH/Phoenix people, groups and organisations with dated codes),
``actors_places.tsv`` (US states and large cities as their country) and ``actors_kb_roles.tsv``
(Phoenix agent role nouns), read into ``lexicon.Entry`` records as PETRARCH matches its
dictionaries; ``lexicon.load_actor_lexicon`` indexes them with the hand-written lexicons."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from newsgraph.extract.actors.lexicon import (KB_LEXICON, ActorCode, DatedActor, Entry, fold, make_entry,
                                              parse_kb_code, split_list, token_words)
from newsgraph.lexicons import read_tsv

KB_ROLES_LEXICON, PLACES_LEXICON = "actors_kb_roles.tsv", "actors_places.tsv"
GENERATED_LEXICONS = frozenset({KB_LEXICON, PLACES_LEXICON})


def dictionary_case(words: tuple[str, ...]) -> tuple[str, ...]:
    """How a knowledge-base name is matched (as PETRARCH dictionaries are): a dotted word or a
    one-word name of up to three letters exactly, the first other word with its capital, the rest
    in any case."""
    rules, capital_given = [], False
    for word in words:
        if "." in word or (len(words) == 1 and len(word) <= 3):
            rules.append("exact")
        elif not capital_given and word[:1].isalpha():
            rules.append("capital")
            capital_given = True
        else:
            rules.append("any")
    return tuple(rules)


def kb_entries_of(row: dict[str, str], countries: frozenset[str]) -> list[Entry]:
    """The entries of one actors_kb.tsv row, one per name and alias, sharing its codes (a place
    keeps its own name: "Jalalabad" is AFG, named Jalalabad)."""
    default, dated = None, []
    for text in split_list(row["codes"]):
        start, end, actor = parse_kb_code(text, row["name"], row["kind"], row["name"], countries)
        if start is None and end is None:
            default = default or actor
        else:
            dated.append(DatedActor(start, end, actor))
    entries = []
    for surface in [row["name"]] + split_list(row["aliases"]):
        words = token_words(surface)
        if words:
            actor, dates = default, tuple(dated)
            if row["kind"] == "place":
                actor = replace(default, name=surface) if default else None
                dates = tuple(replace(d, actor=replace(d.actor, name=surface) if d.actor else None) for d in dated)
            entries.append(Entry(surface, actor, KB_LEXICON, row["kind"], words, dictionary_case(words), "strong", dates))
    return entries


def knowledge_base_entries() -> list[Entry]:
    """The generated knowledge base (newsgraph.train.actor_kb): PETRARCH/Phoenix people, groups and
    organisations with dated codes, then US states and large cities as their country (a state
    whose name a hand-written lexicon has, "Georgia", is only in ``us_states``)."""
    countries = frozenset(row["code"] for _, row in read_tsv("countries.tsv"))
    entries = [e for _, row in read_tsv(KB_LEXICON) for e in kb_entries_of(row, countries)]
    hand_written = {fold(row["name"]) for _, row in read_tsv("countries.tsv")}
    for _, row in read_tsv(PLACES_LEXICON):
        if row["kind"] == "us-state" and fold(row["name"]) in hand_written:
            continue
        actor = ActorCode(row["name"], row["code"], row["code"], None, "PLACE", f"{PLACES_LEXICON}:{row['name']}")
        entries.append(make_entry(row["name"], actor, "place"))
    return entries


@lru_cache(maxsize=1)
def us_states() -> frozenset[str]:
    """Folded names of the US states (actors_places.tsv), for "a Georgia Republican"."""
    return frozenset(fold(row["name"]) for _, row in read_tsv(PLACES_LEXICON) if row["kind"] == "us-state")


def knowledge_base_roles() -> list[Entry]:
    """Role nouns of the Phoenix agent dictionary (actors_kb_roles.tsv), weak."""
    entries = []
    for _, row in read_tsv(KB_ROLES_LEXICON):
        actor = ActorCode(None, None, None, row["sector"], None, f"{KB_ROLES_LEXICON}:{row['noun']}")
        words = token_words(row["noun"])
        entries.append(Entry(row["noun"], actor, KB_ROLES_LEXICON, "role", words, ("any",) * len(words), "weak"))
    return entries
