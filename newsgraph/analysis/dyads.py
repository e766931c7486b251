"""A dyad's time series: the events of one source towards one target per week or month.

Per period: events per QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict), the Goldstein sum and mean, and the **balance** ``(Q1 + Q2 - Q3 - Q4) /
events``: +1 when every event cooperates, -1 when every one is a conflict. Periods without an event
between the first and the last are listed with zero events (mean and balance empty), so a chart
shows the gaps.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from newsgraph.errors import BadOption
from newsgraph.store.filters import EVENT_DAY, EventFilter

PERIODS = ("week", "month")

DYAD_SQL = f"""
SELECT date_trunc(?, {EVENT_DAY}) AS period, count(*),
       count(*) FILTER (WHERE e.quad_class = 1), count(*) FILTER (WHERE e.quad_class = 2),
       count(*) FILTER (WHERE e.quad_class = 3), count(*) FILTER (WHERE e.quad_class = 4),
       coalesce(sum(e.goldstein), 0), avg(e.goldstein)
{{events}} AND {EVENT_DAY} IS NOT NULL
GROUP BY period ORDER BY period
"""


@dataclass
class DyadPeriod:
    period: str  # "2025-W24" or "2025-06"
    start: str  # its first day (ISO)
    events: int
    verbal_cooperation: int  # QuadClass 1
    material_cooperation: int  # QuadClass 2
    verbal_conflict: int  # QuadClass 3
    material_conflict: int  # QuadClass 4
    goldstein_sum: float
    goldstein_mean: Optional[float]
    balance: Optional[float]  # (Q1 + Q2 - Q3 - Q4) / events


def period_label(start: date, by: str) -> str:
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start.year}-{start.month:02d}"


def next_period(start: date, by: str) -> date:
    if by == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def dyad_period(start: date, by: str, counts: Optional[tuple] = None) -> DyadPeriod:
    events, q1, q2, q3, q4, total, mean = counts or (0, 0, 0, 0, 0, 0.0, None)
    balance = (q1 + q2 - q3 - q4) / events if events else None
    return DyadPeriod(period_label(start, by), start.isoformat(), events, q1, q2, q3, q4,
                      round(float(total), 6), None if mean is None else round(mean, 6),
                      None if balance is None else round(balance, 6))


def dyad_series(connection, source: str, target: str, by: str = "week", include_unasserted: bool = False,
                since: Optional[str] = None, until: Optional[str] = None) -> list[DyadPeriod]:
    """The events of ``source`` towards ``target`` (actor terms, store/filters.py) per ``by``
    period, oldest first, with empty periods between filled in; [] when none falls in the range.
    UnknownActor (with near matches) for a term no stored actor answers to, BadRange for a bad range."""
    if by not in PERIODS:
        raise BadOption(f"--by {by!r}: give week or month")
    criteria = EventFilter(source=source, target=target, since=since, until=until,
                           include_unasserted=include_unasserted)
    events, parameters = criteria.events_sql(connection)
    found = {row[0].date() if hasattr(row[0], "date") else row[0]: row[1:]
             for row in connection.execute(DYAD_SQL.format(events=events), [by] + parameters).fetchall()}
    if not found:
        return []
    periods, start, last = [], min(found), max(found)
    while start <= last:
        periods.append(dyad_period(start, by, found.get(start)))
        start = next_period(start, by)
    return periods
