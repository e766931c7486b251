"""The quote stage's lexicons, read into one ``QuoteLexicon`` (held by ``newsgraph.lexicons.Lexicons.quotes``,
built once per process with the rest and handed down from the quotes stage): speech verbs, the
learned cue relations and cue model, set phrases, raising, hearsay and means words, the nouns of
"in" sources, colon sources and unnamed sources, and the media patterns."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from newsgraph.extract.quotes.syntax import ADJECTIVE_PREFIX, NOUN_PREFIX
from newsgraph.lexicons import LEXICON_DIR, read_tsv

MODEL_FILE = "quotes_cue_model.json"
MIN_LEARNED_PRECISION = 0.3  # a learned (lemma, relation) pair is a cue when PolNeAR train agrees this often
MIN_LEARNED_HITS = 3


@dataclass(frozen=True)
class SpeechVerb:
    lemma: str
    type: str  # speech | belief | intention
    object_content: bool
    comment: str = ""


@dataclass(frozen=True)
class MediumPattern:
    attach: str  # a preposition, or "object"
    word: str  # lemma of the preposition's noun (of the cue, for "object")
    take: str  # phrase | noun | <preposition>|phrase | <preposition>|noun
    comment: str = ""


@dataclass(frozen=True)
class CueModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # a candidate at or above it is an attribution

    def probability(self, features: dict[str, float]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-score))


@dataclass(frozen=True, eq=False)
class QuoteLexicon:
    idioms: dict[str, list[tuple[tuple[str, ...], int]]]  # word -> (set phrase as a word tuple, the word's position)
    raising_verbs: frozenset[str]  # lemmas whose subject belongs to the content, not the source
    hearsay_adverbs: frozenset[str]  # "reportedly"
    means_verbs: frozenset[str]  # lemmas whose object is a means, not the doer of the infinitive after it
    speech_verbs: dict[str, SpeechVerb]  # speech_verbs.tsv
    learned_relations: dict[tuple[str, str], float]  # (lemma, relation) -> share of PolNeAR train attributions
    learned_lemmas: frozenset[str]  # the verb lemmas of learned_relations
    in_sources: frozenset[str]  # "In a CNN [poll], ..."
    colon_sources: frozenset[str]  # "[Poll]: ..."
    anonymous_nouns: frozenset[str]  # "the official", "the spokesman"
    media: dict[tuple[str, str], MediumPattern]  # (preposition or "object", word) -> pattern
    cue_model: CueModel  # the learned cue model (quotes_cue_model.json)


def _idioms() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    found: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for _, row in read_tsv("quotes_idioms.tsv"):
        phrase = tuple(row["phrase"].split())
        for at, word in enumerate(phrase):
            found.setdefault(word, []).append((phrase, at))
    return found


def _learned_relations() -> dict[tuple[str, str], float]:
    found = {}
    for _, row in read_tsv("quotes_cue_relations.tsv"):
        lemma, relation, hits, total = row["lemma"], row["relation"], row["hits"], row["total"]
        if int(hits) >= MIN_LEARNED_HITS and int(hits) / int(total) >= MIN_LEARNED_PRECISION:
            found[(lemma, relation)] = int(hits) / int(total)
    return found


def _words(name: str, column: str) -> frozenset[str]:
    return frozenset(row[column] for _, row in read_tsv(name))


def load_cue_model() -> CueModel:
    data = json.loads((LEXICON_DIR / MODEL_FILE).read_text(encoding="utf-8"))
    return CueModel(data["weights"], data["bias"], data["threshold"])


def load_quote_lexicon() -> QuoteLexicon:
    """The quote lexicons, read from the built-in files (call through ``newsgraph.lexicons``, which builds it once)."""
    relations = _learned_relations()
    return QuoteLexicon(
        idioms=_idioms(),
        raising_verbs=_words("quotes_raising_verbs.tsv", "lemma"),
        hearsay_adverbs=_words("quotes_hearsay_adverbs.tsv", "word"),
        means_verbs=_words("quotes_means_verbs.tsv", "lemma"),
        speech_verbs={row["lemma"]: SpeechVerb(row["lemma"], row["type"], row["object_content"] == "yes",
                                               row["comment"]) for _, row in read_tsv("speech_verbs.tsv")},
        learned_relations=relations,
        learned_lemmas=frozenset(lemma for lemma, relation in relations
                                 if not relation.startswith((NOUN_PREFIX, ADJECTIVE_PREFIX))),
        in_sources=_words("quotes_in_sources.tsv", "word"),
        colon_sources=_words("quotes_colon_sources.tsv", "word"),
        anonymous_nouns=_words("quotes_anonymous_sources.tsv", "lemma"),
        media={(row["attach"], row["word"]): MediumPattern(row["attach"], row["word"], row["take"], row["comment"])
               for _, row in read_tsv("media.tsv")},
        cue_model=load_cue_model(),
    )


def builtin_quote_lexicon() -> QuoteLexicon:
    """The built-in quote lexicon (what a helper uses when called without one, as tests do)."""
    from newsgraph.lexicons import builtin_lexicons

    return builtin_lexicons().quotes
