"""The content a cue introduces, read from the dependency parse (the cues themselves: quotes.cues).

A cue verb's content is, in order of trust: a clausal complement (``indirect-ccomp``), a "that"
clause the parser hung under the cue's object or preposition (``indirect-that-clause``), a verbless
fragment before an inverted cue (``indirect-fragment``), the clause around a parenthetical "he said"
(``indirect-parenthetical``), the clause an "as" clause hangs on ("As Politico reported, ...":
``indirect-as-clause``), a noun object of a verb marked ``object_content`` (``indirect-dobj``), else
the complement the learned cue model scores highest (``indirect-<relation>``: ``xcomp`` "vowed to
fight", ``dobj`` "criticized the plan", ``oprd`` "called the plan a disaster", ``prep`` "pointed to
the polls", where the preposition joins the cue; ``nominal-<relation>`` "his claim that ...";
``adjectival-<relation>`` "is confident that ..."). Then the boundaries PolNeAR draws: a verb's
object and the prepositional phrase after it are one content ("blasted [the media for being
dishonest]"), the object of an object-control verb opens its infinitive ("urged [the industry to do
more]"), parts hung beside the content join it, a second cue verb under the content ends it, and the
content around a parenthetical is both its sides as fragments.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from spacy.tokens import Token

from newsgraph.extract.quotes.cues import is_cue_verb
from newsgraph.extract.quotes.lexicon import QuoteLexicon
from newsgraph.extract.quotes.scorer import best_candidate
from newsgraph.extract.quotes.syntax import is_trailing_participle, relation_rule, subtree_span, trimmed_span
from newsgraph.model import Span

CLAUSE_DEPS = ("relcl", "acl", "advcl", "pcomp")
ADVERBIAL_MARKS = ("after", "before", "when", "while", "because", "since", "although", "though", "once", "until",
                   "unless")
OBJECT_DEPS = ("dobj", "dative", "prep", "npadvmod", "pobj")
CONTROL_PREPOSITIONS = ("on", "upon")  # "called on her to resign"
OBJECT_COMPLEMENT_PREPOSITIONS = ("as", "for", "with", "over", "about", "of", "on", "against", "to", "in")  # "blasted X for Y"


@dataclass
class Content:
    rule: str
    span: Span
    head: Optional[Token] = None  # the clause or noun whose subtree is the content
    preposition: Optional[Token] = None  # joins the cue: "pointed to", "called for"
    share: float = 1.0  # for learned content, the cue model's probability that it is attributed
    fragments: tuple[Span, ...] = ()  # both sides of a parenthetical: "[The US], he said, [will retreat]"


def in_source_content(token: Token) -> Optional[Content]:
    """The clause around "in <source>", without it (both sides as fragments)."""
    return _clause_without(token, token.head, "in-source")


def find_content(cue: Token, lexicon: QuoteLexicon) -> Optional[Content]:
    """The content a cue verb introduces, or None when it introduces none."""
    clause = next((c for c in cue.children if c.dep_ == "ccomp" and not _is_adverbial(c)), None)
    if clause is not None:
        return _to_clause_end(cue, _content("indirect-ccomp", clause), lexicon)
    clause = _that_clause_below(cue)
    if clause is not None:
        return _content("indirect-that-clause", clause)
    fragment = _fragment_before(cue)
    if fragment is not None:
        return _content("indirect-fragment", fragment)
    if cue.dep_ == "parataxis" and cue.head.i != cue.i:
        return _parenthetical_content(cue)
    if reports_host_clause(cue, lexicon):
        return _clause_without(cue, cue.head, "indirect-as-clause")
    return with_object_complement(cue, _object_content(cue, lexicon)) or learned_content(cue, lexicon)


def _is_adverbial(clause: Token) -> bool:
    """"[After the senator suspended his campaign], Cruz said he's certain ...": a clause the parser
    hangs under the cue as its complement though a time or condition word opens it."""
    return any(c.dep_ == "mark" and c.lower_ in ADVERBIAL_MARKS for c in clause.children)


def _fragment_before(cue: Token) -> Optional[Token]:
    """"More sanctions on the way, officials said.": a verbless fragment before a comma, which the
    parser hangs under the cue as dep."""
    fragment = next((c for c in cue.lefts if c.dep_ == "dep" and c.pos_ in ("NOUN", "PROPN", "PRON", "ADJ")), None)
    if fragment is None or fragment.right_edge.i + 1 >= cue.i or cue.doc[fragment.right_edge.i + 1].text != ",":
        return None
    return fragment


def learned_content(word: Token, lexicon: QuoteLexicon) -> Optional[Content]:
    """The content the learned cue model gives ``word`` (a verb, noun or predicate adjective), if any."""
    return with_controller(word, with_object_complement(word, _learned_content(word, lexicon)))


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


def _learned_content(cue: Token, lexicon: QuoteLexicon) -> Optional[Content]:
    """The complement the learned cue model finds most likely attributed, when likely enough."""
    best = best_candidate(cue, lexicon)
    if best is None:
        return None
    if best.relation == "oprd":
        return _object_predicate_content(cue, best.target)
    if best.relation == "acl-agent":  # the noun the participle describes, up to the participle
        span = trimmed_span(cue.doc, best.target.left_edge.i, cue.left_edge.i - 1)
        return Content("indirect-acl-agent", span, best.target, share=best.probability) if span else None
    content = _content(relation_rule(best.relation), best.target)
    if content is not None and "prep:" in best.relation:
        content.preposition = best.target.head
    if content is not None:
        content.share = best.probability
    return content


def _to_clause_end(cue: Token, content: Optional[Content], lexicon: QuoteLexicon) -> Optional[Content]:
    """"X said Y, but Z": reported content after its cue runs to the end of the cue's clause, as
    PolNeAR marks it, unless what follows holds a cue verb of its own ("..., adding that ...")."""
    if content is None or content.head is None or content.head.i < cue.i:
        return content
    doc, end = cue.doc, cue.right_edge.i
    if any(is_cue_verb(t, lexicon) for t in doc[content.head.right_edge.i + 1: end + 1]):
        return content
    span = trimmed_span(doc, content.head.left_edge.i, end)
    if span is None or span[1] <= content.span[1]:
        return content
    return replace(content, span=(content.span[0], span[1]))


def without_sibling_cue(cue: Token, content: Optional[Content], lexicon: QuoteLexicon) -> Optional[Content]:
    """"He announced [that he was in therapy] and vowed to ...": the parser often hangs a second cue
    verb of the same subject under the first one's content; the content stops before it, so that
    the second verb is a quote of its own. Such a verb has no subject and either the cue's tense
    (a misparsed conjunct) or is a participle after a comma (", arguing that ...")."""
    if content is None or content.head is None:
        return content
    doc = cue.doc
    sibling = next((t for t in content.head.subtree if t.i > content.head.i
                    and (_is_sibling_verb(cue, t) or is_trailing_participle(t)) and is_cue_verb(t, lexicon)
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


def reports_host_clause(cue: Token, lexicon: QuoteLexicon) -> bool:
    """"As Politico reported, [Clinton leads]": a speech verb in an "as" clause, with no
    object of its own but "it" ("as Vulture put it"), reports the clause it hangs on; "as he left"
    or "as Trump continues to ..." tell time, not speech."""
    verb = lexicon.speech_verbs.get(cue.lemma_.lower())
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


def _object_content(cue: Token, lexicon: QuoteLexicon) -> Optional[Content]:
    verb = lexicon.speech_verbs.get(cue.lemma_.lower())
    if verb is None or not verb.object_content:
        return None
    noun = next((c for c in cue.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if noun is None or noun.right_edge.i == noun.left_edge.i:
        return None
    return _content("indirect-dobj", noun)


def hearsay_content(adverb: Token) -> Optional[Content]:
    """"[The group is] reportedly [spending $1.5 million]": the adverb's clause around it, as fragments."""
    return _clause_without(adverb, adverb.head, "hearsay-adverb")


def according_content(token: Token) -> Optional[Content]:
    """"According to X, ...": the sentence without the according phrase (both sides as fragments)."""
    sentence = token.sent
    return _content_around(token, sentence.start, sentence.end - 1, "according-to", token.head)
