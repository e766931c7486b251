"""Issue 15, items 3, 4 and 6: the analysis questions and their commands, on a store holding the
analysed example plus constructed articles whose events, quotes and days are known."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from newsgraph.analysis.actors import top_actors
from newsgraph.analysis.dyads import dyad_series
from newsgraph.analysis.network import actor_network, write_network
from newsgraph.analysis.quotes import speaker_quotes
from newsgraph.analysis.search import search_articles
from newsgraph.cli import app
from newsgraph.errors import BadRange, OutputError, UnknownActor
from newsgraph.model import ActorRef, Article, Cue, Event, Quote, Speaker
from newsgraph.store import Store
from newsgraph.store.filters import EventFilter
from newsgraph.store.queries import event_rows

NATO = ActorRef(None, "NATO", "IGO", None, None)
RUSSIA = ActorRef(None, "Russia", "RUS", "RUS", "GOV")
UKRAINE = ActorRef(None, "Ukraine", "UKR", "UKR", None)
US = ActorRef(None, "US", "USA", "USA", "GOV")


def event(event_id, source, target, cameo, quad, goldstein, text, date=None, modality="asserted"):
    """An event whose trigger ``text`` is placed in its article's text by ``article``."""
    return Event(event_id, [source], [target], cameo, cameo[:2], quad, goldstein, None, False, modality,
                 (0, 0), (0, 0), text, rule="test", date=date)


def article(text, published, source, events, quotes=()):
    for item in events:
        start = text.index(item.text)
        item.trigger, item.sentence = (start, start + len(item.text)), (0, len(text))
    return Article(text, title=text.split(".")[0], source=source, url=f"https://{source.lower()}.example/{published}",
                   published=published, events=list(events), quotes=list(quotes))


def quote(quote_id, text, speaker, medium=None):
    return Quote(quote_id, "direct", text, (0, len(text)), Speaker("e1", speaker), Cue("said", "say", (0, 4)),
                 medium=medium, mentions=[(0, len(text))], rule="test")


def constructed_articles() -> list[Article]:
    """NATO -> Russia: week 23 of 2025 has Q3 -2, Q1 +3, Q4 -9.5 (and an intended Q2 +4); week 24
    nothing; week 25 a Q2 +5 dated by its own date. Russia -> Ukraine and US -> Russia once each."""
    first = article("Allies warned. Talks with Moscow resumed. Russian forces struck Kyiv.", "2025-06-02", "Wire",
                    [event("v1", NATO, RUSSIA, "111", 3, -2.0, "warned"),
                     event("v2", NATO, RUSSIA, "036", 1, 3.0, "resumed"),
                     event("v3", RUSSIA, UKRAINE, "190", 4, -10.0, "struck")],
                    [quote("q1", "Russia will not win", "Mark Rutte", medium="Bloomberg TV")])
    second = article("NATO jets intercepted a Kremlin drone. The alliance plans to send aid.", "2025-06-04", "Daily",
                     [event("v1", NATO, RUSSIA, "190", 4, -9.5, "intercepted", date="2025-06-03"),
                      event("v2", NATO, RUSSIA, "070", 2, 4.0, "send", modality="intended")])
    third = article("Rutte offered help with the grain corridor.", "2025-06-20", "Wire",
                    [event("v1", NATO, RUSSIA, "070", 2, 5.0, "offered", date="2025-06-17")],
                    [quote("q1", "We are ready to help", "Mark Rutte")])
    fourth = article("US sanctions hit Moscow banks.", "2025-07-01", "Daily",
                     [event("v1", US, RUSSIA, "163", 4, -8.0, "sanctions")])
    return [first, second, third, fourth]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, seed):
    path = str(tmp_path_factory.mktemp("analysis") / "analysis.duckdb")
    with Store(path) as store:
        store.save_many([seed, *constructed_articles()])
    return path


@pytest.fixture()
def connection(store_path):
    with Store.for_reading(store_path) as store:
        yield store.connection


runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


# --- dyads ------------------------------------------------------------------------------------------

def test_weekly_dyad_counts_quad_classes_and_goldstein_with_the_empty_week_filled(connection):
    periods = dyad_series(connection, "NATO", "RUS", by="week")
    assert [p.period for p in periods] == ["2025-W23", "2025-W24", "2025-W25"]
    w23, w24, w25 = periods
    assert (w23.start, w23.events, w23.verbal_cooperation, w23.material_cooperation, w23.verbal_conflict,
            w23.material_conflict) == ("2025-06-02", 3, 1, 0, 1, 1)
    assert w23.goldstein_sum == -8.5 and w23.goldstein_mean == pytest.approx(-8.5 / 3, abs=1e-6)
    assert w23.balance == pytest.approx(-1 / 3, abs=1e-6)
    assert (w24.events, w24.goldstein_sum, w24.goldstein_mean, w24.balance) == (0, 0.0, None, None)
    assert (w25.events, w25.material_cooperation, w25.goldstein_sum, w25.balance) == (1, 1, 5.0, 1.0)


def test_the_dyad_counts_intended_events_only_with_all_and_by_month(connection):
    (june,) = dyad_series(connection, "NATO", "RUS", by="month", include_unasserted=True)
    assert (june.period, june.events, june.material_cooperation, june.goldstein_sum) == ("2025-06", 5, 2, 0.5)
    (asserted,) = dyad_series(connection, "nato", "rus", by="month")
    assert asserted.events == 4


def test_the_dyad_range_uses_the_event_day_before_the_publication_day(connection):
    # the week-25 event is dated 2025-06-17 by its text, its article was published on 2025-06-20
    assert [p.period for p in dyad_series(connection, "NATO", "RUS", since="2025-06-10", until="2025-06-17")] == ["2025-W25"]
    assert dyad_series(connection, "NATO", "RUS", since="2025-06-18", until="2025-06-30") == []
    assert dyad_series(connection, "NATO", "RUS", until="2025-06-03")[0].events == 3  # 06-03: the event's own day


def test_codes_are_matched_whole_never_inside_another_code(connection):
    us = event_rows(connection, criteria=EventFilter(actor="US"))
    assert [(row.source, row.target) for row in us] == [("US", "Russia")]
    russia_targets = {row.source for row in event_rows(connection, criteria=EventFilter(target="RUS"))}
    assert russia_targets == {"NATO", "US"}
    assert {row.source for row in event_rows(connection, criteria=EventFilter(source="IGOGOV"))} >= {"Mark Rutte"}


def test_an_unknown_actor_suggests_the_near_stored_ones(connection):
    with pytest.raises(UnknownActor, match="did you mean .*Russia"):
        dyad_series(connection, "NATO", "Rusia")
    with pytest.raises(UnknownActor, match="did you mean Mark Rutte"):
        event_rows(connection, criteria=EventFilter(actor="Rute"))


def test_a_bad_or_backwards_range_is_refused(connection):
    with pytest.raises(BadRange, match="not a date"):
        dyad_series(connection, "NATO", "RUS", since="June")
    with pytest.raises(BadRange, match="before"):
        dyad_series(connection, "NATO", "RUS", since="2025-07-01", until="2025-06")


# --- events, actors, quotes, search, network ----------------------------------------------------------

def test_events_are_newest_first_filtered_by_code_category_and_day(connection):
    rows = event_rows(connection, criteria=EventFilter(target="RUS"))
    assert [row.day for row in rows] == ["2025-07-01", "2025-06-17", "2025-06-03", "2025-06-02", "2025-06-02"]
    assert rows[0].outlet == "Daily" and rows[0].url == "https://daily.example/2025-07-01"
    assert [r.text for r in event_rows(connection, criteria=EventFilter(root="19", since="2025"))] == \
        ["intercepted", "struck"]
    assert [r.text for r in event_rows(connection, criteria=EventFilter(quad=4, since="2025-06-03"))] == \
        ["sanctions", "intercepted"]
    assert [r.text for r in event_rows(connection, criteria=EventFilter(source="NATO", target="RUS",
                                                                         include_unasserted=True, until="2025-06-04"))] == \
        ["send", "intercepted", "warned", "resumed"]  # "send" has no date of its own: published 06-04


def test_top_actors_count_events_as_source_and_as_target(connection):
    actors = {(a.name, a.code, a.sector): a for a in top_actors(connection, since="2025-01-01")}
    russia = actors[("Russia", "RUS", "GOV")]
    assert (russia.as_source, russia.as_target, russia.events, russia.country, russia.articles) == (1, 5, 6, "RUS", 4)
    assert (actors[("NATO", "IGO", None)].as_source, actors[("NATO", "IGO", None)].as_target) == (4, 0)
    assert top_actors(connection, since="2025-01-01")[0].name == "Russia"


def test_speaker_quotes_say_when_where_and_through_what(connection):
    quotes = speaker_quotes(connection, "Rutte")
    assert [(q.text, q.day, q.outlet, q.medium) for q in quotes][:2] == [
        ("We are ready to help", "2025-06-20", "Wire", None), ("Russia will not win", "2025-06-02", "Wire", "Bloomberg TV")]
    assert all(q.speaker == "Mark Rutte" for q in quotes) and quotes[0].span_end == len("We are ready to help")
    assert [q.text for q in speaker_quotes(connection, "mark rutte", since="2025-06-10")] == ["We are ready to help"]
    with pytest.raises(UnknownActor, match="did you mean Mark Rutte"):
        speaker_quotes(connection, "Rute")


def test_search_finds_titles_and_texts_with_the_offset_of_the_match(connection):
    (hit,) = search_articles(connection, "kremlin drone")
    text = constructed_articles()[1].text
    assert hit.outlet == "Daily" and text[hit.start:hit.end] == "Kremlin drone" and "Kremlin drone" in hit.snippet
    assert search_articles(connection, "100%_sure") == []  # LIKE's own characters are literal
    assert [h.day for h in search_articles(connection, "Moscow")][:2] == ["2025-07-01", "2025-06-02"]


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_the_network_file_reads_back_with_its_weights(connection, tmp_path, suffix):
    path = str(tmp_path / f"net{suffix}")
    write_network(actor_network(connection, since="2025-01-01"), path)
    graph = (nx.read_graphml if suffix == ".graphml" else nx.read_gexf)(path)
    assert float(graph["NATO"]["Russia"]["weight"]) == 4 and float(graph["US"]["Russia"]["weight"]) == 1
    assert float(graph["NATO"]["Russia"]["goldstein_sum"]) == -3.5
    assert float(graph["Russia"]["Ukraine"]["conflict"]) == 1 and graph.nodes["Russia"]["country"] == "RUS"
    assert not graph.has_edge("Russia", "NATO")


def test_a_network_to_an_unknown_format_or_missing_folder_is_an_output_error(connection, tmp_path):
    graph = actor_network(connection)
    with pytest.raises(OutputError, match=".graphml or .gexf"):
        write_network(graph, str(tmp_path / "net.txt"))
    with pytest.raises(OutputError, match="cannot write"):
        write_network(graph, str(tmp_path / "missing" / "net.graphml"))


# --- the commands -----------------------------------------------------------------------------------

def test_dyad_command_prints_json_csv_a_table_and_a_chart(store_path, tmp_path):
    lines = run("dyad", "NATO", "RUS", "--db", store_path, "--json").stdout.splitlines()
    assert [json.loads(line)["events"] for line in lines] == [3, 0, 1]
    rows = list(csv.DictReader(io.StringIO(run("dyad", "NATO", "RUS", "--by", "month", "--db", store_path, "--csv").stdout)))
    assert rows[0]["period"] == "2025-06" and rows[0]["goldstein_sum"] == "-3.5"
    chart = tmp_path / "dyad.svg"
    table = run("dyad", "NATO", "RUS", "--db", store_path, "--plot", chart)
    assert table.exit_code == 0 and "2025-W23" in table.output and chart.read_text().startswith("<?xml")
    png = tmp_path / "actors.png"
    assert run("actors", "--db", store_path, "--plot", png).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_commands_say_in_one_line_what_is_wrong_or_empty(store_path, tmp_path):
    unknown = run("dyad", "NATO", "Rusia", "--db", store_path)
    assert unknown.exit_code == 2 and "Traceback" not in unknown.output
    assert unknown.output.strip().splitlines() == ["error: no stored actor is 'Rusia'; did you mean Russia?"]
    empty = run("dyad", "NATO", "RUS", "--since", "2030-01-01", "--db", store_path)
    assert empty.exit_code == 0
    assert empty.output.strip() == ("no asserted events with source NATO, target RUS, since 2030-01-01 "
                                    "with a date in the store")
    for args in (["--by", "day"], ["--since", "yesterday"], ["--plot", tmp_path / "chart.pdf"], ["--json", "--csv"]):
        result = run("dyad", "NATO", "RUS", "--db", store_path, *args)
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
        assert result.output.startswith("error:")
    assert "did you mean Mark Rutte" in run("quotes", "--speaker", "Rute", "--db", store_path).output


def test_events_command_filters_exactly_and_carries_every_field(store_path):
    lines = run("events", "--db", store_path, "--actor", "US", "--json").stdout.splitlines()
    (us,) = [json.loads(line) for line in lines]
    assert (us["source"], us["target_codes"], us["quad_class"], us["goldstein"], us["outlet"]) == \
        ("US", "RUS", 4, -8.0, "Daily")
    assert {"trigger_start", "sentence_end", "rule", "place", "latitude", "date_precision", "url", "title"} <= set(us)
    assert run("events", "--db", store_path, "--plover", "nothing-like-this").exit_code == 0
    table = runner.invoke(app, ["events", "--db", store_path, "--target", "RUS"], env={"COLUMNS": "200"}).output
    assert "US sanctions hit Moscow banks (Daily)" in table and "https://daily.example/2025-07-01" in table


def test_quotes_network_search_and_actors_commands(store_path, tmp_path):
    quotes = [json.loads(line) for line in run("quotes", "--speaker", "Rutte", "--db", store_path, "--json").stdout.splitlines()]
    assert quotes[0]["text"] == "We are ready to help" and quotes[0]["outlet"] == "Wire"
    out = tmp_path / "actors.gexf"
    network = run("network", "--out", out, "--since", "2025-06-01", "--until", "2025-06", "--db", store_path, "--csv")
    assert network.exit_code == 0 and "3 actors and 2 edges written" in network.output
    assert nx.read_gexf(str(out)).number_of_edges() == 2
    hits = [json.loads(line) for line in run("search", "grain", "--db", store_path, "--json").stdout.splitlines()]
    assert [h["title"] for h in hits] == ["Rutte offered help with the grain corridor"]
    actors = run("actors", "--db", store_path, "--limit", "3")
    assert actors.exit_code == 0 and "Russia" in actors.output


def test_a_store_written_before_schema_9_is_read_with_its_tone_empty(tmp_path):
    from test_runs import STORE_V6, import_store_v5

    path = tmp_path / "v6.duckdb"
    import_store_v5(path, STORE_V6)
    with Store(str(path)) as store:
        assert store.counts()["article_tone"] == 0
        articles = store.article_ids()
        assert store.load_article(articles[0]).tone is None
        assert top_actors(store.connection, include_unasserted=True)
