"""Time of every extraction stage against the spaCy parse of the same texts.

    .venv/bin/python benchmarks/stages_speed.py [--limit 150] [--repeat 1] [--profile STAGE] [--dictionaries DIR]

Takes the first ``--limit`` AllSides world-affairs articles (../shared/corpora/allsides-world/
articles.jsonl, field ``content_original``), parses them with ``nlp.pipe`` (timed), then runs the
default stages one after the other over all articles (entities, quotes, events, event_context,
amounts), timing each stage on its own. Lexicons and the gazetteer are loaded on a warm-up article
first: loading is once per process, not per article. Prints each stage's seconds and its ratio to
the parse; the machine is shared, so compare ratios, not absolute seconds. ``--repeat N`` runs the
stages N times on fresh copies and keeps each stage's fastest run. ``--profile STAGE`` prints the
top functions of that stage by cumulative time (cProfile). ``--dictionaries DIR`` loads PETRARCH
dictionaries on top of the built-in lexicons first. Targets: quotes <= 10%, events <= 15% of the parse.
"""
from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import pstats
import sys
import time
from dataclasses import replace
from pathlib import Path

from newsgraph.model import Article
from newsgraph.pipeline import DEFAULT_STAGES, checked_lexicons, load_nlp, ordered_stages
from newsgraph.settings import Settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides-world" / "articles.jsonl"


def read_texts(limit: int) -> list[str]:
    with CORPUS.open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines if line.strip())
        return [r["content_original"] for r in itertools.islice(
            (r for r in records if (r.get("content_original") or "").strip()), limit)]


def time_stages(articles: list[Article], stages, lexicons, profile: str = "") -> dict[str, float]:
    """Seconds per stage, each stage run over every article before the next starts."""
    seconds = {}
    for current in stages:
        profiler = cProfile.Profile() if current.name == profile else None
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        for i, article in enumerate(articles):
            articles[i] = current.function(article, lexicons)
        if profiler:
            profiler.disable()
        seconds[current.name] = time.perf_counter() - started
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", default="", help="a stage name to profile with cProfile")
    parser.add_argument("--dictionaries", default="", help="PETRARCH dictionary folder to load on top")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"{CORPUS} is missing (the shared data folder beside the project)", file=sys.stderr)
        return 1
    texts = read_texts(args.limit)
    nlp = load_nlp(Settings().model)
    lexicons = checked_lexicons(Settings(dictionaries=args.dictionaries))
    stages = ordered_stages(DEFAULT_STAGES)
    warm = Article(text=texts[0])
    warm.doc = nlp(texts[0])
    time_stages([warm], stages, lexicons)  # the gazetteer and office holders load here, untimed
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=Settings().batch_size))
    parse = time.perf_counter() - started
    best: dict[str, float] = {}
    for run in range(max(1, args.repeat)):
        articles = [replace(Article(text=t), doc=d) for t, d in zip(texts, docs)]
        seconds = time_stages(articles, stages, lexicons, args.profile if run == 0 else "")
        best = {name: min(s, best.get(name, s)) for name, s in seconds.items()}
    print(f"articles       {len(texts)} ({sum(len(d) for d in docs)} tokens)")
    print(f"spaCy parse    {parse:8.2f} s")
    for name, spent in best.items():
        print(f"{name:<14} {spent:8.2f} s  {spent / parse:7.1%} of parse")
    total = sum(best.values())
    print(f"{'all stages':<14} {total:8.2f} s  {total / parse:7.1%} of parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
