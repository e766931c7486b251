"""An article's text as HTML with its records highlighted where they stand: quotations (``<mark>``),
event triggers and entity mentions (``<span>``), each carrying a ``data-tip`` and ``title`` that say
who speaks, the codes, the modality and the rule, and ``tabindex=0`` so keyboard focus shows it too;
the sentences of events carry ``id="offset-N"`` (N their first character) for links from event lists.

Highlights may overlap in any way (a mention crossing a quotation's end); the HTML must nest, so an
element still open where an inner one ends is closed and opened again (its second piece has the
same tip, no id and no tab stop). Every piece of text and every attribute is escaped here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from markupsafe import Markup, escape

from newsgraph.model import Article, Entity, Event, Quote

LAYERS = {"sentence": 0, "quote": 1, "event": 2, "entity": 3}  # outer first when two start together
TAGS = {"sentence": "span", "quote": "mark", "event": "span", "entity": "span"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str  # sentence | quote | event | entity
    tip: str = ""  # what hover and focus show
    anchor: Optional[str] = None  # the element's id (sentences of events: offset-N)
    css: str = ""  # extra classes (the event's QuadClass, the quote's kind)


def quote_tip(quote: Quote) -> str:
    speaker = quote.speaker.name or "unknown speaker"
    parts = [f"{quote.kind} quote", f"speaker: {speaker}" + (" (anonymous)" if quote.speaker.anonymous else "")]
    if quote.cue:
        parts.append(f"cue: {quote.cue.text}")
    if quote.medium:
        parts.append(f"medium: {quote.medium}")
    parts.append(f"rule: {quote.rule}")
    return " · ".join(parts)


def sides(actors) -> str:
    return " + ".join(f"{actor.name} ({actor.code or '?'}{actor.sector or ''})" for actor in actors) or "—"


def event_tip(event: Event) -> str:
    parts = [f"event {event.cameo} (root {event.root}, QuadClass {event.quad_class} "
             f"{QUAD_NAMES.get(event.quad_class, '')}, Goldstein {event.goldstein:g})",
             f"{sides(event.source)} → {sides(event.target)}",
             f"PLOVER: {event.plover or '—'}", f"modality: {event.modality}" + (", negated" if event.negated else "")]
    if event.date:
        parts.append(f"date: {event.date}")
    parts.append(f"rule: {event.rule}")
    return " · ".join(parts)


def entity_tip(entity: Entity) -> str:
    codes = " ".join(value for value in (entity.code, entity.country, entity.sector) if value)
    parts = [f"{entity.name} ({entity.type})"]
    if entity.role or entity.affiliation:
        parts.append(", ".join(value for value in (entity.role, entity.affiliation) if value))
    if codes:
        parts.append(f"codes: {codes}")
    parts.append(f"rule: {entity.rule}")
    return " · ".join(parts)


def article_highlights(article: Article) -> list[Highlight]:
    """Every quotation mention, event trigger and sentence, and entity mention of ``article``."""
    found = []
    for quote in article.quotes:
        tip = quote_tip(quote)
        for start, end in quote.mentions or [quote.span]:
            found.append(Highlight(start, end, "quote", tip, css=f"quote-{quote.kind}"))
    sentences = {}
    for event in article.events:
        sentences.setdefault(event.sentence, Highlight(*event.sentence, "sentence", anchor=f"offset-{event.sentence[0]}"))
        unasserted = "" if event.modality == "asserted" and not event.negated else " unasserted"
        found.append(Highlight(*event.trigger, "event", event_tip(event), css=f"quad-{event.quad_class}{unasserted}"))
    for entity in article.entities:
        tip = entity_tip(entity)
        found += [Highlight(m.start, m.end, "entity", tip, css=f"entity-{entity.type.lower()}") for m in entity.mentions]
    return list(sentences.values()) + found


def open_tag(highlight: Highlight, first: bool) -> Markup:
    kind = highlight.kind
    classes = " ".join(name for name in ("hl", f"hl-{kind}", highlight.css) if name)
    attributes = [Markup(' class="{}"').format(classes)]
    if highlight.tip:
        attributes.append(Markup(' data-tip="{}" title="{}"').format(highlight.tip, highlight.tip))
        if first:
            attributes.append(Markup(' tabindex="0"'))
    if highlight.anchor and first:
        attributes.append(Markup(' id="{}"').format(highlight.anchor))
    return Markup("<{}{}>").format(TAGS[kind], Markup("").join(attributes))


def close_tag(highlight: Highlight) -> Markup:
    return Markup("</{}>").format(TAGS[highlight.kind])


def highlighted_text(text: str, highlights: list[Highlight]) -> Markup:
    """``text`` escaped, with ``highlights`` (spans inside it) as properly nested elements."""
    spans = [h for h in highlights if 0 <= h.start < h.end <= len(text)]
    starting: dict[int, list[Highlight]] = {}
    for highlight in spans:
        starting.setdefault(highlight.start, []).append(highlight)
    boundaries = sorted({0, len(text)} | {h.start for h in spans} | {h.end for h in spans})
    out, stack = [], []
    for position, following in zip(boundaries, boundaries[1:] + [len(text)]):
        reopen = close_ending(stack, position, out)
        for highlight in sorted(reopen + starting.get(position, []), key=lambda h: (-h.end, LAYERS[h.kind])):
            out.append(open_tag(highlight, first=highlight.start == position))
            stack.append(highlight)
        out.append(escape(text[position:following]))
    out += [close_tag(highlight) for highlight in reversed(stack)]
    return Markup("").join(out)


def close_ending(stack: list[Highlight], position: int, out: list) -> list[Highlight]:
    """Close the open elements that end at ``position`` and those opened inside them; the latter are
    returned to be opened again."""
    reopen = []
    while any(h.end == position for h in stack):
        highlight = stack.pop()
        out.append(close_tag(highlight))
        if highlight.end != position:
            reopen.append(highlight)
    return reopen
