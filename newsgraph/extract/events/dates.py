"""Date expressions in a sentence and the dates they stand for, against a publication date.

``find_date_expressions(text)`` finds explicit and relative expressions ("on March 3, 2024",
"on Wednesday", "last month", "in June", "in 2019", "two days ago", "yesterday") with their
``[start, end)`` offsets; ``resolve(expression, published, forward)`` turns one into an ISO 8601
value at the precision the text gives:

* a day: ``YYYY-MM-DD`` ("yesterday", "on Wednesday", "March 3");
* a week: ``YYYY-Www`` (ISO week: "last week");
* a month: ``YYYY-MM`` ("in June", "last month");
* a year: ``YYYY`` ("in 2019", "last year").

Nothing is made more precise than the text ("in June" is "2025-06", not "2025-06-01");
``precision(value)`` says which of the four a value is, ``first_day(value)`` and ``last_day(value)``
give its bounds for consumers that need a day.

An expression without its year or a relative one needs the publication date; it is read as the
nearest such date on or before publication, or on or after it when ``forward`` is true (an
intended event: "will meet on Friday"). "last"/"next" force the direction. Without a publication
date such expressions are unresolved (None). Month and weekday names need their capital ("may"
is a verb).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

MONTHS = {name: number for number, names in enumerate(
    [("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",), ("June", "Jun"),
     ("July", "Jul"), ("August", "Aug"), ("September", "Sep", "Sept"), ("October", "Oct"),
     ("November", "Nov"), ("December", "Dec")], start=1) for name in names}
WEEKDAYS = {name: number for number, name in enumerate(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
UNIT_DAYS = {"day": 1, "week": 7}

FULL_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
ANY_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December" \
            r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
LEAD = r"(?:(?P<lead>(?i:in|on|since|by|until|till|during|from|through|throughout|before|after|early|late|" \
       r"mid|last|this|next|of))[\s-]+(?:(?i:the)\s+)?)"
WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# (rule, pattern, precision); tried in order, an earlier match hides a later overlapping one
PATTERNS = [
    ("iso-date", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b", "day"),
    ("month-day-year", rf"\b{LEAD}?{ANY_MONTH}\s+{DAY}(?:,?\s+{YEAR})?\b(?!\s*(?:%|percent|per cent))", "day"),
    ("day-month-year", rf"\b{LEAD}?{DAY}\s+(?:of\s+)?{ANY_MONTH}(?:,?\s+{YEAR})?\b", "day"),
    ("month-year", rf"\b{LEAD}?{FULL_MONTH},?\s+{YEAR}\b", "month"),
    ("month", rf"\b{LEAD}{FULL_MONTH}\b", "month"),
    ("year", rf"\b{LEAD}{YEAR}\b(?!\s*(?:%|percent|per cent|people|troops|soldiers))", "year"),
    ("weekday", rf"\b{LEAD}?{WEEKDAY}(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?\b", "day"),
    ("ago", r"\b(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b", "unit"),
    ("relative-unit", r"\b(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|past)\s+(?P<unit>week|month|year|weekend)\b",
     "unit"),
    ("weekend", r"\b(?:over|at|during)\s+the\s+(?P<unit>weekend)\b", "unit"),
    ("relative-day", r"\b(?P<word>yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)"
                     r"|earlier\s+today|later\s+today)\b", "day"),
]
COMPILED = [(rule, re.compile(pattern, re.IGNORECASE if rule in ("ago", "relative-unit", "weekend", "relative-day")
                              else 0), precision) for rule, pattern, precision in PATTERNS]
DIGIT = re.compile(r"\d")
MONTH_START = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")  # every name of ANY_MONTH begins so
NEEDED = {"iso-date": (DIGIT,), "month-day-year": (DIGIT, MONTH_START), "day-month-year": (DIGIT, MONTH_START),
          "month-year": (DIGIT, MONTH_START), "month": (MONTH_START,), "year": (DIGIT,),
          "weekday": (re.compile("day"),), "ago": (re.compile("ago", re.IGNORECASE),),
          "relative-unit": (re.compile("week|month|year", re.IGNORECASE),),
          "weekend": (re.compile("weekend", re.IGNORECASE),),
          "relative-day": (re.compile("day|night|tomorrow|morning|afternoon|evening", re.IGNORECASE),)}
"""What a text must hold for a rule's pattern to match in it (a digit, a month's first letters, a word,
with the pattern's own case rule): a cheap search that spares most sentences most of the patterns,
which are tried at every word boundary."""


@dataclass(frozen=True)
class DateExpression:
    """A date expression in a text, with its parts as written."""

    start: int
    end: int
    text: str
    rule: str
    parts: tuple[tuple[str, str], ...]  # named groups that matched

    def part(self, name: str) -> Optional[str]:
        return dict(self.parts).get(name)


def find_date_expressions(text: str, offset: int = 0) -> list[DateExpression]:
    """The date expressions of ``text`` without overlaps, in text order; offsets plus ``offset``."""
    found: list[DateExpression] = []
    taken: list[tuple[int, int]] = []
    for rule, pattern, _ in COMPILED:
        if not all(needed.search(text) for needed in NEEDED[rule]):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken) or not plausible(rule, match):
                continue
            parts = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
            found.append(DateExpression(start + offset, end + offset, match.group(), rule, parts))
            taken.append((start, end))
    return sorted(found, key=lambda e: e.start)


def plausible(rule: str, match: re.Match) -> bool:
    """Day numbers within 1-31; an abbreviated Jan, Mar or May with a day needs its year."""
    day = match.groupdict().get("day")
    if day is not None and not 1 <= int(day) <= 31:
        return False
    if rule in ("month-day-year", "day-month-year") and match.group("month")[:3] in ("Mar", "May", "Jan") \
            and not match.groupdict().get("year") and len(match.group("month")) == 3:
        return False  # "Jan 5" may be a name and a number; a bare abbreviation needs its year
    return True


# --- resolving ------------------------------------------------------------------------------------

def resolve(expression: DateExpression, published: Optional[date], forward: bool = False) -> Optional[str]:
    """The ISO value of an expression (see the module docs), or None when it needs a publication
    date that is missing or names an impossible day."""
    lead = (expression.part("lead") or "").lower()
    direction = "forward" if lead == "next" or (forward and lead not in ("last", "since")) else "back"
    strict = lead in ("last", "next")
    try:
        return RESOLVERS[expression.rule](expression, published, direction, strict)
    except (ValueError, TypeError):
        return None


def month_number(expression: DateExpression) -> int:
    if expression.part("mnum"):
        return int(expression.part("mnum"))
    name = expression.part("month")
    return MONTHS[name.rstrip(".")]


def resolve_day(expression: DateExpression, published: Optional[date], direction: str, strict: bool) -> Optional[str]:
    month, day = month_number(expression), int(expression.part("day"))
    if expression.part("year"):
        return date(int(expression.part("year")), month, day).isoformat()
    if published is None:
        return None
    candidates = [date(published.year + k, month, day) for k in (-1, 0, 1)]
    return nearest(candidates, published, direction, strict).isoformat()


def resolve_month(expression: DateExpression, published: Optional[date], direction: str, strict: bool) -> Optional[str]:
    month = month_number(expression)
    if expression.part("year"):
        return f"{int(expression.part('year')):04d}-{month:02d}"
    if published is None:
        return None
    candidates = [date(published.year + k, month, 1) for k in (-1, 0, 1)]
    chosen = nearest(candidates, published.replace(day=1), direction, strict)
    return f"{chosen.year:04d}-{chosen.month:02d}"


def resolve_year(expression: DateExpression, published: Optional[date], direction: str, strict: bool) -> str:
    return expression.part("year")


def resolve_weekday(expression: DateExpression, published: Optional[date], direction: str, strict: bool) -> Optional[str]:
    if published is None:
        return None
    wanted = WEEKDAYS[expression.part("weekday")]
    candidates = [published + timedelta(days=k) for k in range(-7, 8) if (published + timedelta(days=k)).weekday() == wanted]
    return nearest(candidates, published, direction, strict).isoformat()


def resolve_ago(expression: DateExpression, published: Optional[date], direction: str, strict: bool) -> Optional[str]:
    if published is None:
        return None
    count = expression.part("count").lower()
    number = int(count) if count.isdigit() else NUMBER_WORDS[count]
    unit = expression.part("unit").lower()
    if unit in UNIT_DAYS:
        day = published - timedelta(days=number * UNIT_DAYS[unit])
        return day.isoformat() if unit == "day" else iso_week(day)
    if unit == "month":
        return month_string(shift_month(published, -number))
    return f"{published.year - number:04d}"


def resolve_relative_unit(expression: DateExpression, published: Optional[date], direction: str,
                          strict: bool) -> Optional[str]:
    if published is None:
        return None
    unit = expression.part("unit").lower()
    step = {"last": -1, "past": -1, "this": 0, "next": 1}.get((expression.part("rel") or "").lower(), 0)
    if unit == "weekend":
        return weekend(published, step, direction)
    if unit == "week":
        return iso_week(published + timedelta(days=7 * step))
    if unit == "month":
        return month_string(shift_month(published, step))
    return f"{published.year + step:04d}"


def resolve_weekend(expression: DateExpression, published: Optional[date], direction: str, strict: bool) -> Optional[str]:
    return weekend(published, 0, direction) if published else None


def resolve_relative_day(expression: DateExpression, published: Optional[date], direction: str,
                         strict: bool) -> Optional[str]:
    if published is None:
        return None
    word = " ".join(expression.part("word").lower().split())
    shift = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return (published + timedelta(days=shift)).isoformat()


RESOLVERS = {"iso-date": resolve_day, "month-day-year": resolve_day, "day-month-year": resolve_day,
             "month-year": resolve_month, "month": resolve_month, "year": resolve_year,
             "weekday": resolve_weekday, "ago": resolve_ago, "relative-unit": resolve_relative_unit,
             "weekend": resolve_weekend, "relative-day": resolve_relative_day}


# --- small calendar helpers ----------------------------------------------------------------------

def nearest(candidates: list[date], reference: date, direction: str, strict: bool) -> date:
    """The candidate nearest to ``reference`` on its side (``strict``: not the reference itself)."""
    if direction == "forward":
        fitting = [c for c in candidates if c > reference or (c == reference and not strict)]
        return min(fitting)
    fitting = [c for c in candidates if c < reference or (c == reference and not strict)]
    return max(fitting)


def shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_string(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def weekend(published: date, step: int, direction: str) -> str:
    """The Saturday of the weekend meant: the last one on or before publication (the coming one
    for "next weekend" or a forward reading), shifted by ``step`` weeks for "last weekend"."""
    saturday = published - timedelta(days=(published.weekday() - 5) % 7)
    if direction == "forward" and saturday < published - timedelta(days=1):
        saturday += timedelta(days=7)
    if step < 0 and saturday >= published - timedelta(days=1):
        saturday -= timedelta(days=7)
    return (saturday + timedelta(days=7 * max(step, 0))).isoformat()


def precision(value: Optional[str]) -> Optional[str]:
    """How precise an ISO value of this module is: ``day``, ``week``, ``month`` or ``year`` (None
    for None)."""
    if not value:
        return None
    if "W" in value:
        return "week"
    return {1: "year", 2: "month", 3: "day"}[len(value.split("-"))]


def last_day(value: str) -> date:
    """The last day of an ISO value of any precision ("2025-06" -> 2025-06-30, "2019" -> 2019-12-31)."""
    kind = precision(value)
    start = first_day(value)
    if kind == "day":
        return start
    if kind == "week":
        return start + timedelta(days=6)
    if kind == "month":
        return shift_month(start, 1) - timedelta(days=1)
    return date(start.year, 12, 31)


def first_day(value: Optional[str]) -> Optional[date]:
    """The first day of an ISO value of any precision ("2025-06" -> 2025-06-01, "2025-W24" -> its
    Monday, "2019" -> 2019-01-01); None for None."""
    if not value:
        return None
    if "W" in value:
        year, week = value.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])
