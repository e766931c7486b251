"""Scores for article extraction: the Zyte article-body metric and the NAEB field scores.

Body text is scored as in the Zyte article-extraction benchmark's ``evaluate.py``
(github.com/scrapinghub/article-extraction-benchmark), replicated exactly:

* tokens are the matches of the regular expression ``\\w+`` (Unicode, case kept as is);
* a document's shingles are its runs of 4 consecutive tokens, counted with multiplicity; a text of
  fewer than 4 tokens has one shorter shingle (all its tokens), an empty text has none;
* per document, over the union of shingles, ``tp += min(true, predicted)``,
  ``fp += max(0, predicted - true)``, ``fn += max(0, true - predicted)``, then the three are divided
  by their sum so that long documents weigh no more than short ones;
* per-document precision is ``tp / (tp + fp)`` (1 when fp = fn = 0, 0 when tp = fp = 0) and is
  averaged over documents with ``tp + fp > 0``; recall likewise over documents with ``tp + fn > 0``;
* F1 is the harmonic mean of the *averaged* precision and recall (not an average of per-document F1).

NAEB (github.com/AndyTheFactory/article-extraction-dataset) adds title, date and authors: the title
must match exactly after white space is folded; the date on its ISO day (YYYY-MM-DD); authors as a
set after normalisation (case, white space, periods, a leading "By"), with partial overlap
(Jaccard) also reported. NAEB ships no scoring script: these rules are ours.
"""
from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Iterable, Optional, Sequence

SHINGLE_SIZE = 4
TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\n)\s*", re.IGNORECASE)
AUTHOR_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ShingleCounts:
    """Normalised true positive, false positive and false negative shares of one document."""

    tp: float
    fp: float
    fn: float


@dataclass(frozen=True)
class BodyScores:
    precision: float
    recall: float
    f1: float
    documents: int


def tokenize(text: Optional[str]) -> list[str]:
    return TOKEN.findall(text or "")


def shingles(text: Optional[str], size: int = SHINGLE_SIZE) -> Counter:
    """Runs of ``size`` tokens with their counts (one shorter run for a short text, none for empty)."""
    tokens = tokenize(text)
    runs = (tuple(tokens[i: i + size]) for i in range(max(1, len(tokens) - size + 1)))
    return Counter(run for run in runs if run)


def shingle_counts(true: Optional[str], predicted: Optional[str]) -> ShingleCounts:
    """TP/FP/FN over the shingles of one document, divided by their sum when that is positive."""
    expected, found = shingles(true), shingles(predicted)
    tp = fp = fn = 0.0
    for key in expected.keys() | found.keys():
        tp += min(expected[key], found[key])
        fp += max(0, found[key] - expected[key])
        fn += max(0, expected[key] - found[key])
    total = tp + fp + fn
    return ShingleCounts(tp / total, fp / total, fn / total) if total > 0 else ShingleCounts(tp, fp, fn)


def precision_of(counts: ShingleCounts) -> float:
    if counts.fp == counts.fn == 0:
        return 1.0
    return 0.0 if counts.tp == counts.fp == 0 else counts.tp / (counts.tp + counts.fp)


def recall_of(counts: ShingleCounts) -> float:
    if counts.fp == counts.fn == 0:
        return 1.0
    return 0.0 if counts.tp == counts.fn == 0 else counts.tp / (counts.tp + counts.fn)


def body_scores(documents: Sequence[ShingleCounts]) -> BodyScores:
    """Averaged precision and recall over documents, and F1 of the two averages (Zyte's way)."""
    precisions = [precision_of(c) for c in documents if c.tp + c.fp > 0]
    recalls = [recall_of(c) for c in documents if c.tp + c.fn > 0]
    precision = mean(precisions) if precisions else 0.0
    recall = mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BodyScores(precision, recall, f1, len(documents))


def score_bodies(pairs: Iterable[tuple[Optional[str], Optional[str]]]) -> BodyScores:
    """Body scores of (true, predicted) text pairs."""
    return body_scores([shingle_counts(true, predicted) for true, predicted in pairs])


def fold_space(text: Optional[str]) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def title_matches(true: Optional[str], predicted: Optional[str]) -> bool:
    """Exact match after white space is folded (case and punctuation count)."""
    return fold_space(true) == fold_space(predicted)


def iso_day(value: Optional[str]) -> Optional[str]:
    found = ISO_DAY.match((value or "").strip())
    return found.group(0) if found else None


def date_matches(true: Optional[str], predicted: Optional[str]) -> bool:
    """Same ISO day (YYYY-MM-DD); a missing or non-ISO truth matches only a missing prediction."""
    expected = iso_day(true)
    return expected == iso_day(predicted) if expected else not iso_day(predicted)


def author_names(authors: str | Sequence[str] | None) -> frozenset[str]:
    """Normalised author names: a "By" prefix and periods removed, case and white space folded; a string is
    split on commas, semicolons, "&" and "and"."""
    parts = AUTHOR_SEPARATORS.split(authors) if isinstance(authors, str) else list(authors or [])
    names = (fold_space(AUTHOR_PREFIX.sub("", part).replace(".", " ")).casefold() for part in parts)
    return frozenset(name for name in names if name)


def authors_match(true, predicted) -> bool:
    """The same set of normalised names (both empty counts as a match)."""
    return author_names(true) == author_names(predicted)


def author_overlap(true, predicted) -> float:
    """Jaccard overlap of the normalised name sets (1 when both are empty)."""
    expected, found = author_names(true), author_names(predicted)
    union = expected | found
    return len(expected & found) / len(union) if union else 1.0


@dataclass(frozen=True)
class FieldScores:
    """NAEB scores over a set of pages: shares of exact matches, mean author overlap, body scores."""

    title: float
    date: float
    authors: float
    author_overlap: float
    body: BodyScores


def score_fields(pairs: Sequence[tuple[dict, dict]]) -> FieldScores:
    """NAEB scores of (truth, prediction) records with keys title, date, authors and body."""
    count = max(1, len(pairs))
    return FieldScores(
        title=sum(title_matches(t.get("title"), p.get("title")) for t, p in pairs) / count,
        date=sum(date_matches(t.get("date"), p.get("date")) for t, p in pairs) / count,
        authors=sum(authors_match(t.get("authors"), p.get("authors")) for t, p in pairs) / count,
        author_overlap=sum(author_overlap(t.get("authors"), p.get("authors")) for t, p in pairs) / count,
        body=score_bodies((t.get("body"), p.get("body")) for t, p in pairs),
    )


@dataclass(frozen=True)
class GoldPage:
    """One benchmark page: its id, gzip-compressed HTML file and the expected fields."""

    id: str
    html_file: Path
    url: Optional[str]
    truth: dict  # title, date, authors, body (Zyte gives only body)

    def html(self) -> bytes:
        return gzip.decompress(self.html_file.read_bytes())


def zyte_pages(folder: Path, limit: Optional[int] = None) -> list[GoldPage]:
    """Pages of the Zyte article-extraction benchmark (``ground-truth.json`` + ``html/<id>.html.gz``),
    in the ground truth's order."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [GoldPage(key, folder / "html" / f"{key}.html.gz", item.get("url"), {"body": item.get("articleBody", "")})
             for key, item in truth.items()]
    return pages[:limit]


def naeb_pages(folder: Path, limit: Optional[int] = None) -> list[GoldPage]:
    """Pages of the NAEB news article dataset (``articles.json`` + ``html/<id>.html.gz``) whose HTML
    file exists, in the ground truth's order."""
    truth = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    pages = [GoldPage(key, folder / "html" / f"{key}.html.gz", item.get("url"),
                      {"title": item.get("title"), "date": item.get("date"), "authors": item.get("authors"),
                       "body": item.get("articleBody", "")})
             for key, item in truth.items() if (folder / "html" / f"{key}.html.gz").exists()]
    return pages[:limit]
