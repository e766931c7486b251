"""The learned cue model: the shipped weights are well formed, and the learner is deterministic."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from newsgraph.extract.quotes.syntax import content_children
from newsgraph.extract.quotes.lexicon import builtin_quote_lexicon
from newsgraph.extract.quotes.scorer import MODEL_FILE, candidate_features, scored_candidates
from newsgraph.pipeline import load_nlp
from tests_support import shared_path

POLNEAR = "gold/polnear"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp("en_core_web_sm")


def feature_families(nlp) -> set[str]:
    """The feature name prefixes (before "=") and bare names candidate_features can produce."""
    doc = nlp("Officials in Paris did not say on Monday whether they would sign it, the minister said.")
    names = {n for word in doc for relation, target in content_children(word)
             for n in candidate_features(word, relation, target)}
    return {n.split("=")[0] for n in names}


def test_shipped_model_is_well_formed(nlp):
    data = json.loads(resources.files("newsgraph.lexicons").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1 and data["examples"] > data["positives"] > 1000
    families = feature_families(nlp) | {"passive", "negated", "headline", "sentence-start", "target-has-subject",
                                        "target-quoted", "modal", "subject-lemma"}
    unknown = {name.split("=")[0] for name in data["weights"]} - families
    assert not unknown, f"weights for features the scorer never produces: {sorted(unknown)[:5]}"


def test_probabilities_rank_a_speech_complement_first(nlp):
    doc = nlp("The senator questioned whether the deal would hold.")
    best = scored_candidates(doc[2])[0]
    assert best.relation == "ccomp" and best.target.text == "hold"
    assert builtin_quote_lexicon().cue_model.threshold <= best.probability <= 1.0


def test_fitting_on_the_same_articles_gives_the_same_model(nlp):
    pytest.importorskip("sklearn", reason="scikit-learn (the train extra) is not installed")
    root = shared_path(POLNEAR)
    from newsgraph.evaluate.polnear import load_gold
    from newsgraph.train.quotes import candidates, fit_cue_model

    gold = load_gold(str(root), "train", limit=6)
    examples = [c for g, doc in zip(gold, nlp.pipe(g.text for g in gold)) for c in candidates(doc, g.attributions)]
    first, second = fit_cue_model(examples), fit_cue_model(list(examples))
    assert first == second and first["examples"] == len(examples) > 100
    assert 0 < first["positives"] < first["examples"]
