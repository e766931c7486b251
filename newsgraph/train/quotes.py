"""Learn the attribution cues of PolNeAR train: a (lemma, relation) table and the cue model.

    python -m newsgraph.train.quotes ../shared/gold/polnear [--out TSV] [--model-out JSON]

parses the train texts of PolNeAR at ``DIR``
(``<polnear>/data/train``) and takes every candidate (``candidates``): a verb, noun or predicate adjective
outside quote marks and outside gold content (the stage drops attributions nested in another's
content: keeping them measured worse) with one of its complements (``content_children``: ccomp,
xcomp, dobj, oprd, prep:<word>, nsubjpass beside an agent, acl-agent for a participle with an agent
and the noun it describes; for nouns noun:acl, noun:prep:<word>; for predicate adjectives
adj:ccomp, adj:xcomp, adj:prep:<word>, the adjective standing for a gold cue headed by its copula,
"is [confident] that"). A candidate is an attribution when its word was the head of a gold cue whose
content is that complement. From them it writes:

- ``lexicons/quotes_cue_relations.tsv`` (or ``--out``): per (lemma, relation), ``hits`` (attributions) and
  ``total`` (occurrences), for pairs with at least two hits; the stage takes the verbs of pairs above
  ``MIN_LEARNED_PRECISION`` and ``MIN_LEARNED_HITS`` as cue verbs (``quotes.cues.is_cue_verb``);
- ``lexicons/quotes_cue_model.json`` (or ``--model-out``): a logistic regression (scikit-learn, L2, lbfgs) over the
  features of ``quotes.scorer.candidate_features``, with the threshold the stage applies. THRESHOLD
  and REGULARISATION were chosen by 4-fold cross-validation over train articles, end to end.

Deterministic: no sampling, rows and weights sorted; the same corpus, spaCy model and scikit-learn
give the same files. Needs the ``train`` extra (``pip install -e '.[train]'``).
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from spacy.tokens import Doc, Token

from newsgraph.extract.quotes.headlines import parse_sentence_cased_lines
from newsgraph.extract.quotes.marks import find_quoted_segments
from newsgraph.extract.quotes.scorer import MODEL_FILE, candidate_features, is_candidate_word
from newsgraph.extract.quotes.syntax import LIGHT_VERB_OBJECTS, content_children
from newsgraph.model import Span
from newsgraph.pipeline import nlp_of

LEXICONS = Path(__file__).resolve().parents[1] / "lexicons"
OUTPUT = LEXICONS / "quotes_cue_relations.tsv"
MODEL_OUTPUT = LEXICONS / MODEL_FILE
MIN_WRITTEN_HITS = 2
REGULARISATION = 1.0  # scikit-learn's C: inverse strength of the L2 penalty
MAX_ITERATIONS = 3000
THRESHOLD = 0.25  # the probability from which a candidate is an attribution
MODEL_ABOUT = ("Logistic model of (word, complement) attribution candidates, learned from PolNeAR train by "
               "python -m newsgraph.train.quotes (do not edit by hand); features: newsgraph.extract.quotes.scorer.")
HEADER = """# (verb or noun lemma, complement relation) pairs that introduce attributed content,
# learned from PolNeAR train.
# Made by: python -m newsgraph.train.quotes ../shared/gold/polnear  (do not edit by hand)
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
        for word in [head] + standing_for_cue(head, {t.i for t in cue}):
            for _, target in content_children(word):
                covered = {t.i for t in target.subtree} & content
                if target.i in content and 2 * len(covered) >= len(content):
                    found.add((word.i, target.i))
    return found


def standing_for_cue(head: Token, cue: set[int]) -> list[Token]:
    """Words of a gold cue below its head that introduce the content: "is [ready] to" (a predicate
    adjective), "has no [illusions] about", "expressed [hope] that" (the verb's noun object, inside the
    cue), "tries to [draw]" (an infinitive inside the cue), "went on the [attack] against" (the
    object of the verb's preposition, inside the cue)."""
    found = [c for c in head.children if c.dep_ == "acomp" and c.pos_ == "ADJ"]
    found += [c for c in head.children if c.i in cue and (
        (c.dep_ in LIGHT_VERB_OBJECTS and c.pos_ == "NOUN") or (c.dep_ == "xcomp" and c.pos_ == "VERB"))]
    found += [o for c in head.children if c.dep_ == "prep" and c.i in cue for o in c.children
              if o.dep_ == "pobj" and o.pos_ == "NOUN" and o.i in cue]  # "went on the [attack] against"
    return found


def quoted_tokens(doc: Doc) -> set[int]:
    """Tokens inside quote marks: the quotes stage never looks for cues there."""
    found = set()
    for segment in find_quoted_segments(doc.text):
        span = doc.char_span(segment.outer_start, segment.outer_end, alignment_mode="expand")
        found.update(range(span.start, span.end) if span is not None else ())
    return found


def reported_tokens(doc: Doc, attributions) -> set[int]:
    """Tokens inside gold content: the stage drops attributions nested in content, so they are no candidates."""
    return {t.i for a in attributions for t in words(doc, a.content)}


@dataclass
class Candidate:
    """A (word, complement) pair of a train text, and whether it was a gold cue with that content."""
    word: Token
    relation: str
    target: Token
    attribution: bool


def candidates(doc: Doc, attributions: list) -> Iterator[Candidate]:
    """Every candidate outside quote marks and outside gold content (verbs, nouns, predicate adjectives),
    read as the stage reads them: title-case lines parsed again in sentence case."""
    headlines = parse_sentence_cased_lines(doc.text, nlp_of(doc))
    yield from _candidates_of(doc, attributions, lambda t: headlines is None or not headlines.holds(t.idx))
    if headlines is not None:
        yield from _candidates_of(headlines.doc, attributions, lambda t: headlines.holds(t.idx))


def _candidates_of(doc: Doc, attributions: list, wanted) -> Iterator[Candidate]:
    gold, skipped = gold_pairs(doc, attributions), quoted_tokens(doc) | reported_tokens(doc, attributions)
    for word in (t for t in doc if is_candidate_word(t) and t.i not in skipped and wanted(t)):
        for relation, target in content_children(word):
            yield Candidate(word, relation, target, (word.i, target.i) in gold)


def count_pairs(examples: Iterable[Candidate]) -> tuple[Counter, Counter]:
    hits, total = Counter(), Counter()
    for example in examples:
        key = (example.word.lemma_.lower(), example.relation)
        total[key] += 1
        hits[key] += example.attribution
    return hits, total


def fit_cue_model(examples: list[Candidate], regularisation: float = REGULARISATION) -> dict:
    """A logistic model over ``candidate_features`` (scikit-learn, deterministic lbfgs) as the JSON
    document ``quotes.lexicon.load_cue_model`` reads."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(candidate_features(e.word, e.relation, e.target) for e in examples)
    model = LogisticRegression(C=regularisation, max_iter=MAX_ITERATIONS)
    model.fit(matrix, [e.attribution for e in examples])
    weights = {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])}
    return {"about": MODEL_ABOUT, "examples": len(examples), "positives": sum(e.attribution for e in examples),
            "regularisation": regularisation, "threshold": THRESHOLD, "bias": round(float(model.intercept_[0]), 4),
            "weights": dict(sorted((k, v) for k, v in weights.items() if v != 0.0))}


def learn(data_dir: str, output: Path = OUTPUT, model_output: Path = MODEL_OUTPUT) -> tuple[int, int]:
    """Write the (lemma, relation) table and the cue model; return (table rows, model examples)."""
    from newsgraph.evaluate.polnear import load_gold
    from newsgraph.pipeline import load_nlp

    gold = load_gold(data_dir, "train")
    docs = load_nlp("en_core_web_sm").pipe((g.text for g in gold), batch_size=32)
    examples = [c for doc, g in zip(docs, gold) for c in candidates(doc, list(g.attributions))]
    model = fit_cue_model(examples)
    model_output.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    hits, total = count_pairs(examples)
    rows = sorted((k for k in hits if hits[k] >= MIN_WRITTEN_HITS), key=lambda k: (-hits[k], k))
    lines = [f"{lemma}\t{relation}\t{hits[(lemma, relation)]}\t{total[(lemma, relation)]}\t"
             f"{hits[(lemma, relation)] / total[(lemma, relation)]:.2f}" for lemma, relation in rows]
    output.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines), len(examples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("polnear", nargs="?", default="../shared/gold/polnear", help="the PolNeAR folder")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="write the (lemma, relation) table here")
    parser.add_argument("--model-out", type=Path, default=MODEL_OUTPUT, help="write the cue model here (JSON)")
    args = parser.parse_args()
    rows, examples = learn(args.polnear, args.out, args.model_out)
    print(f"{rows} pairs written to {args.out}; cue model from {examples} candidates written to {args.model_out}")


if __name__ == "__main__":
    main()
