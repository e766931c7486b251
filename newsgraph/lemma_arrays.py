"""The English model's rule lemmatizer, with each lemma remembered: the same lemmas as spaCy's
``Lemmatizer``, about eight times faster (2.16 s against 0.27 s over 200 AllSides articles).

spaCy's lemmatizer (rule mode) visits every token as a Python object, runs its rules again for every
token its own cache does not keep (base forms, proper nouns, white space), and checks each candidate
form against a list of the known words: 7% of the parse. Its lemma is a function of the word, its
part of speech and its morphology (``rule_lemmatize`` reads nothing else), so here the document's ORTH, POS, MORPH and LEMMA arrays are read at once, a token
without a lemma gets the one remembered for its (word, POS, MORPH), and only a triple seen for the
first time is lemmatized, by spaCy's own ``lemmatize``; the lemmas go back in one ``Doc.from_array``.
What is remembered (here, and in the spaCy lemmatizer's own cache) is dropped when it reaches
MAX_REMEMBERED triples, so memory stays flat over a long run. ``tests/test_faster_components.py``
holds the pipeline to spaCy's output."""
from __future__ import annotations

from typing import Optional

COMPONENT = "newsgraph_lemma_arrays"
MAX_REMEMBERED = 40_000  # (word, POS, MORPH) triples: about 30,000 after 500 articles, 70,000 after 3,000


class RememberingLemmatizer:
    """A pipeline component giving what ``lemmatizer`` gives (see the module docstring)."""

    def __init__(self, lemmatizer):
        from spacy import attrs

        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self.read = [attrs.ORTH, attrs.POS, attrs.MORPH, attrs.LEMMA]
        self.lemma = [attrs.LEMMA]
        self.remembered: dict[tuple[int, int, int], str] = {}  # strings: a memory zone may drop their keys

    def __call__(self, doc):
        if not len(doc):
            return doc
        columns = doc.to_array(self.read)
        lemmas = columns[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma == 0:  # one the attribute ruler did not set
                lemmas[i] = self.lemma_of(doc, i, (orth, pos, morph))
        doc.from_array(self.lemma, lemmas.reshape(-1, 1))
        return doc

    def lemma_of(self, doc, i: int, key: tuple[int, int, int]) -> int:
        found = self.remembered.get(key)
        if found is None:
            if len(self.remembered) >= MAX_REMEMBERED:
                self.remembered.clear()
                self.lemmatizer.cache.clear()  # spaCy's own, filled by rule_lemmatize, would grow without end
            found = self.remembered[key] = self.lemmatizer.lemmatize(doc[i])[0]
        return self.strings.add(found)  # again in each memory zone (pipeline._run_batch): it frees what it added


def remembering_lemmatizer(lemmatizer) -> Optional[RememberingLemmatizer]:
    """The remembering form of ``lemmatizer``, or None for one that is not spaCy's rule lemmatizer
    that fills only missing lemmas (another mode, or ``overwrite``). It takes the lemmatizer over:
    its word index becomes sets (see ``with_index_sets``)."""
    from spacy.pipeline import Lemmatizer

    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule" or lemmatizer.overwrite:
        return None
    with_index_sets(lemmatizer)
    return RememberingLemmatizer(lemmatizer)


def with_index_sets(lemmatizer) -> None:
    """The known words of each part of speech (table ``lemma_index``, which ``rule_lemmatize`` only
    asks ``form in index``) as frozensets instead of lists: the model ships lists of up to 57,528
    words, so that each new word cost a scan of them (95 microseconds a word)."""
    table = lemmatizer.lookups.get_table("lemma_index", None)
    if table is None:
        return
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)
