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


# --- coreference rules: gender, quotes, relative pronouns, groups, titles, classes ---------------------

def rules_of(entity, text):
    return [m.rule for m in entity.mentions if m.text == text]


def test_she_skips_a_man_who_is_the_subject(entities_only):
    text = "John Kelly criticized Frederica Wilson on Monday. She said he was wrong."
    article, found = analyse(entities_only, text)
    she, he = text.index("She"), text.index(" he ") + 1
    assert (she, she + 3) in found["Frederica Wilson"].spans()
    assert (he, he + 2) in found["John Kelly"].spans()


def test_a_gendered_title_gives_the_gender(entities_only):
    text = "Mr. Berg thanked Mrs. Holt in Oslo. She said the plan would hold."
    article, found = analyse(entities_only, text)
    assert (text.index("She"), text.index("She") + 3) in found["Holt"].spans()


def test_a_pronoun_outside_quotation_marks_skips_people_inside_them(entities_only):
    text = 'Mark Holt spoke in Oslo on Monday. "We trust Erik Lind and the plan," he added.'
    article, found = analyse(entities_only, text)
    assert rules_of(found["Mark Holt"], "he") == ["pronoun-salient-person"]
    assert not rules_of(found["Erik Lind"], "he")


def test_a_possessive_goes_to_the_person_of_its_own_sentence(entities_only):
    text = "Anna Berg spoke first. Jane Holt answered Tom Lind on his claims."
    article, found = analyse(entities_only, text)
    assert rules_of(found["Tom Lind"], "his") == ["pronoun-salient-person"]


def test_who_is_the_person_its_clause_attaches_to(entities_only):
    article, found = analyse(entities_only, "The minister met Anna Berg, who said the talks were useful.")
    assert rules_of(found["Anna Berg"], "who") == ["relative-pronoun"]


def test_they_is_a_plural_group_only_when_it_is_an_entity(entities_only):
    text = "The Houthis said they fired missiles. European officials said they will meet."
    article, _ = analyse(entities_only, text)
    first, second = text.index("they"), text.rindex("they")
    owner = article.entity_at(first, first + 4)
    assert owner is not None and owner.name == "Houthis" and owner.type == "ORG"
    assert article.entity_at(second, second + 4) is None


def test_a_possessive_title_finds_the_office_holder_named_after_it(entities_only):
    text = "Hungary's prime minister says his country is full. Viktor Orban said the influx was a German problem."
    article = entities_only.analyse(Article(text, published="2015-09-03"))
    orban = next(e for e in article.entities if e.name == "Viktor Orban")
    assert rules_of(orban, "Hungary's prime minister") == ["nominal-title-ahead"]


def test_a_title_fits_the_office_holder_who_is_the_subject(entities_only):
    text = "Mr. Obama criticized the plan of Senator Tom Lind. The president said he would veto it."
    article = entities_only.analyse(Article(text, published="2012-05-01"))
    obama = next(e for e in article.entities if e.name == "Obama")
    assert rules_of(obama, "The president") == ["nominal-title"]


def test_an_abbreviated_title_fits_its_full_noun(entities_only):
    article, found = analyse(entities_only, "Ohio Gov. John Kasich spoke in Columbus. The governor added that he would run.")
    assert rules_of(found["John Kasich"], "The governor") == ["nominal-title"]


@pytest.mark.parametrize("text, name, nominal", [
    ("The contract went to the firm Fisher Sand and Gravel on Monday. In a statement, the company said it "
     "was pleased.", "Fisher Sand and Gravel", "the company"),
    ("Brazil's Health Ministry issued guidance on Monday. The ministry said the rules would change.",
     "Health Ministry", "The ministry"),
])
def test_a_class_nominal_is_the_last_organisation_of_that_class(entities_only, text, name, nominal):
    article, found = analyse(entities_only, text)
    assert rules_of(found[name], nominal) == ["nominal-class"]


def test_the_company_is_not_a_media_outlet(entities_only):
    text = "Fisher Industries lost the bid. In a statement to Reuters, the company said it would appeal."
    article, found = analyse(entities_only, text)
    owner = article.entity_at(text.index("the company"), text.index("the company") + 11)
    assert owner is None or owner.name != "Reuters"


# --- names NER got wrong ---------------------------------------------------------------------------------

from newsgraph.extract.entities import stage as entities  # noqa: E402
from newsgraph.extract.entities.stage import NameMention  # noqa: E402
from newsgraph.extract.entities.doc_index import DocIndex  # noqa: E402


@pytest.fixture(scope="module")
def parse(entities_only):
    return lambda text: DocIndex(entities_only.nlp(text))


def test_a_surname_tagged_organisation_joins_the_person():
    names = [NameMention(0, 2, "Frederica Wilson", "PERSON", "spacy-ner:PERSON"),
             NameMention(5, 6, "Wilson", "ORG", "spacy-ner:ORG"),
             NameMention(8, 10, "Tommy Fisher", "PERSON", "spacy-ner:PERSON"),
             NameMention(12, 16, "Fisher Sand and Gravel", "ORG", "spacy-ner:ORG"),
             NameMention(20, 21, "Fisher", "ORG", "spacy-ner:ORG")]
    drafts = entities.merge_names(names)
    wilson = next(d for d in drafts if d.name == "Frederica Wilson")
    assert [n.rule for n in wilson.names] == ["spacy-ner:PERSON", "spacy-ner:ORG+person-name"]
    assert not any(d.type == "PERSON" and "Fisher" in [n.text for n in d.names] for d in drafts)


def test_a_name_glued_to_a_place_is_split(parse):
    index = parse("Sadiq Kahn spoke. Mayor of London Sadiq Kahn said the city would recover.")
    names = [NameMention(0, 2, "Sadiq Kahn", "PERSON", "spacy-ner:PERSON"),
             NameMention(6, 9, "London Sadiq Kahn", "ORG", "spacy-ner:ORG")]
    split = entities.split_person_names(index, names)
    assert [(n.text, n.type, n.rule) for n in split[1:]] == [
        ("London", "PLACE", "lexicon-name"), ("Sadiq Kahn", "PERSON", "spacy-ner:ORG+person-name-split")]


def test_an_untagged_last_name_is_the_person(parse):
    index = parse("Anthony Cordesman spoke. Cordesman said the strike would fail.")
    found = entities.last_name_mentions(index, [NameMention(0, 2, "Anthony Cordesman", "PERSON", "spacy-ner:PERSON")])
    assert [(n.start, n.text, n.rule) for n in found] == [(4, "Cordesman", "person-last-name")]


@pytest.mark.parametrize("word, place", [("Londoner", "London"), ("Londoners", "London"), ("Parisian", "Paris")])
def test_a_one_word_demonym_names_its_place(word, place):
    from newsgraph.extract.entities.stage import demonym_place
    assert demonym_place(word).name == place


@pytest.mark.parametrize("name", ["Walker", "Ann Londoner", "Turner", "Brian"])
def test_names_that_are_not_a_place_plus_a_demonym_ending_stay_names(name):
    from newsgraph.extract.entities.stage import demonym_place
    assert demonym_place(name) is None


def test_a_demonym_tagged_as_a_person_is_a_demonym_of_its_place(entities_only):
    text = ("Mayor of London Sadiq Kahn described the attacker as evil but affirmed that Londoner’s would "
            "move forward. “London is a great city,” he said.")
    article, found = analyse(entities_only, text)  # spaCy tags "Londoner" PERSON here
    assert not any(e.type == "PERSON" and e.name.startswith("Londoner") for e in article.entities)
    start = text.index("Londoner")
    mention = next(m for e in article.entities for m in e.mentions if m.start == start)
    assert mention.kind == "demonym" and article.entity_at(start, start + 8).name == "London"
