"""What a person said: their quotations, when, in which outlet, through which medium.

A speaker is picked by the resolved speaker name of the quotation (``quotes.speaker_name``), ignoring
case, whole or by a run of its whole words ("Rutte" picks "Mark Rutte"); an unknown name is
UnknownActor naming the nearest stored speakers. The date is the article's publication day.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from newsgraph.errors import UnknownActor
from newsgraph.store.filters import day_range, suggestion

SPEAKER_MATCH = "contains(' ' || lower(q.speaker_name) || ' ', ?)"

QUOTES_SQL = f"""
SELECT q.speaker_name, q.text, q.kind, q.cue_lemma, q.medium, CAST(a.published_day AS VARCHAR), a.source,
       a.title, a.url, q.article_id, q.id, q.span_start, q.span_end, q.speaker_entity, q.rule
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE {SPEAKER_MATCH} {{range}}
ORDER BY a.published_day DESC NULLS LAST, q.article_id, q.position
LIMIT ?
"""


@dataclass
class SpeakerQuote:
    speaker: str
    text: str
    kind: str  # direct | indirect | mixed
    cue: Optional[str]  # the lemma of the speech verb ("say")
    medium: Optional[str]  # where it was said ("Bloomberg TV", "X"), when the text says
    day: Optional[str]  # the article's publication day
    outlet: Optional[str]  # articles.source
    title: Optional[str]
    url: Optional[str]
    article_id: str
    quote_id: str
    span_start: int  # offsets of ``text`` in the article's text
    span_end: int
    speaker_entity: Optional[str]
    rule: str


def speaker_parameter(speaker: str) -> str:
    return " " + " ".join(speaker.lower().split()) + " "


def check_speaker(connection, speaker: str) -> None:
    if connection.execute(f"SELECT 1 FROM quotes q WHERE {SPEAKER_MATCH} LIMIT 1",
                          [speaker_parameter(speaker)]).fetchone():
        return
    names = [row[0] for row in connection.execute(
        "SELECT DISTINCT speaker_name FROM quotes WHERE speaker_name IS NOT NULL").fetchall()]
    raise UnknownActor(f"no stored quotation has the speaker {speaker!r}{suggestion(speaker, names)}")


def speaker_quotes(connection, speaker: str, since: Optional[str] = None, until: Optional[str] = None,
                   limit: int = 1000) -> list[SpeakerQuote]:
    """The quotations of ``speaker``, newest article first, in text order within an article."""
    first, last = day_range(since, until)
    check_speaker(connection, speaker)
    conditions, parameters = [], [speaker_parameter(speaker)]
    for sql, value in (("a.published_day >= ?", first), ("a.published_day <= ?", last)):
        if value:
            conditions.append(sql)
            parameters.append(value)
    extra = "".join(f" AND {c}" for c in conditions)
    rows = connection.execute(QUOTES_SQL.format(range=extra), parameters + [limit]).fetchall()
    return [SpeakerQuote(*row) for row in rows]
