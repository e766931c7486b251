"""Time of the events stage against the spaCy parse of the same texts.

    python benchmarks/events_speed.py [--limit 200] [--dictionaries FOLDER]

Reads the first ``--limit`` AllSides articles (``../shared/corpora/allsides-world/articles.jsonl``,
field ``content_original``), parses them with ``nlp.pipe`` (timed), runs the entities and quotes
stages (untimed: the events stage needs them), then the events stage alone (timed), and prints both
times, the ratio (target: events <= 15% of the parse) and events per article.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsgraph.extract.events import code_events
from newsgraph.extract.events_lexicon import load_event_lexicon, use_dictionaries
from newsgraph.extract.modality import load_modality_cues
from newsgraph.model import Article
from newsgraph.pipeline import apply_stages, load_nlp, ordered_stages
from newsgraph.settings import Settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides-world" / "articles.jsonl"


def read_articles(limit: int) -> list[Article]:
    articles = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            text = (json.loads(line).get("content_original") or "").strip()
            if text:
                articles.append(Article(text=text))
            if len(articles) >= limit:
                break
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--dictionaries", default="", help="PETRARCH dictionary folder to load on top")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is missing (the shared data folder beside the project)", file=sys.stderr)
        return 1
    if args.dictionaries:
        use_dictionaries(args.dictionaries)
    articles = read_articles(args.limit)
    nlp = load_nlp(Settings().model)
    load_event_lexicon(), load_modality_cues()  # loading is once per process, not per article
    started = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=32))
    parse = time.perf_counter() - started
    stages = ordered_stages(("entities", "quotes"))
    for article, doc in zip(articles, docs):
        article.doc = doc
        apply_stages(article, stages)
    started = time.perf_counter()
    events = sum(len(code_events(article).events) for article in articles)
    coding = time.perf_counter() - started
    words = sum(len(doc) for doc in docs)
    print(f"articles      {len(articles)} ({words} tokens)")
    print(f"spaCy parse   {parse:8.2f} s  ({words / parse:,.0f} tokens/s)")
    print(f"events stage  {coding:8.2f} s  ({events} events, {events / len(articles):.1f} per article)")
    print(f"ratio         {coding / parse:8.1%}  (target <= 15%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
