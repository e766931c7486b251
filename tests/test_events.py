"""The rule coder (``events.rule_events``), the events stage's candidate source: CAMEO families,
actors, passives, negation, modality, quotes and the example. The learned decisions on top of it
are tested in test_events_learned.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.extract.events.stage import article_events
from newsgraph.extract.events.lexicon import load_event_lexicon
from newsgraph.lexicons import builtin_lexicons
from newsgraph.model import Article, Entity, Mention, Quote, Speaker
from newsgraph.pipeline import load_nlp

# name -> (type, code, country, sector); every whole-word occurrence becomes a mention.  Phrases that are
# no entity ("Students", "journalists") are coded by newsgraph.extract.actors.code_actor.
ACTORS = {
    "Russia": ("PLACE", "RUS", "RUS", None), "Ukraine": ("PLACE", "UKR", "UKR", None),
    "NATO": ("ORG", "IGO", None, None), "Rutte": ("PERSON", "IGO", None, "GOV"),
    "Trump": ("PERSON", "USA", "USA", "GOV"), "Iran": ("PLACE", "IRN", "IRN", None),
    "France": ("PLACE", "FRA", "FRA", None), "Germany": ("PLACE", "DEU", "DEU", None),
    "Poland": ("PLACE", "POL", "POL", None), "Israel": ("PLACE", "ISR", "ISR", None),
    "Jordan": ("PLACE", "JOR", "JOR", None), "Japan": ("PLACE", "JPN", "JPN", None),
    "Turkey": ("PLACE", "TUR", "TUR", None), "Egypt": ("PLACE", "EGY", "EGY", None),
    "Hamas": ("ORG", "PSE", "PSE", "REB"), "Washington": ("PLACE", "USA", "USA", "GOV"),
    "Beijing": ("PLACE", "CHN", "CHN", "GOV"), "China": ("PLACE", "CHN", "CHN", None),
    "North Korea": ("PLACE", "PRK", "PRK", None), "South Korea": ("PLACE", "KOR", "KOR", None),
    "Syria": ("PLACE", "SYR", "SYR", None), "EU": ("ORG", "IGO", None, None),
    "Hungarian": ("GROUP", "HUN", "HUN", None), "Romanian": ("GROUP", "ROU", "ROU", None),
    "Brussels": ("PLACE", "IGO", None, None), "Serbia": ("PLACE", "SRB", "SRB", None),
    "US": ("PLACE", "USA", "USA", None),
    "Merkel": ("PERSON", "DEU", "DEU", "GOV"), "Macron": ("PERSON", "FRA", "FRA", "GOV"),
}


@pytest.fixture(scope="module")
def nlp():
    return load_nlp("en_core_web_sm")


def analyse(nlp, text: str, quotes=()) -> Article:
    article = Article(text=text)
    article.doc = nlp(text)
    for name, (kind, code, country, sector) in ACTORS.items():
        mentions = [Mention(m.start(), m.end(), name, "name", "test") for m in re.finditer(rf"\b{name}\b", text)]
        if mentions:
            article.entities.append(Entity(f"e{len(article.entities) + 1}", name, kind, mentions,
                                           code=code, country=country, sector=sector))
    article.quotes = list(quotes)
    article.events = article_events(article, None)  # the rule coder alone
    return article


def names(actors) -> list[str]:
    return [a.name for a in actors]


def only_event(article: Article):
    assert len(article.events) == 1, [(e.cameo, e.text) for e in article.events]
    return article.events[0]


FAMILIES = [
    ("Iran declined comment on the report.", "011", ["Iran"], []),
    ("France urged Iran to release the prisoners.", "0253", ["France"], ["Iran"]),
    ("Russia agreed to meet Ukraine.", "036", ["Russia"], ["Ukraine"]),
    ("Rutte met with Trump at the White House.", "040", ["Rutte"], ["Trump"]),
    ("Germany praised Poland for its courage.", "051", ["Germany"], ["Poland"]),
    ("Israel shared intelligence with Jordan.", "064", ["Israel"], ["Jordan"]),
    ("Japan provided humanitarian aid to Turkey.", "073", ["Japan"], ["Turkey"]),
    ("Russia released the prisoners.", "0841", ["Russia"], []),
    ("Egypt investigated Hamas.", "090", ["Egypt"], ["Hamas"]),
    ("Washington pressed Beijing to hold talks.", "106", ["Washington"], ["Beijing"]),
    ("China condemned Japan.", "111", ["China"], ["Japan"]),
    ("Israel rejected the proposal from Egypt.", "120", ["Israel"], ["Egypt"]),  # the owner of what is rejected
    ("North Korea threatened to attack South Korea.", "1384", ["North Korea"], ["South Korea"]),
    ("Students protested against Israel.", "141", ["Students"], ["Israel"]),
    ("Russia mobilized its reserves.", "154", ["Russia"], []),
    ("The EU imposed sanctions on Russia.", "163", ["EU"], ["Russia"]),
    ("Turkey arrested the journalists.", "173", ["Turkey"], ["journalists"]),
    ("Hamas kidnapped the soldiers.", "181", ["Hamas"], ["soldiers"]),
    ("Russia attacked Ukraine.", "190", ["Russia"], ["Ukraine"]),
    ("Syria used chemical weapons against civilians.", "2041", ["Syria"], ["civilians"]),
]


@pytest.mark.parametrize("text, cameo, sources, targets", FAMILIES, ids=[f[1] for f in FAMILIES])
def test_each_cameo_family(nlp, text, cameo, sources, targets):
    event = only_event(analyse(nlp, text))
    assert event.cameo == cameo
    assert event.root == cameo[:2]
    assert names(event.source) == sources
    assert names(event.target) == targets
    assert event.modality == "asserted" and not event.negated
    assert text[event.trigger[0]:event.trigger[1]] == event.text
    assert event.sentence == (0, len(text))


def test_families_cover_all_twenty_roots():
    assert {cameo[:2] for _, cameo, _, _ in FAMILIES} == {f"{n:02d}" for n in range(1, 21)}


def test_code_records_carry_goldstein_quad_and_plover(nlp):
    attack = only_event(analyse(nlp, "Russia attacked Ukraine."))
    assert (attack.goldstein, attack.quad_class, attack.plover) == (-10.0, 4, "ASSAULT")
    praise = only_event(analyse(nlp, "Germany praised Poland."))
    assert (praise.goldstein, praise.quad_class, praise.plover) == (3.4, 2, "SUPPORT")
    meet = only_event(analyse(nlp, "Rutte met with Trump."))
    assert (meet.quad_class, meet.plover) == (1, "CONSULT")
    demand = only_event(analyse(nlp, "Washington pressed Beijing to hold talks."))
    assert (demand.quad_class, demand.plover) == (3, "REQUEST")


def test_rule_names_the_lexicon_entry(nlp):
    event = only_event(analyse(nlp, "The EU imposed sanctions on Russia."))
    assert "event_verbs.tsv:" in event.rule and "sanction" in event.rule and "impose" in event.rule


def test_coordinated_subject_is_one_event_with_two_sources(nlp):
    event = only_event(analyse(nlp, "Russia and China condemned Japan."))
    assert names(event.source) == ["Russia", "China"]
    assert names(event.target) == ["Japan"]


def test_coordinated_adjectives_give_two_sources(nlp):
    event = only_event(analyse(nlp, "Hungarian and Romanian officials criticized Brussels."))
    assert [a.code for a in event.source] == ["HUN", "ROU"]
    assert names(event.target) == ["Brussels"]


def test_passive_agent_is_source_and_subject_is_target(nlp):
    event = only_event(analyse(nlp, "Ukraine was attacked by Russia."))
    assert names(event.source) == ["Russia"] and names(event.target) == ["Ukraine"]


@pytest.mark.parametrize("text, modality, negated", [
    ("Russia did not attack Ukraine.", "asserted", True),
    ("Russia never attacked Ukraine.", "asserted", True),
    ("Iran refused to release the prisoners held by France.", "asserted", True),
    ("Russia might attack Ukraine.", "hypothetical", False),
    ("Russia could attack Ukraine.", "hypothetical", False),
    ("Russia will attack Ukraine if the talks fail.", "conditional", False),
    ("If Russia attacks Ukraine, the war will spread.", "conditional", False),
    ("Russia will attack Ukraine.", "intended", False),
    ("Russia plans to attack Ukraine.", "intended", False),
    ("Russia vowed to attack Ukraine.", "intended", False),
    ("Russia does not intend to attack Ukraine.", "intended", True),
    ("Russia attacked Ukraine.", "asserted", False),
])
def test_negation_and_modality_are_flagged_not_dropped(nlp, text, modality, negated):
    events = [e for e in analyse(nlp, text).events if e.root in ("19", "08")]
    assert len(events) == 1
    assert (events[0].modality, events[0].negated) == (modality, negated)
    assert events[0].rule.endswith("]") == (modality != "asserted" or negated)


def test_event_inside_a_quote_is_reported_by_it_and_speaker_is_not_made_source(nlp):
    text = 'Merkel said: "Russia attacked Ukraine." Macron praised Poland.'
    start = text.index("Russia")
    quote = Quote("q1", "direct", "Russia attacked Ukraine.", (start, start + 24), Speaker("e1", "Merkel"), None,
                  mentions=[(start, start + 24)])
    events = analyse(nlp, text, quotes=[quote]).events
    attack = next(e for e in events if e.cameo == "190")
    praise = next(e for e in events if e.cameo == "051")
    assert attack.reported_by == "q1" and names(attack.source) == ["Russia"]
    assert praise.reported_by is None


def test_plural_pronoun_takes_the_dyad_of_the_event_before(nlp):
    events = analyse(nlp, "Rutte met with Trump at the White House, where they discussed a ceasefire.").events
    assert [e.cameo for e in events] == ["040", "040"]
    assert names(events[1].source) + names(events[1].target) == ["Rutte", "Trump"]


def test_deontic_complement_of_a_speech_verb_is_the_speakers_appeal(nlp):
    text = "Rutte said that after the war relations with Russia should be restored."
    event = only_event(analyse(nlp, text))
    assert event.root == "02" and event.cameo == "022"
    assert names(event.source) == ["Rutte"] and names(event.target) == ["Russia"]
    assert event.modality == "conditional"


def test_participle_after_a_reported_clause_belongs_to_the_reporter(nlp):
    text = "Trump signaled that the US might retreat from Europe, pressing France to increase its defense spending."
    events = analyse(nlp, text).events
    press = next(e for e in events if e.text == "pressing")
    assert press.root == "10" and names(press.source) == ["Trump"] and names(press.target) == ["France"]
    assert press.modality == "asserted"


def test_not_on_the_table_gives_no_positive_accession(nlp):
    events = analyse(nlp, "NATO said that Ukraine's accession to NATO is not on the table.").events
    accession = [e for e in events if e.text == "accession"]
    assert accession and all(e.negated for e in accession)


def test_no_codable_actor_no_event(nlp):
    assert analyse(nlp, "Somebody attacked something yesterday.").events == []


def test_event_nouns_need_a_carrier_or_their_own_actors(nlp):
    assert analyse(nlp, "Russia discussed the possibility of a ceasefire.").events[0].cameo == "040"
    assert len(analyse(nlp, "Russia discussed the possibility of a ceasefire.").events) == 1
    event = only_event(analyse(nlp, "Russia's attack on Ukraine shocked the world."))
    assert (event.cameo, names(event.source), names(event.target)) == ("190", ["Russia"], ["Ukraine"])


def test_ids_are_in_text_order(nlp):
    events = analyse(nlp, "China condemned Japan. Russia attacked Ukraine. Germany praised Poland.").events
    assert [e.id for e in events] == ["v1", "v2", "v3"]
    assert [e.trigger for e in events] == sorted(e.trigger for e in events)


def test_lexicons_are_consistent():
    lexicon = load_event_lexicon()
    assert {code[:2] for code in lexicon.codes} == {f"{n:02d}" for n in range(1, 21)}
    for record in lexicon.codes.values():
        assert -10.0 <= record.goldstein <= 10.0
        assert record.quad_class == (1 if record.code < "05" else 2 if record.code < "09" else
                                     3 if record.code < "14" else 4)
    for frame, table in lexicon.refinements.items():
        assert all(code[:2] == frame and code in lexicon.codes for code in table.values())
    cues = builtin_lexicons().modality
    assert cues.effect("aux", "might") == "hypothetical" and cues.effect("governor", "refuse") == "negated"


EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"
DROPPED = ("Mark Rutte, Donald Trump", "Images source", "What ", "Related content", "NewsNATO")


def example_text() -> str:
    lines = [line.strip().lstrip("•").strip() for line in EXAMPLE.read_text(encoding="utf-8").splitlines()]
    return "\n\n".join(line for line in lines if line and not line.startswith(DROPPED))


def test_example_article(nlp):
    events = analyse(nlp, example_text()).events
    by_text = {}
    for event in events:
        by_text.setdefault(event.text, []).append(event)
    appeals = [e for e in events if e.root == "02" and names(e.target) == ["Russia"] and "Rutte" in names(e.source)]
    assert any(e.modality == "conditional" for e in appeals)
    pressure = by_text["pressure"][0]
    assert (pressure.root, names(pressure.target)) == ("10", ["Russia"])
    met = by_text["met"][0]
    assert (met.root, names(met.source), names(met.target)) == ("04", ["Rutte"], ["Trump"])
    assert by_text["discussed"][0].root == "04"
    retreat = by_text["retreat"][0]
    assert (retreat.plover, retreat.modality, names(retreat.source)) == ("RETREAT", "hypothetical", ["US"])
    press = by_text["pressing"][0]
    assert (press.root, names(press.source)) == ("10", ["Trump"])
    increases = by_text["increase"]
    assert len(increases) == 2 and all(e.modality == "intended" and names(e.source) == ["NATO"] for e in increases)
    assert all(e.negated for e in by_text["accession"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200) |
       st.lists(st.sampled_from(["Russia", "attacked", "not", "if", "they", "will", "to", "urged", ",", ".",
                                 "sanctions", "on", "Ukraine", "'s", "talks", "with", "should", "said", "that",
                                 "be", "by", "and", "\"", "might", "plans"]), max_size=30).map(" ".join))
def test_no_text_makes_the_stage_raise(nlp, text):
    article = analyse(nlp, text)
    for event in article.events:
        assert 0 <= event.trigger[0] < event.trigger[1] <= len(text)
        assert event.modality in ("asserted", "intended", "hypothetical", "conditional")


@pytest.mark.parametrize("text, cameo, plover, modality, negated", [
    ("France will give Jordan a grant.", "071", "AGREE", "intended", False),  # a commitment to aid
    ("Russia plans to attack Ukraine.", "190", "THREATEN", "intended", False),  # a stated plan to attack
    ("Israel refused to meet Jordan.", "040", "REJECT", "asserted", True),  # a refusal
    ("Russia did not attack Ukraine.", "190", "ASSAULT", "asserted", True),  # plain negation keeps the content
    ("Russia wants to meet Ukraine.", "040", "CONSULT", "intended", False),  # a wish is no commitment
])
def test_plover_reads_the_statement_while_cameo_keeps_the_content(nlp, text, cameo, plover, modality, negated):
    event = only_event(analyse(nlp, text))
    assert (event.cameo, event.plover, event.modality, event.negated) == (cameo, plover, modality, negated)


def test_any_should_clause_under_a_speech_verb_is_an_appeal(nlp):
    event = only_event(analyse(nlp, "France said Iran must ensure security."))
    assert (event.cameo, event.plover, names(event.source), names(event.target)) == ("020", "REQUEST", ["France"],
                                                                                      ["Iran"])


def test_pronoun_subject_of_a_reported_clause_is_the_reporter(nlp):
    event = only_event(analyse(nlp, "Iran said it will release the prisoners."))
    assert names(event.source) == ["Iran"] and event.modality == "intended"


def test_frame_target_from_its_clause_when_the_content_is_unlisted(nlp):
    event = only_event(analyse(nlp, "France demanded that Iran renounce its program."))
    assert (event.root, names(event.target)) == ("10", ["Iran"])


# ---- PLOVER conventions: places, partitives, appositions, owners, purposes, reported "would" ----------

def test_the_place_of_an_event_is_its_missing_target(nlp):
    event = only_event(analyse(nlp, "Students demonstrated in Serbia."))
    assert (event.plover, names(event.target)) == ("PROTEST", ["Serbia"]) and "target=place" in event.rule
    said = only_event(analyse(nlp, "Egypt condemned the decision in Serbia."))  # a verbal act takes no place
    assert said.target == [] or names(said.target) != ["Serbia"]


def test_a_passive_without_agent_takes_its_place_as_source(nlp):
    event = only_event(analyse(nlp, "The journalists were arrested in Turkey."))
    assert (event.plover, names(event.source)) == ("COERCE", ["Turkey"]) and "source=place" in event.rule
    agent = only_event(analyse(nlp, "The journalists were arrested by Egypt in Turkey."))
    assert names(agent.source) == ["Egypt"]


def test_a_partitive_subject_is_its_members(nlp):
    event = only_event(analyse(nlp, "A group of Russian diplomats met Trump."))
    assert [a.code for a in event.source] == ["RUS"] and names(event.target) == ["Trump"]


def test_an_uncoded_actor_takes_the_code_of_its_apposition(nlp):
    event = only_event(analyse(nlp, "Kenzo Oshimura, the NATO coordinator, condemned Russia."))  # a name no lexicon knows
    assert [a.code for a in event.source] == ["IGO"] and names(event.target) == ["Russia"]


def test_the_owner_of_a_thing_is_the_actor(nlp):
    event = only_event(analyse(nlp, "North Korea tried to hack into the computers of South Korean officers."))
    assert (event.plover, [a.code for a in event.target]) == ("COERCE", ["KOR"])
    assert event.modality == "intended"  # an attempt keeps its content's category


def test_a_protest_is_against_what_its_purpose_names(nlp):
    event = only_event(analyse(nlp, "Serbia staged a hunger strike in protest against the policies of Hamas."))
    assert (event.cameo, names(event.source), names(event.target)) == ("142", ["Serbia"], ["Hamas"])


def test_a_purpose_infinitive_is_part_of_the_main_event(nlp):
    event = only_event(analyse(nlp, "Trump will visit Egypt to mediate."))
    assert (event.text, event.plover) == ("visit", "AGREE") and "purpose:mediate" in event.rule


def test_reported_would_is_a_commitment(nlp):
    event = only_event(analyse(nlp, "Iran said it would boycott all contact with Israel."))
    assert (event.modality, event.plover) == ("intended", "THREATEN")
    plain = analyse(nlp, "Iran would boycott Israel.").events[0]  # not reported: only hypothetical
    assert (plain.modality, plain.plover) == ("hypothetical", "PROTEST")


@pytest.mark.parametrize("text, cameo, plover", [
    ("Jewish settlers in Hebron set fire to the offices of Hamas.", "171", "COERCE"),
    ("Serbian workers stopped work on Monday.", "143", "PROTEST"),
    ("Turkish protesters blocked roads in Ankara.", "144", "PROTEST"),
    ("Serbia lifted the curfew in Montenegro.", "0813", "CONCEDE"),  # the PLOVER gold: CONCEDE
    ("The EU imposed sanctions on Russia.", "163", "SANCTION"),  # the PLOVER gold: SANCTION
    ("Hamas kidnapped the soldiers.", "181", "COERCE"),  # the PLOVER gold: COERCE
    ("Israeli troops remained on alert in the West Bank.", "152", "MOBILIZE"),
    ("Egypt denied the request from Hamas.", "120", "REJECT"),
])
def test_gold_conventions_and_new_triggers(nlp, text, cameo, plover):
    event = analyse(nlp, text).events[0]
    assert (event.cameo, event.plover) == (cameo, plover), event.rule


def test_directed_act_without_target_is_done_to_the_source_country(nlp):
    (riot,) = [e for e in analyse(nlp, "Egyptian demonstrators rioted on Monday.").events if e.text == "rioted"]
    assert [a.code for a in riot.target] == ["EGY"] and "target=domestic" in riot.rule


def test_appeal_without_target_gets_no_domestic_target(nlp):
    (demand,) = [e for e in analyse(nlp, "Egypt demanded immediate elections.").events if e.text == "demanded"]
    assert not any(a.code for a in demand.target) and "target=domestic" not in demand.rule


def test_frame_noun_absorbs_the_that_clause_of_its_carrier(nlp):
    text = "The International Labor Office reiterated its demand today that Israel ease restrictions on workers."
    events = analyse(nlp, text).events
    assert [e.text for e in events] == ["demand"]
    assert events[0].plover == "REQUEST" and [a.code for a in events[0].target] == ["ISR"]


def test_event_inside_the_object_of_an_event_is_not_coded_apart(nlp):
    events = analyse(nlp, "Beirut rejected a United Nations appeal for deploying army troops along its border.").events
    assert [e.text for e in events] == ["rejected"] and "describes:deploy" in events[0].rule


def test_participle_of_result_belongs_to_the_main_event(nlp):
    events = analyse(nlp, "Sudanese rebels shelled the capital Juba on Sunday, killing about 20 people.").events
    assert [e.text for e in events] == ["shelled"]
