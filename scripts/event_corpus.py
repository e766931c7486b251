"""Build newsgraph's event corpus (docs/event_annotation.md): sample, make task files, check label
files, build the offsets-only corpus, and measure agreement between two annotators.

    python scripts/event_corpus.py sample --shared ../shared --work WORK   # recorded seed; task files
    python scripts/event_corpus.py extend --shared ../shared --work WORK   # more train articles, own seed
    python scripts/event_corpus.py check WORK/labels/a1/as-0001.jsonl --work WORK
    python scripts/event_corpus.py build --work WORK --annotator a1 [--annotator a2 ...]
    python scripts/event_corpus.py agree --work WORK --first a1 --second b1

WORK holds the task files (article text: never committed) and the annotators' label files. Only
``build`` writes into the project: newsgraph/evaluate/gold/events.jsonl, which holds offsets and
pointers to the source records, no text.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsgraph.evaluate import event_corpus as corpus  # noqa: E402

SEED = 20261204
ALLSIDES_ARTICLES, REUTERS_ARTICLES = 72, 38
MIN_SENTENCES, MAX_SENTENCES = 4, 70  # the sampling frame: articles of 4-70 sentences
SPLIT_SHARES = (("train", 0.6), ("dev", 0.2), ("test", 0.2))
SECOND_ANNOTATOR_SHARE = 0.12  # of the articles, drawn with the same seed
# The training extension (``extend``): more articles for the train split only, drawn with its own
# seed from the same frame, leaving out every record already sampled. More AllSides than in the
# evaluated sample, because the extension is there to show the coder events (Reuters 1987 is mostly
# markets); dev and test keep the first sample's mix.
EXTENSION_SEED = 20261205
EXTENSION_ALLSIDES, EXTENSION_REUTERS = 160, 40


def speaker_gold_ids() -> set[str]:
    path = ROOT / "newsgraph/evaluate/gold/speakers.jsonl"
    return {json.loads(line)["article_id"] for line in path.read_text().splitlines() if line.strip()}


def draw(articles, count: int, rng: random.Random, nlp, excluded: set[str]) -> list:
    """``count`` articles in a random order of the whole list that fall in the sampling frame."""
    pool = [a for a in articles if a.record.key not in excluded]
    rng.shuffle(pool)
    chosen = []
    for article in pool:
        spans = corpus.sentence_spans(nlp(article.text))
        if MIN_SENTENCES <= len(spans) <= MAX_SENTENCES:
            chosen.append((article, spans))
        if len(chosen) == count:
            return chosen
    raise SystemExit(f"only {len(chosen)} articles in the frame")


def assign_splits(ids: list[str], rng: random.Random) -> dict[str, str]:
    order = ids[:]
    rng.shuffle(order)
    splits, start = {}, 0
    for number, (name, share) in enumerate(SPLIT_SHARES):
        end = len(order) if number == len(SPLIT_SHARES) - 1 else start + round(share * len(order))
        splits.update({article_id: name for article_id in order[start:end]})
        start = end
    return splits


def task_text(article_id: str, article, spans: list[tuple[int, int]]) -> str:
    head = [f"# article {article_id} ({article.record.corpus} {article.record.key})",
            f"# published: {article.published or 'unknown'}   source: {article.source or 'unknown'}",
            f"# title (not a unit): {article.title or ''}", ""]
    body = [f"[{n}] " + " ".join(article.text[s:e].split()) for n, (s, e) in enumerate(spans, 1)]
    return "\n".join(head + body) + "\n"


def sample(args) -> None:
    from newsgraph.pipeline import load_nlp

    nlp = load_nlp("en_core_web_sm")
    shared, work = Path(args.shared), Path(args.work)
    rng = random.Random(SEED)
    chosen = [("as", a, s) for a, s in draw(list(corpus.allsides_articles(shared)), ALLSIDES_ARTICLES, rng, nlp,
                                            speaker_gold_ids())]
    chosen += [("rt", a, s) for a, s in draw(list(corpus.reuters_articles(shared)), REUTERS_ARTICLES, rng, nlp, set())]
    ids = [f"{prefix}-{n:04d}" for n, (prefix, _, _) in enumerate(chosen, 1)]
    splits = assign_splits(ids, rng)
    second = sorted(rng.sample(ids, round(SECOND_ANNOTATOR_SHARE * len(ids))))
    (work / "tasks").mkdir(parents=True, exist_ok=True)
    manifest = []
    for article_id, (_, article, spans) in zip(ids, chosen):
        (work / "tasks" / f"{article_id}.txt").write_text(task_text(article_id, article, spans), encoding="utf-8")
        manifest.append({"id": article_id, "record": article.record.as_dict(), "split": splits[article_id],
                         "text_sha256": corpus.text_hash(article.text), "sentences": [list(s) for s in spans],
                         "second_annotator": article_id in second})
    (work / "manifest.json").write_text(json.dumps({"seed": SEED, "articles": manifest}, indent=1))
    total = sum(len(a["sentences"]) for a in manifest)
    print(f"{len(manifest)} articles, {total} sentences; second annotator: {len(second)} articles, "
          f"{sum(len(a['sentences']) for a in manifest if a['second_annotator'])} sentences")


def extend(args) -> None:
    from newsgraph.pipeline import load_nlp

    nlp = load_nlp("en_core_web_sm")
    shared, work = Path(args.shared), Path(args.work)
    data = json.loads((work / "manifest.json").read_text())
    taken = {a["record"]["key"] for a in data["articles"]}
    rng = random.Random(EXTENSION_SEED)
    chosen = [("as", a, s) for a, s in draw(list(corpus.allsides_articles(shared)), EXTENSION_ALLSIDES, rng, nlp,
                                            speaker_gold_ids() | taken)]
    chosen += [("rt", a, s) for a, s in draw(list(corpus.reuters_articles(shared)), EXTENSION_REUTERS, rng, nlp, taken)]
    start = len(data["articles"]) + 1
    for number, (prefix, article, spans) in enumerate(chosen, start):
        article_id = f"{prefix}-{number:04d}"
        (work / "tasks" / f"{article_id}.txt").write_text(task_text(article_id, article, spans), encoding="utf-8")
        data["articles"].append({"id": article_id, "record": article.record.as_dict(), "split": "train",
                                 "text_sha256": corpus.text_hash(article.text), "sentences": [list(s) for s in spans],
                                 "second_annotator": False, "extension": True})
    data["extension_seed"] = EXTENSION_SEED
    (work / "manifest.json").write_text(json.dumps(data, indent=1))
    print(f"{len(chosen)} articles added to train, "
          f"{sum(len(s) for _, _, s in chosen)} sentences")


def manifest_of(work: Path) -> dict[str, dict]:
    return {a["id"]: a for a in json.loads((work / "manifest.json").read_text())["articles"]}


def sentences_of_task(work: Path, article_id: str) -> list[str]:
    """The sentences as the task file shows them (white space folded): what annotators copy from."""
    lines = (work / "tasks" / f"{article_id}.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("] ", 1)[1] if "] " in line else "" for line in lines if line.startswith("[")]


def check(args) -> None:
    work, failed = Path(args.work), False
    for name in args.files:
        path = Path(name)
        problems = corpus.check_label_lines(path.read_text(encoding="utf-8").splitlines(),
                                            sentences_of_task(work, path.stem))
        for problem in problems:
            print(f"{path}: {problem}")
        failed = failed or bool(problems)
        if not problems:
            print(f"{path}: ok")
    raise SystemExit(1 if failed else 0)


def labels_of(work: Path, annotators: list[str], article_id: str):
    for annotator in annotators:
        path = work / "labels" / annotator / f"{article_id}.jsonl"
        if path.exists():
            return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return None


def gold_article(work: Path, shared: Path, entry: dict, labels: list[dict]) -> corpus.GoldArticle:
    record = corpus.SourceRecord(**entry["record"])
    text = corpus.source_article(shared, record).text
    assert corpus.text_hash(text) == entry["text_sha256"], entry["id"]
    spans = [tuple(s) for s in entry["sentences"]]
    return corpus.GoldArticle(entry["id"], record, entry["split"], entry["text_sha256"],
                              corpus.sentences_of_labels(labels, text, spans))


def build(args) -> None:
    """The corpus file from the first annotator's labels that pass the check, in manifest order."""
    work, shared = Path(args.work), Path(args.shared)
    written, skipped = [], []
    for article_id, entry in manifest_of(work).items():
        labels = labels_of(work, args.annotator, article_id)
        if labels is None or corpus.check_label_lines([json.dumps(x) for x in labels],
                                                      [" ".join(t.split()) for t in sentences_raw(shared, entry)]):
            skipped.append(article_id)
            continue
        written.append(corpus.article_json(gold_article(work, shared, entry, labels)))
    with open(args.out, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(a, separators=(",", ":")) + "\n" for a in written)
    print(f"{len(written)} articles written to {args.out}; not labelled or not passing the check: {skipped}")


def sentences_raw(shared: Path, entry: dict) -> list[str]:
    text = corpus.source_article(shared, corpus.SourceRecord(**entry["record"])).text
    return [text[s:e] for s, e in entry["sentences"]]


def agree(args) -> None:
    from newsgraph.evaluate.event_scoring import agreement_report

    work, shared = Path(args.work), Path(args.shared)
    pairs = []
    for article_id, entry in manifest_of(work).items():
        first, second = labels_of(work, [args.first], article_id), labels_of(work, [args.second], article_id)
        if first is not None and second is not None:
            pairs.append((gold_article(work, shared, entry, first), gold_article(work, shared, entry, second)))
    print(agreement_report(pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--work", required=True)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sample")
    commands.add_parser("extend")
    checker = commands.add_parser("check")
    checker.add_argument("files", nargs="+")
    builder = commands.add_parser("build")
    builder.add_argument("--annotator", action="append", required=True)
    builder.add_argument("--out", default=str(corpus.CORPUS_FILE))
    agreement = commands.add_parser("agree")
    agreement.add_argument("--first", required=True)
    agreement.add_argument("--second", required=True)
    args = parser.parse_args()
    {"sample": sample, "extend": extend, "check": check, "build": build, "agree": agree}[args.command](args)


if __name__ == "__main__":
    main()
