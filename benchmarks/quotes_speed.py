"""Time of the quotes stage against spaCy's parse of the same texts (target: quotes <= 10% of parse).

    .venv/bin/python benchmarks/quotes_speed.py [--limit 200]

Takes the first ``limit`` AllSides world-affairs articles (../shared/corpora/allsides-world/
articles.jsonl, field ``content_original``), parses them with ``nlp.pipe``, runs the entities stage
(untimed: the quotes stage needs its mentions), then times ``extract_quotes`` alone. Prints both
times and their ratio; the machine is shared, so compare the ratio, not the absolute seconds."""
from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from newsgraph.extract.entities import extract_entities
from newsgraph.extract.quotes import extract_quotes
from newsgraph.model import Article
from newsgraph.pipeline import load_nlp

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides-world" / "articles.jsonl"


def read_texts(limit: int) -> list[str]:
    with CORPUS.open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines if line.strip())
        return [r["content_original"] for r in itertools.islice(
            (r for r in records if r.get("content_original")), limit)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200)
    texts = read_texts(parser.parse_args().limit)
    nlp = load_nlp("en_core_web_sm")
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse_seconds = time.perf_counter() - start
    articles = []
    for text, doc in zip(texts, docs):
        article = Article(text=text)
        article.doc = doc
        articles.append(extract_entities(article))
    start = time.perf_counter()
    quotes = sum(len(extract_quotes(article).quotes) for article in articles)
    quote_seconds = time.perf_counter() - start
    print(f"{len(texts)} articles, {sum(len(d) for d in docs)} tokens, {quotes} quotes")
    print(f"spaCy parse   {parse_seconds:8.2f} s")
    print(f"quotes stage  {quote_seconds:8.2f} s")
    print(f"ratio         {quote_seconds / parse_seconds:8.1%}  (target <= 10%)")


if __name__ == "__main__":
    main()
