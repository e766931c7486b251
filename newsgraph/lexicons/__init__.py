"""The lexicons: data files (TSV, JSON) in this folder, and ``Lexicons``, the one object holding what
the stages use of them, built once per process from the settings and handed to every stage by the
runner (as spaCy hands its ``Vocab`` to components). Nothing here is switched by an option: two
pipelines with different settings in one process each hold their own ``Lexicons``."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # the stages' own types; imported when built, so that this module imports no stage
    from newsgraph.extract.actors.coding import ActorLexicon
    from newsgraph.extract.events.lexicon import EventLexicon
    from newsgraph.extract.events.model import EventModel
    from newsgraph.extract.events.modality import ModalityCues
    from newsgraph.settings import Settings

LEXICON_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, eq=False)
class Lexicons:
    """What the stages read, loaded: the built-in lexicon files plus, when ``dictionaries`` names a
    folder, its PETRARCH-format actor, agent and verb dictionaries on top."""

    dictionaries: str  # "" for the built-in lexicons alone
    actors: "ActorLexicon"  # actor coder tables: countries, organisations, sectors, knowledge base, dictionaries
    events: "EventLexicon"  # event verbs and nouns, CAMEO codes, statement readings, dictionary verbs
    modality: "ModalityCues"  # negation and modality cues
    event_model: Optional["EventModel"]  # the shipped learned event coder (None when not built)

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Lexicons":
        return load_lexicons(settings.dictionaries)


@lru_cache(maxsize=4)
def load_lexicons(dictionaries: str = "") -> Lexicons:
    """The lexicons of ``dictionaries`` ("" none), built once per process and folder (the parts
    shared by every folder, e.g. the modality cues, are read once)."""
    from newsgraph.extract.actors.coding import load_actor_lexicon
    from newsgraph.extract.events.lexicon import load_event_lexicon
    from newsgraph.extract.events.model import shipped_event_model
    from newsgraph.extract.events.modality import load_modality_cues

    return Lexicons(dictionaries, load_actor_lexicon(dictionaries), load_event_lexicon(dictionaries),
                    load_modality_cues(), shipped_event_model())


def builtin_lexicons() -> Lexicons:
    """The built-in lexicons alone (what a stage uses when it is called without a runner)."""
    return load_lexicons("")
