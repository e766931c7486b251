"""The records every stage shares: Article and what is extracted from it.

Every extracted item carries ``[start, end)`` character offsets into ``Article.text`` and the
``rule`` that produced it.  ``to_json`` gives the documented output contract (docs/output.md);
``article_from_json`` reads it back.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

Span = tuple[int, int]

ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "GROUP")
QUOTE_KINDS = ("direct", "indirect", "mixed")
MODALITIES = ("asserted", "intended", "hypothetical", "conditional")
EVENT_CONTEXT_FIELDS = ("date", "date_text", "place", "place_country", "latitude", "longitude", "date_precision")
DATE_PRECISIONS = ("day", "week", "month", "year")
SENTENCE_KINDS = ("body", "headline", "caption", "link", "byline", "boilerplate")


@dataclass
class Mention:
    """One place in the text where an entity is referred to."""

    start: int
    end: int
    text: str
    kind: str  # name | title | nominal | pronoun | acronym
    rule: str


@dataclass
class Entity:
    """A canonical person, organisation, place or group of one article, with all its mentions."""

    id: str
    name: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    role: Optional[str] = None
    affiliation: Optional[str] = None  # id-free name of the organisation or country it belongs to
    code: Optional[str] = None  # PLOVER primary actor code: ISO alpha-3, IGO, NGO, MNC, ...
    country: Optional[str] = None  # ISO 3166 alpha-3
    sector: Optional[str] = None  # PLOVER sector: GOV MIL LEG JUD COP REB OPP BUS MED CVL ...
    rule: str = ""

    def spans(self) -> list[Span]:
        return sorted((m.start, m.end) for m in self.mentions)


@dataclass
class Speaker:
    entity: Optional[str] = None  # resolved canonical entity id
    name: Optional[str] = None  # resolved canonical name (or the description of an anonymous source)
    span: Optional[Span] = None  # the mention that speaks in this sentence ("he")
    anonymous: bool = False


@dataclass
class Cue:
    text: str
    lemma: str
    span: Span


@dataclass
class Quote:
    id: str
    kind: str  # direct | indirect | mixed
    text: str
    span: Span  # the quoted content of the first mention
    speaker: Speaker
    cue: Optional[Cue]
    medium: Optional[str] = None
    mentions: list[Span] = field(default_factory=list)  # every place this quotation appears
    rule: str = ""


@dataclass
class ActorRef:
    entity: Optional[str]
    name: str
    code: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None


@dataclass
class Event:
    id: str
    source: list[ActorRef]
    target: list[ActorRef]
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: Optional[str]
    negated: bool
    modality: str  # asserted | intended | hypothetical | conditional
    sentence: Span
    trigger: Span
    text: str  # the trigger words, for reading
    reported_by: Optional[str] = None  # id of the quote the event was reported in
    rule: str = ""
    date: Optional[str] = None  # ISO date of the event (from the text, else the publication date)
    date_text: Optional[str] = None  # the expression the date comes from ("on Wednesday")
    date_precision: Optional[str] = None  # day | week | month | year: how precise ``date`` is
    place: Optional[str] = None  # where it happened (city or country name)
    place_country: Optional[str] = None  # ISO alpha-3 of that place
    latitude: Optional[float] = None
    longitude: Optional[float] = None


@dataclass
class Amount:
    value: float
    unit: str
    text: str
    span: Span
    object: Optional[str] = None  # what it measures ("defence spending")
    qualifier: Optional[str] = None  # at least | at most | about | ...
    actor: Optional[str] = None  # entity id of who commits
    time: Optional[str] = None  # the deadline or date phrase
    rule: str = ""


@dataclass
class NonBodySentence:
    """A sentence of the text that is not article body: a headline, photo caption or credit, link
    to another story, byline or boilerplate; kept as text, never a source of quotes or events."""

    span: Span
    kind: str  # headline | caption | link | byline | boilerplate
    rule: str  # the rule that decided it (lexicon file and row, or layout rule)
    evidence: str = ""  # the words or the layout fact the rule saw


@dataclass
class Tone:
    """An article's tone in GDELT's V1.5TONE form (newsgraph/extract/tone.py): percentages of its words."""

    tone: float  # positive - negative
    positive: float  # % of the words that are positive
    negative: float  # % of the words that are negative
    polarity: float  # positive + negative
    activity_density: float  # % of the words that are activity words (main verbs)
    self_group_density: float  # % of the words that are pronouns of self and group
    word_count: int


@dataclass
class Failure:
    """An input that could not be read; recorded, never fatal."""

    path: str
    reason: str
    record: Optional[str] = None  # record index, byte offset, ...
    stage: str = "ingest"


@dataclass
class Duplicate:
    """An article that repeats one already seen; linked to it, not extracted again."""

    article_id: str
    canonical_id: str
    kind: str  # exact | near
    similarity: float
    origin: Optional[str] = None
    source: Optional[str] = None
    title: Optional[str] = None


@dataclass
class Skipped:
    """An article left out on purpose (e.g. not in English), with why."""

    article_id: str
    reason: str
    origin: Optional[str] = None
    language: Optional[str] = None
    title: Optional[str] = None


@dataclass
class Article:
    text: str
    title: Optional[str] = None
    section: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None  # ISO 8601 date or datetime
    authors: list[str] = field(default_factory=list)
    language: Optional[str] = "en"
    key_points: list[str] = field(default_factory=list)
    key_point_spans: list[Span] = field(default_factory=list)  # where each key point is in text
    headings: list[str] = field(default_factory=list)
    origin: Optional[str] = None  # where the input came from (path, record)
    id: str = ""
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    non_body: list[NonBodySentence] = field(default_factory=list)  # sentences that are not article body
    tone: Optional[Tone] = None  # set by the tone stage
    doc: Any = field(default=None, repr=False, compare=False)  # spaCy Doc while in the pipeline

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text)

    def entity(self, entity_id: Optional[str]) -> Optional[Entity]:
        return next((e for e in self.entities if e.id == entity_id), None)

    def mention_at(self, start: int, end: int) -> Optional[tuple[Entity, Mention]]:
        """The entity mention that covers most of ``[start, end)`` (the shorter one on a tie)."""
        found = [(-(min(end, m.end) - max(start, m.start)), m.end - m.start, entity.id, entity, m)
                 for entity in self.entities for m in entity.mentions if m.start < end and start < m.end]
        return min(found, key=lambda f: f[:3])[3:] if found else None

    def entity_at(self, start: int, end: int) -> Optional[Entity]:
        found = self.mention_at(start, end)
        return found[0] if found else None


class MentionIndex:
    """``Article.mention_at`` over entities that no longer change, found by bisection on the mentions'
    starts: for a stage that asks for many words of one article."""

    def __init__(self, entities: list[Entity]):
        pairs = sorted(((e, m) for e in entities for m in e.mentions), key=lambda pair: pair[1].start)
        self.pairs = pairs
        self.starts = [m.start for _, m in pairs]
        self.longest = max((m.end - m.start for _, m in pairs), default=0)

    def mention_at(self, start: int, end: int) -> Optional[tuple[Entity, Mention]]:
        """The mention covering most of ``[start, end)``, as ``Article.mention_at`` chooses it."""
        low = bisect_left(self.starts, start - self.longest + 1)  # a mention ending after start begins no earlier
        found = [(-(min(end, m.end) - max(start, m.start)), m.end - m.start, entity.id, entity, m)
                 for entity, m in self.pairs[low:bisect_left(self.starts, end, low)] if start < m.end]
        return min(found, key=lambda f: f[:3])[3:] if found else None

    def entity_at(self, start: int, end: int) -> Optional[Entity]:
        found = self.mention_at(start, end)
        return found[0] if found else None


def normalise_text(text: str) -> str:
    """Case-folded text with runs of white space folded, for hashing and comparison."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def article_id(text: str) -> str:
    """A stable id from the normalised text: the same story gives the same id."""
    return hashlib.sha1(normalise_text(text).encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


def entity_to_json(entity: Entity) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "role": entity.role,
        "affiliation": entity.affiliation,
        "code": entity.code,
        "country": entity.country,
        "sector": entity.sector,
        "mentions": [list(s) for s in entity.spans()],
        "rule": entity.rule,
    }


def quote_to_json(quote: Quote) -> dict:
    data = asdict(quote)
    data["span"] = list(quote.span)
    data["speaker"]["span"] = list(quote.speaker.span) if quote.speaker.span else None
    if quote.cue:
        data["cue"]["span"] = list(quote.cue.span)
    data["mentions"] = [list(s) for s in quote.mentions]
    return data


def event_to_json(event: Event) -> dict:
    data = asdict(event)
    data["sentence"] = list(event.sentence)
    data["trigger"] = list(event.trigger)
    return data


def amount_to_json(amount: Amount) -> dict:
    data = asdict(amount)
    data["span"] = list(amount.span)
    return data


def non_body_to_json(sentence: NonBodySentence) -> dict:
    return {"kind": sentence.kind, "span": list(sentence.span), "rule": sentence.rule, "evidence": sentence.evidence}


def to_json(article: Article) -> dict:
    """The documented JSON form of an analysed article (docs/output.md)."""
    return {
        "id": article.id,
        "title": article.title,
        "section": article.section,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "authors": article.authors,
        "language": article.language,
        "origin": article.origin,
        "text": article.text,
        "key_points": article.key_points,
        "headings": article.headings,
        "non_body": [non_body_to_json(s) for s in article.non_body],
        "entities": [entity_to_json(e) for e in article.entities],
        "quotes": [quote_to_json(q) for q in article.quotes],
        "events": [event_to_json(e) for e in article.events],
        "amounts": [amount_to_json(a) for a in article.amounts],
        "tone": asdict(article.tone) if article.tone else None,
    }


def _span(value) -> Optional[Span]:
    return (int(value[0]), int(value[1])) if value is not None else None


def article_from_json(data: dict) -> Article:
    """Inverse of ``to_json`` (mention kinds and rules that JSON does not carry come back empty)."""
    article = Article(
        text=data["text"],
        **{k: data.get(k) for k in ("title", "section", "source", "url", "published", "language", "origin")},
        authors=list(data.get("authors") or []),
        key_points=list(data.get("key_points") or []),
        headings=list(data.get("headings") or []),
        id=data.get("id") or "",
        non_body=[NonBodySentence(_span(s["span"]), s["kind"], s.get("rule", ""), s.get("evidence", ""))
                  for s in data.get("non_body", [])],
    )
    for e in data.get("entities", []):
        mentions = [Mention(s, t, article.text[s:t], "", "") for s, t in e["mentions"]]
        fields = {k: e.get(k) for k in ("role", "affiliation", "code", "country", "sector")}
        article.entities.append(Entity(e["id"], e["name"], e["type"], mentions, **fields, rule=e.get("rule", "")))
    for q in data.get("quotes", []):
        speaker = Speaker(q["speaker"]["entity"], q["speaker"]["name"], _span(q["speaker"]["span"]),
                          q["speaker"].get("anonymous", False))
        cue = Cue(q["cue"]["text"], q["cue"]["lemma"], _span(q["cue"]["span"])) if q.get("cue") else None
        article.quotes.append(Quote(q["id"], q["kind"], q["text"], _span(q["span"]), speaker, cue,
                                    q.get("medium"), [_span(m) for m in q["mentions"]], q.get("rule", "")))
    for v in data.get("events", []):
        actors = {side: [ActorRef(**a) for a in v[side]] for side in ("source", "target")}
        fields = {k: v[k] for k in ("id", "cameo", "root", "quad_class", "goldstein", "plover", "negated",
                                    "modality", "text", "reported_by", "rule")}
        fields.update({k: v.get(k) for k in EVENT_CONTEXT_FIELDS})
        article.events.append(Event(**fields, **actors, sentence=_span(v["sentence"]), trigger=_span(v["trigger"])))
    for a in data.get("amounts", []):
        article.amounts.append(Amount(**{**a, "span": _span(a["span"])}))
    article.tone = Tone(**data["tone"]) if data.get("tone") else None
    return article
