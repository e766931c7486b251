"""Speaker resolution scored on our own gold set (``gold/speakers.jsonl``).

Each gold line is one quotation of an AllSides article, hand-annotated on the raw
``content_original`` text: ``[quote_start, quote_end)`` of its content, the first 40 characters as
a check, and the speaker as the article establishes it (a person's full name, an organisation's
canonical name, or ``"ANONYMOUS: <description>"``). The article selection rule and the worksheet
format are in ``scripts/speaker_candidates.py``; the ``note`` field says why where a line is not
obvious. Quotations whose source is a document (a report, a policy, a cover), nested quotations
inside another quote, joint speakers and one- or two-word scare quotes are not annotated.

Scoring, per gold quote:

* **found** when one predicted quote covers at least half of the gold span's characters with its
  ``span`` and ``mentions`` (the predicted quote covering most is the one aligned);
* **correct** when the aligned quote's speaker matches: an anonymous gold speaker wants
  ``speaker.anonymous``; a named one wants ``speaker.name`` equal after normalisation (case,
  accents, punctuation, a leading title or "the", a possessive), or for an organisation one name
  being the other's acronym or a run of its words at the start or end
  ("Foreign Ministry" / "South Korea's Foreign Ministry").
  A person's speaker may also be a part of the full name (``Wilson``, ``Hua``, ``Moon Jae``) when
  no other person of the article shares it, or the full name with a title more.

**Strict** (reported beside): a named speaker's normalised name equals the gold name (no part of a
name, no acronym; a leading title is normalised away); an anonymous one is anonymous with a description of the same head
noun. ``evaluate_speakers`` reports quote recall, speaker accuracy over found quotes (the canonical
speaker accuracy of the product issue) and over all gold quotes, and every error.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Optional, Sequence

from newsgraph.model import Article, Quote, Speaker

GOLD_FILE = "gold/speakers.jsonl"
SPEAKER_TYPES = ("person", "organisation", "anonymous")
ANONYMOUS_PREFIX = "ANONYMOUS:"
MIN_COVERAGE = 0.5  # share of the gold span's characters a predicted quote must cover
TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "president", "sen", "senator", "rep", "gov", "amb",
                    "gen", "adm", "secretary", "minister", "prime", "chancellor", "the"})
ACRONYM_STOPWORDS = frozenset({"of", "and", "the", "for", "on", "in"})


@dataclass(frozen=True)
class GoldQuote:
    article_id: str
    start: int
    end: int
    prefix: str
    speaker: str
    speaker_type: str
    note: str = ""

    @property
    def anonymous(self) -> bool:
        return self.speaker_type == "anonymous"


@dataclass(frozen=True)
class SpeakerError:
    """A gold quote newsgraph missed or gave to the wrong speaker."""

    article_id: str
    span: tuple[int, int]
    prefix: str
    gold: str
    predicted: Optional[str]  # the predicted speaker, "ANONYMOUS" or None when missed / unresolved
    category: str  # missed | unresolved | wrong-name | anonymous-for-named | named-for-anonymous
    rule: str = ""  # the rule of the aligned predicted quote


@dataclass
class TypeCounts:
    gold: int = 0
    found: int = 0
    correct: int = 0


@dataclass
class SpeakerReport:
    articles: int
    gold_quotes: int
    found: int
    correct: int
    correct_strict: int = 0  # the same name exactly (after normalisation); an anonymous one of the same head noun
    by_type: dict[str, TypeCounts] = field(default_factory=dict)
    errors: list[SpeakerError] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # articles the pipeline could not analyse

    @property
    def quote_recall(self) -> float:
        return self.found / self.gold_quotes if self.gold_quotes else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """Canonical speaker accuracy over the gold quotes newsgraph found."""
        return self.correct / self.found if self.found else 0.0

    @property
    def strict_accuracy(self) -> float:
        return self.correct_strict / self.found if self.found else 0.0

    @property
    def strict_accuracy_all(self) -> float:
        return self.correct_strict / self.gold_quotes if self.gold_quotes else 0.0

    @property
    def speaker_accuracy_all(self) -> float:
        """Correct speakers over all gold quotes (a missed quote counts as wrong)."""
        return self.correct / self.gold_quotes if self.gold_quotes else 0.0

    def error_categories(self) -> Counter:
        return Counter(error.category for error in self.errors)


# --- gold and corpus ---------------------------------------------------------------------------------

def packaged_gold() -> str:
    return str(resources.files("newsgraph.evaluate").joinpath(GOLD_FILE))


def gold_from_json(data: dict) -> GoldQuote:
    return GoldQuote(data["article_id"], int(data["quote_start"]), int(data["quote_end"]),
                     data["quote_text_prefix"], data["speaker"], data["speaker_type"], data.get("note") or "")


def read_gold(path: Optional[str] = None) -> list[GoldQuote]:
    with open(path or packaged_gold(), encoding="utf-8") as lines:
        return [gold_from_json(json.loads(line)) for line in lines if line.strip()]


def read_corpus_texts(corpus_jsonl: str, wanted: Iterable[str]) -> dict[str, str]:
    """``content_original`` of the wanted article IDs of an AllSides-style JSONL corpus."""
    wanted, texts = set(wanted), {}
    with open(corpus_jsonl, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("ID") in wanted:
                texts[record["ID"]] = record["content_original"]
    return texts


# --- alignment ---------------------------------------------------------------------------------------

def quote_spans(quote: Quote) -> list[tuple[int, int]]:
    return sorted({tuple(quote.span), *(tuple(m) for m in quote.mentions)})


def covered(gold: GoldQuote, quote: Quote) -> int:
    """Characters of the gold span covered by the predicted quote's spans (overlaps counted once)."""
    covered_chars, reached = 0, gold.start
    for start, end in quote_spans(quote):
        start, end = max(start, reached), min(end, gold.end)
        if end > start:
            covered_chars += end - start
            reached = end
    return covered_chars


def align(gold: GoldQuote, quotes: Sequence[Quote]) -> Optional[Quote]:
    """The predicted quote covering most of the gold span, if it covers at least half of it."""
    best = max(quotes, key=lambda q: covered(gold, q), default=None)
    if best is None or covered(gold, best) < MIN_COVERAGE * max(1, gold.end - gold.start):
        return None
    return best


# --- names -------------------------------------------------------------------------------------------

def name_tokens(name: Optional[str]) -> list[str]:
    """Case-folded, accent-free words of a name, without a leading title or "the" or a possessive."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().casefold()
    tokens = re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", text.replace(".", "")))
    while len(tokens) > 1 and tokens[0] in TITLES:
        tokens = tokens[1:]
    return tokens


def is_acronym_of(short: list[str], long: list[str]) -> bool:
    if len(short) != 1 or len(long) < 2:
        return False
    initials = {"".join(w[0] for w in long), "".join(w[0] for w in long if w not in ACRONYM_STOPWORDS)}
    return short[0] in initials


def organisation_matches(gold: list[str], predicted: list[str]) -> bool:
    if not gold or not predicted:
        return False
    if gold == predicted or is_acronym_of(gold, predicted) or is_acronym_of(predicted, gold):
        return True
    short, long = sorted((gold, predicted), key=len)
    return long[: len(short)] == short or long[-len(short):] == short


def compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """One name's words all belong to the other's ("Wilson", "Rep Frederica Wilson")."""
    return set(a) <= set(b) or set(b) <= set(a)


def person_matches(gold: list[str], predicted: list[str], people: Iterable[list[str]] = ()) -> bool:
    """The same name; a part of it ("Wilson", "Hua", "Moon Jae") that no other person of the article
    shares; or the name with a title or first words more, ending on the same last name."""
    if not gold or not predicted:
        return False
    if gold == predicted or (set(gold) < set(predicted) and gold[-1] == predicted[-1]):
        return True
    if not set(predicted) < set(gold):
        return False
    others = [tokens for tokens in people if not compatible(tokens, gold)]
    return not any(set(predicted) <= set(tokens) for tokens in others)


def speaker_matches(gold: GoldQuote, speaker: Speaker, people: Sequence[list[str]] = ()) -> bool:
    if gold.anonymous or speaker.anonymous:
        return gold.anonymous and speaker.anonymous
    gold_tokens, predicted = name_tokens(gold.speaker), name_tokens(speaker.name)
    if gold.speaker_type == "person":
        return person_matches(gold_tokens, predicted, people)
    return organisation_matches(gold_tokens, predicted)


def head_noun(tokens: list[str]) -> Optional[str]:
    """The last word of a description, a plural's s folded ("senior officials" -> official)."""
    if not tokens:
        return None
    word = tokens[-1]
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def speaker_matches_strictly(gold: GoldQuote, speaker: Speaker) -> bool:
    """Strict: a named speaker's normalised name equals the gold name (no part of a name, no acronym);
    an anonymous one is anonymous with a description of the same head noun ("officials" / "official")."""
    if gold.anonymous or speaker.anonymous:
        if not (gold.anonymous and speaker.anonymous):
            return False
        described = gold.speaker.split(":", 1)[1] if ":" in gold.speaker else ""
        return head_noun(name_tokens(described)) is not None and \
            head_noun(name_tokens(described)) == head_noun(name_tokens(speaker.name))
    return bool(name_tokens(gold.speaker)) and name_tokens(gold.speaker) == name_tokens(speaker.name)


def people_of(article: Article, gold: Sequence[GoldQuote]) -> list[list[str]]:
    """Who could share a name: the article's gold person speakers and newsgraph's PERSON entities
    named by exactly two words (a first and a last name: longer entity names are too often
    run-ons such as "Wacky Congresswoman Wilson" to say that another person exists)."""
    names = [name_tokens(g.speaker) for g in gold if g.speaker_type == "person"]
    names += [tokens for e in article.entities if e.type == "PERSON" and len(tokens := name_tokens(e.name)) == 2]
    return [tokens for tokens in names if tokens]


# --- scoring -----------------------------------------------------------------------------------------

def predicted_label(speaker: Speaker) -> Optional[str]:
    return "ANONYMOUS" + (f": {speaker.name}" if speaker.name else "") if speaker.anonymous else speaker.name


def error_category(gold: GoldQuote, quote: Optional[Quote]) -> str:
    if quote is None:
        return "missed"
    if quote.speaker.anonymous:
        return "anonymous-for-named"
    if not quote.speaker.name:
        return "unresolved"
    return "named-for-anonymous" if gold.anonymous else "wrong-name"


def score_article(article: Article, gold: Sequence[GoldQuote], report: SpeakerReport) -> None:
    people = people_of(article, gold)
    for item in gold:
        counts = report.by_type.setdefault(item.speaker_type, TypeCounts())
        counts.gold += 1
        report.gold_quotes += 1
        quote = align(item, article.quotes)
        if quote is not None:
            counts.found += 1
            report.found += 1
            report.correct_strict += speaker_matches_strictly(item, quote.speaker)
            if speaker_matches(item, quote.speaker, people):
                counts.correct += 1
                report.correct += 1
                continue
        report.errors.append(SpeakerError(item.article_id, (item.start, item.end), item.prefix, item.speaker,
                                          predicted_label(quote.speaker) if quote else None,
                                          error_category(item, quote), quote.rule if quote else ""))


def group_by_article(gold: Sequence[GoldQuote]) -> dict[str, list[GoldQuote]]:
    grouped: dict[str, list[GoldQuote]] = {}
    for item in gold:
        grouped.setdefault(item.article_id, []).append(item)
    return grouped


def evaluate_speakers(corpus_jsonl: str, gold_path: Optional[str] = None, limit: Optional[int] = None,
                      pipeline=None) -> SpeakerReport:
    """Run entities + quotes on the raw text of the annotated articles and score them against the gold.

    ``limit`` keeps the first N annotated articles; ``pipeline`` may be passed to reuse a loaded one.
    """
    from newsgraph.pipeline import Pipeline

    grouped = group_by_article(read_gold(gold_path))
    ids = list(grouped)[:limit] if limit else list(grouped)
    texts = read_corpus_texts(corpus_jsonl, ids)
    missing = [i for i in ids if i not in texts]
    if missing:
        raise ValueError(f"{len(missing)} annotated articles are not in {corpus_jsonl}: {', '.join(missing[:5])}")
    pipeline = pipeline or Pipeline(stages=["entities", "quotes"])
    articles = [Article(text=texts[i], origin=i) for i in ids]
    report = SpeakerReport(articles=len(ids), gold_quotes=0, found=0, correct=0)
    for article_id, result in zip(ids, pipeline.run(articles)):
        if not isinstance(result, Article):
            report.failures.append(f"{article_id}: {result.reason}")
            result = Article(text=texts[article_id], origin=article_id)
        score_article(result, grouped[article_id], report)
    return report


def format_report(report: SpeakerReport, max_errors: Optional[int] = None) -> str:
    lines = [f"speaker gold: {report.articles} articles, {report.gold_quotes} quotes",
             f"quote recall                      {report.quote_recall:.3f}  ({report.found}/{report.gold_quotes})",
             f"speaker accuracy (found quotes)   {report.speaker_accuracy:.3f}  ({report.correct}/{report.found})",
             f"speaker accuracy (all gold)       {report.speaker_accuracy_all:.3f}  ({report.correct}/{report.gold_quotes})",
             f"strict (exact names; anonymous of the same head noun): found quotes {report.strict_accuracy:.3f}, "
             f"all gold {report.strict_accuracy_all:.3f}  ({report.correct_strict})",
             "", "by speaker type      gold  found  correct  accuracy"]
    for kind in SPEAKER_TYPES:
        c = report.by_type.get(kind, TypeCounts())
        accuracy = f"{c.correct / c.found:.3f}" if c.found else "-"
        lines.append(f"  {kind:<16} {c.gold:>6} {c.found:>6} {c.correct:>8}  {accuracy:>8}")
    lines += ["", "errors: " + ", ".join(f"{k} {n}" for k, n in report.error_categories().most_common())]
    for error in report.errors[:max_errors]:
        where = f"{error.article_id} [{error.span[0]},{error.span[1]})"
        rule = f"  ({error.rule})" if error.rule else ""
        lines.append(f"  {error.category:<20} {where}  gold={error.gold!r}  predicted={error.predicted!r}{rule}"
                     f"  | {error.prefix!r}")
    lines += [f"  pipeline failure: {failure}" for failure in report.failures]
    return "\n".join(lines)
