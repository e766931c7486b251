"""The learned event coder's parts: the model's decision, its file form, the features it reads."""
import pytest

from newsgraph.extract.events.model import NONE, EventModel, candidate_features, event_model_named
from newsgraph.extract.events.roles import RoleModel, dependency_path
from newsgraph.extract.events.lexicon import load_event_lexicon
from newsgraph.pipeline import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp("en_core_web_sm")


def toy_model(threshold=0.5):
    return EventModel.from_json({"classes": [NONE, "ACCUSE", "CONSULT"], "threshold": threshold, "bias": [1.0, 0.0, 0.0],
                                 "weights": {"lemma=criticise": [[1, 4.0]], "lemma=meet": [[2, 4.0]]},
                                 "roles": {"source": {"threshold": 0.5, "bias": -1.0, "weights": {"path=up:nsubj": 3.0}},
                                           "target": {"threshold": 0.5, "bias": -1.0, "weights": {}}}})


def test_the_model_codes_a_category_only_above_its_threshold():
    model = toy_model()
    assert model.decide({"lemma=criticise": 1.0})[0] == "ACCUSE"
    assert model.decide({"lemma=meet": 1.0})[0] == "CONSULT"
    assert model.decide({"lemma=walk": 1.0})[0] == NONE
    assert toy_model(threshold=0.99).decide({"lemma=criticise": 1.0})[0] == NONE


def test_role_models_are_read_from_the_same_file():
    roles = toy_model().roles
    assert isinstance(roles["source"], RoleModel)
    assert roles["source"].probability({"path=up:nsubj": 1.0}) > 0.5 > roles["target"].probability({"path=up:nsubj": 1.0})


def test_rules_names_no_model_and_a_missing_file_is_an_error():
    assert event_model_named("rules") is None
    with pytest.raises(OSError):
        event_model_named("/no/such/model.json")


def test_features_read_the_object_the_modal_and_the_negation(nlp):
    doc = nlp("Russia will not attack Ukraine.")
    features = candidate_features(doc[3], load_event_lexicon())
    assert {"lemma=attack", "dobj=ukraine", "modal=will", "negated", "subject=ent:GPE"} <= set(features)


def test_dependency_path_names_the_relations_between_trigger_and_phrase(nlp):
    doc = nlp("The minister criticised the decision of the court.")
    trigger, subject, court = doc[2], doc[1], doc[7]
    assert dependency_path(trigger, subject) == "up:nsubj"
    assert dependency_path(trigger, court) == "up:pobj|up:prep|up:dobj"
