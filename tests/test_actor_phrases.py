"""Actor phrases of the kind NGEC tests (tests/data/actor_phrases.tsv, written from general
knowledge): the share coded right (code and sector) must stay at the floor the issue asks for.
`python -m tests.test_actor_phrases` prints the score and every miss."""
from __future__ import annotations

from pathlib import Path

from newsgraph.extract.actors import coding as actors

PHRASES = Path(__file__).parent / "data" / "actor_phrases.tsv"
FLOOR = 0.70  # issue 13: >= 70% on actor phrases of the kind NGEC tests


def phrase_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in PHRASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, when, expected = line.split("\t")
            rows.append((phrase, when, expected))
    return rows


def coded(phrase: str, when: str) -> str:
    """The phrase's code as the gold writes it: "RUS MIL", "IGO", "" when uncoded."""
    actor = actors.code_actor(phrase, when)
    if actor is None:
        return ""
    parts = [p for p in (actor.code, actor.sector) if p]
    return " ".join(parts[:1] if len(parts) == 2 and parts[0] == parts[1] else parts)


def score() -> tuple[float, list[tuple[str, str, str]]]:
    rows = phrase_rows()
    misses = [(phrase, expected, coded(phrase, when)) for phrase, when, expected in rows
              if coded(phrase, when) != expected]
    return 1 - len(misses) / len(rows), misses


def test_actor_phrases_meet_the_floor():
    accuracy, misses = score()
    assert accuracy >= FLOOR, misses


def test_the_phrase_file_is_well_formed():
    rows = phrase_rows()
    assert len(rows) >= 50
    assert all(expected.split()[0].isupper() and len(expected.split()) <= 2 for _, _, expected in rows)


if __name__ == "__main__":
    accuracy, misses = score()
    print(f"actor phrases right: {accuracy:.3f} ({len(phrase_rows()) - len(misses)}/{len(phrase_rows())})")
    for phrase, expected, got in misses:
        print(f"  {phrase!r}: expected {expected}, got {got or 'nothing'}")
