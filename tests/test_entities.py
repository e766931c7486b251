"""The entities stage on short texts: names, titles, nominals, pronouns and actor codes."""
import pytest

from newsgraph.model import Article
from newsgraph.pipeline import Pipeline


@pytest.fixture(scope="module")
def entities_only():
    return Pipeline(stages=["entities"])


def analyse(pipeline, text):
    article = pipeline.analyse(Article(text))
    return article, {e.name: e for e in article.entities}


def mention_texts(article, entity):
    return [article.text[s:e] for s, e in entity.spans()]


def test_last_name_and_title_join_the_full_name(entities_only):
    article, found = analyse(entities_only, "Russian President Vladimir Putin met envoys on Monday. "
                                            "Putin later said the talks were useful.")
    putin = found["Vladimir Putin"]
    assert mention_texts(article, putin) == ["Vladimir Putin", "Putin"]
    assert (putin.role, putin.affiliation, putin.code, putin.country, putin.sector) == (
        "President", "Russia", "RUS", "RUS", "GOV")


def test_apposition_gives_role_and_affiliation(entities_only):
    article, found = analyse(entities_only, "Antonio Guterres, the UN Secretary-General, warned of famine.")
    person = found["Antonio Guterres"]
    assert person.affiliation is not None and "Secretary" in (person.role or "")
    assert person.code == "IGO"


def test_nominal_title_resolves_to_the_person_with_that_title(entities_only):
    text = ("German Defence Minister Boris Pistorius visited Kyiv. The minister promised more air defence. "
            "Later the German defence minister met troops.")
    article, found = analyse(entities_only, text)
    texts = mention_texts(article, found["Boris Pistorius"])
    assert "The minister" in texts and "the German defence minister" in texts


def test_pronouns_follow_the_subject_of_the_nearest_sentence(entities_only):
    text = "Prime Minister Jane Holt spoke in Oslo. Protesters gathered outside. She said the plan would hold."
    article, found = analyse(entities_only, text)
    pronoun = text.index("She")
    assert (pronoun, pronoun + 3) in found["Jane Holt"].spans()


def test_it_resolves_to_a_place_or_organisation_in_its_sentence(entities_only):
    text = "The EU said it would extend its sanctions on Iran."
    article, _ = analyse(entities_only, text)
    owner = article.entity_at(text.index(" it ") + 1, text.index(" it ") + 3)
    assert owner is not None and owner.code == "IGO"


def test_aliases_of_one_country_are_one_entity(entities_only):
    article, _ = analyse(entities_only, "The US and the United States are one country; America agrees.")
    usa = [e for e in article.entities if e.code == "USA"]
    assert len(usa) == 1 and len(usa[0].mentions) == 3


def test_lexicon_finds_organisations_ner_misses_and_nominals_fold_in(entities_only):
    text = "NATO leaders met in Vilnius. The alliance agreed to boost readiness."
    article, found = analyse(entities_only, text)
    nato = found["NATO"]
    assert nato.code == "IGO"
    assert "The alliance" in mention_texts(article, nato)


def test_mentions_are_offsets_into_the_text(entities_only):
    article, _ = analyse(entities_only, "Rutte met Trump at the White House on Friday.")
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start:mention.end] == mention.text
        assert entity.rule


def test_an_unrelated_lower_case_us_is_not_the_united_states(entities_only):
    article, _ = analyse(entities_only, "Let us hope the talks go well, the mayor told us.")
    assert not [e for e in article.entities if e.code == "USA"]


# --- people without a title: the office-holder lexicon on the publication date -------------------------

def analyse_on(pipeline, text, published):
    article = pipeline.analyse(Article(text, published=published))
    return {e.name: e for e in article.entities}


def test_untitled_office_holder_is_coded_by_the_publication_date(entities_only):
    text = "Putin said the talks were useful."
    putin = analyse_on(entities_only, text, "2015-03-01")["Putin"]
    assert (putin.code, putin.country, putin.sector) == ("RUS", "RUS", "GOV")
    assert putin.rule == "office_holders.tsv:Vladimir Putin:2012-05-07"


def test_former_office_holder_is_elite(entities_only):
    found = analyse_on(entities_only, "Barack Obama criticized the plan.", "2019-03-01")
    assert (found["Barack Obama"].code, found["Barack Obama"].sector) == ("USA", "ELI")
    found = analyse_on(entities_only, "Barack Obama criticized the plan.", "2012-03-01")
    assert found["Barack Obama"].sector == "GOV"


def test_a_title_in_the_text_wins_over_the_lexicon(entities_only):
    found = analyse_on(entities_only, "Former President Barack Obama criticized the plan.", "2012-03-01")
    assert found["Barack Obama"].sector == "ELI"  # "former president" in sectors.tsv, whatever the date


def test_office_holder_names_spacy_missed_become_people(entities_only):
    found = analyse_on(entities_only, "Trump met Zelensky at the White House.", "2025-03-01")
    assert (found["Trump"].type, found["Trump"].code, found["Trump"].sector) == ("PERSON", "USA", "GOV")
    assert found["Zelensky"].code == "UKR"
