"""The amounts stage: values, units, qualifiers, objects, actors and deadlines."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.extract.amounts import extract_amounts
from newsgraph.model import Article, Entity, Mention
from newsgraph.pipeline import load_nlp

ENTITIES = {"NATO": "IGO", "Germany": "DEU", "Russia": "RUS", "EU": "IGO", "Britain": "GBR", "US": "USA"}


@pytest.fixture(scope="module")
def nlp():
    return load_nlp("en_core_web_sm")


def analyse(nlp, text: str) -> Article:
    article = Article(text=text)
    article.doc = nlp(text)
    for name, code in ENTITIES.items():
        mentions = [Mention(m.start(), m.end(), name, "name", "test") for m in re.finditer(rf"\b{name}\b", text)]
        if mentions:
            article.entities.append(Entity(f"e{len(article.entities) + 1}", name, "ORG", mentions, code=code))
    return extract_amounts(article)


def only_amount(article: Article):
    assert len(article.amounts) == 1, article.amounts
    return article.amounts[0]


def entity_id(article: Article, name: str) -> str:
    return next(e.id for e in article.entities if e.name == name)


def test_share_of_gdp_with_qualifier_object_actor_and_deadline(nlp):
    text = "NATO plans to increase defense spending to at least 3% of GDP at the next summit in June."
    article = analyse(nlp, text)
    amount = only_amount(article)
    assert (amount.value, amount.unit, amount.qualifier) == (3.0, "% of GDP", "at least")
    assert amount.object == "defense spending"
    assert amount.actor == entity_id(article, "NATO")
    assert amount.time == "the next summit in June"
    assert amount.text == "at least 3% of GDP" == text[amount.span[0]:amount.span[1]]
    assert "percent" in amount.rule


@pytest.mark.parametrize("text, value, unit, qualifier, obj", [
    ("Russian strikes killed 12 people in Kharkiv.", 12.0, "people", None, "killed"),
    ("At least 15 civilians were wounded.", 15.0, "people", "at least", "wounded"),
    ("Police arrested about 200 protesters.", 200.0, "people", "about", "arrested"),
    ("The death toll rose to 30.", 30.0, "people", None, "killed"),
    ("Germany will send 5,000 troops.", 5000.0, "troops", None, None),
    ("The US pledged $5 billion in aid.", 5e9, "USD", None, "aid"),
    ("The EU approved a €50 billion package.", 5e10, "EUR", None, "package"),
    ("Britain gave £2.5bn to Kyiv.", 2.5e9, "GBP", None, None),
    ("Inflation rose to 7 percent.", 7.0, "%", None, "Inflation"),
    ("Germany spends nearly 2% of GDP on defence.", 2.0, "% of GDP", "nearly", None),
    ("The convoy drove 20 km.", 20.0, "km", None, None),
    ("Twelve soldiers were killed.", 12.0, "troops", None, "killed"),
])
def test_units_values_qualifiers_and_objects(nlp, text, value, unit, qualifier, obj):
    amount = only_amount(analyse(nlp, text))
    assert (amount.value, amount.unit, amount.qualifier, amount.object) == (value, unit, qualifier, obj)
    assert text[amount.span[0]:amount.span[1]] == amount.text


def test_date_in_the_sentence_is_the_time(nlp):
    amount = only_amount(analyse(nlp, "The US pledged $5 billion in aid by 2025."))
    assert amount.time == "2025"
    assert amount.actor is not None


def test_dates_and_ordinals_are_not_amounts(nlp):
    assert analyse(nlp, "On 3 May 2024 the first summit opened.").amounts == []


def test_same_figure_twice_gives_two_amounts(nlp):
    text = "NATO wants 3% of GDP. Later NATO repeated that it wants 3% of GDP."
    amounts = analyse(nlp, text).amounts
    assert [a.value for a in amounts] == [3.0, 3.0] and amounts[0].span < amounts[1].span


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200) |
       st.lists(st.sampled_from(["3", "%", "of", "GDP", "$", "5", "billion", "at", "least", "killed", "people",
                                 "NATO", "to", "increase", "by", "2030", "£", "2.5bn", ",", "troops", "about",
                                 "twelve", "1,000", "-", "percent"]), max_size=30).map(" ".join))
def test_no_text_makes_the_stage_raise(nlp, text):
    for amount in analyse(nlp, text).amounts:
        assert 0 <= amount.span[0] < amount.span[1] <= len(text)
        assert isinstance(amount.value, float) and amount.unit


def test_the_first_date_within_a_sentence_is_the_first_that_starts_in_it_and_ends_in_it():
    from types import SimpleNamespace
    from newsgraph.extract.amounts import first_date_within
    sentence = SimpleNamespace(start=10, end=20)
    dates = [(2, 4, "May"), (12, 14, "by 2030"), (16, 18, "June")]
    assert first_date_within(sentence, dates) == "by 2030"
    assert first_date_within(sentence, [(2, 4, "May"), (18, 22, "next week"), (25, 26, "June")]) is None
    assert first_date_within(sentence, []) is None
