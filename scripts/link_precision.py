"""Measure the precision of corpus-event linking (issue 15, item 2) on AllSides articles of one topic.

    python scripts/link_precision.py build --shared ../shared --db /tmp/links.duckdb   # analyse the topic
    python scripts/link_precision.py sample --db /tmp/links.duckdb                       # pairs to judge
    python scripts/link_precision.py score --db /tmp/links.duckdb --judgments docs/link_judgments.tsv
    python scripts/link_precision.py build --db /tmp/russia.duckdb --topic russia   # a second topic

The topic: AllSides records with ``topic == "north_korea"``, the latest ARTICLES by ``date`` (ties by
``ID``). A link is a pair of mentions of one corpus event from two different articles; ``sample``
draws SAMPLE of them with the recorded SEED and prints both sentences for a person to judge (same
real-world event or not). The judgments file keeps ids, offsets and the trigger words only, no text
of the articles (they are third-party); ``score`` checks it against the store and prints precision.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgraph.analyze import analyze_paths  # noqa: E402
from newsgraph.ingest.jsonl import JsonlFields  # noqa: E402
from newsgraph.settings import Settings  # noqa: E402
from newsgraph.store import Store  # noqa: E402

TOPIC, ARTICLES, SEED, SAMPLE = "north_korea", 200, 1515, 30  # 20261204: the development sample
FIELDS = JsonlFields(text="content_original", title="title", date="date", id="ID", source="source", url="url",
                     authors="authors")
PAIRS_SQL = """SELECT corpus_event_id, article_id, event_id, sentence_start, sentence_end, trigger_text, confidence
FROM corpus_event_mentions WHERE copy_of IS NULL ORDER BY corpus_event_id, article_id, event_id"""
JUDGMENT_COLUMNS = ["corpus_event_id", "first_article", "first_event", "first_trigger", "second_article",
                    "second_event", "second_trigger", "confidence", "same_event", "note"]


def topic_records(shared: Path, topic: str = TOPIC) -> list[str]:
    """The JSON lines of the topic's latest ARTICLES records."""
    lines = (shared / "corpora" / "allsides-world" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [(json.loads(line), line) for line in lines if line.strip()]
    chosen = [(record["date"] or "", record["ID"], line) for record, line in records if record["topic"] == topic]
    return [line for *_, line in sorted(chosen, reverse=True)[:ARTICLES]]


def build(shared: Path, db: str, topic: str = TOPIC) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"allsides-{topic}.jsonl"
        path.write_text("\n".join(topic_records(shared, topic)) + "\n", encoding="utf-8")
        settings = Settings.load(db=db)
        with Store(db) as store:
            outcomes = list(analyze_paths([str(path)], settings, store, fields=FIELDS))
            counts = store.connection.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                "(SELECT count(*) FROM corpus_events), (SELECT count(*) FROM corpus_events WHERE num_articles > 1)"
            ).fetchone()
    print(f"{len(outcomes)} outcomes; articles {counts[0]}, events {counts[1]}, corpus events {counts[2]}, "
          f"of them reported by more than one article {counts[3]}")


def links(store: Store) -> list[tuple]:
    """Every pair of mentions of one corpus event from two different articles, in a fixed order."""
    rows = store.connection.execute(PAIRS_SQL).fetchall()
    pairs = []
    for _, mentions in itertools.groupby(rows, key=lambda row: row[0]):
        pairs += [(a, b) for a, b in itertools.combinations(list(mentions), 2) if a[1] != b[1]]
    return pairs


def sentence(store: Store, mention: tuple) -> str:
    text, source, published = store.connection.execute(
        "SELECT text, source, published FROM articles WHERE id = ?", [mention[1]]).fetchone()
    return f"[{source}, {published}] {text[mention[3]:mention[4]]}"


def sample(db: str) -> None:
    with Store.for_reading(db) as store:
        pairs = links(store)
        chosen = random.Random(SEED).sample(pairs, min(SAMPLE, len(pairs)))
        print(f"{len(pairs)} links; {len(chosen)} drawn with seed {SEED}")
        writer = csv.writer(sys.stdout, delimiter="\t")
        writer.writerow(JUDGMENT_COLUMNS)
        for first, second in chosen:
            print(f"# {sentence(store, first)}\n# {sentence(store, second)}")
            writer.writerow([first[0], first[1], first[2], first[5], second[1], second[2], second[5],
                             max(first[6], second[6]), "", ""])


def score(db: str, judgments: str) -> None:
    with open(judgments, encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")]
    with Store.for_reading(db) as store:
        known = {(a[1], a[2], b[1], b[2]) for a, b in links(store)}
    missing = [row for row in rows if (row["first_article"], row["first_event"], row["second_article"],
                                       row["second_event"]) not in known]
    if missing:
        sys.exit(f"{len(missing)} judged links are not links of {db}: build it again with this version")
    same = sum(row["same_event"] == "1" for row in rows)
    print(f"precision {same}/{len(rows)} = {same / len(rows):.2f} (links judged by hand, seed {SEED})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["build", "sample", "score"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--judgments", default=str(ROOT / "docs" / "link_judgments.tsv"))
    parser.add_argument("--topic", default=TOPIC, help="another AllSides topic (a second measurement)")
    args = parser.parse_args()
    if args.step == "build":
        build(Path(args.shared), args.db, args.topic)
    elif args.step == "sample":
        sample(args.db)
    else:
        score(args.db, args.judgments)


if __name__ == "__main__":
    main()
