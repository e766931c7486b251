"""The event actors' sector, decided again by the learned sector model (extract/actors/sectors.py),
and pronouns the entities stage left unresolved (extract/events/sides.py); on texts written for
these tests."""
from newsgraph.extract.actors.sectors import SectorModel, sector_features, with_learned_sector
from newsgraph.extract.events.model import shipped_event_model
from newsgraph.extract.events.sides import ActorResolver
from newsgraph.ingest.text import article_from_text
from newsgraph.model import ActorRef, Entity

MOSCOW = ActorRef(entity="e1", name="Moscow", code="RUS", country="RUS", sector="GOV")
CAPITAL = Entity(id="e1", name="Moscow", type="PLACE", code="RUS", country="RUS", sector="GOV",
                 rule="countries.tsv:Moscow")


def model(weight: float) -> SectorModel:
    """NONE against GOV: the capital feature pulls to NONE with ``weight``."""
    return SectorModel(("NONE", "GOV"), {"rule+sector=countries.tsv|GOV": {0: weight}}, (0.0, 0.0))


def test_features_say_where_the_code_came_from():
    features = sector_features(MOSCOW, CAPITAL)
    assert {"rule=countries.tsv", "sector=GOV", "code=state", "type=PLACE", "word=moscow"} <= set(features)


def test_a_confident_model_changes_the_sector_and_keeps_the_country():
    decided = with_learned_sector(MOSCOW, CAPITAL, model(3.0))
    assert (decided.code, decided.country, decided.sector) == ("RUS", "RUS", None)


def test_an_unsure_model_or_none_leaves_the_actor_as_coded():
    assert with_learned_sector(MOSCOW, CAPITAL, model(0.1), confidence=0.9) == MOSCOW
    assert with_learned_sector(MOSCOW, CAPITAL, None) == MOSCOW
    uncoded = ActorRef(entity=None, name="witnesses")
    assert with_learned_sector(uncoded, None, model(3.0)) == uncoded


def test_the_shipped_model_has_a_sector_model():
    assert shipped_event_model().sectors is not None


def test_a_capital_standing_for_its_country_is_coded_as_the_country(pipeline):
    article = pipeline.analyse(article_from_text("Moscow accused Washington of meddling in the election.", raw_text=True))
    (accused,) = [e for e in article.events if e.text == "accused"]
    assert [(a.code, a.sector) for a in accused.source + accused.target] == [("RUS", None), ("USA", None)]
    assert "sectors=model" in accused.rule


def resolver_and_doc(pipeline, text):
    article = pipeline.analyse(article_from_text(text, raw_text=True))
    article.doc = pipeline.nlp(article.text)
    return ActorResolver(article), article.doc


def test_first_person_in_a_quotation_is_its_speaker(pipeline):
    resolver, doc = resolver_and_doc(pipeline, '"We will respond to this provocation," Sergei Lavrov said on Monday.')
    we = next(t for t in doc if t.text == "We")
    assert resolver.pronoun_antecedent(we).name == "Sergei Lavrov"


def test_a_third_person_pronoun_is_the_last_fitting_actor_named_before_it(pipeline):
    resolver, doc = resolver_and_doc(pipeline, "Sergei Lavrov spoke in Geneva on Monday. Then he left for Paris.")
    he = next(t for t in doc if t.text == "he")
    assert resolver.pronoun_antecedent(he).name == "Sergei Lavrov"
    assert resolver.pronoun_antecedent(next(t for t in doc if t.text == "Then")) is None  # no pronoun
