"""Typed days for the ISO text dates of the records: the store keeps the text as written beside a
``DATE`` (the first day the text covers) and its precision, so range queries and time series use a
typed, indexable day instead of parsing strings.

``published`` of an article is an ISO date or datetime ("2024-03-01", "2024-03-01T12:00:00Z") or a
coarser ISO value ("2024-03", "2024"); an event's ``date`` is any value of
``newsgraph.extract.events.dates`` ("2025-06-03", "2025-W24", "2025-06", "2025").
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Optional

ISO_VALUE = re.compile(r"^(\d{4})(?:-W(\d{2})|-(\d{2})(?:-(\d{2}))?)?")


@lru_cache(maxsize=4096)  # a store's events share few dates: parsing each once is a fifth of a bulk save
def day_and_precision(value: Optional[str]) -> tuple[Optional[date], Optional[str]]:
    """The first day an ISO value covers and how precise it is (day, week, month, year); ``(None,
    None)`` for no value or one that is not an ISO date (kept as text only)."""
    match = ISO_VALUE.match(value or "")
    if not match:
        return None, None
    year, week, month, day = match.groups()
    try:
        if week:
            return date.fromisocalendar(int(year), int(week), 1), "week"
        if day:
            return date(int(year), int(month), int(day)), "day"
        if month:
            return date(int(year), int(month), 1), "month"
        return date(int(year), 1, 1), "year"
    except ValueError:  # "2024-13-45": not a date
        return None, None


def first_day(value: Optional[str]) -> Optional[date]:
    return day_and_precision(value)[0]


def _sql_day(column: str) -> str:
    """SQL for the first day of an ISO text value in ``column`` (the migration of older stores)."""
    return f"""CASE
  WHEN regexp_matches({column}, '^\\d{{4}}-W\\d{{2}}') THEN
    try_cast(make_date(CAST(left({column}, 4) AS INTEGER), 1, 4)
             - CAST(isodow(make_date(CAST(left({column}, 4) AS INTEGER), 1, 4)) - 1 AS INTEGER)
             + 7 * (CAST(substr({column}, 7, 2) AS INTEGER) - 1) AS DATE)
  WHEN regexp_matches({column}, '^\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN try_cast(left({column}, 10) AS DATE)
  WHEN regexp_matches({column}, '^\\d{{4}}-\\d{{2}}') THEN try_cast(left({column}, 7) || '-01' AS DATE)
  WHEN regexp_matches({column}, '^\\d{{4}}') THEN try_cast(left({column}, 4) || '-01-01' AS DATE)
  END"""


def _sql_precision(column: str, day_column: str) -> str:
    return f"""CASE WHEN {day_column} IS NULL THEN NULL
  WHEN regexp_matches({column}, '^\\d{{4}}-W\\d{{2}}') THEN 'week'
  WHEN regexp_matches({column}, '^\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN 'day'
  WHEN regexp_matches({column}, '^\\d{{4}}-\\d{{2}}') THEN 'month' ELSE 'year' END"""


FILL_ARTICLE_DAYS_SQL = (f"UPDATE articles SET published_day = {_sql_day('published')} "
                         "WHERE published IS NOT NULL AND published_day IS NULL")
FILL_ARTICLE_PRECISION_SQL = (f"UPDATE articles SET published_precision = {_sql_precision('published', 'published_day')} "
                              "WHERE published_day IS NOT NULL AND published_precision IS NULL")
FILL_EVENT_DAYS_SQL = f"UPDATE events SET day = {_sql_day('date')} WHERE date IS NOT NULL AND day IS NULL"
