"""PETRARCH-format verb dictionaries (``CAMEO.2.0.txt`` and the like) read as extra event triggers.

The format (PETRARCH-2 documentation, inherited from TABARI):

* ``&NAME`` starts a synonym set; its ``+WORD`` lines are members (``_`` joins words; a trailing
  ``_`` only stops plural generation);
* ``---  NAME   [code]  ---`` starts a verb block; ``[---]`` means the block has no code of its own;
* the block's verb lines: ``WORD {irregular forms} [code]`` or a phrasal ``+WORD_PARTICLE {...} [code]``;
* the block's pattern lines: ``- <before> * <after> [code] # VERB``: ``*`` is the verb, ``{A B}`` a noun
  phrase (``B`` the head), ``(PREP NOUN)`` a prepositional phrase, ``&NAME`` a synonym set, ``$`` and
  ``+`` the source and target slots, ``^`` skipped words, ``%`` a compound; ``[a:b]`` codes carry a
  second code for the reverse direction; ``# VERB`` names the verb the pattern was written for.

The subset read here, the part our dependency matcher can check without guessing:

* a verb with a code of its own or of its block -> a bare verb trigger;
* ``- * NOUN``, ``- * {MOD NOUN}``, ``- * &SET`` (optionally after a particle: ``- * OFF TALK``) -> a verb
  trigger whose direct object must have that lemma (and modifier);
* ``- * PARTICLE`` or ``- * (PREP)`` with nothing else -> a verb trigger that needs that particle.

Patterns with words before the verb (subject constraints), source or target slots, several phrases
or a noun inside a prepositional phrase are left out, as are codes of ``[---]``.  A pattern applies to
the verb its comment names when that verb is in the block, else to every verb of the block (as
PETRARCH does).  Verbs our own lexicon treats structurally (speech, light and modality verbs) get no
bare trigger, only their patterns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from newsgraph.extract.events.lexicon import Trigger

PARTICLES = frozenset({"off", "up", "down", "out", "in", "on", "back", "away", "over", "through", "forward",
                       "aside", "into", "to", "for", "with", "against", "from", "at", "by", "about", "of"})
TARGET_SLOTS = ("dobj", "dative", "to", "against", "on", "with", "for", "from")
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class VerbBlock:
    name: str
    code: Optional[str]
    verbs: list[tuple[str, Optional[str], Optional[str], int]] = field(default_factory=list)  # lemma, particle, code, line
    patterns: list[tuple[str, str, str, int]] = field(default_factory=list)  # after-verb text, code, comment verb, line


def strip_comment(line: str) -> tuple[str, str]:
    text, _, comment = line.partition("#")
    return text.strip(), comment.strip()


def first_code(cell: str) -> Optional[str]:
    """``"042:043"`` -> ``"042"``; ``":173"`` -> ``"173"``; ``"---"`` or nothing -> None."""
    for part in cell.split(":"):
        part = part.strip()
        if part.isdigit() and 2 <= len(part) <= 4:
            return part
    return None


def word_forms(word: str) -> set[str]:
    """A dictionary word as lemmas: lower case, underscores dropped, plural folded ("SANCTIONS" -> sanction)."""
    word = word.strip("_").lower().replace("_", " ")
    forms = {word} if word else set()
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return forms


def read_blocks(lines: Iterable[str]) -> tuple[dict[str, list[str]], list[VerbBlock]]:
    synsets: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    current_set: Optional[str] = None
    for number, raw in enumerate(lines, start=1):
        text, comment = strip_comment(raw)
        if not text:
            continue
        if text.startswith("&"):
            current_set = text.split()[0]
            synsets[current_set] = []
            continue
        if header := HEADER.match(text):
            current_set = None
            blocks.append(VerbBlock(header.group(1), first_code(header.group(2))))
            continue
        if current_set is not None and text.startswith("+"):
            synsets[current_set].append(text[1:].split()[0])
            continue
        if not blocks:
            continue
        block = blocks[-1]
        code_match = CODE.search(text)
        code = first_code(code_match.group(1)) if code_match else None
        body = CODE.sub("", text).strip()
        if body.startswith("-"):
            block.patterns.append((body[1:].strip(), code or "", comment.split()[0].lower() if comment else "", number))
        else:
            verb = re.sub(r"\{[^}]*\}", "", body).strip().lstrip("+").split()
            if verb:
                words = verb[0].strip("_").lower().split("_")
                particle = words[1] if len(words) > 1 and words[1] in PARTICLES else None
                if len(words) == 1 or particle:
                    block.verbs.append((words[0], particle, code, number))
    return synsets, blocks


def object_words(token: str, synsets: dict[str, list[str]]) -> Optional[tuple[frozenset, frozenset]]:
    """(object lemmas, modifier lemmas) of one object token of a pattern, or None when it is not one."""
    if token.startswith("&"):
        members = synsets.get(token)
        if not members:
            return None
        heads = {form for member in members for form in word_forms(member.split("_")[-1])}
        return frozenset(heads), frozenset()
    if token.startswith("{") and token.endswith("}"):
        words = token[1:-1].split()
        if not words or any(not re.fullmatch(r"[A-Za-z][A-Za-z'-]*_?", w) for w in words):
            return None
        return frozenset(word_forms(words[-1])), frozenset(f for w in words[:-1] for f in word_forms(w))
    if re.fullmatch(r"[A-Za-z][A-Za-z'-]*_?", token):
        return frozenset(word_forms(token)), frozenset()
    return None


def pattern_parts(after: str, synsets: dict[str, list[str]]) -> Optional[tuple[Optional[str], frozenset, frozenset]]:
    """(particle, objects, modifiers) of what follows ``*``, or None outside the subset we read."""
    tokens = re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", after)
    particle = None
    if tokens and tokens[0].startswith("(") and tokens[0].endswith(")"):
        inner = tokens[0][1:-1].split()
        if len(tokens) == 1 and len(inner) == 1 and inner[0].lower() in PARTICLES:
            return inner[0].lower(), frozenset(), frozenset()
        return None
    if tokens and tokens[0].lower() in PARTICLES:
        particle = tokens.pop(0).lower()
    if not tokens:
        return (particle, frozenset(), frozenset()) if particle else None
    if len(tokens) != 1:
        return None
    found = object_words(tokens[0], synsets)
    return (particle, *found) if found else None


def block_triggers(block: VerbBlock, synsets: dict[str, list[str]], source: str,
                   structural: frozenset) -> list[Trigger]:
    triggers = []
    for lemma, particle, code, line in block.verbs:
        code = code or block.code
        if code and (particle or lemma not in structural):
            pattern = f"{lemma} {particle}" if particle else lemma
            triggers.append(Trigger("verb", lemma, code, TARGET_SLOTS, particle, pattern=pattern, line=line,
                                    source=source))
    lemmas = {lemma for lemma, particle, _, _ in block.verbs if not particle}
    for after, code, comment_verb, line in block.patterns:
        if not code or not after.startswith("*"):
            continue
        parts = pattern_parts(after[1:].strip(), synsets)
        if parts is None:
            continue
        particle, objects, modifiers = parts
        for lemma in ([comment_verb] if comment_verb in lemmas else sorted(lemmas)):
            triggers.append(Trigger("verb", lemma, code, TARGET_SLOTS, particle, objects, modifiers,
                                    pattern=f"{lemma} * {after[1:].strip()}", line=line, source=source))
    return triggers


def load_verb_dictionary(path: str, structural: frozenset = frozenset()) -> list[Trigger]:
    """The triggers a PETRARCH verb dictionary gives, in file order (``structural``: lemmas that get
    no bare-verb trigger, only patterns)."""
    file = Path(path)
    synsets, blocks = read_blocks(file.read_text(encoding="utf-8", errors="replace").splitlines())
    return [t for block in blocks for t in block_triggers(block, synsets, file.name, structural)]
