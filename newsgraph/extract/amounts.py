"""The amounts stage: numbers with units, what they measure, who commits to them and by when.

Numbers come from spaCy's PERCENT / MONEY / QUANTITY / CARDINAL entities and from number tokens
outside any entity; dates, times and ordinals are left alone.  The words read (qualifiers,
currencies, scales, counted nouns, casualty words, deadlines) are in ``lexicons/amount_objects.tsv``.
Every mention is kept: the same figure in a bullet and in the body gives two amounts, each with its span.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from newsgraph.extract.events.sides import children, subject_words
from newsgraph.lexicons import Lexicons, builtin_lexicons, read_tsv
from newsgraph.model import Amount, Article
from newsgraph.pipeline import stage

AMOUNT_LABELS = frozenset({"PERCENT", "MONEY", "QUANTITY", "CARDINAL"})
SKIPPED_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
PERCENT_WORDS = frozenset({"%", "percent", "per cent", "pct"})
CHANGE_PREPS = frozenset({"to", "by", "at"})  # "increase spending to 3%"
NP_MODIFIERS = frozenset({"compound", "amod", "nmod"})
MAX_QUALIFIER_WORDS = 3
NUMBER_WITH_SCALE = re.compile(r"(\d[\d,]*(?:\.\d+)?)([a-z]+)")  # "2.5bn", "10m"


@dataclass(frozen=True)
class AmountWords:
    by_kind: dict  # kind -> {word: value}

    def get(self, kind: str, word: str):
        return self.by_kind.get(kind, {}).get(word)


def load_amount_words() -> AmountWords:
    """amount_objects.tsv by kind (read once per process into ``Lexicons.amounts``)."""
    by_kind: dict = {}
    for _, row in read_tsv("amount_objects.tsv"):
        by_kind.setdefault(row["kind"], {})[row["word"]] = row["value"]
    return AmountWords(by_kind)


@stage("amounts", needs=("doc", "entities"), adds=("amounts",))
def extract_amounts(article: Article, lexicons: Optional[Lexicons] = None) -> Article:
    """Find the article's amounts (``article.amounts``, in text order)."""
    doc = article.doc
    if doc is None:
        article.amounts = []
        return article
    words = (lexicons or builtin_lexicons()).amounts
    dates = [(ent.start, ent.end, ent.text) for ent in doc.ents if ent.label_ == "DATE"]
    amounts = [amount for span, label in number_spans(doc)
               if (amount := read_amount(span, label, article, words, dates)) is not None]
    article.amounts = sorted(amounts, key=lambda a: a.span)
    return article


# ---- finding numbers ---------------------------------------------------------------------------

def number_spans(doc):
    """``(span, label)`` of each amount-like entity, and of number tokens no entity covers."""
    covered = set()
    for ent in doc.ents:
        covered.update(range(ent.start, ent.end))
        if ent.label_ in AMOUNT_LABELS and any(t.like_num or NUMBER_WITH_SCALE.fullmatch(t.lower_) for t in ent):
            yield ent, ent.label_
    index = 0
    while index < len(doc):
        token = doc[index]
        if token.like_num and index not in covered and token.pos_ == "NUM":
            end = index + 1
            while end < len(doc) and end not in covered and (doc[end].like_num or doc[end].lower_ in ("million", "billion")):
                end += 1
            yield doc[index:end], "NUMBER"
            index = end
        else:
            index += 1


def parse_number(tokens, words: AmountWords) -> Optional[float]:
    value = None
    for token in tokens:
        text = token.lower_.replace(",", "")
        if value is None and (glued := NUMBER_WITH_SCALE.fullmatch(text)) and words.get("scale", glued.group(2)):
            value = float(glued.group(1)) * float(words.get("scale", glued.group(2)))
        elif value is None:
            value = to_float(text) if to_float(text) is not None else as_number_word(text, words)
        elif (scale := words.get("scale", text)) is not None:
            value *= float(scale)
        elif to_float(text) is not None or as_number_word(text, words) is not None:
            break  # a range "3-5": keep the first figure
    return value


def is_number(token, words: AmountWords) -> bool:
    return token.like_num or bool(words.get("number", token.lower_)) or \
        bool(NUMBER_WITH_SCALE.fullmatch(token.lower_.replace(",", "")))


def to_float(text: str) -> Optional[float]:
    try:
        return float(text)
    except ValueError:
        return None


def as_number_word(text: str, words: AmountWords) -> Optional[float]:
    found = words.get("number", text)
    return float(found) if found is not None else None


# ---- one amount --------------------------------------------------------------------------------

def read_amount(span, label: str, article: Article, words: AmountWords,
                dates: list[tuple[int, int, str]]) -> Optional[Amount]:
    """The amount ``span`` states, or None; ``dates``: the DATE entities of the doc (start, end, text), in order."""
    numbers = [t for t in span if is_number(t, words)]
    if not numbers:
        return None
    value = parse_number(span[numbers[0].i - span.start:], words)
    if value is None:
        return None
    unit, anchor, end = read_unit(span, label, words)
    if unit is None:
        return None
    qualifier, start = read_qualifier(span, numbers[0], words)
    obj, verb, how = read_object(anchor, words)
    doc = span.doc
    text = doc[start:end].text  # the words from the first to the last, as the text has them (not doc.text: it joins every word)
    return Amount(value=value, unit=unit, text=text, span=(doc[start].idx, doc[start].idx + len(text)),
                  object=obj, qualifier=qualifier, actor=committing_actor(verb, article),
                  time=deadline(verb, anchor, words, dates), rule=f"{label.lower()} unit:{unit} object:{how}")


def read_unit(span, label: str, words: AmountWords):
    """The unit, the word that stands for the amount in the parse, and the token end of the surface text."""
    doc, end = span.doc, span.end
    tokens = ([doc[span.start - 1]] if span.start > 0 else []) + list(span) + ([doc[end]] if end < len(doc) else [])
    lowered = [t.lower_ for t in tokens]
    if any(w in PERCENT_WORDS for w in lowered) or (label == "PERCENT"):
        anchor = next((t for t in tokens if t.lower_ in PERCENT_WORDS), span.root)
        end = max(end, anchor.i + 1)
        return share_unit(anchor, words, end)
    currency = next((words.get("currency", t.lemma_.lower()) or words.get("currency", t.lower_) for t in tokens
                     if words.get("currency", t.lemma_.lower()) or words.get("currency", t.lower_)), None)
    if currency:
        anchor = span.root
        return currency, anchor, max(end, anchor.i + 1) if anchor.lemma_.lower() in ("dollar", "euro") else end
    counted = counted_noun(span)
    if counted is None:
        return (("people", span.root, end) if casualty_of(span.root, words) else (None, None, end))
    lemma = counted.lemma_.lower()
    unit = words.get("person", lemma) or words.get("troop", lemma) or counted.lower_
    return unit, counted, max(end, counted.i + 1)


def share_unit(percent, words: AmountWords, end: int):
    """"3% of GDP" -> "% of GDP"."""
    for prep in children(percent, "prep"):
        if prep.lower_ == "of":
            for pobj in children(prep, "pobj"):
                if share := words.get("share", pobj.lemma_.lower()):
                    return f"% of {share}", percent, max(end, pobj.i + 1)
    return "%", percent, end


def counted_noun(span):
    """The noun a number counts: "12 people", "5,000 troops", "200 km"."""
    root = span.root
    if root.pos_ in ("NOUN", "PROPN") and not root.like_num:
        return root
    if root.dep_ in ("nummod", "quantmod", "amod") and root.head.pos_ == "NOUN":
        return root.head
    return None


def read_qualifier(span, number, words: AmountWords):
    """"at least" inside the entity or just before it; the qualifier and where the surface text starts."""
    doc = span.doc
    first = max(0, min(span.start, number.i) - MAX_QUALIFIER_WORDS)
    before = [t for t in doc[first: number.i] if not t.like_num]
    for size in range(len(before), 0, -1):
        phrase = " ".join(t.lower_ for t in before[-size:])
        if qualifier := words.get("qualifier", phrase):
            start = before[-size].i
            return qualifier, start if before[-size].i >= first else span.start
    start = span.start
    while start < number.i and doc[start].lower_ not in words.by_kind.get("currency", {}) and not doc[start].like_num:
        start += 1  # drop words spaCy put in front of the figure
    if start == span.start and start > 0 and words.get("currency", doc[start - 1].lower_):
        start -= 1  # "£" left outside the entity
    return None, start


# ---- what, who, when ---------------------------------------------------------------------------

def casualty_of(anchor, words: AmountWords) -> Optional[str]:
    """"killed 12 people", "12 were wounded", "the death toll rose to 30"."""
    nearby = [anchor, anchor.head, *anchor.children]
    if anchor.dep_ == "pobj" and anchor.head.head.pos_ == "VERB":
        nearby += children(anchor.head.head, "nsubj")
    for word in nearby:
        if found := words.get("casualty", word.lemma_.lower()):
            return found
    return None


def read_object(anchor, words: AmountWords):
    """What the amount measures, the verb it depends on, and the name of the rule that found it."""
    if anchor is None:
        return None, None, "none"
    if found := casualty_of(anchor, words):
        verb = anchor.head if anchor.head.pos_ == "VERB" else None
        return found, verb, "casualty"
    head = anchor.head
    if anchor.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in CHANGE_PREPS and head.head.pos_ == "VERB":
        verb = head.head
        thing = (children(verb, "dobj") or children(verb, "nsubj", "nsubjpass") or [None])[0]
        return noun_phrase(thing), verb, "change-verb"
    if anchor.dep_ == "pobj" and head.lower_ in ("of", "on") and head.head.pos_ == "NOUN":
        return noun_phrase(head.head), governing_verb(head.head), "noun-of"
    if anchor.dep_ in ("dobj", "nsubj", "nsubjpass") and head.pos_ == "VERB":
        purpose = [p for prep in children(anchor, "prep") if prep.lower_ in ("in", "for") for p in children(prep, "pobj")]
        return (noun_phrase(purpose[0]) if purpose else None), head, "verb-argument"
    if anchor.dep_ in NP_MODIFIERS | {"nummod"} and head.pos_ == "NOUN":
        return noun_phrase(head), governing_verb(head), "modifier"
    return None, governing_verb(anchor), "none"


def governing_verb(token):
    for ancestor in token.ancestors:
        if ancestor.pos_ == "VERB":
            return ancestor
    return None


def noun_phrase(noun) -> Optional[str]:
    """The noun with its compound and adjective modifiers ("their defense spending" -> "defense spending")."""
    if noun is None or noun.pos_ == "PRON":
        return None
    modifiers = [c for c in noun.lefts if c.dep_ in NP_MODIFIERS and not c.like_num]
    start = min([noun.i] + [m.left_edge.i for m in modifiers])
    return noun.doc[start: noun.i + 1].text


def committing_actor(verb, article: Article) -> Optional[str]:
    """The entity id of the verb's doer ("NATO plans to increase ...": NATO)."""
    if verb is None or not article.entities:
        return None
    for word in subject_words(verb):
        entity = article.entity_at(word.idx, word.idx + len(word))
        if entity is not None:
            return entity.id
    return None


def deadline(verb, anchor, words: AmountWords, dates: list[tuple[int, int, str]]) -> Optional[str]:
    """"at the next summit in June", "by 2030": a time phrase on the verb, else the first date entity
    of the sentence (``dates``: the doc's, as ``read_amount`` has them)."""
    for word in ([verb, *verb.ancestors] if verb is not None else []):
        for prep in children(word, "prep"):
            if words.get("deadline", prep.lower_) and (phrase := time_phrase(prep, words)):
                return phrase
        if word.dep_ in ("ROOT", "ccomp"):
            break
    return first_date_within((anchor or verb).sent, dates) if (anchor or verb) is not None else None


def first_date_within(sentence, dates: list[tuple[int, int, str]]) -> Optional[str]:
    """The text of the first date entity wholly inside ``sentence`` (entities do not overlap, so the
    first one that starts in it is the only candidate: the next ones start after it)."""
    for start, end, text in dates:
        if start >= sentence.start:
            return text if end <= sentence.end else None
    return None


def time_phrase(prep, words: AmountWords) -> Optional[str]:
    for pobj in children(prep, "pobj"):
        subtree = list(pobj.subtree)
        if any(t.ent_type_ == "DATE" for t in subtree) or words.get("time", pobj.lemma_.lower()):
            return pobj.doc[subtree[0].i: subtree[-1].i + 1].text
    return None
