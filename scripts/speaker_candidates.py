"""Help a person annotate the speaker gold set (newsgraph/evaluate/gold/speakers.jsonl).

Three commands, none of which decides a speaker (that is the annotator's reading of the text):

``select``  the article selection rule, printing the chosen IDs (the gold set holds the first 26 of
the 30, in this order)::

    python scripts/speaker_candidates.py select ../shared/corpora/allsides-world/articles.jsonl

``show ID``  the raw ``content_original`` of one article with every quoted segment numbered
(``Q3 [1204,1290)``) and every sentence holding a speech verb marked, for reading::

    python scripts/speaker_candidates.py show ../shared/corpora/allsides-world/articles.jsonl 004Gt3gcsotuiYmz

``compile``  turns a worksheet written while reading into gold lines. A worksheet line is
``ID<TAB>where<TAB>speaker<TAB>type[<TAB>note]`` where ``where`` is either ``Q3`` (the content of
quoted segment 3 as ``show`` numbers it) or ``"first words...last words"`` (an indirect quote:
the first occurrence of the first anchor, to the end of the next occurrence of the last anchor;
``"context@@first words...last words"`` looks for the first anchor only after ``context``);
``type`` is person, organisation or anonymous. Lines starting with ``#`` are comments::

    python scripts/speaker_candidates.py compile ARTICLES.jsonl worksheet.tsv > gold.jsonl

Candidates come from quote marks and a few speech verbs only; they never come from newsgraph, so
that the gold set stays independent of what is being evaluated.
"""
from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter
from typing import Iterator

SEED = 20240611
LENGTH_RANGE = (1500, 4500)  # characters of content_original: short enough to read in full
QUOTED_RANGE = (4, 12)  # quoted segments of at least 20 characters
PER_SOURCE, PER_TOPIC, WANTED = 1, 3, 30
QUOTED = re.compile(r"“([^“”\n]+)”?|\"([^\"\n]+)\"")
LONG_QUOTED = re.compile(r"“[^“”]{20,}?”|\"[^\"\n]{20,}?\"")
SPEECH = re.compile(r"\b(said|says|told|tells|added|announced|warned|stated|insisted|claimed|argued|"
                    r"noted|explained|according to|asked|urged|denied|acknowledged|confirmed|wrote|"
                    r"tweeted|declared|suggested|stressed|vowed|called|described|accused)\b", re.I)
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[”\"]?|$)", re.M)
PREFIX = 40


def read_articles(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as lines:
        return {record["ID"]: record for record in map(json.loads, lines)}


def select_articles(articles: dict[str, dict]) -> list[str]:
    """Seeded shuffle of the mid-length, quote-rich articles; one per source, three per topic."""
    fitting = [id_ for id_, a in sorted(articles.items())
               if LENGTH_RANGE[0] <= len(a["content_original"]) <= LENGTH_RANGE[1]
               and QUOTED_RANGE[0] <= len(LONG_QUOTED.findall(a["content_original"])) <= QUOTED_RANGE[1]]
    random.Random(SEED).shuffle(fitting)
    chosen, sources, topics = [], Counter(), Counter()
    for id_ in fitting:
        article = articles[id_]
        if sources[article["source"]] < PER_SOURCE and topics[article["topic"]] < PER_TOPIC:
            chosen.append(id_)
            sources[article["source"]] += 1
            topics[article["topic"]] += 1
        if len(chosen) == WANTED:
            break
    return chosen


def quoted_segments(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of the content inside each pair of double marks (one paragraph at most)."""
    spans = []
    for match in QUOTED.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.span(group)
        inner = text[start:end]
        start += len(inner) - len(inner.lstrip())
        end -= len(inner) - len(inner.rstrip(" ,;:"))
        if end > start:
            spans.append((start, end))
    return spans


def speech_sentences(text: str) -> Iterator[tuple[int, int]]:
    for match in SENTENCE.finditer(text):
        if SPEECH.search(match.group()):
            yield match.span()


def show(text: str) -> str:
    """The text with quoted segments bracketed and numbered, speech sentences flagged by '>>'."""
    marks = {}
    for number, (start, end) in enumerate(quoted_segments(text)):
        marks.setdefault(start, []).append(f"[Q{number} {start}:")
        marks.setdefault(end, []).insert(0, f":Q{number}]")
    flagged = {start for start, _ in speech_sentences(text)}
    out = []
    for at, char in enumerate(text):
        if at in flagged:
            out.append(f" >>@{at} ")
        out.extend(marks.get(at, []))
        out.append(char)
    out.extend(marks.get(len(text), []))
    return "".join(out)


def locate(text: str, where: str) -> tuple[int, int]:
    if re.fullmatch(r"Q\d+", where):
        return quoted_segments(text)[int(where[1:])]
    context, _, anchors = where.strip('"').rpartition("@@")
    first, last = anchors.split("...")
    start = text.index(first, text.index(context) + len(context))
    return start, text.index(last, start) + len(last)


def compile_worksheet(articles: dict[str, dict], lines: list[str]) -> Iterator[dict]:
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        id_, where, speaker, kind = fields[:4]
        text = articles[id_]["content_original"]
        try:
            start, end = locate(text, where)
        except (ValueError, IndexError) as error:
            raise SystemExit(f"worksheet line {number}: cannot place {where!r} in {id_}: {error}")
        record = {"article_id": id_, "quote_start": start, "quote_end": end,
                  "quote_text_prefix": text[start: start + PREFIX], "speaker": speaker, "speaker_type": kind}
        if len(fields) > 4 and fields[4]:
            record["note"] = fields[4]
        yield record


def main(argv: list[str]) -> None:
    command, corpus, *rest = argv
    articles = read_articles(corpus)
    if command == "select":
        for id_ in select_articles(articles):
            a = articles[id_]
            print(id_, a["source"], a["topic"], len(a["content_original"]), sep="\t")
    elif command == "show":
        print(show(articles[rest[0]]["content_original"]))
    elif command == "compile":
        with open(rest[0], encoding="utf-8") as worksheet:
            for record in compile_worksheet(articles, worksheet.readlines()):
                print(json.dumps(record, ensure_ascii=False))
    else:
        raise SystemExit(f"unknown command {command!r}: select, show or compile")


if __name__ == "__main__":
    main(sys.argv[1:])
