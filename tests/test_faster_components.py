"""The faster forms of the attribute ruler and the lemmatizer (newsgraph/attribute_arrays.py,
newsgraph/lemma_arrays.py) give every token the same attributes as spaCy's own components, on real
news text and on the words the ruler's rules name."""
import itertools
import json

import pytest
from hypothesis import given, settings, strategies as st

from newsgraph.attribute_arrays import COMPONENT, array_attribute_ruler, compiled_rules
from newsgraph.lemma_arrays import COMPONENT as LEMMA_COMPONENT, remembering_lemmatizer
from newsgraph.pipeline import build_nlp, load_nlp
from newsgraph.settings import Settings
from tests.conftest import EXAMPLE, shared_path

# Words and pairs the model's ruler has rules for, in the sentences where they fire.
RULE_WORDS = [
    "They ain't gonna stop, and y'all know it.", "C'mon, let's go: we gotta leave.",
    "There is a problem and there are two more; there's no answer.",
    "But he said this, but not that: these are those.", "I told you and you told me; it hit it.",
    "Which one? That one, which he chose.  Two  spaces\n\nand a blank line.",
    "He wo n't ca n't  do it.", "She's said she'd go; we'd've gone.",
]


@pytest.fixture(scope="module")
def pipelines():
    return load_nlp(Settings().model), build_nlp(Settings().model, faster=False)


def token_attributes(doc) -> list[tuple]:
    return [(t.i, t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_,
             t.is_sent_start) for t in doc]


def assert_same(pipelines, texts) -> None:
    arrays, spacy_ruler = pipelines
    for text in texts:
        assert token_attributes(arrays(text)) == token_attributes(spacy_ruler(text)), text[:80]


def test_the_shipped_pipeline_uses_the_faster_forms(pipelines):
    faster, spacys = pipelines
    assert COMPONENT in faster.pipe_names and "attribute_ruler" not in faster.pipe_names
    assert LEMMA_COMPONENT in faster.pipe_names and "lemmatizer" not in faster.pipe_names
    assert "attribute_ruler" in spacys.pipe_names and "lemmatizer" in spacys.pipe_names


def test_same_attributes_on_the_example_and_the_rule_words(pipelines):
    assert_same(pipelines, [EXAMPLE.read_text(encoding="utf-8"), *RULE_WORDS])


def test_the_rule_words_change_something(pipelines):
    """The rules are exercised: without any ruler, lemmas and parts of speech of these words differ."""
    arrays, _ = pipelines
    doc = arrays("They ain't gonna stop. There is a problem.")
    assert [t.lemma_ for t in doc][:5] == ["they", "be", "not", "go", "to"]
    assert doc[8].pos_ == "VERB"  # "is" after expletive "There"


def test_same_attributes_on_news_articles(pipelines):
    corpus = shared_path("corpora/allsides-world/articles.jsonl")
    with corpus.open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines if line.strip())
        texts = list(itertools.islice((r["content_original"] for r in records if r.get("content_original")), 40))
    assert_same(pipelines, texts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(RULE_WORDS + ["ai", "n't", "gon", "na", "y'", "all", " ", "\n", "There", "is", "."]),
                min_size=1, max_size=12))
def test_same_attributes_on_mixed_words(pipelines, words):
    assert_same(pipelines, [" ".join(words)])


def test_a_ruler_with_an_unknown_pattern_kind_is_kept(pipelines):
    """An operator or another attribute: no array form (the pipeline keeps spaCy's ruler)."""
    _, spacy_ruler = pipelines
    ruler = spacy_ruler.get_pipe("attribute_ruler")
    assert compiled_rules(ruler) is not None
    import spacy

    blank = spacy.blank("en")
    other = blank.add_pipe("attribute_ruler")
    other.add([[{"LOWER": "the", "OP": "+"}]], {"LEMMA": "the"})
    assert array_attribute_ruler(other) is None
    other = spacy.blank("en").add_pipe("attribute_ruler")
    other.add([[{"SHAPE": "Xxxx"}]], {"LEMMA": "x"})
    assert array_attribute_ruler(other) is None


def test_a_lemmatizer_of_another_mode_is_kept(pipelines):
    _, spacys = pipelines
    lemmatizer = spacys.get_pipe("lemmatizer")
    assert remembering_lemmatizer(lemmatizer) is not None
    import spacy

    lookup = spacy.blank("en").add_pipe("lemmatizer", config={"mode": "lookup"})
    assert remembering_lemmatizer(lookup) is None
    assert remembering_lemmatizer(spacys.get_pipe("ner")) is None


def test_what_the_lemmatizer_remembers_is_bounded(pipelines, monkeypatch):
    import newsgraph.lemma_arrays as lemma_arrays

    faster, spacys = pipelines
    monkeypatch.setattr(lemma_arrays, "MAX_REMEMBERED", 5)
    component = faster.get_pipe(LEMMA_COMPONENT)
    text = EXAMPLE.read_text(encoding="utf-8")[:2000]
    assert token_attributes(faster(text)) == token_attributes(spacys(text))
    assert len(component.remembered) <= 5 and len(component.lemmatizer.cache) <= 5
