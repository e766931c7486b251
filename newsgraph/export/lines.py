"""What every export shares: tab-separated lines built in SQL, streamed out in batches, and the
optional ``article_tone`` table (written by the tone stage when the store has it)."""
from __future__ import annotations

from typing import TextIO

import duckdb

BATCH_ROWS = 10_000


def clean(expression: str, also: str = "") -> str:
    """SQL that makes a text value safe inside a tab-separated field (tabs and line breaks become
    spaces, and so do the characters of ``also``: the sub-field delimiters of a GKG field)."""
    return f"regexp_replace({expression}, '[\\t\\r\\n{also}]+', ' ', 'g')"


def tab_line(expressions: list[str]) -> str:
    """SQL of one tab-separated line of these fields (NULL is an empty field; one ``concat_ws`` is some
    four times faster than a chain of ``||``)."""
    fields = ", ".join(f"coalesce(CAST(({expression}) AS VARCHAR), '')" for expression in expressions)
    return f"concat_ws(chr(9), {fields})"


def stamp(expression: str) -> str:
    """A timestamp or date as GDELT's YYYYMMDDHHMMSS."""
    return f"strftime(CAST({expression} AS TIMESTAMP), '%Y%m%d%H%M%S')"


def write_lines(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list, out: TextIO) -> int:
    """Write the one-column rows of ``sql`` as lines; how many."""
    cursor = connection.execute(sql, parameters)
    written = 0
    while rows := cursor.fetchmany(BATCH_ROWS):
        out.write("".join(row[0] + "\n" for row in rows))
        written += len(rows)
    return written


def has_table(connection: duckdb.DuckDBPyConnection, table: str) -> bool:
    return connection.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                              [table]).fetchone()[0] > 0


def tone_join(connection: duckdb.DuckDBPyConnection, article: str) -> tuple[str, str]:
    """(the join of ``article_tone`` to the articles aliased ``article``, the alias of its row); a join
    of an empty row when the store has no such table (its fields stay empty)."""
    if has_table(connection, "article_tone"):
        return f"LEFT JOIN article_tone tone ON tone.article_id = {article}.id", "tone"
    empty = ("SELECT NULL::DOUBLE AS tone, NULL::DOUBLE AS positive, NULL::DOUBLE AS negative, "
             "NULL::DOUBLE AS polarity, NULL::DOUBLE AS activity_density, NULL::DOUBLE AS self_group_density, "
             "NULL::BIGINT AS word_count")
    return f"LEFT JOIN ({empty}) tone ON false", "tone"
