"""Actor coding: who an actor phrase is, in PLOVER terms (primary code, country, sector).

The entries come from the actor lexicon (``lexicon``: ``ActorLexicon``, ``load_actor_lexicon``).

``code_actor("Russian President Vladimir Putin")`` finds the lexicon entries in the phrase (longest
match first) and combines them:

* the *actor* is the last country, region or organisation entry before the phrase's first
  unmatched preposition, skipping one that only modifies ("US-backed", "London-based"); when there
  is none, the last one of the phrase after "of", "in" or "from" ("King Hassan of Morocco");
* the *sector* is that of the last strong role noun ("government troops" MIL); failing that the
  actor's own ("the Kremlin" GOV, "Pentagon officials" MIL, "Hamas fighters" REB); failing that the
  last weak role noun ("Russian officials" GOV). So "NATO Secretary General Mark Rutte" is IGO GOV:
  the head of an IGO acts for its member governments, as the PLOVER gold standard codes the UN
  Security Council IGO GOV. "European countries" is EUR with no sector, as a bare country is;
* the *type* is that of the last role noun, else the actor's (country PLACE, demonym GROUP, seat
  and organisation ORG);
* ``name`` is the canonical name of the actor entry (for a person it is their affiliation, e.g.
  "Russia"), None when only a role noun matched.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Callable, Optional

from newsgraph.extract.actors.knowledge_base import GENERATED_LEXICONS, us_states
from newsgraph.extract.actors.lexicon import (  # some only re-exported: callers use ``coding as actors``
    ActorCode, ActorLexicon, DateLike, DatedActor, Entry, Match, Token, actor_lexicon,
    allowed_codes, fold, load_actor_lexicon, reference_date, split_list, tokenize)

PREPOSITIONS_BEFORE_ACTOR = frozenset({"of", "in", "from"})  # "King Hassan of Morocco"
PHRASE_BREAKS = frozenset({"to", "at", "for", "on", "with", "near", "against", "by", "over", "after",
                           "who", "which", "that", ",", ";", ":", "("}) | PREPOSITIONS_BEFORE_ACTOR
# "US-backed forces": an actor followed by one of these only modifies the head
MODIFYING_PARTICIPLES = frozenset({"backed", "based", "funded", "sponsored", "supported", "allied", "aligned",
                                   "linked", "affiliated", "made", "supplied", "brokered", "owned", "controlled",
                                   "held", "occupied", "annexed", "bound", "born"})
STANCE_PREFIXES = frozenset({"pro", "anti"})  # "pro-Russian separatists" are not Russia's
FORMER_WORDS = frozenset({"former", "ex", "onetime", "erstwhile"})  # a former official is ELI
OFFICE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP"})
ARMED_SECTORS = frozenset({"REB", "MIL", "UAF", "GOV"})  # what IMG's members have no need to repeat


@dataclass(frozen=True)
class ActorMention:
    """A lexicon actor name found in a text, with ``[start, end)`` character offsets."""

    start: int
    end: int
    text: str
    actor: ActorCode



# --- combining the entries of a phrase -------------------------------------------------------------

def next_break(tokens: list[Token], matches: list[Match], start: int = 0) -> int:
    """Index of the first preposition or clause word from ``start`` that no lexicon entry covers."""
    covered = {i for m in matches for i in range(m.first, m.last)}
    return next((i for i in range(start, len(tokens))
                 if tokens[i].folded in PHRASE_BREAKS and i not in covered), len(tokens))


def only_modifies(match: Match, tokens: list[Token]) -> bool:
    """True for "US" in "US-backed forces", "London" in "London-based" and "Russian" in
    "pro-Russian rebels" or "anti-American protesters"."""
    if match.first > 0 and tokens[match.first - 1].folded in STANCE_PREFIXES:
        return True
    return match.last < len(tokens) and tokens[match.last].folded in MODIFYING_PARTICIPLES


def last_actor(matches: list[Match], tokens: list[Token], start: int, end: int) -> Optional[Match]:
    """The last actor entry within tokens ``[start, end)`` that is not a mere modifier."""
    candidates = [m for m in matches if not m.entry.is_role and start <= m.first and m.last <= end]
    heads = [m for m in candidates if not only_modifies(m, tokens)]
    return heads[-1] if heads else None


def choose_actor(matches: list[Match], tokens: list[Token], head_end: int) -> Optional[Match]:
    """The actor entry of the hand-written lexicons, else of the knowledge base (its many
    one-word names, "Vladimir" the city, give way: "Russian President Vladimir Putin" is Russia):
    the last one of the head, else the last one of the prepositional phrase after "of", "in" or
    "from" ("village in Western Cambodia" -> Cambodia)."""
    hand_written = [m for m in matches if m.entry.lexicon not in GENERATED_LEXICONS]
    return choose_actor_of(hand_written, tokens, head_end) or choose_actor_of(matches, tokens, head_end)


def choose_actor_of(matches: list[Match], tokens: list[Token], head_end: int) -> Optional[Match]:
    actor = last_actor(matches, tokens, 0, head_end)
    if actor or head_end == len(tokens) or tokens[head_end].folded not in PREPOSITIONS_BEFORE_ACTOR:
        return actor
    return last_actor(matches, tokens, head_end + 1, next_break(tokens, matches, head_end + 1))


def choose_sector(actor: Optional[Match], roles: list[Match]) -> Optional[str]:
    strong = [m for m in roles if m.entry.strength == "strong"]
    if strong:
        return strong[-1].entry.actor.sector
    if actor and actor.entry.actor.sector:
        return actor.entry.actor.sector
    return roles[-1].entry.actor.sector if roles else None


def combine(actor: Optional[Match], roles: list[Match], former: bool = False) -> ActorCode:
    """The actor's code with the sector of the roles; a former office holder is ELI ("former
    State Department official"); members of a transnational armed group (IMG) are the group, with
    no sector ("Islamic State militants" IMG), as docs/event_annotation.md codes them."""
    base = actor.entry.actor if actor else ActorCode(None, None, None, None, None, "")
    kind = roles[-1].entry.actor.type if roles else base.type
    rule = "+".join(m.entry.actor.rule for m in ([actor] if actor else []) + roles)
    sector = choose_sector(actor, roles)
    if former and sector in OFFICE_SECTORS:
        sector, rule = "ELI", rule + "+former"
    if base.code == "IMG" and sector in ARMED_SECTORS:
        sector = None
    return replace(base, sector=sector, type=kind, rule=rule)


def is_former(tokens: list[Token], roles: list[Match]) -> bool:
    """True when "former" (or "ex-") comes before the last role noun: "former President Obama"."""
    return bool(roles) and any(t.folded in FORMER_WORDS for t in tokens[:roles[-1].first])


def code_tokens(tokens: list[Token], when: Optional[date], lexicon: Optional[ActorLexicon] = None) -> Optional[ActorCode]:
    matches = (lexicon or actor_lexicon()).matches(tokens, when)
    head_end = next_break(tokens, matches)
    roles = [m for m in matches if m.entry.is_role and m.last <= head_end]
    actor = choose_actor(matches, tokens, head_end)
    if not actor and not roles:
        return None
    return combine(actor, roles, is_former(tokens, roles))


# --- public API ------------------------------------------------------------------------------------

def code_actor(text: str, when: DateLike = None, lexicon: Optional[ActorLexicon] = None) -> Optional[ActorCode]:
    """The PLOVER code of an actor phrase ("Ukrainian troops" -> UKR MIL), or None when no
    lexicon entry is found in it. ``when`` (the article's date; None: undated, never today) picks
    among date-bounded codes. Title abbreviations are read as their role ("Sen." senator). ``lexicon``:
    the lexicons to use (``load_actor_lexicon``; None: the built-in ones)."""
    lexicon = lexicon or actor_lexicon()
    return code_tokens(expand_abbreviations(tokenize(text), lexicon), reference_date(when), lexicon)





def expand_abbreviations(tokens: list[Token], lexicon: ActorLexicon) -> list[Token]:
    """A capitalised title abbreviation with its full stop ("Sen." "Rep.") becomes its role noun."""
    abbreviations, expanded, skip = lexicon.abbreviations, [], False
    for i, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        role = abbreviations.get(token.folded) if token.text[:1].isupper() else None
        if role and i + 1 < len(tokens) and tokens[i + 1].text == "." and tokens[i + 1].start == token.end:
            expanded.append(Token(role, fold(role), token.start, tokens[i + 1].end))
            skip = True
        else:
            expanded.append(token)
    return expanded


def whole_phrase_entry(text: str, wanted: Callable[[Entry], bool], when: DateLike = None,
                       lexicon: Optional[ActorLexicon] = None) -> Optional[Entry]:
    """The first wanted entry that covers all of ``text`` (a leading "the" may be left out)."""
    tokens = tokenize(text)
    lexicon, day = lexicon or actor_lexicon(), reference_date(when)
    for candidate in (tokens, tokens[1:] if tokens and tokens[0].folded == "the" else []):
        if candidate:
            entry = next((e for e in lexicon.entries_at(candidate, 0, len(candidate), day) if wanted(e)), None)
            if entry:
                return entry
    return None


def lookup_country(text: str, when: DateLike = None, lexicon: Optional[ActorLexicon] = None) -> Optional[ActorCode]:
    """A country or region by name, alias, demonym, capital or seat ("the Kremlin" -> RUS GOV)."""
    entry = whole_phrase_entry(text, lambda e: e.lexicon in ("countries.tsv", "actors_regions.tsv"), when, lexicon)
    return entry.actor if entry else None


def lookup_organisation(text: str, when: DateLike = None, lexicon: Optional[ActorLexicon] = None) -> Optional[ActorCode]:
    """An organisation by name or alias ("NATO", "Bloomberg TV")."""
    entry = whole_phrase_entry(text, lambda e: e.kind == "organisation", when, lexicon)
    return entry.actor if entry else None


def lookup_name(text: str, when: DateLike = None, lexicon: Optional[ActorLexicon] = None) -> Optional[ActorCode]:
    """Any actor entry (not a role noun) that is all of ``text``: a country, an organisation or a
    loaded dictionary's person ("Vladimir Putin" with the Phoenix dictionaries)."""
    entry = whole_phrase_entry(text, lambda e: not e.is_role, when, lexicon)
    return entry.actor if entry else None


def sector_of(noun_or_role: str, lexicon: Optional[ActorLexicon] = None) -> Optional[str]:
    """The PLOVER sector of a role or group noun ("defence minister" GOV, "riot police" COP); for a
    longer phrase, the sector its role nouns give ("deputy foreign minister" GOV)."""
    entry = whole_phrase_entry(noun_or_role, lambda e: e.is_role, None, lexicon)
    if entry:
        return entry.actor.sector
    tokens = tokenize(noun_or_role)
    roles = [m for m in (lexicon or actor_lexicon()).matches(tokens, None) if m.entry.is_role]
    sector = choose_sector(None, roles)
    return "ELI" if sector in OFFICE_SECTORS and is_former(tokens, roles) else sector  # "former spokesman"


def known_actor_names(lexicon: Optional[ActorLexicon] = None) -> dict[str, ActorCode]:
    """Every lexicon actor name (countries, regions, organisations; not role nouns) and its code.
    Where two rows share a surface form the higher-priority lexicon (organisations) wins. Built
    once per lexicon (a hot path of the entities stage)."""
    return (lexicon or actor_lexicon()).names


def find_actor_mentions(text: str, when: DateLike = None, lexicon: Optional[ActorLexicon] = None) -> list[ActorMention]:
    """Lexicon actor names in a running text, longest match first, left to right, with offsets
    (for mentions NER missed: "NATO", "Bloomberg TV", "the Kremlin" -> "Kremlin"). Role nouns are
    matched too, so that "National Security Council" hides the UN's "Security Council", but are
    not returned."""
    tokens = tokenize(text)
    mentions = []
    for match in (lexicon or actor_lexicon()).matches(tokens, reference_date(when)):
        if match.entry.is_role:
            continue
        start, end = tokens[match.first].start, tokens[match.last - 1].end
        mentions.append(ActorMention(start, end, text[start:end], match.entry.actor))
    return mentions


PLAIN_COUNTRY_SHARE = 0.4  # of the country mentions of an article, for its country to be plain


def plain_country(mentions: dict[str, int]) -> Optional[str]:
    """The country an article makes plain, from how often each country is mentioned (its places,
    people, forces and bodies): the most mentioned one, when it has at least PLAIN_COUNTRY_SHARE of
    all country mentions and more than any other; None for an article about several."""
    if not mentions:
        return None
    ranked = sorted(mentions.items(), key=lambda item: -item[1])
    top, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return top if count > runner_up and count >= PLAIN_COUNTRY_SHARE * sum(mentions.values()) else None


def country_mentions(entities) -> dict[str, int]:
    """How many mentions each country has among an article's entities (its places, people, forces
    and bodies; not IGOs or other non-state codes)."""
    counts: dict[str, int] = {}
    for entity in entities:
        if entity.country and entity.code == entity.country:
            counts[entity.country] = counts.get(entity.country, 0) + len(entity.mentions)
    return counts




def cameo_actor_code(actor) -> str:
    """The CAMEO-style actor code of an entity, ActorRef or ActorCode, as GDELT writes it: the
    primary code followed by the sector ("RUS"+"GOV" -> "RUSGOV", "IGO"+"GOV" -> "IGOGOV", "NATO"
    -> "IGO", "police" -> "COP"); "" when neither is known. A sector equal to the code is not
    repeated (media: "MED")."""
    code = getattr(actor, "code", None) or ""
    sector = getattr(actor, "sector", None) or ""
    return code if sector == code else code + sector
