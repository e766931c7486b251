"""When and where events happened: date expressions (newsgraph.extract.events.dates), the offline
gazetteer (newsgraph.extract.events.places) and the event_context stage on sentences written for these
tests, with publication dates."""
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from newsgraph.extract.events import dates, places
from newsgraph.model import Article
from newsgraph.pipeline import Pipeline

WEDNESDAY = date(2025, 6, 25)


def resolved(text, published=WEDNESDAY, forward=False):
    found = dates.find_date_expressions(text)
    assert len(found) == 1, (text, found)
    return found[0].text, dates.resolve(found[0], published, forward)


# --- date expressions ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The strike came on Wednesday.", ("on Wednesday", "2025-06-25")),  # the day of publication
    ("The strike came on Monday night.", ("on Monday night", "2025-06-23")),
    ("The strike came last Wednesday.", ("last Wednesday", "2025-06-18")),
    ("It happened yesterday.", ("yesterday", "2025-06-24")),
    ("It happened two days ago.", ("two days ago", "2025-06-23")),
    ("Talks collapsed last month.", ("last month", "2025-05")),
    ("Talks collapsed last week.", ("last week", "2025-W25")),
    ("Talks collapsed last year.", ("last year", "2024")),
    ("Talks began in June.", ("in June", "2025-06")),
    ("Talks began in July.", ("in July", "2024-07")),  # the last July before publication
    ("Talks began in July 2023.", ("in July 2023", "2023-07")),
    ("The deal collapsed in 2019.", ("in 2019", "2019")),
    ("In 2019, the deal collapsed.", ("In 2019", "2019")),
    ("They signed on March 3.", ("on March 3", "2025-03-03")),
    ("They signed on March 3, 2024.", ("on March 3, 2024", "2024-03-03")),
    ("They signed on 3 March 2024.", ("on 3 March 2024", "2024-03-03")),
    ("They signed on 2024-03-03.", ("2024-03-03", "2024-03-03")),
    ("Fighting went on over the weekend.", ("over the weekend", "2025-06-21")),
    ("Prices rose earlier this month.", ("earlier this month", "2025-06")),
])
def test_expressions_resolve_against_publication(text, expected):
    assert resolved(text) == expected


def test_intended_events_read_forward():
    assert resolved("They will meet on Friday.", forward=True) == ("on Friday", "2025-06-27")
    assert resolved("They met on Friday.") == ("on Friday", "2025-06-20")
    assert resolved("They will meet in July.", forward=True) == ("in July", "2025-07")
    assert resolved("They will meet next Wednesday.") == ("next Wednesday", "2025-07-02")


@pytest.mark.parametrize("text", ["Theresa May said so.", "He may go.", "300 troops in 2,000 villages",
                                  "a 2019 report", "Jan 5 was a name and a number"])
def test_no_false_dates(text):
    assert dates.find_date_expressions(text) == []


def test_relative_expressions_need_a_publication_date():
    found = dates.find_date_expressions("It happened on Wednesday in 2019.")
    assert [dates.resolve(e, None) for e in found] == [None, "2019"]


def test_offsets_and_first_day():
    text = "Earlier, on Tuesday, it rained."
    expression = dates.find_date_expressions(text, offset=10)[0]
    assert text[expression.start - 10:expression.end - 10] == "on Tuesday"
    assert dates.first_day("2025-06") == date(2025, 6, 1)
    assert dates.first_day("2025-W26") == date(2025, 6, 23)
    assert dates.first_day("2019") == date(2019, 1, 1)
    assert dates.first_day(None) is None


# --- places -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, hints, expected", [
    ("Kyiv", [], ("Kyiv", "UKR", "city")),
    ("Kiev", [], ("Kyiv", "UKR", "city")),  # GeoNames alternate name, canonical name out
    ("Moscow", [], ("Moscow", "RUS", "city")),
    ("Washington", [], ("Washington", "USA", "city")),
    ("Ukraine", [], ("Ukraine", "UKR", "country")),
    ("Britain", [], ("United Kingdom", "GBR", "country")),
    ("Gaza", [], ("Gaza", "PSE", "city")),  # a city of the very name in that country
    ("Rafah", [], ("Rafah", "PSE", "city")),  # accents folded, the text's spelling kept
    ("Odessa", ["UKR"], ("Odesa", "UKR", "city")),  # a hint beats Odessa, Texas
    ("the Kremlin", [], ("Moscow", "RUS", "city")),  # a seat of power is its capital
    ("the Middle East", [], ("Middle East", None, "region")),
])
def test_locate(name, hints, expected):
    place = places.locate(name, hints)
    assert (place.name, place.country, place.kind) == expected


def test_coordinates_are_the_city_or_the_capital():
    kyiv = places.locate("Kyiv")
    assert kyiv.latitude == pytest.approx(50.45, abs=0.1) and kyiv.longitude == pytest.approx(30.52, abs=0.1)
    ukraine = places.locate("Ukraine")
    assert (ukraine.latitude, ukraine.longitude) == (kyiv.latitude, kyiv.longitude)
    assert places.locate("Middle East").latitude is None
    assert places.locate("Qwertyville") is None


# --- the stage ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(stages=["entities", "quotes", "events", "event_context"])


def only_event(pipeline, text, published="2025-06-25"):
    article = pipeline.analyse(Article(text, published=published))
    assert article.events, text
    return article.events[0]


def test_relative_date_and_target_city(pipeline):
    event = only_event(pipeline, "Russian forces struck Kyiv on Wednesday, officials said.")
    assert (event.date, event.date_text) == ("2025-06-25", "on Wednesday")
    assert (event.place, event.place_country) == ("Kyiv", "UKR")
    assert event.latitude == pytest.approx(50.45, abs=0.1)


def test_month_and_country_of_the_target(pipeline):
    event = only_event(pipeline, "Russia attacked Ukraine last month.")
    assert (event.date, event.date_text, event.place, event.place_country) == ("2025-05", "last month", "Ukraine", "UKR")


def test_intended_meeting_reads_forward_and_takes_the_locative_phrase(pipeline):
    event = only_event(pipeline, "Putin will meet Xi in Beijing on Friday.")
    assert event.modality == "intended"
    assert (event.date, event.date_text, event.place, event.place_country) == ("2025-06-27", "on Friday", "Beijing", "CHN")


def test_coordinated_events_share_date_and_place(pipeline):
    article = pipeline.analyse(Article("NATO leaders met in Vilnius in July 2023 and agreed to boost readiness.",
                                       published="2025-06-25"))
    assert [(e.text, e.date, e.place) for e in article.events] == [
        ("met", "2023-07", "Vilnius"), ("agreed", "2023-07", "Vilnius")]


def test_place_noun_of_a_city(pipeline):
    event = only_event(pipeline, "Protesters clashed with police in the eastern city of Kharkiv in 2019.")
    assert (event.date, event.date_text, event.place, event.place_country) == ("2019", "in 2019", "Kharkiv", "UKR")


def test_seat_of_power_is_placed_at_the_capital(pipeline):
    event = only_event(pipeline, "Trump met Zelensky at the White House.", published="2025-03-01")
    assert (event.place, event.place_country) == ("Washington", "USA")


def test_without_an_expression_the_publication_date(pipeline):
    event = only_event(pipeline, "Russia attacked Ukraine.", published="2025-06-25T08:30:00Z")
    assert (event.date, event.date_text) == ("2025-06-25", None)


def test_without_a_publication_date_relative_dates_stay_empty(pipeline):
    event = only_event(pipeline, "Russia attacked Ukraine on Wednesday.", published=None)
    assert (event.date, event.date_text) == (None, None)
    event = only_event(pipeline, "Russia attacked Ukraine in 2019.", published=None)
    assert (event.date, event.date_text) == ("2019", "in 2019")


def test_stage_is_registered_after_events():
    from newsgraph.pipeline import DEFAULT_STAGES, ordered_stages

    names = [s.name for s in ordered_stages()]
    assert names.index("events") < names.index("event_context")
    assert "event_context" in DEFAULT_STAGES


# --- issue 13: never after publication, earlier only from the event's own expression, precision -----

def test_an_expression_of_another_clause_does_not_date_the_event(pipeline):
    event = only_event(pipeline, "Police arrested the suspects, who had attacked a bank in 2019.")
    assert (event.text, event.date, event.date_text, event.date_precision) == ("arrested", "2025-06-25", None, "day")


def test_an_asserted_event_is_never_dated_after_publication(pipeline):
    event = only_event(pipeline, "Rebels attacked the convoy on March 3, 2026.")
    assert (event.date, event.date_text) == ("2025-06-25", None)


def test_a_subjectless_participle_shares_the_date_of_its_clause(pipeline):
    event = only_event(pipeline, "A helicopter crashed outside the city on March 12, killing five soldiers.")
    assert (event.text, event.date, event.date_precision) == ("killing", "2025-03-12", "day")


@pytest.mark.parametrize("text, published, expected", [
    ("Troops attacked the town in July 2023.", "2025-06-25", ("2023-07", "month")),
    ("Troops attacked the town in 2019.", "2025-06-25", ("2019", "year")),
    ("Troops attacked the town last week.", "2025-06-25", ("2025-W25", "week")),
    ("Troops attacked the town.", "2025-06-25", ("2025-06-25", "day")),
    ("Troops attacked the town.", None, (None, None)),  # undated: never today's date
    ("Troops attacked the town last week.", None, (None, None)),
])
def test_each_date_keeps_its_precision(pipeline, text, published, expected):
    event = only_event(pipeline, text, published=published)
    assert (event.date, event.date_precision) == expected


def test_precision_and_bounds_of_iso_values():
    assert [dates.precision(v) for v in ("2025-06-25", "2025-W26", "2025-06", "2025", None)] == [
        "day", "week", "month", "year", None]
    assert dates.last_day("2024-02") == date(2024, 2, 29)
    assert dates.last_day("2025-W26") == date(2025, 6, 29)
    assert dates.last_day("2019") == date(2019, 12, 31)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("Ab z9 _-.'\tÉéōK"), max_size=20))
def test_a_place_key_is_the_folded_words_whatever_path_it_takes(name):
    from newsgraph.extract.actors.coding import fold
    assert places.place_key(name) == " ".join(places.NON_WORD.sub(" ", fold(name)).split())
    assert places.place_key("Khān  Yūnis") == places.place_key("khan yunis") == "khan yunis"


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(dates.COMPILED).flatmap(lambda rule: st.tuples(st.just(rule[0]), st.from_regex(rule[1]))))
def test_a_text_a_date_rule_matches_holds_what_the_rule_needs(rule_and_text):
    rule, text = rule_and_text
    assert all(needed.search(text) for needed in dates.NEEDED[rule])


def test_every_date_rule_says_what_it_needs():
    assert {rule for rule, _, _ in dates.COMPILED} == set(dates.NEEDED)
