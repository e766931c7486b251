"""Article records to table rows and back, one pair of functions per record kind.

Rows are tuples in the order of ``schema.written_columns(table)``; reading takes dicts keyed by column.
"""
from __future__ import annotations

from typing import Optional

from newsgraph.model import (EVENT_CONTEXT_FIELDS, ActorRef, Amount, Article, Cue, Entity, Event, Mention,
                             NonBodySentence, Quote, Span, Speaker, Tone)
from newsgraph.store.days import day_and_precision, first_day

Rows = dict[str, list[tuple]]


def _ends(span: Optional[Span]) -> tuple[Optional[int], Optional[int]]:
    return (span[0], span[1]) if span is not None else (None, None)


def _span(start: Optional[int], end: Optional[int]) -> Optional[Span]:
    return (start, end) if start is not None else None


def article_row(article: Article) -> tuple:
    return (article.id, article.title, article.section, article.source, article.url, article.published,
            list(article.authors), article.language, article.origin, article.text, list(article.key_points),
            [list(span) for span in article.key_point_spans], list(article.headings),
            *day_and_precision(article.published))


def entity_rows(article: Article, rows: Rows) -> None:
    for position, e in enumerate(article.entities):
        rows["entities"].append((article.id, position, e.id, e.name, e.type, e.role, e.affiliation,
                                 e.code, e.country, e.sector, e.rule))
        rows["mentions"].extend((article.id, e.id, i, m.start, m.end, m.text, m.kind, m.rule)
                                for i, m in enumerate(e.mentions))


def quote_rows(article: Article, rows: Rows) -> None:
    for position, q in enumerate(article.quotes):
        cue = (q.cue.text, q.cue.lemma, *_ends(q.cue.span)) if q.cue else (None, None, None, None)
        rows["quotes"].append((article.id, position, q.id, q.kind, q.text, *_ends(q.span),
                               q.speaker.entity, q.speaker.name, *_ends(q.speaker.span), q.speaker.anonymous,
                               *cue, q.medium, q.rule))
        rows["quote_mentions"].extend((article.id, q.id, i, *_ends(span)) for i, span in enumerate(q.mentions))


def event_rows(article: Article, rows: Rows) -> None:
    for position, v in enumerate(article.events):
        rows["events"].append((article.id, position, v.id, v.cameo, v.root, v.quad_class, v.goldstein, v.plover,
                               v.negated, v.modality, v.reported_by, *_ends(v.sentence), *_ends(v.trigger),
                               v.text, v.rule, *(getattr(v, name) for name in EVENT_CONTEXT_FIELDS), first_day(v.date)))
        for role, actors in (("source", v.source), ("target", v.target)):
            rows["event_actors"].extend((article.id, v.id, role, i, a.entity, a.name, a.code, a.country, a.sector)
                                        for i, a in enumerate(actors))


def amount_rows(article: Article, rows: Rows) -> None:
    rows["amounts"].extend((article.id, position, a.value, a.unit, a.text, *_ends(a.span), a.object,
                            a.qualifier, a.actor, a.time, a.rule) for position, a in enumerate(article.amounts))


def non_body_rows(article: Article, rows: Rows) -> None:
    rows["non_body"].extend((article.id, position, *_ends(s.span), s.kind, s.rule, s.evidence)
                            for position, s in enumerate(article.non_body))


def tone_rows(article: Article, rows: Rows) -> None:
    if article.tone:
        t = article.tone
        rows["article_tone"].append((article.id, t.tone, t.positive, t.negative, t.polarity, t.activity_density,
                                     t.self_group_density, t.word_count))


def distinct_ids(article: Article) -> None:
    """Raise ValueError if two entities, quotes or events of ``article`` share an id: their mentions and
    actors are stored by it, and the tables have no key index to refuse them (``schema.UNKEYED_RECORD_TABLES``)."""
    for kind, items in (("entities", article.entities), ("quotes", article.quotes), ("events", article.events)):
        ids = [item.id for item in items]
        if len(set(ids)) < len(ids):
            repeated = next(i for i in ids if ids.count(i) > 1)
            raise ValueError(f"article {article.id}: two {kind} have the id {repeated!r}")


def article_rows(article: Article, rows: Rows) -> None:
    """Append the rows of ``article`` and all its records to ``rows`` (a list per table); ValueError
    (before any row is appended) if two of its records of a kind share an id."""
    distinct_ids(article)
    rows["articles"].append(article_row(article))
    non_body_rows(article, rows)
    entity_rows(article, rows)
    quote_rows(article, rows)
    event_rows(article, rows)
    amount_rows(article, rows)
    tone_rows(article, rows)


def article_from_row(row: dict) -> Article:
    fields = ("id", "title", "section", "source", "url", "published", "language", "origin", "text")
    return Article(**{name: row[name] for name in fields},
                   authors=list(row["authors"] or []), key_points=list(row["key_points"] or []),
                   key_point_spans=[tuple(span) for span in row["key_point_spans"] or []],
                   headings=list(row["headings"] or []))


def entity_from_rows(row: dict, mentions: list[dict]) -> Entity:
    fields = ("id", "name", "type", "role", "affiliation", "code", "country", "sector", "rule")
    return Entity(**{name: row[name] for name in fields},
                  mentions=[Mention(m["start"], m["end"], m["text"], m["kind"], m["rule"]) for m in mentions])


def quote_from_rows(row: dict, mentions: list[dict]) -> Quote:
    speaker = Speaker(row["speaker_entity"], row["speaker_name"],
                      _span(row["speaker_start"], row["speaker_end"]), row["speaker_anonymous"])
    cue = (Cue(row["cue_text"], row["cue_lemma"], (row["cue_start"], row["cue_end"]))
           if row["cue_start"] is not None else None)
    return Quote(row["id"], row["kind"], row["text"], _span(row["span_start"], row["span_end"]), speaker, cue,
                 row["medium"], [(m["start"], m["end"]) for m in mentions], row["rule"])


def actor_from_row(row: dict) -> ActorRef:
    return ActorRef(row["entity_id"], row["name"], row["code"], row["country"], row["sector"])


def event_from_rows(row: dict, actors: list[dict]) -> Event:
    fields = ("id", "cameo", "root", "quad_class", "goldstein", "plover", "negated", "modality", "text",
              "reported_by", "rule", *EVENT_CONTEXT_FIELDS)
    sides = {side: [actor_from_row(a) for a in actors if a["role"] == side] for side in ("source", "target")}
    return Event(**{name: row[name] for name in fields}, **sides,
                 sentence=_span(row["sentence_start"], row["sentence_end"]),
                 trigger=_span(row["trigger_start"], row["trigger_end"]))


def amount_from_row(row: dict) -> Amount:
    fields = ("value", "unit", "text", "object", "qualifier", "actor", "time", "rule")
    return Amount(**{name: row[name] for name in fields}, span=_span(row["span_start"], row["span_end"]))


def non_body_from_row(row: dict) -> NonBodySentence:
    return NonBodySentence((row["start"], row["end"]), row["kind"], row["rule"], row["evidence"])


def _children(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def article_from_rows(tables: dict[str, list[dict]]) -> Article:
    """Rebuild an Article from its rows, each table's rows already in ``position`` order."""
    article = article_from_row(tables["articles"][0])
    article.non_body = [non_body_from_row(row) for row in tables["non_body"]]
    mentions = _children(tables["mentions"], "entity_id")
    article.entities = [entity_from_rows(row, mentions.get(row["id"], [])) for row in tables["entities"]]
    quote_mentions = _children(tables["quote_mentions"], "quote_id")
    article.quotes = [quote_from_rows(row, quote_mentions.get(row["id"], [])) for row in tables["quotes"]]
    actors = _children(tables["event_actors"], "event_id")
    article.events = [event_from_rows(row, actors.get(row["id"], [])) for row in tables["events"]]
    article.amounts = [amount_from_row(row) for row in tables["amounts"]]
    article.tone = next((Tone(**{k: v for k, v in row.items() if k != "article_id"})
                         for row in tables.get("article_tone", [])), None)
    return article
