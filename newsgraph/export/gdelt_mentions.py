"""GDELT 2.0 Mentions: one tab-separated row per mention of a corpus event (a report in a stored
article, or in a recorded duplicate of it), the 16 columns of the GDELT 2.0 Event Database Codebook
(V2.0, 2015-02-19), Mentions table, in its order and value formats."""
from __future__ import annotations

from typing import TextIO

import duckdb

from newsgraph.export.gdelt_events import global_event_id
from newsgraph.export.lines import stamp, tab_line, tone_join, write_lines

WEB = 1  # MentionType of a web document

ACTOR_OFFSETS_SQL = """actor_entities AS (
  SELECT article_id, event_id, role, arg_min(entity_id, position) AS entity_id FROM event_actors
  WHERE code IS NOT NULL GROUP BY article_id, event_id, role),
actor_offsets AS (
  SELECT ae.article_id, ae.event_id, ae.role, min(mn.start) AS start FROM actor_entities ae
  JOIN events e ON e.article_id = ae.article_id AND e.id = ae.event_id
  JOIN mentions mn ON mn.article_id = ae.article_id AND mn.entity_id = ae.entity_id
   AND mn.start >= e.sentence_start AND mn.start < e.sentence_end
  GROUP BY ae.article_id, ae.event_id, ae.role)"""
"""Where the coded source and target (the first actor with a code, as linking uses) are named in the
event's sentence; GDELT writes -1 when an actor is not found there."""

SENTENCE_END = "[.!?][\"”’'')\\]]*\\s+"  # (as a SQL literal) the end of a sentence: counted for SentenceID


def mention_fields(tone: str) -> list[tuple[str, str]]:
    """(column, SQL) over mention ``m``, its corpus event ``c``, the article ``a`` whose text its
    offsets refer to, the duplicate ``d`` it is a copy from (if it is one), actor offsets ``s``/``t``."""
    published = "coalesce(try_cast(a.published AS TIMESTAMP), a.published_day, a.stored_at)"
    return list(zip(GDELT_MENTION_COLUMNS, [
        global_event_id("c"), stamp("c.first_seen"),
        f"CASE WHEN m.copy_of IS NULL THEN {stamp(published)} ELSE {stamp('coalesce(d.first_seen, a.stored_at)')} END",
        str(WEB), "replace(m.source, chr(9), ' ')",
        "CASE WHEN m.copy_of IS NULL THEN coalesce(a.url, a.origin) ELSE m.copy_origin END",
        f"len(regexp_extract_all(substr(a.text, 1, m.sentence_start), '{SENTENCE_END}')) + 1",
        "coalesce(s.start, -1)", "coalesce(t.start, -1)", "m.trigger_start",
        "CASE WHEN m.copy_of IS NULL THEN 1 ELSE 0 END",
        "CAST(round(m.confidence * 100) AS INTEGER)", "length(a.text)",
        f"CASE WHEN {tone}.tone IS NOT NULL THEN printf('%.6f', {tone}.tone) END", "NULL", "NULL"], strict=True))


GDELT_MENTION_COLUMNS = ["GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
                         "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
                         "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
                         "MentionDocTranslationInfo", "Extras"]


def mentions_sql(connection: duckdb.DuckDBPyConnection) -> str:
    join_tone, tone = tone_join(connection, "a")
    line = tab_line([expression for _, expression in mention_fields(tone)])
    return f"""WITH {ACTOR_OFFSETS_SQL}
SELECT {line} FROM corpus_event_mentions m
JOIN corpus_events c ON c.id = m.corpus_event_id
JOIN articles a ON a.id = coalesce(m.copy_of, m.article_id)
LEFT JOIN duplicates d ON m.copy_of IS NOT NULL AND d.article_id = m.article_id AND d.canonical_id = m.copy_of
     AND coalesce(d.origin, d.article_id) = m.copy_origin
LEFT JOIN actor_offsets s ON s.article_id = a.id AND s.event_id = m.event_id AND s.role = 'source'
LEFT JOIN actor_offsets t ON t.article_id = a.id AND t.event_id = m.event_id AND t.role = 'target'
{join_tone}
ORDER BY c.first_day NULLS LAST, c.id, m.day, m.copy_origin, m.article_id, m.event_id"""


def write_gdelt_mentions(connection: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    """Write every mention of the corpus events as GDELT 2.0 Mentions lines (no header); how many."""
    return write_lines(connection, mentions_sql(connection), [], out)
