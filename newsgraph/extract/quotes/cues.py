"""Cues of attribution, read from the dependency parse (the content they introduce: quotes.content).

A cue is a verb whose lemma is in ``lexicons/speech_verbs.tsv`` (speech, belief or intention, as
PolNeAR counts attribution) or in a (lemma, relation) pair of the learned table
``lexicons/quotes_cue_relations.tsv`` (see newsgraph.train.quotes), the preposition "according to", "in" with a
source noun ("In a CNN poll, ..."), or any verb, noun or predicate adjective one of whose complements
(``content_children``) the learned cue model (quotes.scorer) finds likely attributed. Words of a set
phrase ("it goes without saying", ``lexicons/quotes_idioms.tsv``) are no cues; raising verbs
(``lexicons/quotes_raising_verbs.tsv``) have no source.

The cue's span is the verb with the auxiliaries, negation and adverbs between it and its subject
("has also said", "did not deny"), its particle ("pointed out"), one-word adverbs right after it
("said again") and a content's preposition right after those ("called for", but "accused [you of]"
keeps only the verb). The span helpers every quote module shares are in ``quotes.syntax``.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from newsgraph.extract.quotes.syntax import governing_verb, word_first, word_last
from newsgraph.extract.quotes.lexicon import QuoteLexicon, SpeechVerb, builtin_quote_lexicon  # noqa: F401 (SpeechVerb: callers)
from newsgraph.model import Cue, Span

CUE_LEFT_DEPS = ("aux", "auxpass", "neg", "advmod")
NOUN_CUE_ADJECTIVE_TAGS = ("JJ", "JJR", "JJS", "VBN", "VBG")  # not "Republican" (NNP), "American-born"


def in_idiom(token: Token, lexicon: QuoteLexicon) -> bool:
    """Whether ``token`` is a word of a set phrase such as "goes without saying" or "having said that"."""
    doc = token.doc
    for phrase, at in lexicon.idioms.get(token.lower_, ()):
        start = token.i - at
        if start >= 0 and start + len(phrase) <= len(doc) and tuple(
                t.lower_ for t in doc[start: start + len(phrase)]) == phrase:
            return True
    return False


def is_hearsay_adverb(token: Token, lexicon: QuoteLexicon) -> bool:
    """"The group is [reportedly] spending ...": an adverb of ``quotes_hearsay_adverbs.tsv`` on a verb
    that is no cue itself ("reportedly said" is the verb's cue)."""
    return (token.lower_ in lexicon.hearsay_adverbs and token.dep_ == "advmod" and token.head.pos_ in ("VERB", "AUX")
            and not is_cue_verb(token.head, lexicon))


def controlling_object(verb: Token, lexicon: Optional[QuoteLexicon] = None) -> Optional[Token]:
    """The object that does the infinitive ``verb``: "prompted [NATO] to order", "forced [Stumpf] to
    admit", "led [the journalist] to fear"; None after a means verb ("used the rally to attack")."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i > verb.i or head.pos_ not in ("VERB", "AUX") or \
            head.lemma_.lower() in (lexicon or builtin_quote_lexicon()).means_verbs:
        return None
    return next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)


def is_cue_verb(token: Token, lexicon: QuoteLexicon) -> bool:
    """A verb of the curated lexicon or of a learned (lemma, relation) pair: all its complements are
    tried ("said that ...", a quoted passage next to it); any other verb, noun or predicate adjective
    is a cue only where the learned model scores one of its complements likely enough."""
    lemma = token.lemma_.lower()
    return token.pos_ == "VERB" and (lemma in lexicon.speech_verbs or lemma in lexicon.learned_lemmas)


def according_to(token: Token) -> Optional[Token]:
    """The source of "according to X" when ``token`` is "according", else None ("according to show
    insiders": the parser may read the source as a verb, pcomp)."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    return next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None) if to is not None else None


def in_source(token: Token, lexicon: QuoteLexicon) -> Optional[Token]:
    """The source of "In a CNN poll, 50 percent chose Clinton" when ``token`` is that "in": a noun of
    ``lexicons/quotes_in_sources.tsv`` before the clause it qualifies, whose verb is no cue ("In a
    statement, X said" is the verb's). After the clause ("Trump sits at single digits in the polls")
    PolNeAR marks it only about half of the time: left out."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.head.pos_ not in ("VERB", "AUX") or is_cue_verb(token.head, lexicon):
        return None
    noun = next((c for c in token.children if c.dep_ == "pobj"), None)
    if noun is None or noun.lemma_.lower() not in lexicon.in_sources or token.i > token.head.i:
        return None
    return None if any(c.lower_ == "other" for c in noun.children) else noun  # not "in other words"


def make_cue(token: Token, preposition: Optional[Token] = None, lexicon: Optional[QuoteLexicon] = None) -> Cue:
    """The cue of ``token``: the verb with its auxiliaries, adverbs, particle and content
    preposition ("has also pointed out", "called for"), or "according to"."""
    doc, lexicon = token.doc, lexicon or builtin_quote_lexicon()
    if token.lower_ == "according":
        to = next(c for c in token.children if c.lower_ == "to")
        return Cue(doc[token.i: to.i + 1].text, "according to", (token.idx, to.idx + len(to)))
    particles = [c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1]
    lemma = " ".join([token.lemma_.lower()] + [p.lower_ for p in particles])
    first = _cue_start(token)
    if token.dep_ == "xcomp" and token.head.i < token.i and token.head.pos_ in ("VERB", "AUX") and (
            not is_cue_verb(token.head, lexicon) or token.head.lemma_.lower() in lexicon.raising_verbs) and \
            controlling_object(token, lexicon) is None:
        first = _cue_start(token.head)  # "has yet to endorse", "went on to criticize", "seemed to blame"
    if token.dep_ == "acomp" and token.head.i < token.i:
        first = _cue_start(token.head)  # "is not sure", "was eager"
    verb = governing_verb(token) if token.pos_ == "NOUN" else None
    if verb is not None:
        first = _cue_start(verb)  # "has no illusions about", "expressed hope that", "went on the attack against"
    elif token.pos_ == "NOUN":
        first = _noun_cue_start(token)
    last = _cue_end(token, particles[0].i if particles else token.i)
    if preposition is not None and preposition.i == last + 1:  # "called for", not "accused you of"
        last = preposition.i
    first, last = word_first(doc, first), word_last(doc, last)
    return Cue(doc[first: last + 1].text, lemma, (doc[first].idx, doc[last].idx + len(doc[last])))


def _cue_end(token: Token, last: int) -> int:
    """The last of the one-word adverbs right after ``token`` (or its particle): "said [again]",
    "spoke [candidly] about", as PolNeAR marks three times in four; objects, times and places after
    the verb stay out ("told [reporters] Tuesday")."""
    adverbs = {c.i for c in token.children if c.dep_ == "advmod" and c.left_edge.i == c.right_edge.i == c.i
               and c.tag_ in ("RB", "RBR", "RBS")}
    while last + 1 in adverbs:
        last += 1
    return last


def _noun_cue_start(noun: Token) -> int:
    """The first of the adjectives and the article right before a noun cue ("[a] call", "[the
    first official] acknowledgement", "[repeated] denunciation"), as PolNeAR marks them two times in
    three; possessors and names stay out (the source: "[Trump's] claim", "[Republican] calls")."""
    first = noun.i
    for child in sorted(noun.lefts, key=lambda c: -c.i):
        if child.i != first - 1 or not (child.dep_ == "det" or (
                child.dep_ == "amod" and child.tag_ in NOUN_CUE_ADJECTIVE_TAGS)):
            break
        first = child.i
    return first


def _cue_start(token: Token) -> int:
    """The first of the auxiliaries, negation and adverbs right before ``token`` (no subject between)."""
    first = token.i
    for child in sorted(token.lefts, key=lambda c: -c.i):
        between = token.doc[child.i + 1: first]
        if child.dep_ not in CUE_LEFT_DEPS or child.left_edge.i != child.i or any(
                t.dep_ not in CUE_LEFT_DEPS for t in between):
            break
        first = child.i
    return first


