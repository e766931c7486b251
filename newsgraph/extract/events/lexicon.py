"""The event lexicons, read once: CAMEO codes (``cameo_codes.tsv``) and event triggers (``event_verbs.tsv``),
and what the learned coder reads beside them (verb priors, VADER valences, category default codes).

Both files are tab-separated with ``#`` comments; their headers explain the columns.  Lookups are
dictionaries keyed by lemma, so matching a token costs one dictionary probe.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from newsgraph.lexicons import read_tsv

FRAME_ROOTS = frozenset({"02", "03", "10", "12", "13"})  # appeal, intend, demand, reject, threaten


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: Optional[str]
    plover_mode: Optional[str]


@dataclass(frozen=True)
class Trigger:
    """One row of ``event_verbs.tsv``: a verb or noun pattern and the CAMEO code it gives."""

    kind: str  # verb | noun
    lemma: str
    cameo: str
    targets: tuple[str, ...]
    particle: Optional[str] = None  # "call on" -> "on"
    objects: frozenset = frozenset()  # verb: lemmas its direct object must have
    modifiers: frozenset = frozenset()  # compound/amod lemmas the object (verb) or the noun must have
    plover: Optional[str] = None  # overrides the code's PLOVER category
    pattern: str = ""
    line: int = 0
    source: str = "event_verbs.tsv"  # the file the entry comes from

    @property
    def specificity(self) -> int:
        return 4 * bool(self.objects) + 2 * bool(self.modifiers) + bool(self.particle)

    @property
    def rule(self) -> str:
        return f"{self.source}:{self.line} {self.kind} {self.pattern}"

    @property
    def is_frame(self) -> bool:
        return self.cameo[:2] in FRAME_ROOTS


@dataclass
class EventLexicon:
    codes: dict[str, CameoCode] = field(default_factory=dict)
    verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    nouns: dict[str, list[Trigger]] = field(default_factory=dict)
    light_verbs: frozenset = frozenset()
    speech_verbs: frozenset = frozenset()
    relation_nouns: frozenset = frozenset()
    partitive_nouns: frozenset = frozenset()  # "a group of", "scores of": the "of" object is the actor
    refinements: dict[str, dict[str, str]] = field(default_factory=dict)  # frame root -> content prefix -> code
    any_appeal: Optional[Trigger] = None  # the entry for an unlisted verb in a reported should/must clause
    refusal_cues: dict[str, str] = field(default_factory=dict)  # events_plover.tsv: cue -> category
    commitment_cues: frozenset = frozenset()
    intent_categories: dict[str, str] = field(default_factory=dict)  # content root -> category
    domestic_categories: frozenset = frozenset()  # directed acts whose missing target is the source's country
    # what the learned coder (events/model.py, events/learned.py) reads beside the triggers:
    verb_priors: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # lemma -> [(particle, object, category)]
    valences: dict[str, float] = field(default_factory=dict)  # word -> VADER valence (-4 .. +4)
    category_codes: dict[str, str] = field(default_factory=dict)  # PLOVER category -> its default CAMEO code

    def statement_category(self, content: Optional[str], cameo: str, negated: bool, modality: str,
                           cues: list) -> Optional[str]:
        """The PLOVER category of the statement an event is reported in (``events_plover.tsv``)."""
        if negated:
            return next((self.refusal_cues[c] for c in cues if c in self.refusal_cues), content)
        committed = modality == "conditional" or (modality == "intended" and self.commitment_cues.intersection(cues))
        return self.intent_categories.get(cameo[:2], content) if committed else content

    def code(self, cameo: str) -> CameoCode:
        """The code's record; an unknown 4-digit code falls back to its 3- and 2-digit parents."""
        for length in (len(cameo), 3, 2):
            if cameo[:length] in self.codes:
                return self.codes[cameo[:length]]
        raise KeyError(f"unknown CAMEO code {cameo!r}")

    def refine(self, frame_code: str, content_code: str) -> str:
        """The frame's code made specific by the code of the event it governs (longest prefix wins)."""
        table = self.refinements.get(frame_code[:2], {})
        for length in range(len(content_code), 1, -1):
            if content_code[:length] in table:
                return table[content_code[:length]]
        return frame_code


def optional(cell: str) -> Optional[str]:
    return None if cell in ("", "-") else cell


def read_cameo_codes() -> dict[str, CameoCode]:
    codes = {}
    for _, row in read_tsv("cameo_codes.tsv"):
        codes[row["code"]] = CameoCode(row["code"], row["name"], float(row["goldstein"]), int(row["quad_class"]),
                                       optional(row["plover"]), optional(row["plover_mode"]))
    return codes


def parse_bracket(text: str) -> tuple[frozenset, frozenset]:
    """``"defense|military spending|budget"`` -> (heads {spending, budget}, modifiers {defense, military})."""
    words = text.split()
    heads = frozenset(words[-1].split("|"))
    modifiers = frozenset(m for word in words[:-1] for m in word.split("|"))
    return heads, modifiers


def parse_trigger(kind: str, row: dict[str, str], line: int) -> Trigger:
    pattern, cameo = row["pattern"], row["cameo"]
    targets = tuple(t for t in (row["target"] or "-").split(",") if t and t != "-")
    plover = optional(row["plover"])
    if kind == "noun":  # "[hunger] strike": the bracket holds modifiers the noun must have
        match = re.fullmatch(r"(?:\[([^\]]+)\]\s*)?(\S+)", pattern)
        modifiers = frozenset(match.group(1).split("|")) if match.group(1) else frozenset()
        return Trigger(kind, match.group(2), cameo, targets, None, frozenset(), modifiers, plover, pattern, line)
    words, _, bracket = pattern.partition("[")
    heads, modifiers = parse_bracket(bracket.rstrip("]")) if bracket else (frozenset(), frozenset())
    tokens = words.split()
    particle = tokens[1] if len(tokens) > 1 else None
    return Trigger(kind, tokens[0], cameo, targets, particle, heads, modifiers, plover, pattern, line)


VERB_DICTIONARY_NAMES = ("*CAMEO*.txt", "*verbs*.txt")


def verb_dictionary_files(folder: str) -> list:
    from pathlib import Path

    found = {path for name in VERB_DICTIONARY_NAMES for path in Path(folder).glob(name) if path.is_file()}
    return sorted(found)


def add_dictionary_triggers(lexicon: EventLexicon, folder: str) -> None:
    """Triggers of the PETRARCH verb dictionaries of ``folder``, after the built-in ones of the same lemma."""
    from newsgraph.extract.events.modality import load_modality_cues
    from newsgraph.extract.events.petrarch_verbs import load_verb_dictionary

    structural = lexicon.light_verbs | lexicon.speech_verbs | frozenset(load_modality_cues().by_place.get("governor", {}))
    for path in verb_dictionary_files(folder):
        for trigger in load_verb_dictionary(str(path), structural):
            if known_code(lexicon, trigger.cameo):
                lexicon.verbs.setdefault(trigger.lemma, []).append(trigger)


def known_code(lexicon: EventLexicon, cameo: str) -> bool:
    try:
        lexicon.code(cameo)
    except KeyError:
        return False
    return True


def read_statement_readings(lexicon: EventLexicon) -> None:
    commitments, domestic = set(), set()
    for line, row in read_tsv("events_plover.tsv"):
        kind, key, value = row["kind"], row["key"], row["value"]
        if kind == "refusal":
            lexicon.refusal_cues[key] = value
        elif kind == "commitment":
            commitments.add(key)
        elif kind == "intent":
            lexicon.intent_categories[key] = value
        elif kind == "domestic":
            domestic.add(key)
        else:
            raise ValueError(f"events_plover.tsv:{line}: unknown kind {kind!r}")
    lexicon.commitment_cues = frozenset(commitments)
    lexicon.domestic_categories = frozenset(domestic)


def read_verb_priors() -> dict[str, list[tuple[str, str, str]]]:
    """lemma -> [(particle, object, category)] of events_verb_priors.tsv (from the PETRARCH-2 verb dictionary)."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for _, row in read_tsv("events_verb_priors.tsv"):
        found.setdefault(row["lemma"], []).append((row["particle"], row["object"], row["category"]))
    return found


def read_valences() -> dict[str, float]:
    """word -> valence (-4 .. +4) of the VADER lexicon (MIT; Hutto and Gilbert 2014), as its package ships it."""
    from importlib import resources

    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                found[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return found


def read_category_codes() -> dict[str, str]:
    """PLOVER category -> the CAMEO code it gets when no pattern gives one (events_categories.tsv)."""
    return {row["category"]: row["cameo"] for _, row in read_tsv("events_categories.tsv")}


@lru_cache(maxsize=4)
def load_event_lexicon(dictionaries: str = "") -> EventLexicon:
    """Both lexicon files and, when ``dictionaries`` names a folder, its PETRARCH verb dictionaries
    (``*CAMEO*.txt``, ``*verbs*.txt``) on top; parsed once per process and folder."""
    lexicon = EventLexicon(codes=read_cameo_codes())
    words: dict[str, set] = {"light": set(), "speech": set(), "relation": set(), "partitive": set()}
    for line, row in read_tsv("event_verbs.tsv"):
        kind = row["kind"]
        if kind in words:
            words[kind].add(row["pattern"])
        elif kind == "refine":
            frame, content = row["pattern"].split()
            lexicon.refinements.setdefault(frame, {})[content] = row["cameo"]
        elif kind == "appeal":
            lexicon.any_appeal = parse_trigger("verb", row, line)
        elif kind in ("verb", "noun"):
            trigger = parse_trigger(kind, row, line)
            lexicon.code(trigger.cameo)  # fail early on a code the table does not know
            table = lexicon.verbs if kind == "verb" else lexicon.nouns
            table.setdefault(trigger.lemma, []).append(trigger)
        else:
            raise ValueError(f"event_verbs.tsv:{line}: unknown kind {kind!r}")
    lexicon.light_verbs = frozenset(words["light"])
    lexicon.speech_verbs = frozenset(words["speech"])
    lexicon.relation_nouns = frozenset(words["relation"])
    lexicon.partitive_nouns = frozenset(words["partitive"])
    read_statement_readings(lexicon)
    lexicon.verb_priors, lexicon.valences = read_verb_priors(), read_valences()
    lexicon.category_codes = read_category_codes()
    if dictionaries:
        add_dictionary_triggers(lexicon, dictionaries)
    for table in (lexicon.verbs, lexicon.nouns):
        for entries in table.values():
            entries.sort(key=lambda t: -t.specificity)
    return lexicon
