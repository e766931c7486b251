"""The actor lexicon: the entries of the actor lexicon files, read once into ``ActorLexicon``, and
the tokens they are matched on.

The files are data in ``newsgraph/lexicons`` (each documents its columns in its header), read
through ``newsgraph.lexicons.read_tsv``:

* ``countries.tsv``     ISO countries: names, aliases, demonyms, capitals (GOV) and seats of power;
* ``actors_regions.tsv`` CAMEO regions (EUR, MEA, WST, ...) with their names and demonyms;
* ``organisations.tsv`` IGOs, NGOs, media, companies, national bodies and armed groups;
* ``sectors.tsv``       role and group nouns that give a sector ("troops" MIL, "protesters" CVL);
* ``actors_codes.tsv``  the non-country primary codes and the PLOVER sectors allowed;
* ``actors_kb.tsv``, ``actors_kb_roles.tsv``, ``actors_places.tsv``  the generated knowledge base
  (newsgraph.train.actor_kb), read by ``knowledge_base``.

Matching is token-based: accents are folded, hyphens ignored; a lexicon word with two or more
capitals (US, U.S., NATO) must match exactly, another capitalised word needs a capital in the text
("Turkey" but not "turkey"), a lower-case word matches any case. Everything is precomputed once
into one dictionary from token tuples to entries, so a look-up costs a few dictionary probes per token.
How the entries of a phrase are combined into one code is ``coding``'s.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Callable, Optional, Union

from newsgraph.lexicons import read_tsv

SECTOR_LEXICON = "sectors.tsv"
CODES_LEXICON = "actors_codes.tsv"
IGNORED_TOKENS = frozenset({"-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014"})
TOKEN_PATTERN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+|[^\w\s]")
PHRASE_CODES = 50_000  # phrases an ActorLexicon remembers the code of (phrase_coder): a few MB
DateLike = Union[date, datetime, str, None]


@dataclass(frozen=True)
class ActorCode:
    name: Optional[str]
    code: Optional[str]
    country: Optional[str]
    sector: Optional[str]
    type: Optional[str]  # PERSON | ORG | PLACE | GROUP
    rule: str  # the lexicon entries that produced it: "countries.tsv:Russian+sectors.tsv:president"


@dataclass(frozen=True)
class DatedActor:
    """A code that holds from ``start`` to ``end`` (both inclusive; None: open)."""

    start: Optional[date]
    end: Optional[date]
    actor: ActorCode

    def covers(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Entry:
    """One surface form of one lexicon row."""

    surface: str
    actor: Optional[ActorCode]  # None only for a dated entry without a default code
    lexicon: str  # file name
    kind: str  # name | demonym | capital | seat | organisation | role | dictionary
    words: tuple[str, ...]  # the surface's tokens as written
    case: tuple[str, ...]  # per token: "exact", "capital" or "any"
    strength: str = "strong"  # role nouns only
    dated: tuple[DatedActor, ...] = ()  # date-bounded codes (PETRARCH dictionaries), first match wins

    @property
    def is_role(self) -> bool:
        return self.kind == "role"

    def on(self, when: Optional[date]) -> Optional["Entry"]:
        """This entry with the code that holds on ``when``; None when no code holds then. With no
        date (an undated article) a person takes their usual office (``usual_code``), never today's."""
        if not self.dated:
            return self if self.actor is not None else None
        if when is None:
            actor = self.actor if self.kind == "organisation" and self.actor else usual_code(self.dated, self.actor)
        else:
            actor = next((d.actor for d in self.dated if d.covers(when)), self.actor)
            if actor is None and self.kind == "person":
                actor = former_code(self.dated, when)
        return replace(self, actor=actor, dated=()) if actor is not None else None


def usual_code(dated: tuple[DatedActor, ...], default: Optional[ActorCode]) -> Optional[ActorCode]:
    """The code of an undated mention: the office held most often (ELI terms aside), the latest on
    a tie; the default code when there is no such office."""
    offices = [d for d in dated if d.actor is not None and d.actor.sector != "ELI"]
    if not offices:
        return default or next((d.actor for d in dated if d.actor is not None), None)
    counts: dict[tuple, int] = {}
    for d in offices:
        counts[(d.actor.code, d.actor.sector)] = counts.get((d.actor.code, d.actor.sector), 0) + 1
    latest = max(offices, key=lambda d: (counts[(d.actor.code, d.actor.sector)], d.start or date.min))
    return latest.actor


def former_code(dated: tuple[DatedActor, ...], when: date) -> Optional[ActorCode]:
    """A person outside every dated term of theirs, with no default: ELI of the country of their
    nearest term (as office_holders.tsv and the Phoenix defaults code former and future leaders)."""
    terms = [d for d in dated if d.actor is not None and d.actor.country]
    if not terms:
        return None
    def distance(d: DatedActor) -> int:
        return min(abs(((d.start or when) - when).days), abs(((d.end or when) - when).days))
    nearest = min(terms, key=distance)
    return replace(nearest.actor, sector="ELI", rule=nearest.actor.rule + ":out-of-term")


@dataclass(frozen=True)
class Token:
    text: str
    folded: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    entry: Entry
    first: int  # token indices [first, last)
    last: int


# --- tokens and dates ----------------------------------------------------------------------------

def reference_date(when: DateLike = None) -> Optional[date]:
    """The date codes are picked for: a date, a datetime or an ISO string (an article's
    ``published``); None when there is none or it is unreadable: an undated text is never coded
    with today's date (dated entries then take their usual code, ``usual_code``)."""
    if isinstance(when, datetime):
        return when.date()
    if isinstance(when, date):
        return when
    if isinstance(when, str):
        try:
            return date.fromisoformat(when.strip()[:10])
        except ValueError:
            pass
    return None


def fold(word: str) -> str:
    """Case- and accent-folded form of one token, with typographic apostrophes made plain."""
    if word.isascii():  # nothing to decompose: the common case, made fast
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokenize(text: str) -> list[Token]:
    """Word, dotted-acronym and punctuation tokens with offsets; hyphens and dashes are dropped."""
    return [Token(m.group(), fold(m.group()), m.start(), m.end())
            for m in TOKEN_PATTERN.finditer(text) if m.group() not in IGNORED_TOKENS]


def token_words(text: str) -> tuple[str, ...]:
    """The texts of ``tokenize(text)``, without their folded forms and offsets (for lexicon loading)."""
    return tuple(word for word in TOKEN_PATTERN.findall(text) if word not in IGNORED_TOKENS)


def case_rule(word: str) -> str:
    """How a lexicon word must be written in the text to match it."""
    if fold(word) == "the":
        return "any"
    if sum(c.isupper() for c in word) >= 2:
        return "exact"
    return "capital" if word[:1].isupper() else "any"


def case_matches(rule: str, lexicon_word: str, text_word: str) -> bool:
    if rule == "exact":
        return text_word == lexicon_word
    if rule == "capital":
        return text_word[:1].isupper()
    return True


# --- reading the lexicons ------------------------------------------------------------------------

def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split("|") if item.strip()]


def make_entry(surface: str, actor: ActorCode, kind: str, strength: str = "strong") -> Entry:
    words = token_words(surface)
    lexicon = actor.rule.partition(":")[0]
    return Entry(surface, actor, lexicon, kind, words, tuple(case_rule(w) for w in words), strength)


def place_entries(file_name: str, row: dict[str, str], country: Optional[str]) -> list[Entry]:
    """Entries of one countries.tsv or actors_regions.tsv row."""
    code, name = row["code"], row["name"]
    as_place = ActorCode(name, code, country, None, "PLACE", "")
    as_people = ActorCode(name, code, country, None, "GROUP", "")
    names = [name] + split_list(row.get("iso_names", "")) + split_list(row.get("aliases", ""))
    entries = [make_entry(n, replace(as_place, rule=f"{file_name}:{n}"), "name") for n in names]
    entries += [make_entry(d, replace(as_people, rule=f"{file_name}:{d}"), "demonym")
                for d in split_list(row.get("demonyms", ""))]
    entries += [make_entry(c, ActorCode(c, code, country, "GOV", "PLACE", f"{file_name}:{c}"), "capital")
                for c in split_list(row.get("capitals", ""))]
    for seat in split_list(row.get("seats", "")):
        seat_name, _, sector = seat.rpartition(":")
        entries.append(make_entry(seat_name, ActorCode(seat_name, code, country, sector, "ORG",
                                                       f"{file_name}:{seat_name}"), "seat"))
    return entries


def country_entries() -> list[Entry]:
    return [e for _, row in read_tsv("countries.tsv") for e in place_entries("countries.tsv", row, row["code"])]


def region_entries() -> list[Entry]:
    return [e for _, row in read_tsv("actors_regions.tsv")
            for e in place_entries("actors_regions.tsv", row, None)]


def organisation_entries() -> list[Entry]:
    """organisations.tsv, with the codes of its ``dated`` column (a party in and out of power)."""
    entries = []
    countries = frozenset(row["code"] for _, row in read_tsv("countries.tsv"))
    for _, row in read_tsv("organisations.tsv"):
        actor = ActorCode(row["name"], row["code"], row["country"] or None, row["sector"] or None, "ORG", "")
        for surface in [row["name"]] + split_list(row["aliases"]):
            rule = f"organisations.tsv:{surface}"
            dated = tuple(DatedActor(start, end, replace(code, name=row["name"], type="ORG", rule=rule))
                          for start, end, code in (parse_kb_code(text, row["name"], "organisation", surface, countries)
                                                   for text in split_list(row.get("dated", ""))))
            entry = make_entry(surface, replace(actor, rule=rule), "organisation")
            entries.append(replace(entry, dated=dated))
    return entries


def role_entries() -> list[Entry]:
    entries = []
    for _, row in read_tsv(SECTOR_LEXICON):
        noun_type = row["type"]
        plural_type = "GROUP" if noun_type == "PERSON" else noun_type
        for surface, kind_of in ((row["noun"], noun_type), (row["plural"], plural_type)):
            if surface:
                actor = ActorCode(None, None, None, row["sector"], kind_of, f"{SECTOR_LEXICON}:{surface}")
                entries.append(make_entry(surface, actor, "role", row["strength"]))
    return entries


# The code format of the generated knowledge base (knowledge_base.py), which organisations.tsv shares.
KB_LEXICON = "actors_kb.tsv"
KB_TYPES = {"person": "PERSON", "organisation": "ORG", "place": "PLACE"}


def parse_kb_code(text: str, name: str, kind: str, rule: str,
                  countries: frozenset[str]) -> tuple[Optional[date], Optional[date], Optional[ActorCode]]:
    """ "USA GOV 1981-01-20/1989-01-20" -> (start, end, code); "---" is a code that codes nothing."""
    parts = text.split()
    start = end = None
    if parts and "/" in parts[-1]:
        first, _, last = parts.pop().partition("/")
        start = None if first == ".." else date.fromisoformat(first)
        end = None if last == ".." else date.fromisoformat(last)
    if parts == ["---"]:
        return start, end, None
    code = None if parts[0] == "-" else parts[0]
    sector = parts[1] if len(parts) > 1 else None
    country = code if code in countries else None
    kind_of = KB_TYPES[kind] if kind != "place" or not sector else None
    return start, end, ActorCode(name, code, country, sector, kind_of, f"{KB_LEXICON}:{rule}")



class ActorLexicon:
    """All entries, indexed by their folded token tuple, in priority order: the built-in
    lexicons first, then any loaded dictionaries, so that a built-in entry wins on the same words."""

    def __init__(self, actor_entries: list[Entry], roles: list[Entry], extra_actors: list[Entry] = (),
                 extra_roles: list[Entry] = ()):
        self.index: dict[tuple[str, ...], list[Entry]] = {}
        for entry in [*actor_entries, *roles, *extra_actors, *extra_roles]:
            self.index.setdefault(tuple(fold(word) for word in token_words(entry.surface)), []).append(entry)
        self.longest = max(len(key) for key in self.index)
        self.longest_from: dict[str, int] = {}  # first folded word -> words of the longest key it starts
        for key in self.index:
            self.longest_from[key[0]] = max(len(key), self.longest_from.get(key[0], 0))
        self.actor_entries = [*actor_entries, *extra_actors]
        self._names: Optional[dict[str, ActorCode]] = None
        self.dictionary_report = None  # what loaded dictionaries gave (load_actor_lexicon)
        self.offices: dict = {}  # office_holders.tsv: folded name or alias -> terms (office_holders.Office)
        self.references: dict[str, dict[str, str]] = {}  # references.tsv: kind -> {word: target}
        self.first_names: dict[str, str] = {}  # actors_first_names.tsv: folded first name -> gender
        self.abbreviations: dict[str, str] = {}  # folded title abbreviation -> role noun ("sen" -> "senator")

    @cached_property
    def phrase_coder(self) -> Callable:
        """``code_actor`` of an undated phrase with this lexicon, remembering the last PHRASE_CODES phrases
        for the whole run: "officials", "the government", "police" come back in every article. Made on
        first use, once loading has filled the lexicon."""
        from newsgraph.extract.actors.coding import code_actor

        return lru_cache(maxsize=PHRASE_CODES)(partial(code_actor, lexicon=self))

    @property
    def names(self) -> dict[str, ActorCode]:
        """Surface form -> code of every undated actor entry (the first entry of a surface wins)."""
        if self._names is None:
            self._names = {}
            for entry in self.actor_entries:
                if entry.actor is not None and not entry.dated:
                    self._names.setdefault(entry.surface, entry.actor)
        return self._names

    def entries_at(self, tokens: list[Token], first: int, length: int, when: date) -> list[Entry]:
        """The entries whose tokens, case rules included, are ``tokens[first:first+length]``,
        with the codes that hold on ``when``."""
        span = tokens[first:first + length]
        found = [entry.on(when) for entry in self.index.get(tuple(t.folded for t in span), ())
                 if all(case_matches(rule, word, token.text)
                        for rule, word, token in zip(entry.case, entry.words, span))]
        return [entry for entry in found if entry is not None]

    def matches(self, tokens: list[Token], when: date) -> list[Match]:
        """Non-overlapping matches, left to right, the longest at each position."""
        found, position = [], 0
        while position < len(tokens):
            match = self.longest_match_at(tokens, position, when)
            if match and tokens[position].folded == "the":  # "the West" must not hide "West Bank"
                inner = self.longest_match_at(tokens, position + 1, when)
                match = inner if inner and inner.last > match.last else match
            if match:
                found.append(match)
            position = match.last if match else position + 1
        return found

    def longest_match_at(self, tokens: list[Token], position: int, when: date) -> Optional[Match]:
        for length in range(min(self.longest_from.get(tokens[position].folded, 0), len(tokens) - position), 0, -1):
            entries = self.entries_at(tokens, position, length, when)
            if entries:
                return Match(entries[0], position, position + length)
        return None


@lru_cache(maxsize=4)
def load_actor_lexicon(dictionaries: str = "") -> ActorLexicon:
    """The built-in lexicons and, when ``dictionaries`` names a folder (or one file), its
    PETRARCH-format actor and agent dictionaries on top (a built-in entry wins where both have the
    same words); read and indexed once per process and folder. ``dictionary_report`` says what the
    dictionaries gave (``petrarch.DictionaryReport``; None without dictionaries)."""
    from newsgraph.extract.actors.knowledge_base import knowledge_base_entries, knowledge_base_roles
    from newsgraph.extract.actors.office_holders import load_office_holders  # both read this module's records

    extra_actors, extra_roles, report = [], [], None
    if dictionaries:
        from newsgraph.extract.actors import petrarch
        extra_actors, extra_roles, report = petrarch.load_dictionaries(Path(dictionaries).resolve())
    lexicon = ActorLexicon(organisation_entries() + country_entries() + region_entries(), role_entries(),
                           knowledge_base_entries() + extra_actors, knowledge_base_roles() + extra_roles)
    lexicon.dictionary_report = report
    lexicon.offices, lexicon.references, lexicon.first_names = load_office_holders(), load_references(), load_first_names()
    lexicon.abbreviations = title_abbreviations(lexicon.references)
    return lexicon


def actor_lexicon() -> ActorLexicon:
    """The built-in lexicons alone (the default of every look-up below)."""
    return load_actor_lexicon("")


def load_references() -> dict[str, dict[str, str]]:
    """kind -> {word: target} from references.tsv (the words coreference resolves with; title
    abbreviations, spelling variants, statement nouns)."""
    table: dict[str, dict[str, str]] = {}
    for _, row in read_tsv("references.tsv"):
        table.setdefault(row["kind"], {})[row["word"]] = row["target"]
    return table


def load_first_names() -> dict[str, str]:
    """Folded first name -> "male" / "female", from actors_first_names.tsv."""
    return {fold(row["name"]): row["gender"] for _, row in read_tsv("actors_first_names.tsv")}


def title_abbreviations(references: dict[str, dict[str, str]]) -> dict[str, str]:
    """ "sen" -> "senator", from the title-abbreviation rows of references.tsv."""
    return {word.rstrip(".").casefold(): target for word, target in references.get("title-abbreviation", {}).items()}


def allowed_codes() -> dict[str, set[str]]:
    """{"code": the non-country primary codes, "sector": the PLOVER sectors} from actors_codes.tsv."""
    allowed: dict[str, set[str]] = {"code": set(), "sector": set()}
    for _, row in read_tsv(CODES_LEXICON):
        if row["field"] in allowed:
            allowed[row["field"]].add(row["code"])
    return allowed


@lru_cache(maxsize=1)
def cameo_mappings() -> dict[str, dict[str, str]]:
    """{"cameo-sector": CAMEO agent code -> PLOVER sector, "cameo-country": CAMEO country code ->
    ISO alpha-3} from the ``maps_to`` column of actors_codes.tsv (for PETRARCH dictionaries)."""
    mappings: dict[str, dict[str, str]] = {"cameo-sector": {}, "cameo-country": {}}
    for _, row in read_tsv(CODES_LEXICON):
        if row["field"] == "sector":
            mappings["cameo-sector"][row["code"]] = row["code"]
        elif row["field"] in mappings:
            mappings[row["field"]][row["code"]] = row["maps_to"]
    return mappings
