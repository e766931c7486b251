"""Reading PETRARCH-format actor and agent dictionaries into actor lexicon entries.

PETRARCH (github.com/openeventdata/petrarch2) and its Phoenix dictionaries code actors with CAMEO
codes. Two of its formats are read here, so that ``actors.coding.load_actor_lexicon(folder)`` can add them
on top of the built-in lexicons:

* an *actor* dictionary (``*actors*.txt``): a primary phrase, synonyms on lines starting with
  ``+``, and codes in brackets, either on the primary line (``AFGHANISTAN_ [AFG]``) or on indented
  lines, date-bounded or not::

      VLADIMIR_PUTIN_
      +PUTIN_
          [RUSGOV 991231-080507]
          [RUSGOV >080508]
          [RUSELI]

  ``<date`` holds up to the date, ``>date`` from it, ``date-date`` between them (all inclusive);
  a code without dates is the default when none of the dated ones holds. Dates are YYYYMMDD or
  YYMMDD, where YY 00-30 is 20YY, else 19YY (PETRARCH's rule). As in PETRARCH, a primary phrase
  without a code shares the codes that follow with the phrases before it.
* an *agent* dictionary (``*agents*.txt``): ``PHRASE {plural} [~SECTOR]`` role nouns; ``[~GOV]``
  adds a sector after the actor (``[IGO~]``, a code put before it, is not read);
  ``!PERSON! = MAN, WOMAN`` substitution sets; regular plurals (+S, consonant+Y->IES, S->ES)
  unless ``{}``.

A CAMEO code is read in three-letter blocks: the first is the primary code (a country, region,
IGO, NGO, ...) unless it is an agent code; the first block that maps to a PLOVER sector
(actors_codes.tsv) gives the sector. "RUSGOV" is RUS GOV, "IGOUNOKID" IGO with no sector,
"KORGOVBUS" KOR GOV.

Words joined by ``_`` and by blanks are both read as consecutive words (PETRARCH lets words come
between blank-separated ones). Comments (``#``, ``;``, ``<!-- -->``) are skipped. A line that
cannot be read is reported with its file and line in the ``DictionaryReport``, never fatal.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Optional

from newsgraph.lexicons import read_tsv
from newsgraph.extract.actors.lexicon import ActorCode, DatedActor, Entry, allowed_codes, cameo_mappings, tokenize

BRACKET = re.compile(r"\[([^\]]*)\]")
NULL_CODE = "---"
SHORT_ACRONYM = 3  # a one-word phrase this short (UN, US, EU) is matched in capitals only
DEFAULT_SECTORS = {"MED": "MED"}  # primary codes whose actors have a sector of their own (IMG has none)


@dataclass(frozen=True)
class Restriction:
    """One bracketed code, with its dates when it has any."""

    code: str
    start: Optional[date] = None
    end: Optional[date] = None

    @property
    def is_default(self) -> bool:
        return self.start is None and self.end is None


@dataclass
class DictionaryActor:
    """One record of an actor dictionary: its phrases and codes."""

    phrases: list[str]
    restrictions: list[Restriction]
    file: str
    line: int


@dataclass(frozen=True)
class DictionaryAgent:
    phrase: str
    code: str
    file: str
    line: int


@dataclass
class DictionaryReport:
    """What ``load_dictionaries`` read: files, records, entries made and lines skipped (with why)."""

    folder: str
    files: list[str] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    actors: int = 0
    agents: int = 0
    actor_entries: int = 0
    role_entries: int = 0
    skipped: list[str] = field(default_factory=list)  # "file:line: reason"


# --- lines ----------------------------------------------------------------------------------------

def strip_comment(line: str) -> str:
    """The line without a ``#``, ``;`` or one-line ``<!-- -->`` comment."""
    line = re.sub(r"<!--.*?-->", "", line)
    return re.split(r"[#;]", line, maxsplit=1)[0].rstrip()


def content_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of the lines that say something, multi-line XML comments skipped."""
    found, in_comment = [], False
    for number, raw in enumerate(text.splitlines(), 1):
        if in_comment:
            in_comment = "-->" not in raw
            continue
        if raw.lstrip().startswith("<!--") and "-->" not in raw:
            in_comment = True
            continue
        line = strip_comment(raw)
        if line.strip():
            found.append((number, line))
    return found


def phrase_text(raw: str) -> str:
    """ "VLADIMIR_PUTIN_" -> "VLADIMIR PUTIN"."""
    return " ".join(raw.replace("_", " ").split())


# --- dates and codes --------------------------------------------------------------------------------

def parse_date(text: str) -> date:
    """A PETRARCH date: YYYYMMDD, or YYMMDD with YY 00-30 as 20YY and 31-99 as 19YY."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"date {text!r} is not YYMMDD or YYYYMMDD")
    if len(digits) == 6:
        year = int(digits[:2])
        digits = f"{2000 + year if year <= 30 else 1900 + year}{digits[2:]}"
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def parse_restriction(body: str) -> Restriction:
    """ "USAGOV >20090120", "RUSELI 700101-990809", "AFG" -> Restriction (ValueError if unreadable)."""
    code, _, rest = body.strip().partition(" ")
    rest = rest.strip()
    if not code:
        raise ValueError("empty code")
    if not rest:
        return Restriction(code)
    if rest[0] in "<>":
        when = parse_date(rest[1:])
        return Restriction(code, None, when) if rest[0] == "<" else Restriction(code, when, None)
    first, dash, second = rest.partition("-")
    if not dash:
        raise ValueError(f"restriction {rest!r} is not <date, >date or date-date")
    start, end = parse_date(first), parse_date(second)
    if end < start:
        raise ValueError(f"restriction {rest!r} ends before it starts")
    return Restriction(code, start, end)


@dataclass(frozen=True)
class CameoCode:
    code: Optional[str]  # primary actor code
    country: Optional[str]  # ISO alpha-3 when the primary code is a country
    sector: Optional[str]  # PLOVER sector


def split_cameo_code(code: str, context: dict) -> CameoCode:
    """ "RUSGOV" -> RUS RUS GOV; "IGOUNOKID" -> IGO None None; "ELI" -> None None ELI. The first block
    is the primary code when it is a country, region or non-state code (IGO, NGO, MED, ...) or no
    agent code. Media (MED) without another sector get MED, as organisations.tsv codes Reuters;
    a transnational armed group (IMG) has no sector, as Islamic State."""
    blocks = [code[i:i + 3] for i in range(0, len(code), 3)]
    sectors = context["mappings"]["cameo-sector"]
    first = context["mappings"]["cameo-country"].get(blocks[0], blocks[0])
    is_primary = first in context["primary"] or first in context["countries"] or first not in sectors
    primary = first if is_primary else None
    sector = next((sectors[b] for b in (blocks[1:] if is_primary else blocks) if sectors.get(b)), None)
    if sector is None and primary in DEFAULT_SECTORS:
        sector = DEFAULT_SECTORS[primary]
    return CameoCode(primary, primary if primary in context["countries"] else None, sector)


# --- actor dictionaries ----------------------------------------------------------------------------

def read_actor_dictionary(text: str, file: str = "") -> tuple[list[DictionaryActor], list[str]]:
    """The records of an actor dictionary and the lines skipped ("file:line: reason")."""
    records: list[DictionaryActor] = []
    skipped: list[str] = []
    current: Optional[DictionaryActor] = None
    for number, line in content_lines(text):
        stripped = line.strip()
        if stripped.startswith("["):
            if current is None:
                skipped.append(f"{file}:{number}: code before any phrase")
                continue
            add_codes(current, stripped, file, number, skipped)
            continue
        synonym = stripped.startswith("+")
        phrase = phrase_text(stripped.lstrip("+").split("[", 1)[0])
        if not phrase:
            continue
        if synonym and current is not None:
            current.phrases.append(phrase)
        elif current is not None and not current.restrictions:
            current.phrases.append(phrase)  # a primary phrase without codes shares the next codes
        else:
            current = DictionaryActor([phrase], [], file, number)
            records.append(current)
        if "[" in stripped:
            add_codes(current, stripped[stripped.index("["):], file, number, skipped)
    for record in records:
        if not record.restrictions:
            skipped.append(f"{file}:{record.line}: no code for {record.phrases[0]!r}")
    return [r for r in records if r.restrictions], skipped


def add_codes(record: DictionaryActor, text: str, file: str, number: int, skipped: list[str]) -> None:
    for body in BRACKET.findall(text):
        try:
            record.restrictions.append(parse_restriction(body))
        except ValueError as error:
            skipped.append(f"{file}:{number}: {error}")


# --- agent dictionaries ------------------------------------------------------------------------------

def regular_plural(phrase: str) -> str:
    """PETRARCH's regular plural (+S, S -> SES, Y -> IES), except that a vowel before the Y keeps
    it ("ENVOY" -> "ENVOYS", where PETRARCH writes "ENVOIES")."""
    if phrase.endswith("Y") and phrase[-2:-1] not in ("A", "E", "I", "O", "U"):
        return phrase[:-1] + "IES"
    return phrase + ("ES" if phrase.endswith("S") else "S")


def read_agent_dictionary(text: str, file: str = "") -> tuple[list[DictionaryAgent], list[str]]:
    """The agents (singular and plural forms) of an agent dictionary and the lines skipped."""
    agents: list[DictionaryAgent] = []
    skipped: list[str] = []
    substitutions: dict[str, list[str]] = {}
    for number, line in content_lines(text):
        marker = re.match(r"\s*!(\w+)!\s*=(.*)", line)
        if marker:
            substitutions[marker.group(1)] = [w.strip() for w in marker.group(2).split(",") if w.strip()]
            continue
        found = BRACKET.search(line)
        if not found:
            skipped.append(f"{file}:{number}: no code")
            continue
        code, head = found.group(1).strip(), line[:found.start()]
        for phrase in agent_forms(head, substitutions, file, number, skipped):
            agents.append(DictionaryAgent(phrase_text(phrase), code, file, number))
    return agents, skipped


def agent_forms(head: str, substitutions: dict[str, list[str]], file: str, number: int,
                skipped: list[str]) -> list[str]:
    """The written forms of one agent line: substituted, or singular and plural."""
    marker = re.search(r"!(\w+)!", head)
    if marker:
        if marker.group(1) not in substitutions:
            skipped.append(f"{file}:{number}: substitution set !{marker.group(1)}! not defined")
            return []
        return [head[:marker.start()] + word + head[marker.end():] for word in substitutions[marker.group(1)]]
    if "{" in head:
        if "}" not in head:
            skipped.append(f"{file}:{number}: missing '}}'")
            return []
        singular, plural = head[:head.index("{")], head[head.index("{") + 1:head.index("}")]
        return [f for f in (singular.strip(), plural.strip()) if f]
    singular = head.strip().rstrip("_")
    return [singular, regular_plural(singular)] if singular else []


# --- entries -----------------------------------------------------------------------------------------

def surface_and_case(phrase: str) -> Optional[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """How a dictionary phrase (written in capitals) is matched: a dotted or one-word phrase of up
    to three letters (UN, U.S.) in capitals only; otherwise the first word (after "the") needs a
    capital and the others match any case. A leading "the" is dropped. Returns (surface, words,
    case rules)."""
    tokens = tokenize(phrase)
    if len(tokens) > 1 and tokens[0].folded == "the":
        tokens = tokens[1:]  # the matcher skips a leading "the" itself; kept, it would outrank built-ins
    if not any(t.text[:1].isalnum() for t in tokens):
        return None
    words, case, capital_given = [], [], False
    for token in tokens:
        acronym = "." in token.text or (len(tokens) == 1 and len(token.text) <= SHORT_ACRONYM)
        if acronym:
            words.append(token.text.upper())
            case.append("exact")
        else:
            words.append(token.text[:1].upper() + token.text[1:].lower())
            needs_capital = not capital_given and token.text[:1].isalpha()
            case.append("capital" if needs_capital else "any")
            capital_given = capital_given or needs_capital
    return " ".join(words), tuple(words), tuple(case)


def actor_code_of(restriction: Restriction, name: str, rule: str, context: dict) -> Optional[ActorCode]:
    if restriction.code == NULL_CODE:
        return None
    cameo = split_cameo_code(restriction.code, context)
    if cameo.code is None and cameo.sector is None:
        return None
    if cameo.country and not cameo.sector:
        name, kind = context["country_names"].get(cameo.country, name), "PLACE"
    else:
        kind = "ORG" if cameo.code in context["primary"] and not cameo.sector else None
    return ActorCode(name, cameo.code, cameo.country, cameo.sector, kind, f"{rule}[{restriction.code}]")


def record_entries(record: DictionaryActor, context: dict) -> list[Entry]:
    """One entry per phrase of an actor record, carrying its default and dated codes."""
    name = surface_and_case(record.phrases[0])
    if name is None:
        return []
    rule = f"{record.file}:{record.phrases[0].replace(' ', '_')}"
    default = next((actor_code_of(r, name[0], rule, context) for r in record.restrictions if r.is_default), None)
    dated = tuple(DatedActor(r.start, r.end, actor_code_of(r, name[0], rule, context))
                  for r in record.restrictions if not r.is_default)
    dated = tuple(d for d in dated if d.actor is not None)
    if default is None and not dated:
        return []
    entries = []
    for phrase in dict.fromkeys(record.phrases):
        form = surface_and_case(phrase)
        if form:
            entries.append(Entry(form[0], default, record.file, "dictionary", form[1], form[2], "strong", dated))
    return entries


def agent_entry(agent: DictionaryAgent, context: dict) -> Optional[Entry]:
    """A weak role entry for a ``[~SECTOR]`` agent; None for an agent without a PLOVER sector and
    for a ``[CODE~]`` one (a code put before the actor's: a role noun cannot carry it here)."""
    if not agent.code.startswith("~") or len(agent.code) < 2:
        return None
    cameo = split_cameo_code(agent.code[1:], context)
    rule = f"{agent.file}:{agent.phrase.replace(' ', '_')}"
    words = tuple(t.text.lower() for t in tokenize(agent.phrase))
    if not words or cameo.sector is None:
        return None
    actor = ActorCode(None, None, None, cameo.sector, None, rule)
    return Entry(" ".join(words), actor, agent.file, "role", words, ("any",) * len(words), "weak")


def entry_context() -> dict:
    """What reading codes needs: country codes and names, primary codes (non-state and regions),
    the CAMEO mappings of actors_codes.tsv."""
    names = {row["code"]: row["name"] for _, row in read_tsv("countries.tsv")}
    regions = {row["code"] for _, row in read_tsv("actors_regions.tsv")}
    return {"countries": set(names), "country_names": names, "mappings": cameo_mappings(),
            "primary": allowed_codes()["code"] | regions}


# --- folders -----------------------------------------------------------------------------------------

def dictionary_files(path: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """(actor files, agent files, other files) of a folder, or of one file, by name."""
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    actor_files = [p for p in files if "actor" in p.name.casefold()]
    agent_files = [p for p in files if "agent" in p.name.casefold()]
    others = [p for p in files if p not in actor_files and p not in agent_files]
    return actor_files, agent_files, others


def load_dictionaries(path: Path) -> tuple[list[Entry], list[Entry], DictionaryReport]:
    """(actor entries, role entries, report) of the dictionaries in ``path``."""
    from newsgraph.errors import SettingsError

    if not path.exists():
        raise SettingsError(f"dictionaries folder {path} does not exist; fix the 'dictionaries' setting")
    actor_files, agent_files, others = dictionary_files(path)
    report = DictionaryReport(str(path), [p.name for p in actor_files + agent_files], [p.name for p in others])
    context = entry_context()
    actor_entries: list[Entry] = []
    role_entries: list[Entry] = []
    for file in actor_files:
        records, skipped = read_actor_dictionary(file.read_text(encoding="utf-8", errors="replace"), file.name)
        report.actors += len(records)
        report.skipped += skipped
        actor_entries += [e for record in records for e in record_entries(record, context)]
    for file in agent_files:
        agents, skipped = read_agent_dictionary(file.read_text(encoding="utf-8", errors="replace"), file.name)
        report.agents += len(agents)
        report.skipped += skipped
        for agent in agents:
            entry = agent_entry(agent, context)
            if entry is None:
                why = "a code put before the actor is not read" if agent.code.endswith("~") else "no PLOVER sector"
                report.skipped.append(f"{agent.file}:{agent.line}: {why} [{agent.code}]")
            else:
                role_entries.append(entry)
    report.actor_entries, report.role_entries = len(actor_entries), len(role_entries)
    return actor_entries, role_entries, report

