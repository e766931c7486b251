"""PETRARCH-format actor and agent dictionaries (newsgraph.extract.actors.petrarch) and loading
them on top of the built-in lexicons (actors.load_actor_lexicon)."""
from datetime import date

import pytest
from conftest import shared_path

from newsgraph.extract.actors import coding as actors
from newsgraph.extract.actors import petrarch as petrarch_actors
from newsgraph.extract.actors.petrarch import (Restriction, parse_date, parse_restriction, read_actor_dictionary,
                                               read_agent_dictionary, split_cameo_code)

ACTORS = """# a small actor dictionary written for these tests
FREEDONIA_  [FRD]   # a made-up country code
+FREEDONIAN_

RUFUS_T._FIREFLY_  # dated codes on indented lines
+FIREFLY_
+PRESIDENT_FIREFLY_
\t[USAELI 19300101-331231]
\t[USAGOV >340101]
\t[USAELI]

GRAND_FENWICK_COUNCIL  [IGOUNOKID] ; legacy comment
TRENTINO_
+SYLVANIA_
\t[RUSGOV 920101-991231]

NOBODY_SPECIAL_
\t[---]
BROKEN_DATES_
\t[USAGOV 20200101-20190101]
"""

AGENTS = """!PERSON! = MAN, WOMAN
!MINIST! = MINISTER, MINISTRY
CONGRESS!PERSON! [~LEG]
PEACE_ENVOY [~GOV]
ARMED_POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
BEEKEEPER [~AGR]
PEACEKEEPING_TROOPS [IGO~]
WITHOUT_CODE
"""


class Coder:
    """The actor look-ups with the lexicon of one dictionaries folder ("": the built-in lexicons)."""

    def __init__(self, folder=""):
        self.lexicon = actors.load_actor_lexicon(str(folder) if folder else "")
        self.report = self.lexicon.dictionary_report

    def code_actor(self, text, when=None):
        return actors.code_actor(text, when, self.lexicon)

    def sector_of(self, text):
        return actors.sector_of(text, self.lexicon)

    def code_triple(self, text, when=None):
        actor = self.code_actor(text, when)
        return (actor.code, actor.country, actor.sector) if actor else None


def write_dictionaries(folder):
    (folder / "Test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (folder / "Test.agents.txt").write_text(AGENTS, encoding="utf-8")
    (folder / "Test.verbs.txt").write_text("not read\n", encoding="utf-8")
    return folder


# --- dates, restrictions and codes ---------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("20090120", date(2009, 1, 20)), ("090120", date(2009, 1, 20)), ("300101", date(2030, 1, 1)),
    ("310101", date(1931, 1, 1)), ("991231", date(1999, 12, 31)),
])
def test_dates_follow_petrarch_two_digit_rule(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2004017", "1920030320", "20100931", "abc"])
def test_bad_dates_raise(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_restrictions():
    assert parse_restriction("USAGOV >20090120") == Restriction("USAGOV", date(2009, 1, 20), None)
    assert parse_restriction("USAGOV <090120") == Restriction("USAGOV", None, date(2009, 1, 20))
    assert parse_restriction("RUSELI 700101-990809") == Restriction("RUSELI", date(1970, 1, 1), date(1999, 8, 9))
    assert parse_restriction("AFG").is_default
    with pytest.raises(ValueError):
        parse_restriction("USAGOV 20200101-20190101")


@pytest.mark.parametrize("code, expected", [
    ("RUSGOV", ("RUS", "RUS", "GOV")), ("USAELI", ("USA", "USA", "ELI")), ("IGOUNOKID", ("IGO", None, None)),
    ("KORGOVBUS", ("KOR", "KOR", "GOV")), ("HTIOPPMED", ("HTI", "HTI", "OPP")), ("IMGMUSALQ", ("IMG", None, None)),
    ("ELI", (None, None, "ELI")), ("KSV", ("XKX", "XKX", None)), ("USASPY", ("USA", "USA", "GOV")),
    ("EUR", ("EUR", None, None)), ("MED", ("MED", None, "MED")),
])
def test_cameo_codes_split_into_code_country_sector(code, expected):
    found = split_cameo_code(code, petrarch_actors.entry_context())
    assert (found.code, found.country, found.sector) == expected


# --- reading ---------------------------------------------------------------------------------------------

def test_actor_records_group_phrases_and_codes():
    records, skipped = read_actor_dictionary(ACTORS, "Test.actors.txt")
    by_first = {r.phrases[0]: r for r in records}
    assert by_first["FREEDONIA"].phrases == ["FREEDONIA", "FREEDONIAN"]
    assert by_first["FREEDONIA"].restrictions == [Restriction("FRD")]
    assert by_first["RUFUS T. FIREFLY"].phrases == ["RUFUS T. FIREFLY", "FIREFLY", "PRESIDENT FIREFLY"]
    assert len(by_first["RUFUS T. FIREFLY"].restrictions) == 3
    # a primary phrase without a code shares the codes that follow with the phrases before it
    assert by_first["TRENTINO"].phrases == ["TRENTINO", "SYLVANIA"]
    assert any("Test.actors.txt:20" in s and "ends before it starts" in s for s in skipped)
    assert any("no code for 'BROKEN DATES'" in s for s in skipped)


def test_agents_with_substitutions_plurals_and_null_plurals():
    agents, skipped = read_agent_dictionary(AGENTS, "Test.agents.txt")
    phrases = {a.phrase: a.code for a in agents}
    assert phrases["CONGRESSMAN"] == phrases["CONGRESSWOMAN"] == "~LEG"
    assert "CONGRESSMANS" not in phrases  # substitutions make no plurals
    assert {"PEACE ENVOY", "PEACE ENVOYS"} <= set(phrases)
    assert "ARMED POLICE" in phrases and "ARMED POLICES" not in phrases
    assert "ATTORNEYS GENERAL" in phrases
    assert skipped == ["Test.agents.txt:9: no code"]


def test_comments_of_every_style_are_skipped():
    records, _ = read_actor_dictionary("<!-- a\nmulti-line comment -->\nALPHA_ [USA] # c\nBETA_ [GBR] ; c\n")
    assert [r.phrases for r in records] == [["ALPHA"], ["BETA"]]


# --- loading on top of the built-in lexicons --------------------------------------------------------------

def test_dictionaries_add_entries_with_dates(tmp_path):
    coder = Coder(write_dictionaries(tmp_path))
    report = coder.report
    assert report.files == ["Test.actors.txt", "Test.agents.txt"] and report.ignored_files == ["Test.verbs.txt"]
    assert report.actors == 5 and report.role_entries > 0
    assert coder.code_actor("Rufus T. Firefly", "1932-05-01").sector == "ELI"
    assert coder.code_triple("Firefly", "1935-05-01") == ("USA", "USA", "GOV")
    assert coder.code_actor("President Firefly", date(2020, 1, 1)).rule.endswith("[USAGOV]")
    assert coder.code_actor("Sylvania", "1995-01-01").code == "RUS"
    assert coder.code_actor("Sylvania", "2005-01-01") is None  # no default code: null after 1999
    assert coder.code_actor("Freedonian troops").code == "FRD"
    assert coder.code_actor("Freedonian troops").sector == "MIL"


def test_dictionary_agents_give_sectors_and_built_ins_win(tmp_path):
    coder = Coder(write_dictionaries(tmp_path))
    assert coder.code_actor("Russian congresswoman").sector == "LEG"
    assert coder.code_triple("Russian peace envoys") == ("RUS", "RUS", "GOV")
    assert coder.sector_of("beekeeper") is None  # AGR has no PLOVER sector
    assert coder.code_actor("UN peacekeeping troops").sector == "MIL"  # [IGO~] agents are not read
    assert coder.code_actor("Russia").rule == "countries.tsv:Russia"


def test_dictionary_case_rules(tmp_path):
    (tmp_path / "Case.actors.txt").write_text("ZZX_ [USA]\nWIDGETLAND_ [GBR]\n", encoding="utf-8")
    coder = Coder(tmp_path)
    assert coder.code_actor("ZZX").code == "USA"
    assert coder.code_actor("zzx") is None and coder.code_actor("Zzx") is None  # short: capitals only
    assert coder.code_actor("Widgetland").code == "GBR"
    assert coder.code_actor("widgetland") is None  # a name needs its capital


def test_the_built_in_lexicons_stay_as_they_are(tmp_path):
    coder = Coder(write_dictionaries(tmp_path))
    assert coder.code_actor("Freedonia") is not None
    assert Coder("").report is None
    assert Coder("").code_actor("Freedonia") is None and actors.code_actor("Freedonia") is None


def test_missing_folder_is_a_clear_error(tmp_path):
    from newsgraph.errors import SettingsError

    with pytest.raises(SettingsError, match="does not exist"):
        actors.load_actor_lexicon(str(tmp_path / "nowhere"))


# --- the Phoenix dictionaries in ../shared ------------------------------------------------------------------

def test_phoenix_dictionaries():
    folder = shared_path("dictionaries/petrarch2")
    coder = Coder(folder)
    report = coder.report
    assert report.actors > 20000 and report.agents > 4000
    assert coder.code_triple("Vladimir Putin", "2005-06-01") == ("RUS", "RUS", "GOV")
    assert coder.code_actor("Vladimir Putin", "1995-06-01").sector == "ELI"
    assert coder.code_triple("Barack Obama", "2012-06-01") == ("USA", "USA", "GOV")
    assert coder.code_actor("Helmand").code == "AFG"
    assert coder.code_actor("the UN").rule == "organisations.tsv:UN"  # the built-in entry wins
    assert coder.code_actor("Russian President Vladimir Putin", "2015-01-01").sector == "GOV"
