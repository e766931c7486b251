"""How likely a (word, complement) pair of the parse is an attribution: a logistic model learned from
PolNeAR train.

A candidate is a verb, a noun or a predicate adjective with one of its complements
(``quotes.syntax.content_children``: "accused [the GOP of ...]" dobj, "vowed [to fight]" xcomp, "his
claim [that ...]" noun:acl, "is confident [that ...]" adj:ccomp). Its features are symbolic and read off
the parse: the word's lemma, the lemma with the relation, its part of speech and dependency, whether
the curated lexicon knows it, its subject (none, pronoun, name, which noun), passive, negation and
modal, how the complement starts ("that", "to", "whether") and its length, the words around the cue
and whether the sentence is a headline. The weights live in ``lexicons/quotes_cue_model.json``, made
by ``python -m newsgraph.train.quotes`` (see there), and are readable: each feature name with
its weight. The model knows nothing of the spaCy model's vectors, so any English pipeline with a
tagger, a parser and a lemmatizer can use it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Token

from newsgraph.extract.quotes.lexicon import MODEL_FILE, CueModel, QuoteLexicon, builtin_quote_lexicon  # noqa: F401 (MODEL_FILE, CueModel: callers)
from newsgraph.extract.quotes.speaker import subject_of
from newsgraph.extract.quotes.syntax import content_children, governing_verb

COMPLEMENT_OPENERS = {"that", "to", "if", "whether", "how", "what", "why", "when", "who", "as", "for", "of",
                      "about"}
MAX_LENGTH_BUCKET = 5  # complement length in tokens, as log2, capped: 1, 2-3, 4-7, ... 32+


@dataclass(frozen=True)
class ScoredCandidate:
    probability: float
    relation: str  # "ccomp", "dobj", "prep:for", "noun:acl", "adj:xcomp", ...
    target: Token  # the head of the complement


def is_candidate_word(word: Token) -> bool:
    """Verbs, nouns, and adjectives after a copula ("is [confident] that", not "a confident man")."""
    return word.pos_ in ("VERB", "NOUN") or (word.pos_ == "ADJ" and word.dep_ == "acomp")


def candidate_subject(word: Token, lexicon: QuoteLexicon) -> Optional[Token]:
    """The source the candidate would have: a verb's subject, a noun's possessor ("his claim"), the
    subject of the verb whose object the noun is ("she has no illusions about"), a copula's subject."""
    if word.pos_ == "ADJ":
        return subject_of(word.head, lexicon)
    if word.pos_ == "NOUN":
        verb = governing_verb(word)
        return subject_of(verb, lexicon) if verb is not None else next((c for c in word.children if c.dep_ == "poss"), None)
    return subject_of(word, lexicon)


def candidate_features(word: Token, relation: str, target: Token,
                       lexicon: Optional[QuoteLexicon] = None) -> dict[str, float]:
    """The features of one candidate (binary: name -> 1.0)."""
    lemma, lexicon = word.lemma_.lower(), lexicon or builtin_quote_lexicon()
    names = [f"lemma={lemma}", f"lemma+relation={lemma}|{relation}", f"relation={relation}",
             f"pos={word.pos_}", f"tag={word.tag_}", f"dep={word.dep_}", f"dep+relation={word.dep_}|{relation}"]
    names += _lexicon_features(lemma, relation, lexicon) + _subject_features(word, relation, lexicon)
    names += _verb_features(word) + _complement_features(relation, target) + _context_features(word)
    return dict.fromkeys(names, 1.0)


def _lexicon_features(lemma: str, relation: str, lexicon: QuoteLexicon) -> list[str]:
    verb = lexicon.speech_verbs.get(lemma)
    kind = verb.type if verb else "none"
    return [f"lexicon={kind}", f"lexicon+relation={kind}|{relation}"]


def _subject_features(word: Token, relation: str, lexicon: QuoteLexicon) -> list[str]:
    subject = candidate_subject(word, lexicon)
    if subject is None:
        return ["subject=none", f"subject+relation=none|{relation}"]
    names = [f"subject={subject.pos_}", f"subject-entity={subject.ent_type_ or '-'}",
             f"subject+relation={subject.pos_}|{relation}"]
    if subject.pos_ in ("NOUN", "PRON"):
        names.append(f"subject-lemma={subject.lemma_.lower()}")
    return names


def _verb_features(word: Token) -> list[str]:
    names = []
    for child in word.children:
        if child.dep_ in ("auxpass", "nsubjpass"):
            names.append("passive")
        elif child.dep_ == "neg":
            names.append("negated")
        elif child.dep_ == "aux" and child.tag_ == "MD":
            names.append(f"modal={child.lower_}")
    head = word.head.lemma_.lower() if word.head.i != word.i else "ROOT"
    return names + [f"head={head}", f"head-dep+dep={word.head.dep_}|{word.dep_}"]


def _complement_features(relation: str, target: Token) -> list[str]:
    first = target.doc[target.left_edge.i]
    opener = first.lower_ if first.lower_ in COMPLEMENT_OPENERS else first.pos_
    length = target.right_edge.i - target.left_edge.i + 1
    names = [f"target-pos={target.pos_}", f"target-tag={target.tag_}", f"opener={opener}",
             f"opener+relation={opener}|{relation}", f"length={min(MAX_LENGTH_BUCKET, int(math.log2(length)))}"]
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in target.children):
        names.append("target-has-subject")
    if target.ent_type_:
        names.append(f"target-entity={target.ent_type_}")  # "backed [Clinton]", "attacked [the GOP]"
    if any(t.is_quote for t in target.doc[target.left_edge.i: target.right_edge.i + 1]):
        names.append("target-quoted")  # "called it [“disqualifying”]": a quoted fragment in the content
    return names


def _context_features(word: Token) -> list[str]:
    doc, sentence = word.doc, word.sent
    before = doc[word.i - 1].lower_ if word.i > 0 else "<s>"
    after = doc[word.i + 1].lower_ if word.i + 1 < len(doc) else "</s>"
    names = [f"before={before}", f"after={after}"]
    if _first_word(doc, sentence.start, word.i) is None:
        names.append("sentence-start")
    last = _last_word(doc, sentence.start, sentence.end)
    if last is not None and not doc[last].is_punct:
        names.append("headline")  # no closing punctuation: a title or a standfirst
    return names


def _first_word(doc, start: int, end: int) -> Optional[int]:
    """The first token of ``doc[start:end]`` that is neither punctuation nor space."""
    return next((i for i in range(start, end) if not (doc[i].is_punct or doc[i].is_space)), None)


def _last_word(doc, start: int, end: int) -> Optional[int]:
    """The last token of ``doc[start:end]`` that is not space."""
    return next((i for i in range(end - 1, start - 1, -1) if not doc[i].is_space), None)


def scored_candidates(word: Token, lexicon: Optional[QuoteLexicon] = None) -> list[ScoredCandidate]:
    """Every complement of ``word`` with its probability of being attributed content, best first."""
    if not is_candidate_word(word):
        return []
    lexicon = lexicon or builtin_quote_lexicon()
    model = lexicon.cue_model
    found = [ScoredCandidate(model.probability(candidate_features(word, relation, target, lexicon)), relation, target)
             for relation, target in content_children(word)]
    return sorted(found, key=lambda c: (-c.probability, c.target.i))


def best_candidate(word: Token, lexicon: QuoteLexicon) -> Optional[ScoredCandidate]:
    """The most likely complement of ``word`` when it reaches the model's threshold, else None."""
    found = scored_candidates(word, lexicon)
    return found[0] if found and found[0].probability >= lexicon.cue_model.threshold else None
