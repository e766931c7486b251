"""GDELT Global Knowledge Graph 2.1: one tab-separated row per stored article, the 27 columns of the
GDELT Global Knowledge Graph Codebook V2.1 (2015-02-19) in its order and value formats. Persons,
organisations, all names, locations (coordinates where an event of the article was placed there),
quotations, amounts and V1.5TONE (from ``article_tone`` when the store has it) are filled; themes,
counts, GCAM, images and dates are left empty (newsgraph does not make them)."""
from __future__ import annotations

from typing import TextIO

import duckdb

from newsgraph.export.geo import COUNTRIES_TABLE, COUNTRY, US_CITY, WORLD_CITY, register_countries
from newsgraph.export.lines import clean, stamp, tab_line, tone_join, write_lines

TONE_PARTS = ("tone", "positive", "negative", "polarity", "activity_density", "self_group_density")
"""The V1.5TONE fields before the word count, as columns of ``article_tone``."""
WEB_COLLECTION = 1  # V2SOURCECOLLECTIONIDENTIFIER of a web document

GDELT_GKG_COLUMNS = ["GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
                     "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS",
                     "V2ENHANCEDLOCATIONS", "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS",
                     "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE",
                     "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
                     "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML"]

NAMES_SQL = """SELECT m.article_id, e.type, {name} AS name, {written} AS written, m.start
FROM mentions m JOIN entities e ON e.article_id = m.article_id AND e.id = m.entity_id WHERE m.kind = 'name'"""
"""Every name mention: the entity's canonical name (V1 fields) and the name as written at ``start``."""

LOCATIONS_SQL = """SELECT e.article_id, {name} AS name, country.fips,
  CASE WHEN country.name = lower(e.name) THEN {country} WHEN e.country = 'USA' THEN {us_city} ELSE {world_city} END
    AS geo_type,
  CASE WHEN country.name = lower(e.name) THEN country.fips END AS feature,
  any_value(round(v.latitude, 4)) AS lat, any_value(round(v.longitude, 4)) AS lon, min(m.start) AS first_offset
FROM entities e JOIN mentions m ON m.article_id = e.article_id AND m.entity_id = e.id AND m.kind = 'name'
LEFT JOIN {countries} country ON country.iso3 = e.country
LEFT JOIN events v ON v.article_id = e.article_id AND lower(v.place) = lower(e.name) AND v.latitude IS NOT NULL
WHERE e.type = 'PLACE' GROUP BY ALL"""
"""The places an article names; coordinates when one of its events was placed there (the gazetteer's)."""


def gkg_sql(connection: duckdb.DuckDBPyConnection) -> str:
    join_tone, tone = tone_join(connection, "a")
    name = clean("e.name", "#;,|")
    fields = gkg_fields(tone)
    return f"""WITH names AS ({NAMES_SQL.format(name=name, written=clean("m.text", "#;,|"))}),
persons AS (SELECT article_id, string_agg(DISTINCT name, ';' ORDER BY name) AS v1,
            string_agg(written || ',' || start, ';' ORDER BY start) AS v2 FROM names WHERE type = 'PERSON' GROUP BY ALL),
organisations AS (SELECT article_id, string_agg(DISTINCT name, ';' ORDER BY name) AS v1,
            string_agg(written || ',' || start, ';' ORDER BY start) AS v2 FROM names WHERE type = 'ORG' GROUP BY ALL),
all_names AS (SELECT article_id, string_agg(written || ',' || start, ';' ORDER BY start) AS v2 FROM names GROUP BY ALL),
places AS ({LOCATIONS_SQL.format(name=name, country=COUNTRY, us_city=US_CITY, world_city=WORLD_CITY,
                                 countries=COUNTRIES_TABLE)}),
locations AS (SELECT article_id,
  string_agg(concat_ws('#', geo_type, name, coalesce(fips, ''), coalesce(fips, ''), coalesce(CAST(lat AS VARCHAR), ''),
             coalesce(CAST(lon AS VARCHAR), ''), coalesce(feature, '')), ';' ORDER BY first_offset) AS v1,
  string_agg(concat_ws('#', geo_type, name, coalesce(fips, ''), coalesce(fips, ''), '', coalesce(CAST(lat AS VARCHAR), ''),
             coalesce(CAST(lon AS VARCHAR), ''), coalesce(feature, ''), first_offset), ';' ORDER BY first_offset) AS v2
  FROM places GROUP BY ALL),
quotations AS (SELECT article_id, string_agg(concat_ws('|', span_start, span_end - span_start,
  coalesce({clean('cue_text', '#|')}, ''), {clean('text', '#|')}), '#' ORDER BY span_start) AS v2
  FROM quotes WHERE span_start IS NOT NULL GROUP BY ALL),
amounts_text AS (SELECT article_id, string_agg(
  CASE WHEN value = floor(value) AND abs(value) < 1e15 THEN CAST(CAST(value AS BIGINT) AS VARCHAR) ELSE CAST(value AS VARCHAR) END
  || ',' || coalesce({clean('coalesce(object, unit)', ',;')}, '') || ',' || span_start || ';', '' ORDER BY span_start) AS v2
  FROM amounts WHERE value IS NOT NULL AND span_start IS NOT NULL GROUP BY ALL),
dated AS (SELECT *, coalesce(try_cast(published AS TIMESTAMP), published_day, stored_at) AS record_time FROM articles)
SELECT {tab_line([expression for _, expression in fields])} FROM dated a
LEFT JOIN persons ON persons.article_id = a.id LEFT JOIN organisations ON organisations.article_id = a.id
LEFT JOIN all_names ON all_names.article_id = a.id LEFT JOIN locations ON locations.article_id = a.id
LEFT JOIN quotations ON quotations.article_id = a.id LEFT JOIN amounts_text ON amounts_text.article_id = a.id
{join_tone}
ORDER BY a.record_time, a.id"""


def gkg_fields(tone: str) -> list[tuple[str, str]]:
    record_time = stamp("a.record_time")
    record_id = f"{record_time} || '-' || (row_number() OVER (PARTITION BY {record_time} ORDER BY a.id) - 1)"
    parts = [f"coalesce(printf('%.6f', {tone}.{name}), '')" for name in TONE_PARTS]
    v15_tone = (f"CASE WHEN {tone}.tone IS NOT NULL THEN concat_ws(',', {', '.join(parts)}, "
                f"coalesce(CAST({tone}.word_count AS VARCHAR), '')) END")
    title = "replace(replace(replace(" + clean("a.title") + ", '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
    return list(zip(GDELT_GKG_COLUMNS, [
        record_id, record_time, str(WEB_COLLECTION), clean("a.source"), clean("coalesce(a.url, a.origin)"),
        "NULL", "NULL", "NULL", "NULL", "locations.v1", "locations.v2", "persons.v1", "persons.v2",
        "organisations.v1", "organisations.v2", v15_tone, "NULL", "NULL", "NULL", "NULL", "NULL", "NULL",
        "quotations.v2", "all_names.v2", "amounts_text.v2", "NULL",
        f"CASE WHEN a.title IS NOT NULL THEN '<PAGE_TITLE>' || {title} || '</PAGE_TITLE>' END"], strict=True))


def write_gdelt_gkg(connection: duckdb.DuckDBPyConnection, out: TextIO) -> int:
    """Write a GKG 2.1 line per stored article (no header); how many."""
    register_countries(connection)
    return write_lines(connection, gkg_sql(connection), [], out)
