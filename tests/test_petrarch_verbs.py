"""PETRARCH-format verb dictionaries read as extra event triggers, and used on top of the lexicon."""
import pytest

from conftest import shared_path
from newsgraph.extract.events.lexicon import load_event_lexicon
from newsgraph.extract.events.petrarch_verbs import load_verb_dictionary

SMALL = """\
# a tiny dictionary in the PETRARCH-2 format
&FOOD
+FOOD
+GROCERY

---  IMPOSE   [170]  ---
IMPOSE
REIMPOSE
- * SANCTIONS                                         [163]         # IMPOSE
- * {MARTIAL LAW}                                     [1724]        # IMPOSE
- * STATE (OF EMERGENCY)                              [1724]        # IMPOSE
- $ * (ON +)                                          [170]         # IMPOSE

---  RUSH   [---]  ---
RUSH
HASTEN
- * &FOOD                                             [073]         # RUSH
- * (TO)                                              [042:043]     # RUSH

---  SPURN   [120]  ---
SPURN
+BRUSH_OFF {+BRUSHED_OFF +BRUSHING_OFF}
SAY [010]
"""


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "Test.CAMEO.txt"
    path.write_text(SMALL)
    return path


def pattern(triggers, lemma, **wanted):
    return [t for t in triggers if t.lemma == lemma and all(getattr(t, k) == v for k, v in wanted.items())]


def test_verbs_patterns_and_synsets(small):
    triggers = load_verb_dictionary(str(small), structural=frozenset({"say"}))
    assert pattern(triggers, "impose", cameo="170", objects=frozenset())
    assert pattern(triggers, "reimpose", cameo="170")
    (sanctions,) = pattern(triggers, "impose", cameo="163")
    assert sanctions.objects == {"sanction", "sanctions"}
    (martial,) = pattern(triggers, "impose", cameo="1724")
    assert "law" in martial.objects and "martial" in martial.modifiers
    assert pattern(triggers, "rush", cameo="073")[0].objects >= {"food", "grocery"}
    assert not pattern(triggers, "hasten", cameo="073")  # the comment names RUSH: only RUSH gets it
    assert pattern(triggers, "rush", cameo="042", particle="to")
    assert not pattern(triggers, "rush", objects=frozenset(), particle=None)  # a block without a code
    assert pattern(triggers, "brush", cameo="120", particle="off")
    assert not pattern(triggers, "say")  # structural verbs get no bare trigger
    assert all(t.source == "Test.CAMEO.txt" and t.rule.startswith("Test.CAMEO.txt:") for t in triggers)
    # a subject slot ($) with a target phrase is outside the subset
    assert not [t for t in triggers if t.line == 11]


def test_dictionaries_add_triggers_on_top_of_the_lexicon(small):
    assert "spurn" not in load_event_lexicon().verbs
    built_in = list(load_event_lexicon().verbs["impose"]) if "impose" in load_event_lexicon().verbs else []
    lexicon = load_event_lexicon(str(small.parent))
    assert lexicon.verbs["spurn"][0].cameo == "120"
    assert lexicon.verbs["impose"][: len(built_in)] == built_in or all(
        t in lexicon.verbs["impose"] for t in built_in)
    assert "spurn" not in load_event_lexicon().verbs  # the built-in lexicon is left as it was


def test_a_dictionary_verb_codes_an_event(small):
    from newsgraph.extract.events.stage import article_events
    from newsgraph.lexicons import load_lexicons
    from newsgraph.model import Article, Entity, Mention
    from newsgraph.pipeline import load_nlp

    text = "Russia spurned Ukraine."
    article = Article(text=text)
    article.doc = load_nlp("en_core_web_sm")(text)
    article.entities = [Entity("e1", "Russia", "PLACE", [Mention(0, 6, "Russia", "name", "t")], code="RUS", country="RUS"),
                        Entity("e2", "Ukraine", "PLACE", [Mention(15, 22, "Ukraine", "name", "t")], code="UKR",
                               country="UKR")]
    assert article_events(article, None) == []  # the rule coder, where dictionaries add triggers
    (event,) = article_events(article, None, load_lexicons(str(small.parent)))
    assert (event.cameo, event.plover, event.source[0].code, event.target[0].code) == ("120", "REJECT", "RUS", "UKR")
    assert event.rule.startswith("Test.CAMEO.txt:")


def test_the_petrarch_cameo_dictionary():
    path = shared_path("dictionaries/petrarch2/CAMEO.2.0.txt")
    triggers = load_verb_dictionary(str(path))
    assert 4000 <= len(triggers) <= 8000
    assert {t.cameo[:2] for t in triggers} == {f"{n:02d}" for n in range(1, 21)}
    assert pattern(triggers, "impose", cameo="163", objects=frozenset({"sanction", "sanctions"}))
    assert pattern(triggers, "arrest", cameo="173", objects=frozenset())
    assert pattern(triggers, "demand", cameo="100", objects=frozenset())
    assert pattern(triggers, "vandalize", cameo="1712")
