"""Articles whose title or text holds a phrase (case-insensitive ``ILIKE``, offline, no index to
build), newest first, each with where the phrase first occurs in the text and the words around it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from newsgraph.store.filters import day_range

SNIPPET_CHARS = 60  # characters kept on each side of the match

SEARCH_SQL = """
SELECT a.id, CAST(a.published_day AS VARCHAR), a.source, a.title, a.url,
       a.title ILIKE ? ESCAPE '\\' AS in_title, a.text
FROM articles a
WHERE (a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\') {range}
ORDER BY a.published_day DESC NULLS LAST, a.id
LIMIT ?
"""


@dataclass
class ArticleHit:
    article_id: str
    day: Optional[str]  # publication day
    outlet: Optional[str]
    title: Optional[str]
    url: Optional[str]
    in_title: bool
    start: Optional[int]  # offset of the first match in the text (None: in the title only)
    end: Optional[int]
    snippet: str  # the text around the first match


def like_pattern(text: str) -> str:
    """``%text%`` with LIKE's own characters (``%``, ``_``, ``\\``) taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def snippet(text: str, start: int, end: int) -> str:
    left, right = max(0, start - SNIPPET_CHARS), min(len(text), end + SNIPPET_CHARS)
    return ("…" if left else "") + " ".join(text[left:right].split()) + ("…" if right < len(text) else "")


def search_articles(connection, text: str, since: Optional[str] = None, until: Optional[str] = None,
                    limit: int = 100) -> list[ArticleHit]:
    """Articles whose title or text contains ``text`` (ignoring case), newest first."""
    first, last = day_range(since, until)
    pattern = like_pattern(text)
    conditions, parameters = [], [pattern, pattern, pattern]
    for sql, value in (("a.published_day >= ?", first), ("a.published_day <= ?", last)):
        if value:
            conditions.append(sql)
            parameters.append(value)
    extra = "".join(f" AND {c}" for c in conditions)
    hits = []
    phrase = re.compile(re.escape(text), re.IGNORECASE)
    for article_id, day, outlet, title, url, in_title, body in connection.execute(
            SEARCH_SQL.format(range=extra), parameters + [limit]).fetchall():
        match = phrase.search(body)
        start, end = match.span() if match else (None, None)
        hits.append(ArticleHit(article_id, day, outlet, title, url, bool(in_title), start, end,
                               snippet(body, start, end) if match else ""))
    return hits
