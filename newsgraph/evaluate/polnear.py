"""Quotations scored against PolNeAR, the Political News Attribution Relations corpus.

Gold: ``DIR/data/<split>/attributions/<article>_<annotator>.ann`` (brat standoff) over
``DIR/data/<split>/text/<article>.txt``. Each ``E`` line is one attribution (``Attribution`` or
``Attribution-no-source``) linking ``T`` ids by role: ``Source``, ``Cue``, ``Content`` (a trailing
number, ``Content2``, is the same role; a ``T`` may hold several ``;``-separated fragments). An
article annotated by several annotators is scored against the first annotation file in name order.

Prediction: each text is analysed as is (``Article(text=raw_text)``, no cleaning, so offsets are
the file's) by ``Pipeline(stages=["entities", "quotes"])``; each Quote becomes one attribution with
source = ``speaker.span`` (none when absent), cue = ``cue.span`` (none when absent) and content =
every span in ``mentions`` (``span`` when it has none).

Tokens are the words of the text: maximal runs of letters and digits (regular expression ``\\w+``),
so white space and punctuation (quote marks, final full stops) separate tokens but are never tokens.
A role of an attribution is the set of tokens its spans touch.

* Matching: predicted and gold attributions of an article are paired one to one, greedily, by the
  number of tokens their content and cue share (most first; ties in text order); only pairs sharing
  at least one content or cue token can pair. Unpaired predictions and unpaired gold remain.
* Per role (source, cue, content): ``predicted`` counts predicted attributions having the role,
  ``gold`` counts gold attributions having it, ``tp`` counts paired attributions where both have it
  and the predicted token set matches the gold one:
  - **exact**: the two token sets are equal;
  - **overlap**: they share at least half of the gold set's tokens.
  Precision = tp / predicted, recall = tp / gold, F1 their harmonic mean. An unpaired prediction is
  therefore a false positive of each role it has, an unpaired gold a false negative of each of its
  roles, and a paired one with a wrong span both.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from newsgraph.evaluate.scores import MatchCounts
from newsgraph.model import Article, Quote, Span

ROLES = ("source", "cue", "content")
MODES = ("exact", "overlap")
TOKEN = re.compile(r"\w+")
EXAMPLES_PER_CATEGORY = 3


@dataclass
class Attribution:
    """One attribution: the character spans of each role (source may be empty)."""

    source: list[Span] = field(default_factory=list)
    cue: list[Span] = field(default_factory=list)
    content: list[Span] = field(default_factory=list)
    label: str = ""  # gold: the E id; predicted: the quote's rule


@dataclass
class GoldArticle:
    name: str
    text: str
    attributions: list[Attribution]


RoleScore = MatchCounts  # tp, predicted, gold of one role (source, cue, content) in one mode


@dataclass
class PolnearReport:
    split: str
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    paired: int = 0
    failures: int = 0
    scores: dict[tuple[str, str], RoleScore] = field(default_factory=dict)  # (mode, role)
    errors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def f1(self, mode: str, role: str) -> float:
        return self.scores[(mode, role)].f1


# --- gold --------------------------------------------------------------------------------------------

def parse_fragments(offsets: str) -> list[Span]:
    """``"2103 2168;2170 2425"`` -> ``[(2103, 2168), (2170, 2425)]``."""
    return [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]


def read_annotation(text: str) -> list[Attribution]:
    """The attributions of one brat ``.ann`` file (E lines without cue and content are skipped)."""
    spans: dict[str, list[Span]] = {}
    links = []
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2 and " " in parts[1]:
            spans[parts[0]] = parse_fragments(parts[1].split(" ", 1)[1])
        elif line.startswith("E") and len(parts) >= 2:
            links.append((parts[0], parts[1].split()))
    found = []
    for label, arguments in links:
        attribution = Attribution(label=label)
        for argument in arguments:
            role, _, target = argument.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in ROLES:
                getattr(attribution, role).extend(spans.get(target, []))
        if attribution.cue or attribution.content:
            found.append(attribution)
    return found


def load_gold(data_dir: str, split: str = "dev", limit: Optional[int] = None) -> list[GoldArticle]:
    """The gold articles of ``split`` in name order (the first ``limit`` of them); ``data_dir`` is the
    PolNeAR folder or its ``data`` folder (either holds ``<split>/attributions`` and ``<split>/text``)."""
    root = Path(data_dir) / "data" / split
    if not root.is_dir():
        root = Path(data_dir) / split
    annotations: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        annotations.setdefault(path.stem.rsplit("_", 1)[0], path)
    articles = []
    for name, path in sorted(annotations.items())[:limit]:
        text_path = root / "text" / f"{name}.txt"
        if text_path.exists():
            text = text_path.read_text(encoding="utf-8")
            articles.append(GoldArticle(name, text, read_annotation(path.read_text(encoding="utf-8"))))
    return articles


# --- predictions -------------------------------------------------------------------------------------

def quote_attribution(quote: Quote) -> Attribution:
    return Attribution(source=[quote.speaker.span] if quote.speaker.span else [],
                       cue=[quote.cue.span] if quote.cue else [],
                       content=list(quote.mentions) or [quote.span], label=quote.rule)


def analyse_texts(texts: Sequence[str]) -> list[Optional[Article]]:
    """Each text through entities and quotes, uncleaned (None where the article failed)."""
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(stages=["entities", "quotes"])
    return [r if isinstance(r, Article) else None for r in pipeline.run(Article(text=t) for t in texts)]


# --- scoring -----------------------------------------------------------------------------------------

class Tokens:
    """The word tokens of one text, to turn character spans into token sets."""

    def __init__(self, text: str):
        self.starts, self.ends = [], []
        for match in TOKEN.finditer(text):
            self.starts.append(match.start())
            self.ends.append(match.end())

    def of(self, spans: Iterable[Span]) -> frozenset[int]:
        found: set[int] = set()
        for start, end in spans:
            first = bisect.bisect_right(self.ends, start)
            last = bisect.bisect_left(self.starts, end)
            found.update(range(first, last))
        return frozenset(found)


@dataclass
class TokenAttribution:
    roles: dict[str, frozenset[int]]
    source: Attribution


def to_tokens(attribution: Attribution, tokens: Tokens) -> TokenAttribution:
    return TokenAttribution({r: tokens.of(getattr(attribution, r)) for r in ROLES}, attribution)


def pair(predicted: list[TokenAttribution], gold: list[TokenAttribution]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index), greedily by shared content and cue tokens."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            shared = len(p.roles["content"] & g.roles["content"]) + len(p.roles["cue"] & g.roles["cue"])
            if shared:
                candidates.append((-shared, j, i))
    used_p, used_g, pairs = set(), set(), []
    for _, j, i in sorted(candidates):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def role_matches(predicted: frozenset[int], gold: frozenset[int], mode: str) -> bool:
    if not predicted or not gold:
        return False
    if mode == "exact":
        return predicted == gold
    return 2 * len(predicted & gold) >= len(gold)


def score_article(report: PolnearReport, gold: GoldArticle, quotes: Sequence[Quote]) -> None:
    """Add one article's counts (and its errors) to ``report``."""
    tokens = Tokens(gold.text)
    predicted = [to_tokens(quote_attribution(q), tokens) for q in quotes]
    truth = [to_tokens(a, tokens) for a in gold.attributions]
    pairs = pair(predicted, truth)
    report.articles += 1
    report.gold += len(truth)
    report.predicted += len(predicted)
    report.paired += len(pairs)
    for mode in MODES:
        for role in ROLES:
            score = report.scores.setdefault((mode, role), RoleScore())
            score.predicted += sum(1 for p in predicted if p.roles[role])
            score.gold += sum(1 for g in truth if g.roles[role])
            score.tp += sum(1 for i, j in pairs if role_matches(predicted[i].roles[role], truth[j].roles[role], mode))
    record_errors(report, gold.text, predicted, truth, pairs, quotes)


# --- errors ------------------------------------------------------------------------------------------

def _words(text: str, spans: Sequence[Span]) -> str:
    return " … ".join(re.sub(r"\s+", " ", text[s:e]) for s, e in sorted(spans))


def _note(report: PolnearReport, category: str, key: str, example: str) -> None:
    report.errors[category][key] += 1
    if len(report.examples[category]) < EXAMPLES_PER_CATEGORY * 4:
        report.examples[category].append(f"[{key}] {example[:240]}")


def _boundary(predicted: frozenset[int], gold: frozenset[int]) -> str:
    sides = []
    if min(predicted) != min(gold):
        sides.append("starts early" if min(predicted) < min(gold) else "starts late")
    if max(predicted) != max(gold):
        sides.append("ends late" if max(predicted) > max(gold) else "ends early")
    return ", ".join(sides) or "gaps differ"


def record_errors(report: PolnearReport, text: str, predicted: list[TokenAttribution],
                  truth: list[TokenAttribution], pairs: list[tuple[int, int]], quotes: Sequence[Quote]) -> None:
    """Count the error categories of one article, keeping a few examples of each."""
    paired_p, paired_g = {i for i, _ in pairs}, {j for _, j in pairs}
    for j, g in enumerate(truth):
        if j not in paired_g:
            cue = _words(text, g.source.cue).lower() or "(no cue)"
            _note(report, "missed attribution (gold cue)", cue, _words(text, g.source.content))
    for i, p in enumerate(predicted):
        if i not in paired_p:
            lemma = quotes[i].cue.lemma if quotes[i].cue else "(no cue)"
            _note(report, "false attribution (cue lemma)", lemma, f"{quotes[i].rule}: {quotes[i].text}")
    for i, j in pairs:
        _record_pair(report, text, predicted[i], truth[j])


def _record_pair(report: PolnearReport, text: str, p: TokenAttribution, g: TokenAttribution) -> None:
    for role in ROLES:
        mine, gold = p.roles[role], g.roles[role]
        example = f"gold «{_words(text, getattr(g.source, role))}» / ours «{_words(text, getattr(p.source, role))}»"
        if gold and not mine:
            _note(report, f"{role} missing", _words(text, getattr(g.source, role)).lower()[:40], example)
        elif mine and not gold:
            _note(report, f"{role} extra", p.source.label.split("+")[0], example)
        elif mine and gold and not role_matches(mine, gold, "overlap"):
            _note(report, f"{role} wrong", p.source.label.split("+")[0], example)
        elif mine and gold and mine != gold:
            _note(report, f"{role} boundary", _boundary(mine, gold), example)


def evaluate_polnear(data_dir: str, split: str = "dev", limit: Optional[int] = None) -> PolnearReport:
    """Analyse the ``split`` texts of PolNeAR at ``data_dir`` and score their quotes."""
    gold = load_gold(data_dir, split, limit)
    if not gold:
        raise FileNotFoundError(f"no PolNeAR {split} annotations under {Path(data_dir)} (looked in data/{split} and {split})")
    report = PolnearReport(split)
    for article, analysed in zip(gold, analyse_texts([g.text for g in gold])):
        report.failures += analysed is None
        score_article(report, article, analysed.quotes if analysed is not None else [])
    return report


def format_report(report: PolnearReport) -> str:
    """The scores as a table, then the commonest errors with examples."""
    lines = [f"PolNeAR {report.split}: {report.articles} articles, {report.gold} gold attributions, "
             f"{report.predicted} predicted, {report.paired} paired, {report.failures} failed",
             f"{'mode':8} {'role':8} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}"]
    for mode in MODES:
        for role in ROLES:
            s = report.scores.get((mode, role), RoleScore())
            lines.append(f"{mode:8} {role:8} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                         f"{s.tp:6d} {s.predicted:6d} {s.gold:6d}")
    return "\n".join(lines + ["", format_errors(report)])


def format_errors(report: PolnearReport, top: int = 12) -> str:
    """Each error category by count, with its commonest keys and a few examples."""
    lines = []
    for category, counts in sorted(report.errors.items(), key=lambda kv: -sum(kv[1].values())):
        common = ", ".join(f"{key} {n}" for key, n in counts.most_common(top))
        lines.append(f"{category}: {sum(counts.values())} ({common})")
        lines.extend(f"    {example}" for example in report.examples[category][:EXAMPLES_PER_CATEGORY])
    return "\n".join(lines)
