"""What the read questions share: which events count (asserted only unless asked), which actors a
name or code picks out, and date ranges over the typed days. Every condition is SQL with ``?``
parameters; nothing a user types is ever pasted into SQL.

An **actor term** (``NATO``, ``RUS``, ``USAGOV``, ``Donald Trump``, ``Trump``) picks an event actor
when, ignoring case, it equals the actor's code (``RUS``, ``IGO``), its country (ISO alpha-3), its
CAMEO-style code (code then sector: ``USAGOV``, ``IGOGOV``), its whole name, or a run of whole words
of its name ("Trump" picks "Donald Trump"). Never a part of a word or code: ``US`` does not pick
``RUS`` nor "Russia".

An event's **day** is its own (``events.day``, from the date the text gives) or else its article's
publication day (``articles.published_day``); events with neither are outside every range and series.
"""
from __future__ import annotations

import calendar
import difflib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from newsgraph.errors import BadRange, UnknownActor
from newsgraph.store.days import day_and_precision

ASSERTED = "NOT e.negated AND e.modality = 'asserted'"
EVENT_DAY = "coalesce(e.day, a.published_day)"  # e: events, a: its article

NAMES_SQL = ("SELECT name FROM (SELECT DISTINCT name FROM event_actors WHERE name IS NOT NULL) "
             "WHERE contains(' ' || lower(name) || ' ', ?)")
CODE_MATCH = "x.code = ? OR x.country = ?"
CAMEO_MATCH = "x.code = ? AND x.sector = ?"  # "USAGOV": code USA, sector GOV


def actor_match(connection, term: str) -> tuple[str, list]:
    """SQL true for an event_actors row ``x`` picked by ``term``, and its parameters: the stored names
    it picks (resolved first, so the match over millions of rows is equality only), its code or
    country, and the code and sector of a CAMEO-style code (three letters each). UnknownActor,
    naming near matches, when no stored actor is picked."""
    code = term.strip().upper()
    words = " " + " ".join(term.lower().split()) + " "
    names = [row[0] for row in connection.execute(NAMES_SQL, [words]).fetchall()]
    parts, parameters = [CODE_MATCH], [code, code]
    if len(code) == 6:
        parts.append(f"({CAMEO_MATCH})")
        parameters += [code[:3], code[3:]]
    if not names and not connection.execute(f"SELECT 1 FROM event_actors x WHERE {' OR '.join(parts)} LIMIT 1",
                                            parameters).fetchone():
        candidates = [row[0] for row in connection.execute(
            "SELECT DISTINCT name FROM event_actors WHERE name IS NOT NULL UNION "
            "SELECT DISTINCT code FROM event_actors WHERE code IS NOT NULL").fetchall()]
        raise UnknownActor(f"no stored actor is {term!r}{suggestion(term, candidates)}")
    if names:
        parts.insert(0, "list_contains(?::VARCHAR[], x.name)")
        parameters.insert(0, names)
    return "(" + " OR ".join(parts) + ")", parameters


def actor_events(connection, term: str, role: Optional[str]) -> tuple[str, list]:
    """SQL for the (article_id, event_id) of the events with an actor picked by ``term`` (as ``role``
    when given, else on either side), and its parameters."""
    match, parameters = actor_match(connection, term)
    side = "x.role = ? AND " if role else ""
    sql = f"SELECT x.article_id, x.event_id FROM event_actors x WHERE {side}{match}"
    return sql, ([role] if role else []) + parameters


def suggestion(term: str, candidates: list[str]) -> str:
    """"; did you mean A, B or C?" naming the candidates nearest ``term`` (whole-word hits first), or ""."""
    by_folded = {candidate.casefold(): candidate for candidate in candidates}
    by_word: dict[str, str] = {}  # "rutte" -> "Mark Rutte": a misspelt surname finds the whole name
    for key, name in by_folded.items():
        for word in key.split():
            by_word.setdefault(word, name)
    folded = term.casefold()
    cutoff = 0.6 if len(folded) <= 3 else 0.8  # "RUZ" -> "RUS"; "Rusia" -> "Russia", not "USA"
    near = [name for key, name in by_folded.items() if folded in key.split()]
    near += [by_folded[key] for key in difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=cutoff)]
    near += [by_word[word] for word in difflib.get_close_matches(folded, list(by_word), n=3, cutoff=cutoff)]
    near = list(dict.fromkeys(near))[:3]
    if not near:
        return ""
    listed = near[0] if len(near) == 1 else ", ".join(near[:-1]) + " or " + near[-1]
    return f"; did you mean {listed}?"


def last_day(first: date, precision: str) -> date:
    """The last day an ISO value of ``precision`` covers."""
    if precision == "week":
        return first + timedelta(days=6)
    if precision == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if precision == "year":
        return first.replace(month=12, day=31)
    return first


def day_range(since: Optional[str], until: Optional[str]) -> tuple[Optional[date], Optional[date]]:
    """``since`` and ``until`` (ISO day, week, month or year) as the first day of ``since`` and the
    last day of ``until`` (``--until 2025-06`` takes in all of June); BadRange when either is not
    a date or the range ends before it begins."""
    bounds = []
    for option, value in (("--since", since), ("--until", until)):
        if value is None:
            bounds.append(None)
            continue
        first, precision = day_and_precision(value.strip())
        if first is None:
            raise BadRange(f"{option} {value!r} is not a date: give YYYY-MM-DD, YYYY-MM, YYYY or YYYY-Www")
        bounds.append(first if option == "--since" else last_day(first, precision))
    if bounds[0] and bounds[1] and bounds[1] < bounds[0]:
        raise BadRange(f"the range is empty: --until {until} is before --since {since}")
    return bounds[0], bounds[1]


@dataclass
class EventFilter:
    """Which events a question is about. ``source``, ``target``, ``actor`` (either side) are actor
    terms; ``root`` a CAMEO root ("19"), ``plover`` a PLOVER category, ``quad`` a QuadClass 1-4;
    ``since``/``until`` bound the event's day (see ``day_range``)."""

    source: Optional[str] = None
    target: Optional[str] = None
    actor: Optional[str] = None
    root: Optional[str] = None
    plover: Optional[str] = None
    quad: Optional[int] = None
    since: Optional[str] = None
    until: Optional[str] = None
    include_unasserted: bool = False

    def events_sql(self, connection) -> tuple[str, list]:
        """``FROM ... WHERE ...`` over ``events e`` and its article ``a`` picking these events, and its
        parameters. The events of the actor terms are found first in event_actors and joined to
        events (one hash join over the few picked, not a probe per event). BadRange or UnknownActor
        (with near matches) before anything else is asked."""
        since, until = day_range(self.since, self.until)
        sets, parameters = [], []
        for term, role in ((self.source, "source"), (self.target, "target"), (self.actor, None)):
            if term:
                sql, values = actor_events(connection, term, role)
                sets.append(sql)
                parameters += values
        source = "events e"
        if sets:
            source = (f"({' INTERSECT '.join(sets)}) picked JOIN events e "
                      f"ON e.article_id = picked.article_id AND e.id = picked.event_id")
        conditions = ["TRUE" if self.include_unasserted else ASSERTED]
        for sql, value in (("e.root = ?", self.root), ("upper(e.plover) = upper(?)", self.plover),
                           ("e.quad_class = ?", self.quad), (f"{EVENT_DAY} >= ?", since), (f"{EVENT_DAY} <= ?", until)):
            if value is not None:
                conditions.append(sql)
                parameters.append(value)
        return f"FROM {source} JOIN articles a ON a.id = e.article_id WHERE {' AND '.join(conditions)}", parameters

    def describe(self) -> str:
        """The filter in words, for the line that says nothing matched."""
        parts = [f"{name} {value}" for name, value in (
            ("source", self.source), ("target", self.target), ("actor", self.actor), ("root", self.root),
            ("plover", self.plover), ("quad class", self.quad), ("since", self.since), ("until", self.until))
            if value is not None]
        kind = "events" if self.include_unasserted else "asserted events"
        return kind + (" with " + ", ".join(parts) if parts else "")
