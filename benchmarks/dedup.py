"""Duplicate detection on Reuters-21578: groups found, recall of exact-body groups, speed, samples.

    python benchmarks/dedup.py [--threshold 0.8] [--limit N] [--pairs 20]

Reads ``../shared/corpora/reuters-21578/json-data/*.json`` (the stories with a body), runs one
``Deduplicator`` over them in file order and prints:

* exact and near groups found (a group is a canonical article with at least one linked copy);
* recall of the gold groups of identical bodies, both as raw strings and after ``normalise_text``
  (the deduplicator's notion of "exact"): a gold group counts as found when all its members end up
  in one story;
* articles per second of ``Deduplicator.check`` alone (reading and ``Article`` creation excluded);
* sampled near-duplicate pairs side by side (date, title and the first 200 characters of each) with
  their similarity (the exact Jaccard of the shingle sets), for a manual look at false merges.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import textwrap
import time
from collections import defaultdict
from pathlib import Path

from newsgraph.ingest.dedup import Deduplicator, DuplicateOf
from newsgraph.model import Article, normalise_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters-21578" / "json-data"


def read_reuters(limit: int | None) -> list[Article]:
    articles = []
    for path in sorted(CORPUS.glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record.get("body"):
                articles.append(Article(text=record["body"], title=record.get("title"), source="reuters",
                                        published=record.get("date"), origin=f"{path.name}#{len(articles)}"))
    return articles[:limit] if limit else articles


def run(articles: list[Article], threshold: float) -> tuple[Deduplicator, list[DuplicateOf | None], tuple]:
    """The deduplicator after the run, each article's result, and (wall, CPU) seconds of the checks."""
    deduplicator = Deduplicator(threshold=threshold)
    wall, cpu = time.perf_counter(), time.process_time()
    results = [deduplicator.check(article) for article in articles]
    return deduplicator, results, (time.perf_counter() - wall, time.process_time() - cpu)


def story_of(articles: list[Article], results: list[DuplicateOf | None]) -> list[str]:
    """The canonical id each article ended up under."""
    return [result.canonical_id if result else article.id for article, result in zip(articles, results)]


def gold_groups(articles: list[Article], key) -> list[list[int]]:
    """Indices of articles sharing ``key(text)``, for every key shared by two or more."""
    groups = defaultdict(list)
    for index, article in enumerate(articles):
        groups[key(article.text)].append(index)
    return [members for members in groups.values() if len(members) > 1]


def recall(groups: list[list[int]], stories: list[str]) -> float:
    found = sum(1 for members in groups if len({stories[i] for i in members}) == 1)
    return found / len(groups) if groups else 1.0


def links(results: list[DuplicateOf | None], kind: str) -> str:
    """How many articles were linked as ``kind`` duplicates, and to how many canonical articles."""
    linked = [result.canonical_id for result in results if result and result.kind == kind]
    return f"{kind} links: {len(linked)} in {len(set(linked))} groups"


def near_pairs(articles: list[Article], results: list[DuplicateOf | None]) -> list[tuple[Article, Article, float]]:
    by_id = {}
    for article in articles:
        by_id.setdefault(article.id, article)
    return [(by_id[result.canonical_id], article, result.similarity)
            for article, result in zip(articles, results) if result and result.kind == "near"]


def heading(article: Article) -> str:
    return f"{(article.published or '').strip()[:20]} | {article.title or ''}"


def side_by_side(left: str, right: str, width: int = 60) -> str:
    columns = [textwrap.wrap(" ".join(text.split())[:200], width) for text in (left, right)]
    rows = max(len(column) for column in columns)
    padded = [column + [""] * (rows - len(column)) for column in columns]
    return "\n".join(f"  {a:<{width}} | {b}" for a, b in zip(*padded))


def print_pairs(pairs: list[tuple[Article, Article, float]], count: int, seed: int) -> None:
    sample = random.Random(seed).sample(pairs, min(count, len(pairs)))
    for number, (canonical, copy, similarity) in enumerate(sample, 1):
        print(f"\n[{number}] similarity {similarity:.3f}  {canonical.origin} <- {copy.origin}")
        print(side_by_side(heading(canonical), heading(copy)))
        print(side_by_side(canonical.text, copy.text))


def print_similarities(pairs: list[tuple[Article, Article, float]]) -> None:
    if pairs:
        values = sorted(similarity for _, _, similarity in pairs)
        print(f"near links: similarity min {values[0]:.3f}, median {values[len(values) // 2]:.3f}")


def report(articles: list[Article], threshold: float, pairs: int, seed: int) -> None:
    deduplicator, results, seconds = run(articles, threshold)
    stories = story_of(articles, results)
    raw = gold_groups(articles, lambda text: text)
    normalised = gold_groups(articles, normalise_text)
    counts = deduplicator.story_counts()
    print(f"articles: {len(articles)}  threshold: {threshold}  stories: {len(counts)}")
    print(f"{links(results, 'exact')}; {links(results, 'near')}")
    print(f"recall of identical raw bodies: {recall(raw, stories):.4f} of {len(raw)} groups")
    print(f"recall of identical normalised bodies: {recall(normalised, stories):.4f} of {len(normalised)} groups")
    wall, cpu = seconds
    print(f"speed of check alone: {len(articles) / wall:,.0f} articles/s wall clock ({wall:.2f} s), "
          f"{len(articles) / cpu:,.0f} articles per CPU second")
    found = near_pairs(articles, results)
    print_similarities(found)
    print_pairs(found, pairs, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories with a body")
    parser.add_argument("--pairs", type=int, default=20, help="near-duplicate pairs to print")
    parser.add_argument("--seed", type=int, default=0, help="seed of the pair sample")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} is missing (the shared data folder beside the project)")
        return 0
    report(read_reuters(args.limit), args.threshold, args.pairs, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
