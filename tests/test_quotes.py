"""The quotations stage on short sentences, the NATO example, and texts that must not crash it."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.extract.quotes.stage import extract_quotes
from newsgraph.extract.quotes.marks import find_quoted_segments
from newsgraph.model import Article, Entity, Mention
from newsgraph.pipeline import REGISTRY, load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp("en_core_web_sm")


def entity(entity_id: str, name: str, kind: str, text: str, *patterns: str) -> Entity:
    """An entity whose mentions are every match of ``patterns`` (title-like patterns are kind title)."""
    mentions = [Mention(m.start(), m.end(), m.group(), "name", "test")
                for pattern in patterns for m in re.finditer(pattern, text)]
    return Entity(entity_id, name, kind, mentions)


def analyse(nlp, text: str, entities=(), key_points=()) -> Article:
    article = Article(text, key_point_spans=list(key_points))
    article.entities = [entity(*e[:3], text, *e[3:]) if isinstance(e, tuple) else e for e in entities]
    article.doc = nlp(text)
    return extract_quotes(article)


def sources_cues_contents(nlp, text: str) -> list[tuple]:
    """(source words or None, cue, content) of each quote of ``text``."""
    return [(text[slice(*q.speaker.span)] if q.speaker.span else None, q.cue.text if q.cue else None, q.text)
            for q in analyse(nlp, text).quotes]


def only_quote(nlp, text: str, entities=()):
    quotes = analyse(nlp, text, entities).quotes
    assert len(quotes) == 1, [(q.kind, q.text) for q in quotes]
    return quotes[0]


def test_stage_is_registered_with_needs_and_adds():
    assert REGISTRY["quotes"].needs == ("doc", "entities")
    assert REGISTRY["quotes"].adds == ("quotes",)
    assert REGISTRY["quotes"].function is extract_quotes


# --- direct ------------------------------------------------------------------------------------------

def test_direct_quote_with_inverted_cue_after(nlp):
    quote = only_quote(nlp, '"We will never give up," said John Smith.')
    assert (quote.kind, quote.text, quote.rule) == ("direct", "We will never give up", "direct-cue-after")
    assert (quote.speaker.name, quote.cue.text, quote.cue.lemma) == ("John Smith", "said", "say")
    assert quote.span == (1, 22) and quote.mentions == [(1, 22)]


def test_direct_quote_with_cue_before_and_colon(nlp):
    quote = only_quote(nlp, 'John Smith said: "We are ready to talk to anyone at any time."')
    assert quote.rule == "direct-cue-before"
    assert quote.text == "We are ready to talk to anyone at any time."
    assert quote.speaker.name == "John Smith"


def test_curly_quote_pronoun_speaker_falls_back_to_recent_person(nlp):
    text = "Anna Berg arrived in Kyiv on Monday. “We are ready to talk about everything,” she said."
    quote = only_quote(nlp, text, [("e1", "Anna Berg", "PERSON", r"Anna Berg")])
    assert (quote.speaker.entity, quote.speaker.name) == ("e1", "Anna Berg")
    assert text[slice(*quote.speaker.span)] == "she"
    assert quote.rule == "direct-cue-after+pronoun-recent-person"


def test_pronoun_resolved_by_the_entities_stage_wins_over_the_fallback(nlp):
    text = "Anna Berg met Carl Holm. “We are ready to talk about everything,” he said."
    entities = [("e1", "Anna Berg", "PERSON", r"Anna Berg"), ("e2", "Carl Holm", "PERSON", r"Carl Holm|\bhe\b")]
    quote = only_quote(nlp, text, entities)
    assert quote.speaker.entity == "e2" and quote.rule == "direct-cue-after"


def test_guillemets_and_single_curly_quotes(nlp):
    quote = only_quote(nlp, "«We will not sign this agreement,» the minister said.")
    assert quote.text == "We will not sign this agreement" and quote.kind == "direct"
    quote = only_quote(nlp, "‘We will not surrender to anyone,’ the minister said in a statement.")
    assert quote.text == "We will not surrender to anyone" and quote.medium == "statement"


def test_doubled_apostrophes_are_double_quotes(nlp):
    text = "''We are ready to talk,'' Smith said. ''But nobody has called us so far.''"
    (quote,) = analyse(nlp, text).quotes  # as with curly marks: one attribution, two fragments
    assert quote.kind == "direct" and quote.speaker.name == "Smith"
    assert [text[slice(*m)] for m in quote.mentions] == ["We are ready to talk", "But nobody has called us so far."]


def test_apostrophes_are_not_quote_marks():
    assert find_quoted_segments("The minister’s plan isn’t ready and it’s late, officials’ aides said.") == []


def test_floating_quote_continues_the_adjacent_quote(nlp):
    text = "“We are ready to talk,” Smith said. “But nobody has called us so far.”"
    (quote,) = analyse(nlp, text).quotes  # PolNeAR: one attribution, two content fragments
    assert quote.speaker.name == "Smith" and quote.rule == "direct-cue-after+continued"
    assert [text[slice(*m)] for m in quote.mentions] == ["We are ready to talk", "But nobody has called us so far."]


def test_quote_split_by_its_cue_is_one_quote(nlp):
    text = "“We are ready to talk,” Smith said, “but nobody has called us so far.”"
    (quote,) = analyse(nlp, text).quotes
    assert [text[slice(*m)] for m in quote.mentions] == ["We are ready to talk", "but nobody has called us so far."]


def test_floating_quote_needs_an_adjacent_sentence(nlp):
    text = ("“We are ready to talk,” Smith said. The weather was cold in the capital. "
            "Trains were late. “But nobody has called us so far.”")
    assert [q.text for q in analyse(nlp, text).quotes] == ["We are ready to talk"]


def test_quote_running_over_paragraphs_continues(nlp):
    text = ('The mayor spoke at length. "We have rebuilt the bridge and the school in one year.\n\n'
            '"Next we will rebuild the hospital, which matters most," Mayor Lund said.')
    segments = find_quoted_segments(text)
    assert [s.closed for s in segments] == [False, True] and segments[1].continues
    (quote,) = analyse(nlp, text).quotes
    assert quote.speaker.name == "Mayor Lund" and len(quote.mentions) == 2
    assert quote.text == "We have rebuilt the bridge and the school in one year."


def test_short_scare_quote_alone_is_not_a_quote(nlp):
    assert analyse(nlp, 'The so-called "peace plan" was published on Monday.').quotes == []


# --- indirect and mixed ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, content, cue, rule", [
    ("Smith said that the economy will recover.", "that the economy will recover", "say", "indirect-ccomp"),
    ("Smith believes the economy will recover soon.", "the economy will recover soon", "believe", "indirect-ccomp"),
    ("Smith warned that the ceasefire could collapse.", "that the ceasefire could collapse", "warn", "indirect-ccomp"),
    ("The chief noted the current necessity of maintaining pressure on Russia.",
     "the current necessity of maintaining pressure on Russia", "note", "indirect-dobj"),
    ("He told reporters at a press conference that the plan was ready.", "that the plan was ready", "tell",
     "indirect-that-clause"),
    ("According to Smith, the talks collapsed on Monday.", "the talks collapsed on Monday", "according to",
     "according-to"),
    ("The talks collapsed on Monday, according to Smith.", "The talks collapsed on Monday", "according to",
     "according-to"),
])
def test_indirect_quotes(nlp, text, content, cue, rule):
    quote = only_quote(nlp, text)
    assert (quote.kind, quote.text, quote.cue.lemma, quote.rule) == ("indirect", content, cue, rule)
    assert quote.speaker.name == "Smith" or quote.speaker.name in ("The chief", "He")


def test_intention_is_an_attribution_as_in_polnear(nlp):
    quote = only_quote(nlp, "NATO plans to increase defense spending to 3% of GDP.")
    assert (quote.speaker.name, quote.cue.lemma, quote.rule) == ("NATO", "plan", "indirect-xcomp")
    assert quote.text == "to increase defense spending to 3% of GDP"


@pytest.mark.parametrize("text, cue, content", [
    ("Smith has also said that the economy will recover.", "has also said", "that the economy will recover"),
    ("The senator called for an immediate ceasefire.", "called for", "an immediate ceasefire"),
    ("Smith did not deny that the talks had failed.", "did not deny", "that the talks had failed"),
    ("Smith said again that the talks had failed.", "said again", "that the talks had failed"),
    ("Smith told reporters Tuesday that the talks had failed.", "told", "that the talks had failed"),
])
def test_cue_spans_hold_auxiliaries_adverbs_and_prepositions(nlp, text, cue, content):
    quote = only_quote(nlp, text)
    assert (text[slice(*quote.cue.span)], quote.text) == (cue, content)


@pytest.mark.parametrize("text, source, cue, content", [
    ("As Politico reported, Clinton leads in the polls.", "Politico", "reported", "Clinton leads in the polls"),
    ("Florida may not be out of reach, as Smith pointed out.", "Smith", "pointed out", "Florida may not be out of reach"),
])
def test_as_clause_with_a_speech_verb_reports_its_host_clause(nlp, text, source, cue, content):
    quote = only_quote(nlp, text)
    assert (text[slice(*quote.speaker.span)], text[slice(*quote.cue.span)], quote.text, quote.rule) == (
        source, cue, content, "indirect-as-clause")


@pytest.mark.parametrize("text", ["As he left the room, the crowd cheered.",
                                  "As Trump continues to rise, the party worries."])
def test_as_clause_of_time_is_no_speech(nlp, text):
    assert all(q.rule != "indirect-as-clause" for q in analyse(nlp, text).quotes)


def test_attribution_inside_the_speaker_phrase_is_a_quote_of_its_own(nlp):
    text = "Alan Berger, a gynecologist who said he is friendly with the Kushners, said the plan was bad."
    quotes = analyse(nlp, text).quotes
    assert sorted(q.text for q in quotes) == ["he is friendly with the Kushners", "the plan was bad"]


def test_a_request_for_anonymity_is_no_quote(nlp):
    text = "A senior official, who spoke on condition of anonymity, said the deal was dead."
    assert [q.text for q in analyse(nlp, text).quotes] == ["the deal was dead"]


def test_second_cue_verb_misparsed_under_the_first_content_is_its_own_quote(nlp):
    text = "Sanders said the system was rigged and warned that the party would lose."
    quotes = sorted(analyse(nlp, text).quotes, key=lambda q: q.span)
    assert [(q.speaker.name, q.cue.lemma, q.text) for q in quotes] == [
        ("Sanders", "say", "the system was rigged"), ("Sanders", "warn", "that the party would lose")]


def test_raising_verb_has_no_source_and_its_subject_joins_the_content(nlp):
    text = "Republican voters appear to be moving behind Trump."
    quote = only_quote(nlp, text)
    assert quote.speaker.span is None and quote.cue.lemma == "appear"
    assert [text[slice(*m)] for m in quote.mentions] == ["Republican voters", "to be moving behind Trump"]


def test_raising_verb_before_a_cue_verb_joins_its_cue_and_keeps_the_source(nlp):
    quote = only_quote(nlp, "Trump appeared to suggest that the election was rigged.")
    assert (quote.speaker.name, quote.cue.text, quote.text) == (
        "Trump", "appeared to suggest", "that the election was rigged")


def test_asked_opening_a_sentence_has_no_source_and_the_one_asked_speaks(nlp):
    quotes = sorted(analyse(nlp, "Asked about the plan, Priebus said it was a good one.").quotes, key=lambda q: q.span)
    assert [(q.speaker.name, q.cue.lemma, q.text) for q in quotes] == [
        (None, "ask", "the plan"), ("Priebus", "say", "it was a good one")]


def test_a_negated_name_in_the_content_is_no_request_for_anonymity(nlp):
    text = "Election officials say Donald Trump's name was not left off ballots."
    assert only_quote(nlp, text).text == "Donald Trump's name was not left off ballots"


def test_nested_attribution_is_part_of_the_outer_content(nlp):
    quote = only_quote(nlp, "Smith said that Jones believes the economy will recover.")
    assert quote.cue.lemma == "say" and quote.text == "that Jones believes the economy will recover"


def test_speaker_span_is_the_whole_subject_phrase(nlp):
    text = "Gov. Mike Pence (R-IN), the running mate, said the debate was fair."
    assert text[slice(*only_quote(nlp, text).speaker.span)] == "Gov. Mike Pence (R-IN), the running mate"


def test_speaker_span_leaves_out_the_dateline(nlp):
    text = "RENO, Nev. (AP) — Republican presidential hopeful Donald Trump says the party must unite."
    quote = only_quote(nlp, text)
    assert text[slice(*quote.speaker.span)] == "Republican presidential hopeful Donald Trump"


def test_object_of_a_speech_verb_without_object_content_is_not_a_quote(nlp):
    assert analyse(nlp, "Smith warned the neighbouring countries.").quotes == []


def test_mixed_quote_keeps_the_quoted_fragment(nlp):
    text = "Rutte emphasized that relations with Russia should be restored “step by step.”"
    quote = only_quote(nlp, text)
    assert quote.kind == "mixed" and quote.rule == "indirect-ccomp"
    assert quote.text == "that relations with Russia should be restored “step by step.”"


# --- speakers and media ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, description", [
    ("Officials said the border would stay closed.", "Officials"),
    ("A senior diplomat who asked not to be named said the deal was dead.",
     "A senior diplomat who asked not to be named"),
    ("Sources say the minister will resign soon.", "Sources"),
    ("According to two officials, the border would stay closed.", "two officials"),
])
def test_anonymous_sources(nlp, text, description):
    quote = only_quote(nlp, text)
    assert quote.speaker.anonymous and quote.speaker.entity is None
    assert quote.speaker.name == description and quote.rule.endswith("+anonymous-source")


def test_named_speaker_is_not_anonymous(nlp):
    quote = only_quote(nlp, "The ministry said that it would respond.")
    assert not quote.speaker.anonymous and quote.speaker.name == "The ministry"


def test_title_mention_resolves_to_its_entity(nlp):
    text = "Mark Rutte arrived. The NATO chief noted that the alliance must stay united."
    entities = [Entity("e1", "Mark Rutte", "PERSON", [Mention(0, 10, "Mark Rutte", "name", "t"),
                                                        Mention(20, 34, "The NATO chief", "title", "t")]),
                ("e2", "NATO", "ORG", r"NATO")]
    quote = only_quote(nlp, text, entities)
    assert (quote.speaker.entity, quote.speaker.name, quote.speaker.span) == ("e1", "Mark Rutte", (20, 34))


@pytest.mark.parametrize("text, medium", [
    ("Rutte said in an interview with Bloomberg TV that talks would continue.", "Bloomberg TV"),
    ("Rutte told reporters that talks would continue.", "reporters"),
    ("The ministry said on X/Twitter that it would respond.", "X/Twitter"),
    ("Rutte said at a press conference that talks would continue.", "press conference"),
    ("In a statement, the ministry said that talks would continue.", "statement"),
    ("Rutte said that talks would continue.", None),
])
def test_medium(nlp, text, medium):
    assert only_quote(nlp, text).medium == medium


# --- merging -----------------------------------------------------------------------------------------

def test_repeated_quote_of_one_speaker_is_one_quote_with_every_mention(nlp):
    text = ("“We will defend every inch of our territory,” Smith said on Monday.\n\n"
            "Later in the day he spoke again. “We will defend every inch of our territory,” Smith said.")
    quotes = analyse(nlp, text, [("e1", "John Smith", "PERSON", r"Smith")]).quotes
    assert len(quotes) == 1 and quotes[0].id == "q1"
    assert [text[slice(*m)] for m in quotes[0].mentions] == ["We will defend every inch of our territory"] * 2


def test_same_words_from_two_speakers_stay_two_quotes(nlp):
    text = "“We will defend every inch of it,” Smith said. “We will defend every inch of it,” Jones said."
    quotes = analyse(nlp, text).quotes
    assert [(q.id, q.speaker.name) for q in quotes] == [("q1", "Smith"), ("q2", "Jones")]


def test_key_point_echo_is_merged_into_the_quote_it_cites(nlp):
    bullet = "Smith emphasized that relations should be restored “step by step.”"
    body = "“Relations will come back step by step, once the war ends,” Smith said."
    text = f"{bullet}\n\n{body}"
    quotes = analyse(nlp, text, [("e1", "John Smith", "PERSON", r"Smith")], [(0, len(bullet))]).quotes
    assert len(quotes) == 1 and quotes[0].kind == "direct"
    assert quotes[0].rule == "direct-cue-after+keypoint-fragment"
    assert text[slice(*quotes[0].mentions[0])] == "step by step."
    assert quotes[0].text.startswith("Relations will come back")


def test_key_point_without_echo_stays(nlp):
    bullet = "Smith emphasized that relations should be restored “very slowly.”"
    body = "“Relations will come back step by step, once the war ends,” Smith said."
    text = f"{bullet}\n\n{body}"
    quotes = analyse(nlp, text, [("e1", "John Smith", "PERSON", r"Smith")], [(0, len(bullet))]).quotes
    assert [q.kind for q in quotes] == ["mixed", "direct"]


# --- robustness --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    '"', '“', '”', '"""', 'He said "we will " and then "', '“Unclosed quote with many words he said',
    '“First paragraph of a long quote that goes on,\n\n“and a second one without cue at all.”',
    'He said ” backwards “ marks.', "‘", "’’‘‘", "", "\n\n\n", "said said said",
])
def test_unbalanced_marks_do_not_crash(nlp, text):
    article = analyse(nlp, text)
    for quote in article.quotes:
        assert 0 <= quote.span[0] < quote.span[1] <= len(text) and quote.text == text[slice(*quote.span)]


PIECES = ['"', "“", "”", "‘", "’", "«", "»", "'", ",", ".", ":", "\n\n", " ", "he", "said", "Smith",
          "according", "to", "that", "officials", "noted", "the", "plan", "war", "will", "end", "step"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join), st.text(max_size=80)))
def test_no_text_makes_extract_quotes_raise(nlp, text):
    article = analyse(nlp, text, [("e1", "Smith", "PERSON", r"Smith")])
    for quote in article.quotes:
        assert quote.text == text[slice(*quote.span)] and quote.mentions
        assert quote.id == f"q{article.quotes.index(quote) + 1}"


# --- the NATO example --------------------------------------------------------------------------------

NATO_TEXT = """“It’s normal if the war would have stopped for Europe somehow, step by step, and also for the US, step by step, to restore normal relations with Russia,” stated NATO Secretary General Mark Rutte in an interview with Bloomberg TV.

Mark Rutte, NATO Secretary General, emphasized in an interview with Bloomberg TV that after the end of the war in Ukraine, relations with Russia should be restored “step by step.”

Rutte is actively engaged in diplomacy to maintain the unity of the transatlantic alliance, especially in light of reduced US support for Ukraine.

NATO plans to increase defense spending to at least 3% of GDP at the next summit in June.

NATO Secretary General Mark Rutte highlighted in an interview with Bloomberg TV that following the conclusion of military actions in Ukraine, relations with Russia should be normalized gradually. “It’s normal if the war would have stopped for Europe somehow, step by step, and also for the US, step by step, to restore normal relations with Russia,” he stated.

However, the NATO chief noted the current necessity of maintaining pressure on Russia to encourage it to take negotiations seriously. “But we are absolutely not there yet, we have to maintain the pressure on them,” he indicated.

Rutte is conducting intense diplomatic efforts to maintain the alliance's unity, particularly given the reduced US involvement in Europe. Former President Donald Trump signaled that the US might retreat from its traditional role as a security guarantor in Europe, pressing European countries to increase their defense spending. Rutte met with Trump at the White House, where they discussed the possibility of a ceasefire in Ukraine.

Rutte confirmed that NATO plans to increase defense spending to at least 3% of GDP at the next Alliance summit in June. He emphasized that NATO must ensure that we can defend ourselves, and at the moment we cannot defend ourselves alone.

The NATO Secretary General also acknowledged that Ukraine's accession to the Alliance is not currently on the table."""

NATO_ENTITIES = [
    ("e1", "Mark Rutte", "PERSON", r"(NATO Secretary General )?(Mark )?Rutte|[Tt]he NATO (chief|Secretary General)"),
    ("e2", "NATO", "ORG", r"NATO(?! Secretary| chief)"),
    ("e3", "Donald Trump", "PERSON", r"(Former President )?(Donald )?Trump"),
]


@pytest.fixture(scope="module")
def nato(nlp):
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", NATO_TEXT)]
    return analyse(nlp, NATO_TEXT, NATO_ENTITIES, paragraphs[1:4])


def test_nato_example_quotes(nato):
    found = [(q.kind, q.speaker.name, q.cue.text, q.medium) for q in nato.quotes if q.cue.lemma != "discuss"]
    assert found == [
        ("direct", "Mark Rutte", "stated", "Bloomberg TV"),
        ("indirect", "NATO", "plans", None),
        ("indirect", "Mark Rutte", "highlighted", "Bloomberg TV"),
        ("indirect", "Mark Rutte", "noted", None),
        ("direct", "Mark Rutte", "indicated", None),
        ("indirect", "Donald Trump", "signaled", None),
        ("indirect", "Donald Trump", "pressing", None),  # ", pressing European countries to ...": his too
        ("indirect", "Mark Rutte", "confirmed", None),
        ("indirect", "Mark Rutte", "emphasized", None),
        ("indirect", "Mark Rutte", "also acknowledged", None),
    ]
    (discussed,) = [q for q in nato.quotes if q.cue.lemma == "discuss"]  # "they discussed": speaker not checked,
    assert NATO_TEXT[slice(*discussed.speaker.span)] == "they"  # the pronoun fallback takes NATO, not Rutte+Trump


def test_nato_repeated_quote_has_every_mention(nato):
    first = nato.quotes[0]
    quoted = [NATO_TEXT[slice(*m)] for m in first.mentions]
    assert quoted[0] == quoted[2] == first.text and first.text.startswith("It’s normal")
    assert quoted[1] == "step by step."  # the key-point bullet's echo
    assert first.rule == "direct-cue-after+keypoint-fragment"


def test_nato_contents_exclude_cue_and_speaker(nato):
    for quote in nato.quotes:
        for span in [quote.cue.span, quote.speaker.span]:
            assert span is None or span[1] <= quote.span[0] or quote.span[1] <= span[0], quote
        assert not quote.text.endswith(".")


def test_nato_speaker_spans(nato):
    spans = [NATO_TEXT[slice(*q.speaker.span)] for q in nato.quotes]
    assert spans == ["NATO Secretary General Mark Rutte", "NATO", "NATO Secretary General Mark Rutte", "the NATO chief",
                     "he", "Former President Donald Trump", "Former President Donald Trump", "they", "Rutte", "He",
                     "The NATO Secretary General"]


# --- source-less, signed and participle cues -----------------------------------------------------

def test_passive_cue_without_agent_is_a_source_less_quote(nlp):
    quote = only_quote(nlp, "It was reported that the talks had collapsed.")
    assert (quote.speaker.name, quote.speaker.span, quote.speaker.entity) == (None, None, None)
    assert quote.text == "that the talks had collapsed" and quote.rule == "indirect-ccomp+no-source"


def test_passive_cue_with_agent_takes_the_agent_as_source(nlp):
    quote = only_quote(nlp, "It was reported by Reuters that the talks had collapsed.")
    assert quote.speaker.name == "Reuters" and quote.text == "that the talks had collapsed"


def test_participle_takes_the_noun_it_modifies_as_speaker(nlp):
    text = "The president has doubts, with an administration official saying that the talks will fail."
    quote = only_quote(nlp, text)
    assert text[slice(*quote.speaker.span)] == "an administration official" and quote.speaker.anonymous


def test_relative_pronoun_speaks_for_its_antecedent(nlp):
    text = "Trump argued with Kim, who warned that the button is always on his desk."
    entities = [("e1", "Kim Jong Un", "PERSON", r"\bKim\b"), ("e2", "Donald Trump", "PERSON", r"Trump")]
    quote = only_quote(nlp, text, entities)
    assert (quote.speaker.entity, text[slice(*quote.speaker.span)]) == ("e1", "who")
    assert quote.rule.endswith("+relative-pronoun")


def test_definite_unnamed_official_is_anonymous(nlp):
    quote = only_quote(nlp, "“The economic piece gets much more attention now,” the official said.")
    assert quote.speaker.anonymous and quote.speaker.name == "the official"


def test_unresolved_name_is_the_name_not_the_clause_around_it(nlp):
    text = "Power, who echoed the pledge during a string of interviews, said that allies will join."
    assert only_quote(nlp, text).speaker.name == "Power"


def test_she_skips_a_man_named_since(nlp):
    text = "Anna Berg met Carl Holm, and he listened. “We are ready to talk about everything,” she said."
    entities = [Entity("e1", "Anna Berg", "PERSON", [Mention(0, 9, "Anna Berg", "name", "t")]),
                Entity("e2", "Carl Holm", "PERSON", [Mention(14, 23, "Carl Holm", "name", "t"),
                                                      Mention(29, 31, "he", "pronoun", "t")])]
    assert only_quote(nlp, text, entities).speaker.entity == "e1"


def test_quote_signed_with_a_dash(nlp):
    text = "“The most unqualified child to ever run for president.” ― Francisco Herrero"
    quote = only_quote(nlp, text)
    assert (quote.speaker.name, quote.cue.text, quote.rule) == ("Francisco Herrero", "―", "signed-dash")
    assert quote.text == "The most unqualified child to ever run for president."


def test_headline_colon_needs_an_entity_before_the_colon(nlp):
    text = "Pence: Trump Was Mocking the Clinton Camp\n\nUpdate: the debate starts at nine."
    quote = only_quote(nlp, text, [("e1", "Mike Pence", "PERSON", r"Pence")])
    assert (quote.speaker.entity, quote.rule) == ("e1", "headline-colon")
    assert quote.text == "Trump Was Mocking the Clinton Camp"


def test_transcript_line_signed_in_capitals_by_a_person_of_the_article(nlp):
    text = ("Mike Pence spoke to Chris Wallace on Sunday.\n\n"
            '"PENCE: Well, look, the question really should be why the campaign invited a celebrity owner to the '
            'debate, someone who has mocked and ridiculed my running mate, to sit on the front row of the hall.\n\n'
            "CORRECTION: An earlier version of this story misstated the date of the debate.")
    entities = [("e1", "Mike Pence", "PERSON", r"Mike Pence"), ("e2", "Chris Wallace", "PERSON", r"Chris Wallace")]
    quotes = [q for q in analyse(nlp, text, entities).quotes if q.rule == "headline-colon"]
    assert [(q.speaker.entity, text[slice(*q.speaker.span)]) for q in quotes] == [("e1", "PENCE")]
    assert quotes[0].text.startswith("Well, look, the question")


def test_nominal_cue_with_a_possessor(nlp):
    text = "Anna Berg spoke on Monday. Her claim that the election was rigged angered the voters."
    quote = only_quote(nlp, text, [("e1", "Anna Berg", "PERSON", r"Anna Berg")])
    assert (quote.cue.text, quote.text, quote.rule) == ("claim", "that the election was rigged",
                                                        "nominal-acl+pronoun-recent-person")
    assert quote.speaker.entity == "e1" and text[slice(*quote.speaker.span)] == "Her"


@pytest.mark.parametrize("text, cue, content, rule", [
    ("Anna Berg is confident that the bill will pass the Senate.", "is confident", "that the bill will pass the Senate",
     "adjectival-ccomp"),
    ("The mayor is critical of the new housing plan for the city.", "is critical of",
     "the new housing plan for the city", "adjectival-prep"),
])
def test_learned_predicate_adjective_is_a_cue_with_the_copulas_subject(nlp, text, cue, content, rule):
    quote = only_quote(nlp, text)
    assert (quote.cue.text, quote.text, quote.rule.split("+")[0]) == (cue, content, rule)
    assert text[slice(*quote.speaker.span)] in ("Anna Berg", "The mayor")


def test_an_unlearned_predicate_adjective_is_no_cue(nlp):
    assert analyse(nlp, "The mayor is responsible for the new housing plan for the city.").quotes == []


def test_embedded_tweet_is_one_quote_of_its_author(nlp):
    text = ("Meetings are going well on both sides. China does not want an increase in Tariffs. "
            "— Donald J. Trump (@realDonaldTrump) January 31, 2019")
    quote = only_quote(nlp, text)  # "China does not want ..." is inside the tweet: not a quote of its own
    assert (quote.speaker.name, quote.rule) == ("Donald J. Trump", "signed-dash")
    assert quote.text == "Meetings are going well on both sides. China does not want an increase in Tariffs."


def test_title_phrase_naming_a_person_resolves_to_the_person(nlp):
    text = "Mayor of London Sadiq Kahn said that the city would never be cowed."
    quote = only_quote(nlp, text, [("e1", "Sadiq Kahn", "PERSON", r"Sadiq Kahn")])
    assert (quote.speaker.entity, quote.speaker.name) == ("e1", "Sadiq Kahn")


# --- speakers resolved with the entities stage: outlets, statements, descriptions ---------------------

@pytest.fixture(scope="module")
def entities_and_quotes():
    from newsgraph.pipeline import Pipeline
    return Pipeline(stages=["entities", "quotes"])


def speakers_of(pipeline, text: str) -> list[tuple[str, str]]:
    article = pipeline.analyse(Article(text))
    return [(q.speaker.name, q.rule) for q in article.quotes]


@pytest.mark.parametrize("text, speaker", [
    ('"We will not back down," Mayor Sheila Oakes said in a comment, BBC News reported.', "Sheila Oakes"),
    ("The Labour Party said it had withdrawn the whip, BBC News reported.", "Labour Party"),
])
def test_an_outlet_relaying_a_speech_clause_gives_way_to_its_speaker(entities_and_quotes, text, speaker):
    found = speakers_of(entities_and_quotes, text)
    assert any(name == speaker and rule.endswith("relayed-by-outlet") for name, rule in found), found


def test_a_relayed_speaker_keeps_the_outlets_words_as_source_span(entities_and_quotes):
    text = "The Labour Party said it had withdrawn the whip, BBC News reported."
    relayed = [q for q in entities_and_quotes.analyse(Article(text)).quotes if q.rule.endswith("relayed-by-outlet")]
    assert relayed and text[slice(*relayed[0].speaker.span)] == "BBC News"  # the syntactic source, as PolNeAR marks it


def test_an_outlet_reporting_a_plain_clause_keeps_the_quote(entities_and_quotes):
    found = speakers_of(entities_and_quotes, "BBC News reported that the bridge had collapsed.")
    assert found and found[0][0] == "BBC" and "relayed" not in found[0][1], found


def test_a_statement_speaks_for_its_named_issuer(entities_and_quotes):
    found = speakers_of(entities_and_quotes, 'The Pentagon sent troops. "Units are being deployed for 90 days," '
                                             "a Pentagon statement said.")
    assert ("Pentagon", "direct-cue-after+statement-issuer") in found, found


def test_a_statement_without_issuer_stays_anonymous(entities_and_quotes):
    found = speakers_of(entities_and_quotes, "A statement said the border would stay closed.")
    assert found and found[0][1].endswith("anonymous-source"), found


def test_a_description_is_the_articles_organisation_of_that_country_and_sector(entities_and_quotes):
    text = ("The US defence department said 3,750 extra soldiers would be sent to the border. "
            "The Pentagon gave no date.")
    found = speakers_of(entities_and_quotes, text)
    assert found[0] == ("Pentagon", "indirect-ccomp+described-organisation"), found


def test_a_description_alone_is_the_lexicon_organisation(entities_and_quotes):
    found = speakers_of(entities_and_quotes, "The US defence department said more soldiers would be sent.")
    assert found[0] == ("Department of Defense", "indirect-ccomp+described-organisation"), found


def test_they_is_not_resolved_to_a_singular_organisation():
    from newsgraph.ingest.text import article_from_text
    from newsgraph.pipeline import Pipeline
    text = ("Rutte met with Trump at the White House, where they discussed the possibility of a ceasefire.\n\n"
            "The Houthis said they would keep attacking ships, and they warned that shipping was at risk.")
    article = Pipeline(stages=["entities", "quotes"]).analyse(article_from_text(text, raw_text=True))
    speakers = {q.cue.lemma: q.speaker.name for q in article.quotes if q.cue}
    assert speakers.get("discuss") in (None, "they")  # not "White House"
    assert speakers.get("warn") == "Houthis"


@pytest.mark.parametrize("text, cue, content", [
    # an object and its prepositional complement are one content
    ("Trump blasted the media for being dishonest.", "blasted", "the media for being dishonest"),
    ("Smith dismissed the report as a political stunt.", "dismissed", "the report as a political stunt"),
    # the object doing what the infinitive says opens the content ("on" joins the cue)
    ("He urged the technology industry to do more.", "urged", "the technology industry to do more"),
    ("They called on her to resign from her post.", "called on", "her to resign from her post"),
])
def test_the_object_of_the_cue_opens_the_content(nlp, text, cue, content):
    quote = only_quote(nlp, text)
    assert (quote.cue.text, quote.text) == (cue, content)


def test_the_cue_model_finds_a_verb_in_no_lexicon(nlp):
    from newsgraph.extract.quotes.lexicon import builtin_quote_lexicon

    lexicon = builtin_quote_lexicon()
    assert "disparage" not in lexicon.speech_verbs and "disparage" not in lexicon.learned_lemmas
    quote = only_quote(nlp, "The opposition leader disparaged the budget as a fantasy.")
    assert (quote.cue.text, quote.text, quote.rule.split("+")[0]) == ("disparaged", "the budget as a fantasy",
                                                                      "indirect-dobj")


def test_the_cue_models_threshold_decides(nlp):
    from dataclasses import replace

    from newsgraph.extract.quotes.lexicon import CueModel
    from newsgraph.lexicons import builtin_lexicons

    text = "The opposition leader disparaged the budget as a fantasy."
    lexicons = builtin_lexicons()
    strict = CueModel(lexicons.quotes.cue_model.weights, lexicons.quotes.cue_model.bias, 1.0)
    article = Article(text)
    article.doc = nlp(text)
    assert extract_quotes(article, replace(lexicons, quotes=replace(lexicons.quotes, cue_model=strict))).quotes == []
    assert analyse(nlp, text).quotes  # the built-in lexicons untouched


@pytest.mark.parametrize("text, source, cue, content", [
    ("Merkel has no illusions about Putin's threat to Europe.", "Merkel", "has no illusions about",
     "Putin's threat to Europe"),
    ("The minister expressed hope that talks would resume.", "The minister", "expressed hope", "that talks would resume"),
])
def test_a_verbs_noun_object_carries_the_attitude(nlp, text, source, cue, content):
    quote = only_quote(nlp, text)  # one quote: "expressed" and "expressed hope" share their cue
    assert (text[slice(*quote.speaker.span)], quote.cue.text, quote.text) == (source, cue, content)
    assert quote.rule.startswith("nominal-")


def test_a_source_noun_signs_a_headline_and_a_field_label_does_not(nlp):
    quote = only_quote(nlp, "Poll: Sanders takes first national lead\n\nThe survey was released on Monday.")
    assert (quote.speaker.name, quote.cue.text, quote.rule) == ("Poll", ":", "headline-colon")
    assert quote.text == "Sanders takes first national lead"
    assert analyse(nlp, "Date: Monday 3 June\n\nThe meeting starts at nine.").quotes == []
    tally = "Delegates so far\n\nHillary Clinton: 2,316.\n\nBernie Sanders: 1,547."
    assert analyse(nlp, tally, [("e1", "Hillary Clinton", "PERSON", r"Hillary Clinton")]).quotes == []


def test_passive_subject_is_the_content_and_the_agent_the_source(nlp):
    text = "The registration issue was first reported by The Washington Post."
    quote = only_quote(nlp, text)
    assert (text[slice(*quote.speaker.span)], quote.cue.text, quote.text) == (
        "The Washington Post", "was first reported", "The registration issue")


def test_relative_clause_content_leaves_out_its_own_speaker_and_cue(nlp):
    text = "The wall, which he said Mexico should pay for, was a campaign promise."
    quote = only_quote(nlp, text)
    assert [text[slice(*m)] for m in quote.mentions] == ["which", "Mexico should pay for"]
    assert quote.text == "Mexico should pay for" == text[slice(*quote.span)]
    assert (text[slice(*quote.speaker.span)], quote.cue.text) == ("he", "said")


def test_a_poll_is_the_source_of_the_clause_it_is_in(nlp):
    text = "In an NBC News poll released Monday, 50 percent of respondents chose Clinton."
    quote = only_quote(nlp, text)
    assert (text[slice(*quote.speaker.span)], quote.cue.text, quote.text, quote.rule.split("+")[0]) == (
        "an NBC News poll released Monday", "In", "50 percent of respondents chose Clinton", "in-source")
    statement = only_quote(nlp, "In a statement, the ministry said the talks had failed.")
    assert statement.cue.text == "said"
    assert analyse(nlp, "In other words, the talks had failed.").quotes == []


def test_reported_content_runs_to_the_end_of_its_cues_clause(nlp):
    text = "Smith said the plan was sound, but the money never arrived."
    quote = only_quote(nlp, text)
    assert quote.text == "the plan was sound, but the money never arrived"
    adding = analyse(nlp, "Smith said the plan was sound, adding that the money never arrived.").quotes
    assert "the plan was sound" in [q.text for q in adding]


def test_a_quote_after_an_attributed_one_continues_it_before_looking_ahead(nlp):
    text = ("“This is a problem, of course, and everyone knows it,” Alpert said. “And Clinton is sounding "
            "like she is with the bankers!”\nAlpert’s metaphor is telling in its own right.")
    quote = only_quote(nlp, text)
    assert len(quote.mentions) == 2 and text[slice(*quote.speaker.span)] == "Alpert"


def test_a_noun_under_the_verbs_preposition_carries_the_attitude(nlp):
    text = "The mayor went on the attack against the council."
    quote = only_quote(nlp, text)
    assert (text[slice(*quote.speaker.span)], quote.cue.text, quote.text) == (
        "The mayor", "went on the attack against", "the council")


def test_trailing_participle_cue_is_a_quote_of_the_first_source(nlp):
    text = ("Sen. David Perdue said he didn't believe those characterizations did Romney in, "
            "arguing that divisions in the party were a bigger hurdle.")
    quotes = sorted(analyse(nlp, text).quotes, key=lambda q: q.span)
    assert [(q.speaker.name, q.cue.lemma, q.text) for q in quotes] == [
        ("Sen. David Perdue", "say", "he didn't believe those characterizations did Romney in"),
        ("Sen. David Perdue", "argue", "that divisions in the party were a bigger hurdle")]


def test_inverted_cue_with_a_quote_word_parsed_as_its_subject(nlp):
    text = '"If they don\'t have the money yet, they will at some point, probably soon," said Mary Jones, an economist.'
    quote = only_quote(nlp, text)
    assert quote.speaker.name == "Mary Jones" and quote.rule == "direct-cue-after"


def test_quote_after_a_quoted_paragraph_looks_for_its_own_cue_after_it(nlp):
    text = ("“Every time you say that,” Tester said, “you give ammunition to the people who want a break-up.”\n\n"
            "“Why isn’t this crystal clear proof that an entity as big as Wells is too big to fail?” Vitter demanded.")
    quotes = sorted(analyse(nlp, text).quotes, key=lambda q: q.span)
    assert [(q.speaker.name, len(q.mentions)) for q in quotes] == [("Tester", 2), ("Vitter", 1)]


def test_indirect_content_stops_before_a_quote_opened_after_a_full_stop(nlp):
    text = ("All agreed that the plan would be a huge boon for tax lawyers. ''There's a lot of new complexity,'' "
            "said Mr. Burman.")
    quotes = {q.speaker.name: q for q in analyse(nlp, text).quotes}
    assert quotes["Mr. Burman"].text == "There's a lot of new complexity"


def test_dash_signature_after_a_no_break_space(nlp):
    text = "“I just hope that this campaign gets people out to vote.” ―\xa0Jorge Falcon"
    quote = only_quote(nlp, text)
    assert (quote.speaker.name, quote.rule) == ("Jorge Falcon", "signed-dash")


def test_closing_mark_opening_a_paragraph_opens_a_quote():
    text = "Getty.\n\n”What is most infuriating is the noise.” ― Nell Grey\n“No sympathy at all.” ― Oscar Quintero"
    assert [text[s.start:s.end] for s in find_quoted_segments(text)] == [
        "What is most infuriating is the noise.", "No sympathy at all."]


def test_according_to_inside_a_content_attributes_the_sentence(nlp):
    text = ("Police have said they have no plans to release the recordings of the shooting, "
            "according to attorneys for the family.")
    quote = only_quote(nlp, text)  # the parser hangs "according" under "have": not part of the content
    assert quote.cue.lemma == "according to" and quote.speaker.name == "attorneys for the family"
    assert quote.text == "Police have said they have no plans to release the recordings of the shooting"


def test_quotes_of_one_cue_are_one_quote(nlp):
    text = "It was, the president said, ''a stone where day after day men and women were torn from their families.''"
    quote = only_quote(nlp, text)
    assert quote.kind == "mixed" and quote.speaker.name == "the president"
    assert [text[slice(*m)] for m in quote.mentions] == [
        "It was", "a stone where day after day men and women were torn from their families."]


@pytest.mark.parametrize("text, content", [
    ("She wants to triple the size of the AmeriCorps program, grow the Peace Corps and create a new reserve.",
     "to triple the size of the AmeriCorps program, grow the Peace Corps and create a new reserve"),
    ("He railed against the corrupting influence of super PACs, including the one supporting Bush.",
     "the corrupting influence of super PACs, including the one supporting Bush"),
])
def test_parts_hung_beside_the_content_join_it(nlp, text, content):
    assert only_quote(nlp, text).text == content


def test_verbless_fragment_before_an_inverted_cue_is_its_content(nlp):
    quote = only_quote(nlp, "More sanctions on the way, officials said.")
    assert (quote.text, quote.speaker.anonymous, quote.rule) == (
        "More sanctions on the way", True, "indirect-fragment+anonymous-source")


def test_content_around_a_parenthetical_cue_is_two_fragments(nlp):
    text = "At times last year, she said, the mere mention of his name could make him fume."
    quote = only_quote(nlp, text)
    assert quote.rule.startswith("indirect-parenthetical")
    assert [text[slice(*m)] for m in quote.mentions] == [
        "At times last year", "the mere mention of his name could make him fume"]
    assert quote.text == "the mere mention of his name could make him fume"


@pytest.mark.parametrize("text, quoted", [
    ("It goes without saying that the plan is expensive.", []),
    ("Having said that, the minister admitted the plan was late.", ["the plan was late"]),
    ("The minister said that the plan was late.", ["that the plan was late"]),
])
def test_set_phrases_with_a_speech_verb_attribute_nothing(nlp, text, quoted):
    assert [q.text for q in analyse(nlp, text).quotes] == quoted


@pytest.mark.parametrize("text, source, cue, content", [
    ("The missile tests prompted NATO to order the deployment of four battalions to Estonia.", "NATO", "to order",
     "the deployment of four battalions to Estonia"),
    ("The hearing forced the chief executive to admit that nobody had been fired.", "the chief executive",
     "to admit", "that nobody had been fired"),
])
def test_the_object_before_an_infinitive_cue_is_its_source(nlp, text, source, cue, content):
    assert (source, cue, content) in sources_cues_contents(nlp, text)


def test_a_means_verbs_object_is_not_the_source(nlp):
    from newsgraph.extract.quotes.cues import controlling_object

    doc = nlp("Trump used the rally to attack the press.")
    attack = next(t for t in doc if t.lower_ == "attack")
    assert attack.dep_ == "xcomp" and controlling_object(attack) is None


@pytest.mark.parametrize("text, noun, cue", [
    ("Despite repeated warnings that the dam would fail, nothing was done.", "warnings", "repeated warnings"),
    ("A call for a ceasefire in Gaza went unanswered.", "call", "A call"),
    ("Trump's controversial proposal to ban travel was dropped.", "proposal", "controversial proposal"),
])
def test_a_noun_cues_article_and_adjectives_join_it(nlp, text, noun, cue):
    from newsgraph.extract.quotes.cues import make_cue

    assert make_cue(next(t for t in nlp(text) if t.lower_ == noun)).text == cue


def test_a_time_clause_hung_under_the_cue_is_not_its_content(nlp):
    text = ("In a statement released shortly after the Florida senator suspended his presidential campaign, "
            "Cruz said he's certain Rubio will continue to be a champion.")
    quote = only_quote(nlp, text)
    assert quote.text == "he's certain Rubio will continue to be a champion"


@pytest.mark.parametrize("text, source", [
    ("LONDON (Reuters) - British Prime Minister Theresa May said on Tuesday that the talks would resume.",
     "British Prime Minister Theresa May"),
    ("MOSCOW (Reuters) – The Kremlin said on Monday that it would respond.", "The Kremlin"),
    ("CLEVELAND, July 19 (UPI) — Former Attorney General Michael Mukasey said the plan was illegal.",
     "Former Attorney General Michael Mukasey"),
])
def test_a_wire_dateline_is_not_part_of_the_source(nlp, text, source):
    quote = only_quote(nlp, text)
    assert text[slice(*quote.speaker.span)] == source


def test_the_agent_of_a_bare_participle_is_the_source(nlp):
    text = "When pressed by Holt about how he would bring jobs back, Trump said he would cut taxes."
    found = sources_cues_contents(nlp, text)
    assert ("Holt", "When pressed") in [(source, cue) for source, cue, _ in found], found


def test_reportedly_attributes_its_clause_to_no_named_source(nlp):
    text = "The Club for Growth is reportedly spending $1.5 million on television advertisements."
    quote = only_quote(nlp, text)
    assert (quote.cue.text, quote.speaker.span, quote.rule) == ("reportedly", None, "hearsay-adverb+no-source")
    assert [text[slice(*m)] for m in quote.mentions] == ["The Club for Growth is",
                                                         "spending $1.5 million on television advertisements"]


def test_reportedly_beside_a_cue_verb_joins_its_cue(nlp):
    quote = only_quote(nlp, "Trump reportedly said the wall would be built.")
    assert (quote.cue.text, quote.rule) == ("reportedly said", "indirect-ccomp")


def test_a_participle_with_an_agent_attributes_the_noun_it_describes(nlp):
    text = "The bill, opposed by the Chamber of Commerce, would raise the minimum wage."
    quote = only_quote(nlp, text)
    assert (text[slice(*quote.speaker.span)], quote.cue.text, quote.text, quote.rule) == (
        "the Chamber of Commerce", "opposed", "The bill", "indirect-acl-agent")


def test_a_participle_with_an_agent_is_scored_like_any_candidate(nlp):
    assert analyse(nlp, "The report, released by the ministry on Monday, showed growth.").quotes == []


@pytest.mark.parametrize("text, expected", [
    ("They feared the re-emergence of a German colossus in Europe.",
     ("They", "feared", "re-emergence of a German colossus in Europe")),
    ("Trump mocked the anti-Trump ad campaign of his rival.", ("Trump", "mocked", "the anti-Trump ad campaign of his rival")),
])
def test_spans_keep_hyphenated_words_whole(nlp, text, expected):
    # the tokenizer splits "re-emergence" in three; no span may start or end inside it
    assert expected in sources_cues_contents(nlp, text)
