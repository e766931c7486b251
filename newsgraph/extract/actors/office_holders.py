"""The dated lexicon of office holders (lexicons/office_holders.tsv): who held which office when,
so that a person named without a title is coded by the office they held on the article's date."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Optional

from newsgraph.extract.actors.lexicon import (ActorCode, ActorLexicon, DateLike, actor_lexicon, reference_date,
                                              split_list, tokenize)
from newsgraph.lexicons import LexiconError, read_tsv

OFFICE_LEXICON = "office_holders.tsv"


@dataclass(frozen=True)
class Office:
    """One term of one person in one office (a row of office_holders.tsv)."""

    person: str
    role: str
    actor: ActorCode  # name: the country or organisation; type PERSON; sector of the office
    start: date
    end: Optional[date]  # None: still in office when the lexicon was written

    def covers(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Holding:
    """What the office-holder lexicon says of a person on one date."""

    person: str
    actor: ActorCode  # sector of the office, or ELI out of office
    office: Optional[Office]  # the office held then, None out of office


def person_key(name: str) -> str:
    return " ".join(t.folded for t in tokenize(name) if t.folded not in (".", ","))


def read_office(row: dict[str, str]) -> Office:
    actor = ActorCode(row["affiliation"], row["code"], row["country"] or None, row["sector"], "PERSON",
                      f"{OFFICE_LEXICON}:{row['person']}:{row['start']}")
    return Office(row["person"], row["role"], actor, date.fromisoformat(row["start"]),
                  date.fromisoformat(row["end"]) if row["end"] else None)


def load_office_holders() -> dict[str, list[Office]]:
    """Folded name or alias -> the terms of every person known by it (read once per process into
    ``ActorLexicon.offices``)."""
    index: dict[str, list[Office]] = {}
    for number, row in read_tsv(OFFICE_LEXICON):
        try:
            office = read_office(row)
        except ValueError as error:
            raise LexiconError(f"{OFFICE_LEXICON}:{number}: {error}") from error
        for name in [row["person"]] + split_list(row["aliases"]):
            index.setdefault(person_key(name), []).append(office)
    return index


def office_holder(name: str, when: DateLike = None, lexicon: Optional[ActorLexicon] = None) -> Optional[Holding]:
    """The person of the office-holder lexicon called ``name`` on date ``when`` (None: undated, see
    ``usual_office``):
    coded by the office they hold then, or ELI (elite, PLOVER's sector for former and future
    leaders, as the Phoenix dictionaries code them) with the country of their nearest term when
    they hold none. A name shared by several people ("Bush", "Clinton") is only resolved when
    exactly one of them is in office then."""
    day = reference_date(when)
    offices = (lexicon or actor_lexicon()).offices.get(person_key(name), [])
    people = sorted({o.person for o in offices})
    if len(people) > 1:
        if day is None:
            return None  # undated: "Bush" or "Clinton" cannot be told apart
        serving = {o.person for o in offices if o.covers(day)}
        if len(serving) != 1:
            return None
        people = sorted(serving)
    if not people:
        return None
    terms = [o for o in offices if o.person == people[0]]
    if day is None:
        return usual_office(people[0], terms)
    current = next((o for o in terms if o.covers(day)), None)
    if current:
        return Holding(people[0], current.actor, current)
    nearest = min(terms, key=lambda o: min(abs((o.start - day).days), abs(((o.end or day) - day).days)))
    former = replace(nearest.actor, sector="ELI", rule=f"{OFFICE_LEXICON}:{people[0]}:out-of-office")
    return Holding(people[0], former, None)


def usual_office(person: str, terms: list[Office]) -> Holding:
    """An undated text (never coded with today's date): the office the person held most often, the
    latest on a tie ("Tillerson" is USA GOV, Secretary of State)."""
    counts: dict[tuple, int] = {}
    for term in terms:
        key = (term.actor.code, term.actor.sector)
        counts[key] = counts.get(key, 0) + 1
    usual = max(terms, key=lambda t: (counts[(t.actor.code, t.actor.sector)], t.start))
    return Holding(person, replace(usual.actor, rule=usual.actor.rule + ":undated"), usual)
