"""GDELT 2.0 Events: one tab-separated row per corpus-level event, the 61 columns of the GDELT 2.0
Event Database Codebook (V2.0, 2015-02-19) in its order and value formats."""
from __future__ import annotations

from typing import TextIO

import duckdb

from newsgraph.export.geo import COUNTRIES_TABLE, action_geo, no_geo, register_countries
from newsgraph.export.lines import clean, has_table, stamp, tab_line, write_lines

ORGANISATION_CODES = "('IGO', 'NGO', 'MNC')"  # CAMEO type codes we give as primary codes (no country)


def global_event_id(corpus_event: str) -> str:
    """GLOBALEVENTID: GDELT's integer id, the first 15 hex digits of our corpus event id (stable)."""
    return f"CAST('0x' || substr({corpus_event}.id, 3, 15) AS BIGINT)"


def actor_fields(prefix: str) -> list[str]:
    """The 10 Actor{1,2}* fields from the corpus event's ``source_*`` or ``target_*`` columns:
    Code (primary code + sector, "USAGOV"), Name, CountryCode, KnownGroupCode, EthnicCode,
    Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code."""
    code, sector, country = f"c.{prefix}_code", f"c.{prefix}_sector", f"c.{prefix}_country"
    organisation = f"{code} IN {ORGANISATION_CODES}"
    return [f"{code} || CASE WHEN {sector} IS NOT NULL AND {sector} <> {code} THEN {sector} ELSE '' END",
            f"upper({clean(f'c.{prefix}_name')})",
            f"coalesce({country}, CASE WHEN NOT {organisation} THEN {code} END)",
            "NULL", "NULL", "NULL", "NULL",
            f"CASE WHEN {organisation} THEN {code} ELSE {sector} END",
            f"CASE WHEN {organisation} THEN {sector} END", "NULL"]


def day_fields() -> list[str]:
    """SQLDATE, MonthYear, Year, FractionDate of the event's first day (its first sight when undated)."""
    day = "coalesce(c.first_day, CAST(c.first_seen AS DATE))"
    return [f"strftime({day}, '%Y%m%d')", f"strftime({day}, '%Y%m')", f"strftime({day}, '%Y')",
            f"printf('%.4f', year({day}) + dayofyear({day}) / 365.0)"]


def event_fields(tone: str) -> list[tuple[str, str]]:
    """(column, SQL) of the 61 columns, over corpus event ``c``, its first report ``m`` in article ``a``."""
    first_paragraph_end = "CASE WHEN strpos(a.text, chr(10)) = 0 THEN length(a.text) ELSE strpos(a.text, chr(10)) END"
    actors = [f"Actor1{name}" for name in ACTOR_PARTS] + [f"Actor2{name}" for name in ACTOR_PARTS]
    geo = [f"{side}Geo_{name}" for side in ("Actor1", "Actor2", "Action") for name in GEO_PARTS]
    expressions = [global_event_id("c"), *day_fields(), *actor_fields("source"), *actor_fields("target"),
                   f"CASE WHEN m.sentence_start < {first_paragraph_end} THEN 1 ELSE 0 END",
                   "c.cameo", "left(c.cameo, 3)", "c.root", "c.quad_class", "printf('%.1f', c.goldstein)",
                   "c.num_mentions", "c.num_sources", "c.num_articles",
                   f"CASE WHEN {tone}.tone IS NOT NULL THEN printf('%.6f', {tone}.tone) END",
                   *no_geo(), *no_geo(), *action_geo("c", "country"),
                   stamp("c.first_seen"), "coalesce(a.url, a.origin)"]
    names = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", *actors, "IsRootEvent", "EventCode",
             "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources",
             "NumArticles", "AvgTone", *geo[:16], *geo[16:], "DATEADDED", "SOURCEURL"]
    return list(zip(names, expressions, strict=True))


ACTOR_PARTS = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
               "Type1Code", "Type2Code", "Type3Code"]
GEO_PARTS = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]


AVG_TONE_SQL = """(SELECT corpus_event_id, avg(t.tone) AS tone FROM corpus_event_mentions cm
 JOIN article_tone t ON t.article_id = cm.article_id WHERE cm.copy_of IS NULL GROUP BY corpus_event_id)"""
NO_TONE_SQL = "(SELECT NULL::VARCHAR AS corpus_event_id, NULL::DOUBLE AS tone)"


def events_sql(connection: duckdb.DuckDBPyConnection) -> str:
    """One line per corpus event, oldest first; AvgTone is the mean tone of the articles that report
    it when the store has ``article_tone``, else empty."""
    tone = AVG_TONE_SQL if has_table(connection, "article_tone") else NO_TONE_SQL
    line = tab_line([expression for _, expression in event_fields("avg_tone")])
    return f"""SELECT {line} FROM corpus_events c
LEFT JOIN corpus_event_mentions m ON m.corpus_event_id = c.id AND m.article_id = c.first_article
     AND m.event_id = c.first_event AND m.copy_of IS NULL
LEFT JOIN articles a ON a.id = c.first_article
LEFT JOIN {COUNTRIES_TABLE} country ON country.iso3 = c.place_country
LEFT JOIN {tone} avg_tone ON avg_tone.corpus_event_id = c.id
ORDER BY c.first_day NULLS LAST, c.id"""


def write_gdelt_events(connection: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    """Write the corpus events as GDELT 2.0 Events lines (no header, as GDELT's files); how many."""
    register_countries(connection)
    return write_lines(connection, events_sql(connection), [], out)


GDELT_EVENT_COLUMNS = [name for name, _ in event_fields("avg_tone")]
