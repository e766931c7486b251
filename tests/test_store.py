"""The DuckDB store: exact round trips, idempotent re-saves, failure dedup, rollback of failed saves."""
from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.model import (ActorRef, Amount, Article, Cue, Entity, Event, Failure, Mention, NonBodySentence, Quote,
                             Speaker, Tone, to_json)
from newsgraph.store import SCHEMA_VERSION, Store
from newsgraph.store import duck, writes
from newsgraph.store.schema import MIGRATIONS

TEXT = ('NATO Secretary General Mark Rutte said on Monday that "Russia will not win this war". '
        "He added that allies had agreed to spend at least 2% of GDP on defence by 2030.")


def span_of(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return (start, start + len(words))


def hand_built_article() -> Article:
    rutte = Entity("e1", "Mark Rutte", "PERSON", [
        Mention(*span_of("Mark Rutte"), "Mark Rutte", "name", "ner"),
        Mention(*span_of("He"), "He", "pronoun", "coref:pronoun")],
        role="Secretary General", affiliation="NATO", code="IGO", country=None, sector="GOV", rule="ner+role")
    nato = Entity("e2", "NATO", "ORG", [Mention(*span_of("NATO"), "NATO", "acronym", "lexicon:orgs")],
                  code="IGO", rule="lexicon:orgs")
    russia = Entity("e3", "Russia", "PLACE", [Mention(*span_of("Russia"), "Russia", "name", "ner")],
                    code="RUS", country="RUS", rule="ner")
    quote = Quote("q1", "direct", "Russia will not win this war", span_of("Russia will not win this war"),
                  Speaker("e1", "Mark Rutte", span_of("Mark Rutte")), Cue("said", "say", span_of("said")),
                  medium=None, mentions=[span_of("Russia will not win this war")], rule="quote:direct-cue")
    anonymous = Quote("q2", "indirect", "allies had agreed to spend", span_of("allies had agreed to spend"),
                      Speaker(None, "officials", None, anonymous=True), None, medium="press", rule="quote:indirect")
    event = Event("v1", [ActorRef("e3", "Russia", "RUS", "RUS", None)],
                  [ActorRef(None, "allies", None, None, "MIL"), ActorRef("e2", "NATO", "IGO", None, "GOV")],
                  "190", "19", 4, -10.0, "FIGHT", True, "hypothetical", span_of("Russia will not win this war"),
                  span_of("win"), "win", reported_by="q1", rule="event:win", date="2025-06", date_text="in June",
                  date_precision="month")
    amount = Amount(2.0, "% of GDP", "at least 2% of GDP", span_of("at least 2% of GDP"), object="defence",
                    qualifier="at least", actor="e2", time="by 2030", rule="amount:percent")
    return Article(TEXT, title="Rutte: Russia will not win", section="World", source="Example News",
                   url="https://example.org/rutte", published="2025-06-02T10:00:00Z", authors=["A. Writer", "B. Ü"],
                   key_points=["Russia will not win"], key_point_spans=[span_of("Russia will not win")],
                   headings=["Summit"], origin="examples/nato.txt:0",
                   entities=[rutte, nato, russia], quotes=[quote, anonymous], events=[event], amounts=[amount],
                   non_body=[NonBodySentence(span_of("He added"), "byline", "sentence_kinds.tsv:1", "He added")],
                   tone=Tone(-3.5714, 3.5714, 7.1429, 10.7143, 10.7143, 7.1429, 28))


def assert_round_trip(store: Store, article: Article) -> None:
    loaded = store.load_article(article.id)
    assert to_json(loaded) == to_json(article)
    assert loaded == article  # also mention kinds and rules, key point spans and list order


def test_hand_built_article_round_trips_with_every_record_kind():
    article = hand_built_article()
    with Store(":memory:") as store:
        assert store.save(article) is True
        assert_round_trip(store, article)
        assert store.counts() == {"articles": 1, "entities": 3, "mentions": 4, "quotes": 2, "quote_mentions": 1,
                                  "events": 1, "event_actors": 3, "amounts": 1, "non_body": 1, "article_tone": 1, "failures": 0,
                                  "duplicates": 0, "skipped": 0, "origins": 1, "runs": 0, "fingerprints": 0,
                                  "corpus_events": 1, "corpus_event_mentions": 1}  # its event, linked
        assert store.article_ids() == [article.id]


def test_unknown_article_loads_as_none():
    with Store(":memory:") as store:
        assert store.load_article("nope") is None


def test_saving_twice_replaces_and_adds_nothing():
    article = hand_built_article()
    with Store(":memory:") as store:
        assert store.save(article) is True
        first = store.counts()
        assert store.save(article) is False
        assert store.counts() == first
        assert_round_trip(store, article)


def test_resave_with_fewer_records_drops_the_old_ones():
    article = hand_built_article()
    with Store(":memory:") as store:
        store.save(article)
        smaller = dataclasses.replace(article, title="changed", entities=article.entities[:1], quotes=[], events=[])
        assert store.save(smaller) is False
        counts = store.counts()
        assert (counts["entities"], counts["mentions"], counts["quotes"], counts["events"]) == (1, 2, 0, 0)
        assert counts["quote_mentions"] == counts["event_actors"] == 0
        assert_round_trip(store, smaller)


def test_save_many_reports_which_articles_are_new():
    first, second = Article("one story"), Article("another story")
    with Store(":memory:") as store:
        store.save(first)
        assert store.save_many([first, second]) == [False, True]
        assert store.article_ids() == sorted([first.id, second.id])


def test_failures_are_recorded_once():
    with Store(":memory:") as store:
        assert store.record_failure(Failure("in.jsonl", "not JSON", record="3")) is True
        assert store.record_failure(Failure("in.jsonl", "not JSON", record="3")) is False
        assert store.record_failure(Failure("in.jsonl", "not JSON", record=None)) is True
        assert store.record_failure(Failure("in.jsonl", "not JSON", record=None)) is False
        assert store.record_failure(Failure("in.jsonl", "not JSON", record="3", stage="quotes")) is True
        assert store.failures() == [Failure("in.jsonl", "not JSON", "3"), Failure("in.jsonl", "not JSON", None),
                                    Failure("in.jsonl", "not JSON", "3", "quotes")]
        assert store.counts()["failures"] == 3


def test_failed_save_leaves_earlier_articles_intact(monkeypatch):
    article, other = hand_built_article(), Article("a second story")
    with Store(":memory:") as store:
        store.save(article)
        before = store.counts()
        real_insert = duck.insert_rows

        def insert_then_break(connection, table, rows):
            real_insert(connection, table, rows)
            if table == "events":  # articles, entities, mentions, quotes ... are already written
                raise RuntimeError("disk full")

        monkeypatch.setattr(duck, "insert_rows", insert_then_break)
        with pytest.raises(RuntimeError):
            store.save_many([dataclasses.replace(article, title="half written"), other])
        assert store.counts() == before
        assert store.article_ids() == [article.id]
        assert_round_trip(store, article)
        monkeypatch.setattr(duck, "insert_rows", real_insert)
        assert store.save(other) is True


def test_file_store_keeps_articles_and_schema_version_across_reopening(tmp_path):
    path = str(tmp_path / "news.duckdb")
    article = hand_built_article()
    with Store(path) as store:
        store.save(article)
        store.record_failure(Failure("bad.html", "empty page"))
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        versions = store.connection.execute("SELECT version FROM schema_version").fetchall()
        assert versions == [(v,) for v in sorted(MIGRATIONS)]  # each migration once
        assert_round_trip(store, article)
        assert store.failures() == [Failure("bad.html", "empty page")]


# --- property: random articles round-trip exactly ---------------------------------------------

optional_text = st.none() | st.text(max_size=12)


def spans(length: int):
    return st.tuples(st.integers(0, length), st.integers(0, length)).map(lambda pair: tuple(sorted(pair)))


@st.composite
def mentions(draw, text: str):
    start, end = draw(spans(len(text)))
    return Mention(start, end, text[start:end], draw(st.sampled_from(["name", "title", "pronoun", ""])),
                   draw(st.text(max_size=8)))


@st.composite
def entities(draw, text: str, entity_id: str):
    return Entity(entity_id, draw(st.text(max_size=20)), draw(st.sampled_from(["PERSON", "ORG", "PLACE", "GROUP"])),
                  draw(st.lists(mentions(text), max_size=4)), role=draw(optional_text),
                  affiliation=draw(optional_text), code=draw(optional_text), country=draw(optional_text),
                  sector=draw(optional_text), rule=draw(st.text(max_size=8)))


@st.composite
def quotes(draw, text: str, quote_id: str):
    start, end = draw(spans(len(text)))
    speaker = Speaker(draw(optional_text), draw(optional_text), draw(st.none() | spans(len(text))), draw(st.booleans()))
    cue = draw(st.none() | st.builds(Cue, st.text(max_size=8), st.text(max_size=8), spans(len(text))))
    return Quote(quote_id, draw(st.sampled_from(["direct", "indirect", "mixed"])), text[start:end], (start, end),
                 speaker, cue, draw(optional_text), draw(st.lists(spans(len(text)), max_size=3)),
                 draw(st.text(max_size=8)))


actors = st.builds(ActorRef, optional_text, st.text(max_size=12), optional_text, optional_text, optional_text)


@st.composite
def events(draw, text: str, event_id: str):
    return Event(event_id, draw(st.lists(actors, max_size=3)), draw(st.lists(actors, max_size=3)),
                 draw(st.text(max_size=4)), draw(st.text(max_size=2)), draw(st.integers(-2**40, 2**40)),
                 draw(st.floats(-10, 10)), draw(optional_text), draw(st.booleans()),
                 draw(st.sampled_from(["asserted", "intended", "hypothetical", "conditional"])),
                 draw(spans(len(text))), draw(spans(len(text))), draw(st.text(max_size=10)),
                 reported_by=draw(optional_text), rule=draw(st.text(max_size=8)),
                 date_precision=draw(st.none() | st.sampled_from(["day", "week", "month", "year"])))


@st.composite
def amounts(draw, text: str):
    start, end = draw(spans(len(text)))
    return Amount(draw(st.floats(allow_nan=False)), draw(st.text(max_size=6)), text[start:end], (start, end),
                  object=draw(optional_text), qualifier=draw(optional_text), actor=draw(optional_text),
                  time=draw(optional_text), rule=draw(st.text(max_size=8)))


def each_with_unique_id(draw, build, text: str, max_size: int) -> list:
    ids = draw(st.lists(st.text(min_size=1, max_size=6), max_size=max_size, unique=True))
    return [draw(build(text, record_id)) for record_id in ids]


@st.composite
def articles(draw):
    text = draw(st.text(max_size=200))
    article = Article(text, id=draw(st.just("") | st.text(min_size=1, max_size=20)),
                      **{name: draw(optional_text) for name in ("title", "section", "source", "url", "published",
                                                                 "language", "origin")},
                      authors=draw(st.lists(st.text(max_size=10), max_size=3)),
                      key_points=draw(st.lists(st.text(max_size=20), max_size=3)),
                      key_point_spans=draw(st.lists(spans(len(text)), max_size=3)),
                      headings=draw(st.lists(st.text(max_size=20), max_size=3)))
    article.entities = each_with_unique_id(draw, entities, text, 4)
    article.quotes = each_with_unique_id(draw, quotes, text, 3)
    article.events = each_with_unique_id(draw, events, text, 3)
    article.amounts = draw(st.lists(amounts(text), max_size=3))
    article.non_body = draw(st.lists(st.builds(NonBodySentence, spans(len(text)), st.sampled_from(
        ["headline", "caption", "link", "byline", "boilerplate"]), st.text(max_size=8), st.text(max_size=8)), max_size=3))
    percent = st.floats(-100, 100)
    article.tone = draw(st.none() | st.builds(Tone, percent, percent, percent, percent, percent, percent,
                                              st.integers(0, 2**31 - 1)))
    return article


@pytest.fixture(scope="module")
def memory_store():
    with Store(":memory:") as store:
        yield store


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article=articles())
def test_random_articles_round_trip_in_memory(memory_store, article):
    memory_store.save(article)
    assert_round_trip(memory_store, article)


@settings(max_examples=25, deadline=None)
@given(article=articles())
def test_random_articles_round_trip_through_a_file(article):
    with tempfile.TemporaryDirectory() as directory:
        path = str(Path(directory) / "news.duckdb")
        with Store(path) as store:
            assert store.save(article) is True
        with Store(path) as store:
            assert store.save(article) is False
            assert_round_trip(store, article)


def test_duplicates_and_skipped_are_recorded_once_per_origin():
    from newsgraph.model import Duplicate, Skipped
    with Store() as store:
        duplicate = Duplicate("b" * 16, "a" * 16, "near", 0.91, "feed.xml#entry3", "Reuters", "Talks resume")
        assert store.record_duplicate(duplicate) and not store.record_duplicate(duplicate)
        assert store.duplicates() == [duplicate]
        skipped = Skipped("c" * 16, "not English: fr (0.99)", "page.html", "fr", "Les pourparlers")
        assert store.record_skipped(skipped) and not store.record_skipped(skipped)
        assert store.counts()["skipped"] == 1 and store.counts()["duplicates"] == 1


def test_a_version_1_store_is_migrated_without_losing_articles(tmp_path):
    import duckdb
    from newsgraph.store.schema import MIGRATIONS
    path = str(tmp_path / "old.duckdb")
    connection = duckdb.connect(path)
    connection.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for statement in MIGRATIONS[1]:
        if "duplicates" not in statement and "skipped" not in statement:
            connection.execute(statement)
    connection.execute("INSERT INTO schema_version (version) VALUES (1)")
    connection.execute("INSERT INTO articles (id, text) VALUES ('x', 'kept text')")
    connection.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION and store.counts()["articles"] == 1
        assert store.counts()["duplicates"] == 0


def test_stories_count_articles_and_distinct_sources():
    from newsgraph.model import Duplicate
    with Store() as store:
        article = Article("Envoys met in Geneva on Monday and agreed to meet again.", source="Reuters")
        store.save(article)
        for origin, source in (("a.html", "AP"), ("b.html", "Reuters"), ("c.html", "AP")):
            store.record_duplicate(Duplicate("d" + origin, article.id, "near", 0.9, origin, source))
        assert store.stories() == {article.id: (4, 2)}


def test_a_version_4_store_gains_date_precision_and_non_body_and_keeps_its_events(tmp_path):
    import re

    import duckdb
    from newsgraph.store.schema import MIGRATIONS
    path = str(tmp_path / "v4.duckdb")
    connection = duckdb.connect(path)
    connection.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for statement in MIGRATIONS[1]:
        if "non_body" not in statement:
            connection.execute(re.sub(r',\s*"date_precision" VARCHAR', "", statement))
    connection.execute("INSERT INTO schema_version (version) VALUES (1), (2), (3), (4)")
    connection.execute("INSERT INTO articles (id, text) VALUES ('x', 'Envoys met.')")
    connection.execute("INSERT INTO events (article_id, position, id, cameo, date) VALUES ('x', 0, 'v1', '040', '2020')")
    assert "date_precision" not in {row[0] for row in connection.execute("DESCRIBE events").fetchall()}
    connection.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION and store.counts()["non_body"] == 0
        event = store.load_article("x").events[0]
        assert (event.date, event.date_precision) == ("2020", None)
    with Store(path) as store:  # the migration does not run twice
        assert store.version == SCHEMA_VERSION


KEYED_RECORD_TABLES_SQL = ("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' "
                           "AND table_name IN ('entities', 'quotes', 'events')")


def test_a_version_10_store_loses_the_record_key_indexes_and_keeps_every_record(tmp_path):
    import duckdb
    from newsgraph.store import rows
    from newsgraph.store.schema import ARTICLE_TABLES, MIGRATIONS, TABLES, UNKEYED_RECORD_TABLES
    path = str(tmp_path / "v10.duckdb")
    connection = duckdb.connect(path)
    connection.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for version in range(1, 11):
        for statement in MIGRATIONS[version]:
            if any(f'TABLE IF NOT EXISTS "{table}" ' in statement for table in UNKEYED_RECORD_TABLES):
                statement = statement[:statement.rindex(")")] + ",\n  PRIMARY KEY (article_id, id)\n)"  # as up to 10
            connection.execute(statement)
        connection.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    article = hand_built_article()
    table_rows = {table: [] for table in TABLES}
    rows.article_rows(article, table_rows)
    for table in ["articles", *ARTICLE_TABLES]:
        writes.insert_rows(connection, table, table_rows[table])
    assert connection.execute(KEYED_RECORD_TABLES_SQL).fetchone()[0] == 3
    connection.close()
    for _ in range(2):  # the second opening finds the store migrated
        with Store(path) as store:
            assert store.version == SCHEMA_VERSION == 11
            assert store.connection.execute(KEYED_RECORD_TABLES_SQL).fetchone()[0] == 0
            assert_round_trip(store, article)


def test_records_of_a_kind_sharing_an_id_are_refused_and_nothing_of_the_article_is_written():
    article = hand_built_article()
    article.events.append(dataclasses.replace(article.events[0]))
    with Store() as store:
        assert store.connection.execute(KEYED_RECORD_TABLES_SQL).fetchone()[0] == 0  # a new store has no key index
        with pytest.raises(ValueError, match="two events have the id 'v1'"):
            store.save(article)
        assert store.counts()["articles"] == store.counts()["events"] == 0


def test_failures_duplicates_and_skips_are_recorded_in_one_statement_per_batch_once_each():
    from newsgraph.model import Duplicate, Skipped
    with Store() as store:
        failures = [Failure("in.jsonl", "not JSON", record="3"), Failure("in.jsonl", "not JSON", record=None),
                    Failure("in.jsonl", "not JSON", record="3"), Failure("feed.xml", "no entries")]
        assert store.record_failures(failures, run_id=4) == [True, True, False, True]
        assert store.record_failures(failures[:2] + [Failure("x.txt", "empty")]) == [False, False, True]
        assert store.connection.execute("select path, record, origin, run_id from failures order by rowid").fetchall() == [
            ("in.jsonl", "3", "in.jsonl", 4), ("in.jsonl", None, "in.jsonl", 4), ("feed.xml", None, "feed.xml", 4),
            ("x.txt", None, "x.txt", None)]
        duplicates = [Duplicate("b" * 16, "a" * 16, "near", 0.9, None, "AP", "t"),
                      Duplicate("b" * 16, "a" * 16, "near", 0.9, None, "AP", "t"),  # no origin: still once
                      Duplicate("b" * 16, "a" * 16, "near", 0.9, "x.html", "AP", "t")]
        assert store.record_duplicates(duplicates) == [True, False, True]
        assert store.record_duplicates(duplicates) == [False, False, False] and store.duplicates() == [duplicates[0], duplicates[2]]
        skips = [Skipped("c" * 16, "not English: fr (0.99)", "p.html", "fr", "t"), Skipped("c" * 16, "x", None, None, None)]
        assert store.record_skips(skips + skips) == [True, True, False, False] and store.counts()["skipped"] == 2
        assert store.record_failures([]) == [] and store.record_duplicates([]) == [] and store.record_skips([]) == []


def test_recording_a_failure_again_in_a_batch_reopens_it():
    from newsgraph.store.failures import Read
    with Store() as store:
        store.record_failures([Failure("dump.jsonl", "invalid JSON", record="line 7")], run_id=1)
        assert store.record_reads([Read("c" * 16, "dump.jsonl:7")], run_id=2) == 1 and store.failures() == []
        assert store.record_failures([Failure("dump.jsonl", "invalid JSON", record="line 7")], run_id=3) == [False]
        assert [f.record for f in store.failures()] == ["line 7"]


def test_stored_ids_are_looked_up_by_key_and_many_at_once(monkeypatch):
    """save_many asks which ids are stored in chunks of LOOKUP_CHUNK ids (an index scan each), and a
    replaced article loses its old records whatever the batch size."""
    monkeypatch.setattr(writes, "LOOKUP_CHUNK", 3)
    articles = [Article(f"Envoy number {i} met the minister in Geneva on Monday.") for i in range(8)]
    with Store() as store:
        assert store.save_many(articles[:5]) == [True] * 5
        assert store.save_many(articles) == [False] * 5 + [True] * 3
        assert store.article_ids() == sorted(a.id for a in articles) and store._existing([a.id for a in articles]) == {
            a.id for a in articles}
        store.connection.execute("INSERT INTO articles (id, text) SELECT md5(i::VARCHAR)[:16], 'x' FROM range(20000) t(i)")
        ids = [a.id for a in articles[:3]]
        plan = store.connection.execute("EXPLAIN ANALYZE " + duck.stored_ids_sql(ids), ids).fetchall()[0][1]
        assert "Type: Index Scan" in plan and "Sequential Scan" not in plan


def test_an_analyse_run_checkpoints_its_store_often(tmp_path):
    """A run's writes go into the file every RUN_CHECKPOINT_THRESHOLD of log (DuckDB holds the log in
    memory too): a store opened for bulk loads keeps the larger CHECKPOINT_THRESHOLD."""
    from newsgraph.analyze import RunSummary, Writer

    def threshold(store) -> str:
        return store.connection.execute("SELECT current_setting('checkpoint_threshold')").fetchone()[0]

    with Store(str(tmp_path / "run.duckdb")) as store:
        assert threshold(store) == "244.1 MiB"  # 256MB
        Writer(store, RunSummary(), 10)
        assert threshold(store) == "30.5 MiB"  # 32MB


def test_an_analyse_run_bounds_the_memory_of_its_store(tmp_path):
    """A run sets DuckDB's memory_limit of its store to the store_memory_limit setting before it reads
    anything (DuckDB's buffer pool otherwise grew with the store over a long run); an empty setting
    keeps DuckDB's default (80% of RAM), and a store held in memory, which cannot spill, is not bounded."""
    from newsgraph.analyze import analyze_items
    from newsgraph.settings import Settings

    def memory_limit(store) -> str:
        return store.connection.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    article = Article("Envoy Jane Doe met the minister in Geneva on Monday.")
    with Store(str(tmp_path / "run.duckdb")) as store:
        default = memory_limit(store)
        assert default != "286.1 MiB"
        list(analyze_items([], Settings(store_memory_limit=""), store))
        assert memory_limit(store) == default
        assert [a.id for a in analyze_items([article], Settings(store_memory_limit="300MB"), store)] == [article.id]
        assert memory_limit(store) == "286.1 MiB"  # 300 MB in DuckDB's units
        assert store.article_ids() == [article.id]
    with Store() as store:
        list(analyze_items([], Settings(store_memory_limit="300MB"), store))
        assert memory_limit(store) == default


def test_a_run_on_a_big_store_starts_with_a_limit_its_indexes_fit_in(tmp_path, monkeypatch):
    """The limit is at least STORE_MEMORY_SHARE of the store's size on disk (the indexes a write touches
    grow with the store; at 1 M events a fixed 384 MB made saves fail)."""
    path = str(tmp_path / "big.duckdb")
    with Store(path) as store:
        store.connection.execute("INSERT INTO articles (id, text) SELECT md5(i::VARCHAR), repeat('x', 500) "
                                 "FROM range(20000) t(i)")
        store.connection.execute("CHECKPOINT")
    size = duck.stored_bytes(path)
    assert size > 2_000_000
    monkeypatch.setattr(duck, "STORE_MEMORY_SHARE", 2.0)
    with Store(path) as store:
        store.limit_memory("1MB")
        assert store.memory_limit == int(2.0 * size)
        store.limit_memory("1GB")
        assert store.memory_limit == 10**9


def test_a_save_that_runs_out_of_the_memory_limit_raises_it_and_is_written(tmp_path, monkeypatch):
    """A write whose indexes do not fit under the limit doubles it and is written again, instead of
    failing the batch (each article would become a 'cannot store' failure)."""
    monkeypatch.setattr(duck, "STORE_MEMORY_SHARE", 0.0)
    articles = [Article(f"Envoy number {i} met the minister in Geneva on Monday. " * 40) for i in range(300)]
    with Store(str(tmp_path / "tight.duckdb")) as store:
        store.limit_memory("1MB")  # or the least doubling of it that holds what the open store holds
        first = store.memory_limit
        assert 10**6 <= first <= 4 * 10**6
        assert store.save_many(articles) == [True] * 300
        assert store.memory_limit >= 2 * first  # raised at least once
        assert store.connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 300


def test_memory_amounts_are_read_in_duckdb_units():
    from newsgraph.settings import memory_bytes
    assert memory_bytes("300MB") == 300_000_000
    assert memory_bytes("1.5GiB") == 3 * 2**29
    assert memory_bytes(" 64 kb ") == 64_000
    with pytest.raises(Exception, match="not an amount of memory"):
        memory_bytes("lots")


def out_of_memory_once(store: Store):
    """``store.transaction`` that fails the first time as DuckDB does when a write passes the limit."""
    import duckdb
    from contextlib import contextmanager
    real, failed = store.transaction, []

    @contextmanager
    def transaction():
        with real() as connection:
            if not failed:
                failed.append(True)
                raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block of size 256 KiB")
            yield connection
    return transaction


@pytest.mark.parametrize("record", ["failures", "reads", "skips", "duplicates"])
def test_a_record_that_runs_out_of_the_memory_limit_raises_it_and_is_written(tmp_path, monkeypatch, record):
    """Not only saves: the failures, reads, skips and duplicates a run records are written again under
    a doubled limit instead of ending the run with a traceback."""
    from newsgraph.model import Duplicate, Skipped
    from newsgraph.store.failures import Read
    article = Article("Envoys met the minister in Geneva on Monday.", origin="a.txt")
    with Store(str(tmp_path / "tight.duckdb")) as store:
        store.save(article)
        store.limit_memory("64MB")
        first = store.memory_limit
        monkeypatch.setattr(store, "transaction", out_of_memory_once(store))
        if record == "failures":
            assert store.record_failures([Failure("b.txt", "undecodable bytes")]) == [True]
            table = "failures"
        elif record == "reads":
            store.record_reads([Read(article.id, "copy/a.txt")])
            table = "origins"
        elif record == "skips":
            assert store.record_skips([Skipped(article.id, "not English", "c.txt")]) == [True]
            table = "skipped"
        else:
            assert store.record_duplicates([Duplicate("other", article.id, "exact", 1.0, "d.txt")]) == [True]
            table = "duplicates"
        assert store.memory_limit == 2 * first
        assert store.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 1
