"""newsgraph's own event corpus: whole news articles, every sentence labelled (docs/event_annotation.md).

The corpus file (``gold/events.jsonl``) holds no article text: each line is one article with a
pointer to its source record in ../shared/corpora, the SHA-256 of that record's text, its split,
its sentences as ``[start, end)`` offsets and, per sentence, its kind and its events with offsets.
``load_corpus`` reads the pointers back into the texts and checks the hashes.

Annotators write label files with the words of each span (easier to write and to check by eye);
``spans_of_label`` turns them into offsets, and ``check_label_lines`` says what is wrong with them.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

CATEGORIES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
              "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
KINDS = ("body", "headline", "caption", "link", "byline", "boilerplate")
MODALITIES = ("asserted", "intended", "hypothetical", "conditional")
SECTORS = ("GOV", "MIL", "LEG", "JUD", "COP", "REB", "OPP", "UAF", "CVL", "REF", "MED", "EDU", "LAB",
           "ELI", "REL", "CRM", "BUS")
NON_COUNTRY_CODES = ("IGO", "NGO", "MNC", "IMG", "XKX", "PSE")
CORPUS_FILE = Path(__file__).parent / "gold" / "events.jsonl"


@dataclass(frozen=True)
class SourceRecord:
    """Where an article's text lives beside the project (paths relative to ../shared)."""

    corpus: str  # allsides-world | reuters-21578
    file: str
    key: str  # the record's ID (AllSides) or NEWID (Reuters)

    def as_dict(self) -> dict:
        return {"corpus": self.corpus, "file": self.file, "key": self.key}


@dataclass
class SourceArticle:
    record: SourceRecord
    text: str
    title: Optional[str]
    published: Optional[str]
    source: Optional[str]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def reuters_date(value: str) -> Optional[str]:
    """'26-MAR-1987 12:12:57.76' -> '1987-03-26'."""
    from datetime import datetime

    try:
        return datetime.strptime(value.strip().split()[0], "%d-%b-%Y").date().isoformat()
    except (ValueError, IndexError):
        return None


def allsides_articles(shared: Path) -> Iterator[SourceArticle]:
    file = "corpora/allsides-world/articles.jsonl"
    with open(shared / file, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("content_original") or ""
            if text.strip():
                yield SourceArticle(SourceRecord("allsides-world", file, record["ID"]), text,
                                    record.get("title"), record.get("date"), record.get("source"))


def reuters_articles(shared: Path) -> Iterator[SourceArticle]:
    folder = shared / "corpora/reuters-21578/json-data"
    for path in sorted(folder.glob("*.json")):
        file = f"corpora/reuters-21578/json-data/{path.name}"
        for record in json.loads(path.read_text(encoding="utf-8")):
            text = record.get("body") or ""
            if text.strip():
                yield SourceArticle(SourceRecord("reuters-21578", file, record["attrs"]["newid"]), text,
                                    record.get("title"), reuters_date(record.get("date", "")), "Reuters")


def source_article(shared: Path, record: SourceRecord) -> SourceArticle:
    """The article a pointer names (reads its file; Reuters files are 1,000 records each)."""
    if record.corpus == "allsides-world":
        found = (a for a in allsides_articles(shared) if a.record.key == record.key)
    else:
        path = shared / record.file
        found = (SourceArticle(record, r.get("body") or "", r.get("title"), reuters_date(r.get("date", "")), "Reuters")
                 for r in json.loads(path.read_text(encoding="utf-8")) if r["attrs"]["newid"] == record.key)
    article = next(found, None)
    if article is None:
        raise ValueError(f"record {record.key} not found in {record.file}")
    return article


def sentence_spans(doc) -> list[tuple[int, int]]:
    """The sentences of a parsed text as [start, end) offsets, surrounding white space left out,
    empty ones dropped: the units annotators label."""
    spans = []
    for sentence in doc.sents:
        text = sentence.text
        start = sentence.start_char + (len(text) - len(text.lstrip()))
        end = sentence.end_char - (len(text) - len(text.rstrip()))
        if end > start:
            spans.append((start, end))
    return spans


# --- label lines (annotators' files) -------------------------------------------------------------

def find_words(sentence: str, words: str, nth: int = 1) -> Optional[tuple[int, int]]:
    """[start, end) of the nth occurrence of ``words`` in ``sentence``, white space matched loosely
    (a line break in the text matches a space in the label); None when absent."""
    parts = [re.escape(part) for part in words.split()]
    if not parts:
        return None
    pattern = re.compile(r"\s+".join(parts))
    matches = list(pattern.finditer(sentence))
    if len(matches) < nth or nth < 1:
        return None
    match = matches[nth - 1]
    return match.start(), match.end()


def check_actor(actor: object, sentence: str, where: str) -> list[str]:
    if not isinstance(actor, dict):
        return [f"{where}: an actor must be an object with text, code, sector"]
    problems = []
    text, code, sector = actor.get("text"), actor.get("code"), actor.get("sector")
    if text is not None and (not isinstance(text, str) or find_words(sentence, text, actor.get("nth", 1)) is None):
        problems.append(f"{where}: actor text {text!r} is not in the sentence")
    if code is not None and not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)):
        problems.append(f"{where}: code {code!r} is not a three-letter code")
    if sector is not None and sector not in SECTORS:
        problems.append(f"{where}: sector {sector!r} is not one of {' '.join(SECTORS)}")
    return problems


def check_event(event: object, sentence: str, where: str) -> list[str]:
    if not isinstance(event, dict):
        return [f"{where}: an event must be an object"]
    problems = []
    trigger = event.get("trigger")
    if not isinstance(trigger, str) or find_words(sentence, trigger, event.get("trigger_nth", 1)) is None:
        problems.append(f"{where}: trigger {trigger!r} (occurrence {event.get('trigger_nth', 1)}) is not in the sentence")
    if event.get("category") not in CATEGORIES:
        problems.append(f"{where}: category {event.get('category')!r} is not a PLOVER category")
    cameo = event.get("cameo")
    if not (isinstance(cameo, str) and re.fullmatch(r"\d{2,4}", cameo)):
        problems.append(f"{where}: cameo {cameo!r} must be a 2-4 digit code string")
    if event.get("modality") not in MODALITIES:
        problems.append(f"{where}: modality {event.get('modality')!r} is not one of {', '.join(MODALITIES)}")
    for flag in ("negated", "reported"):
        if not isinstance(event.get(flag), bool):
            problems.append(f"{where}: {flag} must be true or false")
    for side in ("source", "target"):
        actors = event.get(side)
        if not isinstance(actors, list):
            problems.append(f"{where}: {side} must be a list (empty when there is none)")
            continue
        for number, actor in enumerate(actors, 1):
            problems += check_actor(actor, sentence, f"{where} {side} {number}")
    return problems


def check_label_lines(lines: list[str], sentences: list[str]) -> list[str]:
    """Everything wrong with an annotator's label file for an article of these sentences."""
    problems, seen = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            label = json.loads(line)
        except ValueError as error:
            problems.append(f"line {number}: not JSON ({error})")
            continue
        s = label.get("s") if isinstance(label, dict) else None
        if not isinstance(s, int) or not 1 <= s <= len(sentences):
            problems.append(f"line {number}: 's' must be a sentence number 1..{len(sentences)}")
            continue
        seen.append(s)
        if label.get("kind") not in KINDS:
            problems.append(f"sentence {s}: kind {label.get('kind')!r} is not one of {', '.join(KINDS)}")
        events = label.get("events")
        if not isinstance(events, list):
            problems.append(f"sentence {s}: events must be a list")
            continue
        if events and label.get("kind") != "body":
            problems.append(f"sentence {s}: only body sentences carry events")
        for index, event in enumerate(events, 1):
            problems += check_event(event, sentences[s - 1], f"sentence {s} event {index}")
    missing = sorted(set(range(1, len(sentences) + 1)) - set(seen))
    repeated = sorted({s for s in seen if seen.count(s) > 1})
    if missing:
        problems.append(f"sentences without a label line: {missing}")
    if repeated:
        problems.append(f"sentences labelled more than once: {repeated}")
    return problems


# --- the corpus: offsets only --------------------------------------------------------------------

@dataclass
class GoldActor:
    span: Optional[tuple[int, int]]  # article offsets; None for an implied actor
    code: Optional[str]
    sector: Optional[str]

    @property
    def full_code(self) -> Optional[str]:
        """'RUS GOV', 'RUS', or None: what a code is compared as (country and sector both count)."""
        if not self.code and not self.sector:
            return None
        return " ".join(part for part in (self.code, self.sector) if part)


@dataclass
class GoldEvent:
    trigger: tuple[int, int]
    category: str
    cameo: str
    source: list[GoldActor]
    target: list[GoldActor]
    negated: bool
    modality: str
    reported: bool


@dataclass
class GoldSentence:
    span: tuple[int, int]
    kind: str
    events: list[GoldEvent] = field(default_factory=list)


@dataclass
class GoldArticle:
    id: str  # e.g. "as-0007"
    record: SourceRecord
    split: str
    text_sha256: str
    sentences: list[GoldSentence]
    text: str = ""  # filled by load_corpus from ../shared
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None


def actor_of_label(actor: dict, sentence: str, offset: int) -> GoldActor:
    span = None
    if actor.get("text"):
        found = find_words(sentence, actor["text"], actor.get("nth", 1))
        span = (found[0] + offset, found[1] + offset) if found else None
    return GoldActor(span, actor.get("code"), actor.get("sector"))


def event_of_label(event: dict, sentence: str, offset: int) -> GoldEvent:
    start, end = find_words(sentence, event["trigger"], event.get("trigger_nth", 1))
    return GoldEvent((start + offset, end + offset), event["category"], event["cameo"],
                     [actor_of_label(a, sentence, offset) for a in event["source"]],
                     [actor_of_label(a, sentence, offset) for a in event["target"]],
                     event["negated"], event["modality"], event["reported"])


def sentences_of_labels(labels: list[dict], text: str, spans: list[tuple[int, int]]) -> list[GoldSentence]:
    by_number = {label["s"]: label for label in labels}
    sentences = []
    for number, (start, end) in enumerate(spans, 1):
        label = by_number[number]
        events = [event_of_label(e, text[start:end], start) for e in label["events"]]
        sentences.append(GoldSentence((start, end), label["kind"], events))
    return sentences


def actor_json(actor: GoldActor) -> dict:
    return {"span": list(actor.span) if actor.span else None, "code": actor.code, "sector": actor.sector}


def article_json(article: GoldArticle) -> dict:
    return {
        "id": article.id, "record": article.record.as_dict(), "split": article.split,
        "text_sha256": article.text_sha256,
        "sentences": [{"span": list(s.span), "kind": s.kind, "events": [
            {"trigger": list(e.trigger), "category": e.category, "cameo": e.cameo,
             "source": [actor_json(a) for a in e.source], "target": [actor_json(a) for a in e.target],
             "negated": e.negated, "modality": e.modality, "reported": e.reported}
            for e in s.events]} for s in article.sentences],
    }


def actor_from_json(data: dict) -> GoldActor:
    return GoldActor(tuple(data["span"]) if data["span"] else None, data["code"], data["sector"])


def article_from_json(data: dict) -> GoldArticle:
    sentences = [GoldSentence(tuple(s["span"]), s["kind"], [
        GoldEvent(tuple(e["trigger"]), e["category"], e["cameo"],
                  [actor_from_json(a) for a in e["source"]], [actor_from_json(a) for a in e["target"]],
                  e["negated"], e["modality"], e["reported"]) for e in s["events"]])
        for s in data["sentences"]]
    return GoldArticle(data["id"], SourceRecord(**data["record"]), data["split"], data["text_sha256"], sentences)


def read_corpus(path: Path = CORPUS_FILE) -> list[GoldArticle]:
    """The corpus's articles without their texts."""
    with open(path, encoding="utf-8") as lines:
        return [article_from_json(json.loads(line)) for line in lines if line.strip()]


def load_corpus(shared: Path, splits: tuple[str, ...] = ("train", "dev"), path: Path = CORPUS_FILE) -> list[GoldArticle]:
    """The corpus's articles of ``splits`` with their texts read from ``shared``; a text whose hash
    differs from the recorded one is an error (the offsets would point elsewhere)."""
    articles = [a for a in read_corpus(path) if a.split in splits]
    for article in articles:
        source = source_article(Path(shared), article.record)
        if text_hash(source.text) != article.text_sha256:
            raise ValueError(f"{article.id}: the text of {article.record.file} {article.record.key} has changed")
        article.text, article.title, article.published, article.source = (
            source.text, source.title, source.published, source.source)
    return articles


# --- evaluation ----------------------------------------------------------------------------------

EVALUATED_STAGES = ("sentence_kinds", "entities", "quotes")  # then the events stage, with the model asked for


def analysed_articles(articles: list[GoldArticle], event_model=None, settings=None) -> list:
    """Each gold article's text analysed as plain text, kept exactly as stored (the offsets are into
    that text), its events coded with ``event_model`` (None: the rule coder alone), with the
    lexicons of ``settings`` (its dictionaries)."""
    from newsgraph.extract.events.stage import article_events
    from newsgraph.model import Article
    from newsgraph.pipeline import apply_stages, checked_lexicons, load_nlp, ordered_stages
    from newsgraph.settings import Settings

    settings = settings or Settings()
    nlp, stages, lexicons = load_nlp(settings.model), ordered_stages(EVALUATED_STAGES), checked_lexicons(settings)
    results = []
    for gold, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        article = Article(text=gold.text, title=gold.title, published=gold.published, source=gold.source)
        article.doc = doc
        result = apply_stages(article, stages, lexicons)
        if isinstance(result, Article):
            result.events = article_events(result, event_model, lexicons)
            result.doc = None
        results.append(result)
    return results


def evaluate_event_corpus(shared: str, splits: tuple[str, ...], event_model=None, settings=None,
                          path: Path = CORPUS_FILE):
    """Strict event scores on the corpus articles of ``splits``."""
    from newsgraph.evaluate.event_scoring import EventScores, score_article, scored_gold, scored_prediction
    from newsgraph.model import Article

    articles = load_corpus(Path(shared), splits, path)
    scores = EventScores()
    for gold, result in zip(articles, analysed_articles(articles, event_model, settings)):
        predicted = [scored_prediction(e) for e in result.events] if isinstance(result, Article) else []
        score_article(scores, [s.span for s in gold.sentences],
                      [[scored_gold(e) for e in s.events] for s in gold.sentences], predicted)
    return articles, scores
