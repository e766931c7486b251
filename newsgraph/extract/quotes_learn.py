"""Learn which (verb or noun lemma, complement relation) pairs are attribution cues, from PolNeAR train.

``python -m newsgraph.extract.quotes_learn DIR`` parses the train texts of PolNeAR at ``DIR``
(``DIR/data/train``), and for every verb and noun outside quote marks and outside gold content
(PolNeAR does not annotate nested attributions, and the stage drops them) and each complement it
has (``content_children``: ccomp, xcomp, dobj, oprd, prep:<word>; for nouns noun:acl,
noun:prep:<word>; for predicate adjectives adj:ccomp, adj:xcomp, adj:prep:<word>, the adjective
standing for a gold cue headed by its copula, "is [confident] that") counts how often that word
was the head of a gold cue whose content is that complement (``hits``) against how often the pair
occurs (``total``). It writes the pairs with at least two hits to
``newsgraph/lexicons/quotes_cue_relations.tsv``; the quotes stage uses those above
``MIN_LEARNED_PRECISION`` and ``MIN_LEARNED_HITS`` (quotes_cues). Deterministic: no sampling, rows sorted;
the same corpus and spaCy model give the same file.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Iterable, Optional

from spacy.tokens import Doc, Token

from newsgraph.extract.quotes_cues import content_children
from newsgraph.extract.quotes_marks import find_quoted_segments
from newsgraph.model import Span

OUTPUT = Path(__file__).resolve().parents[1] / "lexicons" / "quotes_cue_relations.tsv"
MIN_WRITTEN_HITS = 2
CUE_POS = ("VERB", "NOUN", "ADJ")  # verbs, nouns ("his claim that"), predicate adjectives ("is ready to")
HEADER = """# (verb or noun lemma, complement relation) pairs that introduce attributed content,
# learned from PolNeAR train.
# Made by: python -m newsgraph.extract.quotes_learn ../shared/gold/polnear  (do not edit by hand)
# hits = times the pair was a gold cue with that content; total = times the pair occurs in train.
# A noun's relations start with "noun:" (noun:acl "his claim that", noun:prep:of "allegations of").
# lemma\trelation\thits\ttotal\tshare
"""


def words(doc: Doc, spans: Iterable[Span]) -> list[Token]:
    found = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        found.extend(t for t in span or [] if not (t.is_punct or t.is_space))
    return found


def head_of(tokens: list[Token]) -> Optional[Token]:
    """The token of ``tokens`` whose head lies outside them (the largest such subtree)."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return max(heads, key=lambda t: (len(list(t.subtree)), -t.i)) if heads else None


def gold_pairs(doc: Doc, attributions) -> set[tuple[int, int]]:
    """(cue head, content complement) token pairs of the gold attributions."""
    found = set()
    for attribution in attributions:
        cue, content = words(doc, attribution.cue), {t.i for t in words(doc, attribution.content)}
        head = head_of(cue)
        if head is None or not content:
            continue
        adjectives = [c for c in head.children if c.dep_ == "acomp" and c.pos_ == "ADJ"]  # "is [ready] to"
        for word in [head] + adjectives:
            for _, target in content_children(word):
                covered = {t.i for t in target.subtree} & content
                if target.i in content and 2 * len(covered) >= len(content):
                    found.add((word.i, target.i))
    return found


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens inside quote marks: the quotes stage never looks for cues there."""
    found = set()
    for segment in find_quoted_segments(doc.text):
        span = doc.char_span(segment.outer_start, segment.outer_end, alignment_mode="expand")
        found.update(range(span.start, span.end) if span is not None else ())
    return found


def reported_tokens(doc: Doc, attributions) -> set[int]:
    """Tokens inside gold content: PolNeAR annotates no attribution nested in another (univocal)."""
    return {t.i for a in attributions for t in words(doc, a.content)}


def count_pairs(docs: Iterable[Doc], golds) -> tuple[Counter, Counter]:
    hits, total = Counter(), Counter()
    for doc, attributions in zip(docs, golds):
        attributions = list(attributions)
        gold, skipped = gold_pairs(doc, attributions), quoted_tokens(doc) | reported_tokens(doc, attributions)
        for word in (t for t in doc if t.pos_ in CUE_POS and t.i not in skipped):
            if word.pos_ == "ADJ" and word.dep_ != "acomp":
                continue  # only predicate adjectives: "is confident that", not "a confident man"
            for relation, target in content_children(word):
                key = (word.lemma_.lower(), relation)
                total[key] += 1
                hits[key] += (word.i, target.i) in gold
    return hits, total


def learn(data_dir: str, output: Path = OUTPUT) -> int:
    from newsgraph.evaluate.polnear import load_gold
    from newsgraph.pipeline import load_nlp

    gold = load_gold(data_dir, "train")
    docs = load_nlp("en_core_web_sm").pipe((g.text for g in gold), batch_size=32)
    hits, total = count_pairs(docs, (g.attributions for g in gold))
    rows = sorted((k for k in hits if hits[k] >= MIN_WRITTEN_HITS), key=lambda k: (-hits[k], k))
    lines = [f"{lemma}\t{relation}\t{hits[(lemma, relation)]}\t{total[(lemma, relation)]}\t"
             f"{hits[(lemma, relation)] / total[(lemma, relation)]:.2f}" for lemma, relation in rows]
    output.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


if __name__ == "__main__":
    print(f"{learn(sys.argv[1] if len(sys.argv) > 1 else '../shared/gold/polnear')} pairs written to {OUTPUT}")
