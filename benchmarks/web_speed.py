"""Time of every dashboard page and API route on a large store (issue 16: every page under 1 s on
100 k articles).

    .venv/bin/python benchmarks/web_speed.py [--db PATH] [--articles 100000] [--repeat 3]

With ``--db`` it reads that store; without it, it builds one in a temporary folder of ``--articles``
constructed articles (text of ~500 characters, 3 entities, 2 quotations and 5 events between random
actors each, published over three years), written through ``Store.save_many``. Each route is asked
once through FastAPI's TestClient to warm up, then ``--repeat`` times: printed are the median and
fastest wall-clock seconds (request, query and template, in one process) and the median CPU seconds,
with the load average of the shared machine.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from analysis_speed import ACTORS, CODES, timed  # benchmarks/ is the script's folder
from newsgraph.model import ActorRef, Article, Cue, Entity, Event, Mention, Quote, Speaker
from newsgraph.store import Store
from newsgraph.web import create_app

SPEAKERS = ["Mark Rutte", "Vladimir Putin", "Antony Blinken", "Ursula von der Leyen", "Xi Jinping"]


def constructed_article(number: int, rng: random.Random) -> Article:
    published = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    speaker = rng.choice(SPEAKERS)
    sentences = [f"{speaker} said the talks on item {number} would go on.",
                 f"\"We will meet again in Geneva,\" {speaker} told reporters on {published:%A}.",
                 "Officials from Russia and NATO exchanged proposals while Ukraine asked for more support.",
                 "The European Union and the United States said sanctions would stay until a ceasefire holds.",
                 "China called for restraint and Iran condemned the strikes, state media reported."] * 2
    text = " ".join(sentences)
    first = text.index(speaker)
    entities = [Entity("e1", speaker, "PERSON", [Mention(first, first + len(speaker), speaker, "name", "bench")],
                       code="IGO", sector="GOV", rule="bench"),
                Entity("e2", "Russia", "PLACE", [Mention(m, m + 6, "Russia", "name", "bench") for m in range(len(text))
                                                 if text.startswith("Russia", m)], code="RUS", country="RUS", rule="bench"),
                Entity("e3", "NATO", "ORG", [Mention(m, m + 4, "NATO", "name", "bench") for m in range(len(text))
                                             if text.startswith("NATO", m)], code="IGO", rule="bench")]
    said = text.index("the talks")
    quoted = text.index("We will")
    quotes = [Quote("q1", "indirect", "the talks on item", (said, said + 17), Speaker("e1", speaker, (first, first + len(speaker))),
                    Cue("said", "say", (said - 5, said - 1)), rule="bench"),
              Quote("q2", "direct", "We will meet again in Geneva", (quoted, quoted + 28), Speaker("e1", speaker),
                    Cue("told", "tell", (quoted + 32, quoted + 36)), medium="reporters", rule="bench")]
    events = []
    for i in range(5):
        source, target = rng.sample(ACTORS, 2)
        cameo, quad, goldstein = rng.choice(CODES)
        start = text.index(sentences[i])
        events.append(Event(f"v{i + 1}", [ActorRef(None, *source)], [ActorRef(None, *target)], cameo, cameo[:2], quad,
                            goldstein, None, rng.random() < 0.1, "asserted", (start, start + len(sentences[i])),
                            (start, start + 4), sentences[i][:4], rule="bench", date=published.isoformat()))
    return Article(text, title=f"Talks, day {number}", source=f"Outlet {number % 40}", url=f"https://example.org/{number}",
                   published=published.isoformat(), entities=entities, quotes=quotes, events=events)


def build_store(path: str, articles: int) -> None:
    rng = random.Random(0)
    started = time.perf_counter()
    with Store(path) as store:
        for first in range(0, articles, 500):
            store.save_many([constructed_article(n, rng) for n in range(first, min(first + 500, articles))])
    print(f"built {articles:,} articles in {time.perf_counter() - started:.1f} s: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="store to read (default: build one in a temporary folder)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or str(Path(folder) / "web.duckdb")
        if not args.db:
            build_store(path, args.articles)
        with TestClient(create_app(path)) as client:
            stats = client.get("/api/stats").json()
            print(f"store: {stats['articles']:,} articles, {stats['events']:,} events, {stats['quotes']:,} quotes")
            some_id = client.get("/api/articles?limit=1").json()["articles"][0]["id"]
            routes = ["/", "/articles", "/articles?q=Geneva", f"/articles/{some_id}", "/actors", "/actor?name=NATO",
                      "/actor?name=Mark%20Rutte", "/dyad", "/dyad?source=NATO&target=RUS",
                      "/dyad?source=NATO&target=RUS&by=week", "/network", "/docs",
                      "/api/articles", "/api/articles?q=Geneva&offset=5000", f"/api/articles/{some_id}",
                      "/api/actors", "/api/quotes?speaker=Rutte", "/api/events?actor=NATO", "/api/dyads?source=NATO&target=RUS",
                      "/api/network", "/api/stats"]
            print(f"{'route':45} {'median s':>9} {'fastest s':>9} {'CPU s':>7}  status, bytes")
            for route in routes:
                median, fastest, cpu, response = timed(lambda: client.get(route), args.repeat)
                print(f"{route:45} {median:9.3f} {fastest:9.3f} {cpu:7.3f}  {response.status_code}, {len(response.content):,}")
        print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
