"""Cues of attribution and the content they introduce, read from the dependency parse.

A cue is a verb whose lemma is in ``lexicons/speech_verbs.tsv`` (speech, belief or intention, as
PolNeAR counts attribution) or in a (lemma, relation) pair of the learned table
``lexicons/quotes_cue_relations.tsv`` (see quotes_learn), the preposition "according to", or any
verb, noun or predicate adjective one of whose complements the learned cue model (quotes_scorer)
finds likely attributed. A cue verb's content is, in order of trust: a clausal complement
(``indirect-ccomp``), a "that" clause the parser hung under the cue's object or preposition
(``indirect-that-clause``), the clause around a parenthetical "he said" (``indirect-parenthetical``),
the clause an "as" clause hangs on ("As Politico reported, ...": ``indirect-as-clause``),
a noun object of a verb marked ``object_content`` (``indirect-dobj``), else the complement the model
scores highest (``indirect-<relation>``: ``xcomp`` "vowed to fight", ``dobj`` "criticized the plan",
``oprd`` "called the plan a disaster", ``prep`` "pointed to the polls", where the preposition joins
the cue; ``nominal-<relation>`` "his claim that ..."; ``adjectival-<relation>`` "is confident that
..."). A verb's object and the prepositional phrase after it are one content ("blasted [the media for
being dishonest]").

The cue's span is the verb with the auxiliaries, negation and adverbs between it and its subject
("has also said", "did not deny"), its particle ("pointed out"), one-word adverbs right after it
("said again") and a content's preposition right after those ("called for", but "accused [you of]"
keeps only the verb).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Optional

from spacy.tokens import Token

from newsgraph.model import Cue, Span

CLAUSE_DEPS = ("relcl", "acl", "advcl", "pcomp")
OBJECT_DEPS = ("dobj", "dative", "prep", "npadvmod", "pobj")
EDGE_PUNCTUATION = ",.;:!? \n\t—–-"
TEXT_EDGE = ",;:"  # trimmed off character spans, with white space
CONTROL_PREPOSITIONS = ("on", "upon")  # "called on her to resign"
CUE_LEFT_DEPS = ("aux", "auxpass", "neg", "advmod")
LIGHT_VERB_OBJECTS = ("dobj", "attr")  # "has no [illusions] about", "is a staunch [opponent] of"
OBJECT_COMPLEMENT_PREPOSITIONS = ("as", "for", "with", "over", "about", "of", "on", "against", "to", "in")  # "blasted X for Y"
LEARNED_RELATIONS = ("ccomp", "xcomp", "dobj", "oprd")  # and prep:<word>
NOUN_RELATIONS = ("acl",)  # and prep:<word> right after the noun
NOUN_PREFIX = "noun:"
ADJECTIVE_PREFIX = "adj:"  # "is confident that ...", "is ready to ...": PolNeAR's attitudes
MIN_LEARNED_PRECISION = 0.3  # a learned (lemma, relation) pair is a cue when PolNeAR train agrees this often
MIN_LEARNED_HITS = 3


@dataclass(frozen=True)
class SpeechVerb:
    lemma: str
    type: str  # speech | belief | intention
    object_content: bool
    comment: str = ""


@dataclass
class Content:
    rule: str
    span: Span
    head: Optional[Token] = None  # the clause or noun whose subtree is the content
    preposition: Optional[Token] = None  # joins the cue: "pointed to", "called for"
    share: float = 1.0  # for learned content, the cue model's probability that it is attributed
    fragments: tuple[Span, ...] = ()  # both sides of a parenthetical: "[The US], he said, [will retreat]"


def read_lexicon_rows(name: str) -> list[list[str]]:
    """The rows of a TSV file in ``newsgraph/lexicons`` (comment lines starting with # skipped)."""
    text = resources.files("newsgraph.lexicons").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [row + [""] * 4 for row in csv.reader(lines, delimiter="\t")]


@lru_cache(maxsize=1)
def idioms() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """Set phrases whose speech verb attributes nothing (``quotes_idioms.tsv``): word -> (phrase as a
    word tuple, the word's position in it), for each word of each phrase."""
    found: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for row in read_lexicon_rows("quotes_idioms.tsv"):
        phrase = tuple(row[0].split())
        for at, word in enumerate(phrase):
            found.setdefault(word, []).append((phrase, at))
    return found


def in_idiom(token: Token) -> bool:
    """Whether ``token`` is a word of a set phrase such as "goes without saying" or "having said that"."""
    doc = token.doc
    for phrase, at in idioms().get(token.lower_, ()):
        start = token.i - at
        if start >= 0 and start + len(phrase) <= len(doc) and tuple(
                t.lower_ for t in doc[start: start + len(phrase)]) == phrase:
            return True
    return False


@lru_cache(maxsize=1)
def raising_verbs() -> frozenset[str]:
    """Lemmas whose subject belongs to the content, not the source (``quotes_raising_verbs.tsv``)."""
    return frozenset(row[0] for row in read_lexicon_rows("quotes_raising_verbs.tsv"))


@lru_cache(maxsize=1)
def speech_verbs() -> dict[str, SpeechVerb]:
    rows = read_lexicon_rows("speech_verbs.tsv")
    return {r[0]: SpeechVerb(r[0], r[1], r[2] == "yes", r[3]) for r in rows}


@lru_cache(maxsize=1)
def learned_relations() -> dict[tuple[str, str], float]:
    """(lemma, relation) -> share of PolNeAR train occurrences that were attributions, above the bar."""
    found = {}
    for lemma, relation, hits, total, *_ in read_lexicon_rows("quotes_cue_relations.tsv"):
        if int(hits) >= MIN_LEARNED_HITS and int(hits) / int(total) >= MIN_LEARNED_PRECISION:
            found[(lemma, relation)] = int(hits) / int(total)
    return found


@lru_cache(maxsize=1)
def learned_lemmas() -> frozenset[str]:
    return frozenset(lemma for lemma, relation in learned_relations()
                     if not relation.startswith((NOUN_PREFIX, ADJECTIVE_PREFIX)))


def is_cue_verb(token: Token) -> bool:
    """A verb of the curated lexicon or of a learned (lemma, relation) pair: all its complements are
    tried ("said that ...", a quoted passage next to it); any other verb, noun or predicate adjective
    is a cue only where the learned model scores one of its complements likely enough."""
    lemma = token.lemma_.lower()
    return token.pos_ == "VERB" and (lemma in speech_verbs() or lemma in learned_lemmas())


def content_children(word: Token) -> list[tuple[str, Token]]:
    """The complements a verb's or a noun's content can be: (relation, head), "prep:<word>" naming
    the pobj's preposition. A noun's relations start with "noun:" and follow it ("noun:acl" his claim
    that ..., "noun:prep:of" allegations of ...)."""
    noun = word.pos_ == "NOUN"
    relations, prefix = (NOUN_RELATIONS, NOUN_PREFIX) if noun else (LEARNED_RELATIONS, "")
    prefix = ADJECTIVE_PREFIX if word.pos_ == "ADJ" else prefix
    found = []
    for child in word.children:
        if noun and child.i < word.i:
            continue
        if child.dep_ in relations:
            found.append((prefix + child.dep_, child))
        elif child.dep_ == "nsubjpass" and not noun and any(c.dep_ == "agent" for c in word.children):
            found.append(("nsubjpass", child))  # "The issue was first reported by The Post"
        elif child.dep_ == "prep" and child.i > word.i:
            target = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if target is not None:
                found.append((f"{prefix}prep:{child.lower_}", target))
    return found


def relation_rule(relation: str) -> str:
    """The rule of content found through ``relation``: "indirect-xcomp", "indirect-prep", "nominal-acl"."""
    noun = relation.startswith(NOUN_PREFIX)
    kind = relation.removeprefix(NOUN_PREFIX).removeprefix(ADJECTIVE_PREFIX).split(":")[0]
    return ("nominal-" if noun else "adjectival-" if relation.startswith(ADJECTIVE_PREFIX) else "indirect-") + kind


def according_to(token: Token) -> Optional[Token]:
    """The source of "according to X" when ``token`` is "according", else None ("according to show
    insiders": the parser may read the source as a verb, pcomp)."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    return next((c for c in to.children if c.dep_ in ("pobj", "pcomp")), None) if to is not None else None


def in_source(token: Token) -> Optional[Token]:
    """The source of "In a CNN poll, 50 percent chose Clinton" when ``token`` is that "in": a noun of
    ``lexicons/quotes_in_sources.tsv`` before the clause it qualifies, whose verb is no cue ("In a
    statement, X said" is the verb's). After the clause ("Trump sits at single digits in the polls")
    PolNeAR marks it only about half of the time: left out."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.head.pos_ not in ("VERB", "AUX") or is_cue_verb(token.head):
        return None
    noun = next((c for c in token.children if c.dep_ == "pobj"), None)
    if noun is None or noun.lemma_.lower() not in in_sources() or token.i > token.head.i:
        return None
    return None if any(c.lower_ == "other" for c in noun.children) else noun  # not "in other words"


@lru_cache(maxsize=1)
def in_sources() -> frozenset[str]:
    return frozenset(row[0] for row in read_lexicon_rows("quotes_in_sources.tsv"))


def in_source_content(token: Token) -> Optional[Content]:
    """The clause around "in <source>", without it (both sides as fragments)."""
    return _clause_without(token, token.head, "in-source")


def governing_verb(noun: Token) -> Optional[Token]:
    """The verb before a noun without possessor that carries an attitude through it: its object or
    attribute ("has no [illusions] about", "is a staunch [opponent] of") or, through a preposition,
    its prepositional object ("went on the [attack] against", "closes with an [implication] about")."""
    if any(c.dep_ == "poss" for c in noun.children):
        return None
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif noun.dep_ not in LIGHT_VERB_OBJECTS:
        return None
    return head if head.pos_ in ("VERB", "AUX") and head.i < noun.i else None


def make_cue(token: Token, preposition: Optional[Token] = None) -> Cue:
    """The cue of ``token``: the verb with its auxiliaries, adverbs, particle and content
    preposition ("has also pointed out", "called for"), or "according to"."""
    doc = token.doc
    if token.lower_ == "according":
        to = next(c for c in token.children if c.lower_ == "to")
        return Cue(doc[token.i: to.i + 1].text, "according to", (token.idx, to.idx + len(to)))
    particles = [c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1]
    lemma = " ".join([token.lemma_.lower()] + [p.lower_ for p in particles])
    first = _cue_start(token)
    if token.dep_ == "xcomp" and token.head.i < token.i and token.head.pos_ in ("VERB", "AUX") and (
            not is_cue_verb(token.head) or token.head.lemma_.lower() in raising_verbs()):
        first = _cue_start(token.head)  # "has yet to endorse", "went on to criticize", "seemed to blame"
    if token.dep_ == "acomp" and token.head.i < token.i:
        first = _cue_start(token.head)  # "is not sure", "was eager"
    verb = governing_verb(token) if token.pos_ == "NOUN" else None
    if verb is not None:
        first = _cue_start(verb)  # "has no illusions about", "expressed hope that", "went on the attack against"
    last = _cue_end(token, particles[0].i if particles else token.i)
    if preposition is not None and preposition.i == last + 1:  # "called for", not "accused you of"
        last = preposition.i
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


def trimmed_span(doc, first: int, last: int) -> Optional[Span]:
    """The characters of tokens ``first..last`` without edge punctuation.

    A reported clause keeps its "that", as PolNeAR annotates content ("said [that the talks failed]")."""
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space) and not doc[last].is_quote:
        last -= 1
    if first > last:
        return None
    last_word = doc[last].text
    start = doc[first].idx
    end = doc[last].idx + len(last_word.rstrip(EDGE_PUNCTUATION))  # "3%." or "U.S.-": only the tail
    return (start, end) if end > start else None


def trimmed_text_span(text: str, start: int, end: int) -> Optional[Span]:
    """``(start, end)`` without white space, commas, semicolons and colons at its edges (None if empty)."""
    while start < end and (text[start].isspace() or text[start] in TEXT_EDGE):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TEXT_EDGE):
        end -= 1
    return (start, end) if end > start else None


def subtree_span(token: Token) -> Optional[Span]:
    return trimmed_span(token.doc, token.left_edge.i, token.right_edge.i)


def find_content(cue: Token) -> Optional[Content]:
    """The content a cue verb introduces, or None when it introduces none."""
    clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    if clause is not None:
        return _to_clause_end(cue, _content("indirect-ccomp", clause))
    clause = _that_clause_below(cue)
    if clause is not None:
        return _content("indirect-that-clause", clause)
    fragment = _fragment_before(cue)
    if fragment is not None:
        return _content("indirect-fragment", fragment)
    if cue.dep_ == "parataxis" and cue.head.i != cue.i:
        return _parenthetical_content(cue)
    if reports_host_clause(cue):
        return _clause_without(cue, cue.head, "indirect-as-clause")
    return with_object_complement(cue, _object_content(cue)) or learned_content(cue)


def _fragment_before(cue: Token) -> Optional[Token]:
    """"More sanctions on the way, officials said.": a verbless fragment before a comma, which the
    parser hangs under the cue as dep."""
    fragment = next((c for c in cue.lefts if c.dep_ == "dep" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ")), None)
    if fragment is None or fragment.right_edge.i + 1 >= cue.i or cue.doc[fragment.right_edge.i + 1].text != ",":
        return None
    return fragment


def learned_content(word: Token) -> Optional[Content]:
    """The content the learned cue model gives ``word`` (a verb, noun or predicate adjective), if any."""
    return with_controller(word, with_object_complement(word, _learned_content(word)))


def with_controller(cue: Token, content: Optional[Content]) -> Optional[Content]:
    """"challenged [Hillary Clinton to debate him]", "called on [her to resign]": the object that
    does what the infinitive says opens the content, as PolNeAR marks it ("on" joins the cue)."""
    if content is None or content.rule != "indirect-xcomp" or content.head is None or cue.pos_ != "VERB":
        return content
    target, preposition = content.head, None
    controller = next((c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < target.i), None)
    if controller is None:
        preposition = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in CONTROL_PREPOSITIONS
                            and cue.i < c.i < target.i), None)
        controller = next((c for c in preposition.children if c.dep_ == "pobj"), None) if preposition else None
    if controller is None:
        return content
    span = trimmed_span(cue.doc, controller.left_edge.i, target.right_edge.i)
    return replace(content, span=span, preposition=preposition) if span else content


def with_object_complement(cue: Token, content: Optional[Content]) -> Optional[Content]:
    """"blasted [the media for being dishonest]", "painted [Romney as a rich guy]": a verb's object and
    the prepositional phrase after it are one content, as PolNeAR marks them (rule unchanged)."""
    if content is None or content.rule not in ("indirect-dobj", "indirect-prep") or cue.pos_ != "VERB":
        return content
    target = next((c for c in cue.children if c.dep_ == "dobj"), None)
    complement = next((c for c in cue.rights if c.dep_ == "prep" and c.lower_ in OBJECT_COMPLEMENT_PREPOSITIONS
                       and target is not None and c.i > target.right_edge.i), None)
    if target is None or complement is None or not any(c.dep_ in ("pobj", "pcomp") for c in complement.children):
        return content
    span = trimmed_span(cue.doc, target.left_edge.i, complement.right_edge.i)
    return replace(content, span=span, preposition=None) if span else content


def _learned_content(cue: Token) -> Optional[Content]:
    """The complement the learned cue model finds most likely attributed, when likely enough."""
    from newsgraph.extract.quotes_scorer import best_candidate  # the scorer reads this module's parse helpers

    best = best_candidate(cue)
    if best is None:
        return None
    if best.relation == "oprd":
        return _object_predicate_content(cue, best.target)
    content = _content(relation_rule(best.relation), best.target)
    if content is not None and "prep:" in best.relation:
        content.preposition = best.target.head
    if content is not None:
        content.share = best.probability
    return content


def _to_clause_end(cue: Token, content: Optional[Content]) -> Optional[Content]:
    """"X said Y, but Z": reported content after its cue runs to the end of the cue's clause, as
    PolNeAR marks it, unless what follows holds a cue verb of its own ("..., adding that ...")."""
    if content is None or content.head is None or content.head.i < cue.i:
        return content
    doc, end = cue.doc, cue.right_edge.i
    if any(is_cue_verb(t) for t in doc[content.head.right_edge.i + 1: end + 1]):
        return content
    span = trimmed_span(doc, content.head.left_edge.i, end)
    if span is None or span[1] <= content.span[1]:
        return content
    return replace(content, span=(content.span[0], span[1]))


def without_sibling_cue(cue: Token, content: Optional[Content]) -> Optional[Content]:
    """"He announced [that he was in therapy] and vowed to ...": the parser often hangs a second cue
    verb of the same subject under the first one's content; the content stops before it, so that
    the second verb is a quote of its own. Such a verb has no subject and either the cue's tense
    (a misparsed conjunct) or is a participle after a comma (", arguing that ...")."""
    if content is None or content.head is None:
        return content
    doc = cue.doc
    sibling = next((t for t in content.head.subtree if t.i > content.head.i
                    and (_is_sibling_verb(cue, t) or is_trailing_participle(t)) and is_cue_verb(t)
                    and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)), None)
    if sibling is None:
        return content
    first = doc.char_span(*content.span, alignment_mode="expand").start
    last = sibling.left_edge.i - 1
    while last > first and (doc[last].dep_ == "cc" or doc[last].is_punct or doc[last].is_space):
        last -= 1
    span = trimmed_span(doc, first, last)
    if span is None or span[1] >= content.span[1]:
        return content
    return replace(content, span=span)


def with_appended_parts(cue: Token, content: Optional[Content]) -> Optional[Content]:
    """Parts the parser hangs beside the content, under the cue: "wants [to triple X, grow Y and create
    Z]" (bare infinitives conjoined to the cue after an infinitive content), "railed against [X,
    including Y]" (an "including" phrase)."""
    if content is None or content.head is None or content.head.i < cue.i:
        return content
    doc = cue.doc
    words = doc.char_span(*content.span, alignment_mode="expand")
    if words is None:
        return content
    last = words.end - 1
    for child in (c for c in cue.rights if c.i > last):
        if (child.dep_ == "prep" and child.lower_ == "including") or (
                content.rule == "indirect-xcomp" and child.dep_ == "conj" and child.tag_ == "VB"
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)):
            last = child.right_edge.i
    span = trimmed_span(doc, words.start, last)
    return replace(content, span=span) if span and span[1] > content.span[1] else content


def _is_sibling_verb(cue: Token, verb: Token) -> bool:
    return verb.dep_ == "conj" and verb.tag_ == cue.tag_


def is_trailing_participle(verb: Token) -> bool:
    """", arguing that ...", ", citing ...": a participle after a comma that the parser hangs under a
    reported clause (PolNeAR: an attribution of the cue's source, next to the first)."""
    first = verb.left_edge.i
    return (verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.dep_ == "ccomp"
            and first > 0 and verb.doc[first - 1].text == ",")


def _object_predicate_content(cue: Token, predicate: Token) -> Optional[Content]:
    """"called the plan a disaster": the object and its predicate."""
    objects = [c for c in cue.children if c.dep_ == "dobj"]
    first = min([predicate.left_edge.i] + [o.left_edge.i for o in objects])
    span = trimmed_span(cue.doc, first, predicate.right_edge.i)
    return Content("indirect-oprd", span, predicate) if span else None


def _content(rule: str, head: Token) -> Optional[Content]:
    span = subtree_span(head)
    return Content(rule, span, head) if span else None


def _that_clause_below(cue: Token) -> Optional[Token]:
    """A finite clause marked by "that" under the cue's object or preposition (a misattached ccomp)."""
    stack = [c for c in cue.rights if c.dep_ in OBJECT_DEPS]
    while stack:
        token = stack.pop()
        if token.dep_ in CLAUSE_DEPS and any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children):
            return token
        stack.extend(c for c in token.children if c.dep_ in OBJECT_DEPS + CLAUSE_DEPS)
    return None


def reports_host_clause(cue: Token) -> bool:
    """"As Politico reported, [Clinton leads]": a speech verb in an "as" clause, with no
    object of its own but "it" ("as Vulture put it"), reports the clause it hangs on; "as he left"
    or "as Trump continues to ..." tell time, not speech."""
    verb = speech_verbs().get(cue.lemma_.lower())
    return (cue.dep_ == "advcl" and verb is not None and verb.type == "speech"
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)
            and not any(c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "dobj" and c.lower_ != "it") for c in cue.children))


def _parenthetical_content(cue: Token) -> Optional[Content]:
    """"The US, he said, will retreat": the host clause minus the parenthetical, both sides as
    fragments ("The US" and "will retreat"), as PolNeAR marks it; the longer one is the span."""
    return _clause_without(cue, cue.head, "indirect-parenthetical")


def _clause_without(part: Token, host: Token, rule: str) -> Optional[Content]:
    """The subtree of ``host`` minus the subtree of ``part`` (see ``_content_around``)."""
    return _content_around(part, host.left_edge.i, host.right_edge.i, rule, host)


def _content_around(part: Token, first: int, last: int, rule: str, head: Token) -> Optional[Content]:
    """Tokens ``first..last`` without the subtree of ``part``: both sides as fragments ("[The US], he
    said, [will retreat]", as PolNeAR marks it), the longer one as the span."""
    sides = [s for s in (trimmed_span(part.doc, first, part.left_edge.i - 1),
                         trimmed_span(part.doc, part.right_edge.i + 1, last)) if s]
    if not sides:
        return None
    return Content(rule, max(sides, key=lambda s: s[1] - s[0]), head, fragments=tuple(sides))


def _object_content(cue: Token) -> Optional[Content]:
    verb = speech_verbs().get(cue.lemma_.lower())
    if verb is None or not verb.object_content:
        return None
    noun = next((c for c in cue.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if noun is None or noun.right_edge.i == noun.left_edge.i:
        return None
    return _content("indirect-dobj", noun)


def according_content(token: Token) -> Optional[Content]:
    """"According to X, ...": the sentence without the according phrase (both sides as fragments)."""
    sentence = token.sent
    return _content_around(token, sentence.start, sentence.end - 1, "according-to", token.head)
