"""A synthetic store for benchmarks: many articles with coded events (source and target actors) and
quotes, written through the store's own insert path (``Store.save_many``, with near-duplicate
fingerprints as ``newsgraph analyze`` saves them).

    from synthetic_store import build_synthetic_store
    report = build_synthetic_store("big.duckdb", events=1_000_000, quotes=100_000, articles=100_000)

What it looks like (deterministic for a seed):

* articles: unique texts of ``WORDS_PER_TEXT`` words drawn from a made-up vocabulary (so no two are near
  duplicates), a source among ``SOURCES``, a publication day drawn uniformly from the 3 years from ``FIRST_DAY``;
* events: CAMEO codes from ``newsgraph/lexicons/cameo_codes.tsv`` (with their Goldstein weight, QuadClass
  and PLOVER category), the root chosen with ``ROOT_SHARES`` (roughly the shares of GDELT's event roots:
  statements and consultations most, force least) and the code uniformly within its root; one source and
  one target actor from ``actor_pool()`` (about 200 codes, NATO and the countries, the big ones most often,
  Zipf-like); 85% asserted, the rest negated or intended, hypothetical, conditional; the event day is the
  publication day or up to a week before;
* quotes: a speaker among 500 names, a "said" cue, the quoted text.
"""
from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass
from typing import Iterator

from newsgraph.screen import fingerprint_row
from newsgraph.ingest.dedup import Deduplicator
from newsgraph.lexicons import read_tsv
from newsgraph.model import ActorRef, Article, Cue, Event, Quote, Speaker
from newsgraph.store import Store

FIRST_DAY = datetime.date(2022, 1, 1)
DAYS = 3 * 365
WORDS_PER_TEXT = 250
SOURCES = ["Reuters", "AP", "AFP", "BBC News", "The Guardian", "CNN", "Fox News", "New York Times",
           "Washington Post", "Al Jazeera", "Bloomberg", "Politico", "NPR", "Wall Street Journal", "TASS"]
ROOT_SHARES = {"01": 20, "02": 5, "03": 7, "04": 20, "05": 8, "06": 2, "07": 3, "08": 2, "09": 1, "10": 2,
               "11": 6, "12": 2, "13": 3, "14": 2, "15": 1, "16": 1, "17": 6, "18": 4, "19": 4, "20": 1}
MAJOR_ACTORS = ["USA", "RUS", "CHN", "UKR", "GBR", "FRA", "DEU", "ISR", "IRN", "TUR", "NATO", "PSE", "SYR",
                "IND", "JPN", "PRK", "KOR", "SAU", "POL", "CAN"]
SECTORS = ["GOV", "GOV", "MIL", "LEG", "BUS", "CVL", ""]
MODALITIES = ["asserted"] * 17 + ["intended", "hypothetical", "conditional"]
BATCH = 2000  # articles per save_many


@dataclass
class BuildReport:
    """What was written and how fast the store took it (generation and fingerprinting not timed)."""

    articles: int
    events: int
    quotes: int
    rows: int  # every row written, all tables (articles, events, event_actors, quotes, ...)
    insert_seconds: float  # time spent in Store.save_many, and in the checkpoint at the end
    insert_cpu_seconds: float  # CPU time of this process (all its threads) in Store.save_many
    generate_seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.insert_seconds


def cameo_codes() -> list[tuple[str, str, int, float, str]]:
    """(code, root, quad_class, goldstein, plover) of every three-digit CAMEO code."""
    codes = []
    for _, row in read_tsv("cameo_codes.tsv"):
        if len(row["code"]) == 3:
            codes.append((row["code"], row["code"][:2], int(row["quad_class"]), float(row["goldstein"]),
                          None if row["plover"] == "-" else row["plover"]))
    return codes


def actor_pool() -> list[tuple[str, str, str]]:
    """(code, country, name) of about 200 actors: NATO and the countries, the major ones first."""
    countries = {row["code"]: row["name"] for _, row in read_tsv("countries.tsv")}
    order = MAJOR_ACTORS + sorted(code for code in countries if code not in MAJOR_ACTORS)
    return [(code, "" if code == "NATO" else code, countries.get(code, "NATO")) for code in order[:200]]


class Generator:
    """Draws synthetic articles; the same seed gives the same store."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.codes = cameo_codes()
        self.by_root = {root: [c for c in self.codes if c[1] == root] for root in ROOT_SHARES}
        self.actors = actor_pool()
        self.actor_weights = [1 / (rank + 1) ** 0.9 for rank in range(len(self.actors))]
        self.vocabulary = [self.word() for _ in range(20000)]
        self.speakers = [f"{self.word().title()} {self.word().title()}" for _ in range(500)]

    def word(self) -> str:
        return "".join(self.rng.choice("bcdfghklmnprstvz") + self.rng.choice("aeiou") for _ in range(self.rng.randint(2, 4)))

    def article(self, serial: int, events: int, quotes: int) -> Article:
        day = FIRST_DAY + datetime.timedelta(days=self.rng.randrange(DAYS))
        text = f"Report {serial}. " + " ".join(self.rng.choices(self.vocabulary, k=WORDS_PER_TEXT)) + "."
        return Article(text=text, title=f"Synthetic report {serial}", source=self.rng.choice(SOURCES),
                       url=f"https://example.org/{serial}", published=day.isoformat(), origin=f"synthetic:{serial}",
                       events=[self.event(i, day) for i in range(events)],
                       quotes=[self.quote(i) for i in range(quotes)])

    def event(self, position: int, published: datetime.date) -> Event:
        root = self.rng.choices(list(ROOT_SHARES), weights=list(ROOT_SHARES.values()))[0]
        code, root, quad, goldstein, plover = self.rng.choice(self.by_root[root])
        source, target = self.rng.choices(self.actors, weights=self.actor_weights, k=2)
        modality = self.rng.choice(MODALITIES)
        day = published - datetime.timedelta(days=self.rng.randint(0, 7))
        start = 100 * position
        return Event(id=f"v{position}", source=[self.actor(source)], target=[self.actor(target)], cameo=code,
                     root=root, quad_class=quad, goldstein=goldstein, plover=plover,
                     negated=modality == "asserted" and self.rng.random() < 0.05, modality=modality,
                     sentence=(start, start + 90), trigger=(start + 10, start + 16), text="met", rule="synthetic",
                     date=day.isoformat(), date_text="on Monday", date_precision="day")

    def actor(self, actor: tuple[str, str, str]) -> ActorRef:
        code, country, name = actor
        return ActorRef(entity=None, name=name, code=code, country=country or None,
                        sector=self.rng.choice(SECTORS) or None)

    def quote(self, position: int) -> Quote:
        start = 50 * position
        return Quote(id=f"q{position}", kind="direct", text=" ".join(self.rng.choices(self.vocabulary, k=12)),
                     span=(start, start + 40), speaker=Speaker(name=self.rng.choice(self.speakers)),
                     cue=Cue("said", "say", (start + 41, start + 45)), mentions=[(start, start + 40)], rule="synthetic")


def spread(total: int, parts: int) -> list[int]:
    """``total`` split over ``parts`` as evenly as integers allow (10 events per article for 1 M over 100 k)."""
    return [total // parts + (i < total % parts) for i in range(parts)]


def batches(articles: int, events: int, quotes: int, seed: int) -> Iterator[list[Article]]:
    generator = Generator(seed)
    per_article = list(zip(spread(events, articles), spread(quotes, articles)))
    for start in range(0, articles, BATCH):
        yield [generator.article(serial, *per_article[serial]) for serial in range(start, min(start + BATCH, articles))]


def build_synthetic_store(path: str, events: int = 1_000_000, quotes: int = 100_000, articles: int = 100_000,
                          seed: int = 0) -> BuildReport:
    """Write ``articles`` synthetic articles carrying ``events`` events and ``quotes`` quotes into the
    store at ``path`` (created, or added to) through ``Store.save_many``; how fast it went."""
    deduplicator = Deduplicator()
    rows = inserted = 0
    insert_seconds = insert_cpu_seconds = generate_seconds = 0.0
    with Store(path) as store:
        before = sum(store.counts().values())
        started = time.perf_counter()
        for batch in batches(articles, events, quotes, seed):
            fingerprints = [fingerprint_row(a.id, deduplicator.scheme, deduplicator.fingerprint(a.text)) for a in batch]
            generated, cpu = time.perf_counter(), time.process_time()
            generate_seconds += generated - started
            store.save_many(batch, fingerprints=fingerprints)
            started = time.perf_counter()
            insert_seconds += started - generated
            insert_cpu_seconds += time.process_time() - cpu
            inserted += len(batch)
        cpu = time.process_time()
        store.connection.execute("CHECKPOINT")  # what the write-ahead log still holds goes into the file: timed too
        insert_seconds += time.perf_counter() - started
        insert_cpu_seconds += time.process_time() - cpu
        rows = sum(store.counts().values()) - before
    return BuildReport(inserted, events, quotes, rows, insert_seconds, insert_cpu_seconds, generate_seconds)
