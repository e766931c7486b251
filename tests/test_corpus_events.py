"""Corpus-level events (issue 15, item 2): reports of one event in many articles are linked into one
event with live counts; constructed cases with hand-built events, stored through Store."""
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.corpus.link import LinkSettings, corpus_event_id
from newsgraph.model import ActorRef, Article, Duplicate, Event
from newsgraph.store import Store

USA = ActorRef(None, "Joe Biden", "USA", "USA", "GOV")
RUS = ActorRef(None, "Vladimir Putin", "RUS", "RUS", "GOV")


def report(sentence: str, trigger: str, cameo: str, published: str, source: str, date: str = None,
           actors=(USA, RUS), event_id: str = "v1", extra: str = "") -> Article:
    """An article of one sentence (plus ``extra`` text after it) reporting one event of ``actors``."""
    start = sentence.index(trigger)
    event = Event(event_id, [actors[0]], [actors[1]], cameo, cameo[:2], 1, 4.0, "CONSULT", False, "asserted",
                  (0, len(sentence)), (start, start + len(trigger)), trigger, rule="test",
                  date=date or published[:10], date_precision="day")
    return Article(sentence + extra, title=sentence[:30], source=source, url=f"https://{source}.example/{start}",
                   published=published, events=[event])


GENEVA = [
    report("Biden met Putin in Geneva on Wednesday for their first summit.", "met", "043", "2021-06-16", "apnews"),
    report("Putin and Biden held talks at a Geneva villa, their first summit.", "held talks", "040",
           "2021-06-16", "reuters"),
    report("The US president sat down with Putin in Geneva on Wednesday.", "sat down with",
           "046", "2021-06-17", "bbc"),
]


def corpus_events(store: Store) -> list[tuple]:
    return store.connection.execute(
        "SELECT id, cameo, num_mentions, num_articles, num_sources, first_article FROM corpus_events "
        "ORDER BY first_day, id").fetchall()


def test_one_meeting_reported_by_three_outlets_in_different_words_is_one_event():
    with Store() as store:
        store.save_many(GENEVA[:1])
        store.save_many(GENEVA[1:])  # arrives later: the counts follow
        (only,) = corpus_events(store)
        assert only[0] == corpus_event_id(GENEVA[0].id, "v1")  # from its first report
        assert only[1:] == ("043", 3, 3, 3, GENEVA[0].id)
        mentions = store.connection.execute(
            "SELECT article_id, event_id, trigger_start, trigger_end, trigger_text, confidence "
            "FROM corpus_event_mentions ORDER BY day, article_id").fetchall()
        assert {row[0] for row in mentions} == {article.id for article in GENEVA}
        for article_id, _, start, end, trigger, confidence in mentions:
            text = next(a.text for a in GENEVA if a.id == article_id)
            assert text[start:end] == trigger and 0.5 <= confidence <= 1.0


def test_two_meetings_of_the_same_pair_on_different_days_stay_two():
    later = report("Biden met Putin again in Vienna to sign the treaty.", "met", "043", "2021-07-20", "apnews")
    with Store() as store:
        store.save_many([GENEVA[0], later])
        assert [row[2:5] for row in corpus_events(store)] == [(1, 1, 1), (1, 1, 1)]


def test_other_pair_root_or_negation_is_another_event():
    other_pair = report("Biden met Zelensky in Geneva on Wednesday for their first summit.", "met", "043",
                        "2021-06-16", "cnn", actors=(USA, ActorRef(None, "Zelensky", "UKR", "UKR", "GOV")))
    threat = report("Biden threatened Putin in Geneva on Wednesday at their first summit.", "threatened", "138",
                    "2021-06-16", "cnn")
    with Store() as store:
        store.save_many([GENEVA[0], other_pair, threat])
        assert len(corpus_events(store)) == 3


def test_a_weak_match_within_the_window_is_not_linked():
    unrelated = report("Biden spoke with Putin about cyber attacks on pipelines.", "spoke with", "040",
                       "2021-06-19", "foxnews")
    with Store() as store:
        store.save_many([GENEVA[0], unrelated])
        assert len(corpus_events(store)) == 2
    with Store(linking=LinkSettings(min_overlap=0.0, min_overlap_other_words=0.0)) as loose:  # the threshold is a setting
        loose.save_many([GENEVA[0], unrelated])
        assert len(corpus_events(loose)) == 1


def test_a_syndicated_copy_adds_a_mention_not_an_event():
    with Store() as store:
        store.save_many(GENEVA[:2])
        copy = Duplicate("f00d" * 4, GENEVA[0].id, "near", 0.93, "feeds/yahoo.xml#entry3", "yahoo", "Biden met")
        store.record_duplicate(copy)
        store.record_duplicate(copy)  # recorded twice: counted once
        (only,) = corpus_events(store)
        assert only[2:5] == (3, 3, 3)
        copied = store.connection.execute(
            "SELECT article_id, copy_of, source, trigger_text FROM corpus_event_mentions WHERE copy_of IS NOT NULL"
        ).fetchall()
        assert copied == [("f00d" * 4, GENEVA[0].id, "yahoo", "met")]
        same_text = GENEVA[1].id  # an exact copy has the id of the text it repeats
        store.record_duplicate(Duplicate(same_text, same_text, "exact", 1.0, "mirror/a.html", "reuters", None))
        assert corpus_events(store)[0][2:5] == (3, 3, 3)  # the same outlet again: the same article
        store.record_duplicate(Duplicate(same_text, same_text, "exact", 1.0, "feeds/msn.xml", "msn", None))
        assert corpus_events(store)[0][2:5] == (4, 4, 4)  # another outlet carried the same text


def test_a_duplicate_recorded_before_its_article_is_stored_is_counted():
    with Store() as store:  # the writer records duplicates at once, articles batch by batch
        store.record_duplicate(Duplicate("beef" * 4, GENEVA[0].id, "near", 0.9, "b.txt", "yahoo", None))
        store.save_many(GENEVA[:1])
        assert corpus_events(store)[0][2:5] == (2, 2, 2)


def test_reanalysing_an_article_does_not_double_count():
    with Store() as store:
        store.save_many(GENEVA)
        store.record_duplicate(Duplicate("f00d" * 4, GENEVA[0].id, "near", 0.93, "y.xml", "yahoo", None))
        before = corpus_events(store)
        store.save_many(GENEVA[:1])  # analysed again: its old mentions (and their copies) go first
        store.save_many(GENEVA)
        assert corpus_events(store) == before
        assert before[0][2:5] == (4, 4, 4)
        assert store.connection.execute("SELECT count(*) FROM corpus_event_mentions").fetchone()[0] == 4


def test_an_event_gone_from_a_reanalysed_article_leaves_no_corpus_event():
    lone = report("Biden met Putin in Geneva on Wednesday for their first summit.", "met", "043", "2021-06-16",
                  "apnews", extra=" More follows.")
    with Store() as store:
        store.save(lone)
        lone.events = []
        store.save(lone)
        assert corpus_events(store) == []


def test_ids_are_the_same_on_a_rerun_in_other_batches_and_a_bridging_report_joins_events():
    with Store() as one_batch, Store() as one_by_one, Store() as reversed_order:
        one_batch.save_many(GENEVA)
        for article in GENEVA:
            one_by_one.save(article)
        assert corpus_events(one_by_one) == corpus_events(one_batch)
        reversed_order.save_many(GENEVA[:0:-1])  # bbc and reuters alone read too differently
        assert len(corpus_events(reversed_order)) == 2
        reversed_order.save(GENEVA[0])  # apnews reads like both: it joins them
        assert [row[2:5] for row in corpus_events(reversed_order)] == [(3, 3, 3)]


def test_month_precise_date_links_within_its_month_only():
    vague = report("Biden met Putin in Geneva in June at their first summit.", "met", "043", "2021-07-02",
                   "guardian", date="2021-06")
    vague.events[0].date_precision = "month"
    august = report("Biden met Putin in Geneva in August at their second summit.", "met", "043", "2021-08-30",
                    "guardian", date="2021-08")
    august.events[0].date_precision = "month"
    with Store() as store:
        store.save_many([GENEVA[0], vague, august])
        assert sorted(row[2] for row in corpus_events(store)) == [1, 2]


def test_a_report_that_no_longer_matches_starts_another_event_and_the_old_keeps_its_id():
    first = GENEVA[0]
    with Store() as store:
        store.save_many(GENEVA)
        changed = report("Biden met Putin to discuss cyber attacks on pipelines.", "met", "043", "2021-06-16",
                         "apnews")
        changed.id = first.id  # the same article, analysed again with another reading
        store.save(changed)
        events = corpus_events(store)
        assert [row[2] for row in events] == [2, 1]
        assert {row[0] for row in events} == {corpus_event_id(first.id, "v1"), corpus_event_id(first.id, "v1", 1)}


def test_a_year_precise_report_links_to_nothing_and_a_month_only_event_draws_in_no_days():
    def dated(date, precision, source, published="2021-07-02"):
        article = report(f"Biden met Putin in Geneva at their first summit, {source} wrote.", "met", "043",
                         published, source, date=date)
        article.events[0].date_precision = precision
        return article
    with Store() as store:
        store.save_many([dated("2021", "year", "guardian"), dated("2021-06-16", "day", "apnews")])
        assert sorted(row[2] for row in corpus_events(store)) == [1, 1]
    with Store() as store:
        store.save(dated("2021-06", "month", "guardian"))
        store.save(dated("2021-06-16", "day", "apnews"))  # the month-only event would grow to a month
        assert sorted(row[2] for row in corpus_events(store)) == [1, 1]
        store.save(dated("2021-06", "month", "bbc"))  # fits both: a coarse report may join each, so it joins them
        assert sorted(row[2] for row in corpus_events(store)) == [3]


def test_docs_list_exactly_the_columns_of_the_corpus_tables():
    import re
    from pathlib import Path
    from newsgraph.store.schema import TABLES
    doc = (Path(__file__).resolve().parents[1] / "docs" / "output.md").read_text(encoding="utf-8")
    for table in ("corpus_events", "corpus_event_mentions"):
        section = doc.split(f"### {table}\n\n", 1)[1].split("\n\n", 1)[0]
        documented = [name for row in section.splitlines() if row.startswith("| `")
                      for name in re.findall(r"`(\w+)`", row.split(" | ")[0])]
        assert documented == [name for name, _, _ in TABLES[table]]


def test_a_store_from_before_corpus_events_has_its_articles_linked_once_when_upgraded(tmp_path):
    from pathlib import Path

    import duckdb
    path = str(tmp_path / "v6.duckdb")
    with duckdb.connect(path) as connection:  # written by schema 6 (tests/test_runs.py)
        connection.execute(f"IMPORT DATABASE '{Path(__file__).parent / 'data' / 'store_v6'}'")
        coded = connection.execute("SELECT count(DISTINCT (article_id, event_id)) FROM event_actors "
                                   "WHERE code IS NOT NULL").fetchone()[0]
    assert coded > 0
    for _ in range(2):  # linked once: opening it again changes nothing
        with Store(path) as store:
            own, copies = store.connection.execute("SELECT count(*) FILTER (copy_of IS NULL), count(copy_of) "
                                                   "FROM corpus_event_mentions").fetchone()
            repeated = store.connection.execute(
                "SELECT count(*) FROM corpus_event_mentions m JOIN duplicates d ON d.canonical_id = m.article_id "
                "JOIN articles a ON a.id = d.canonical_id "
                "WHERE m.copy_of IS NULL AND (d.article_id <> d.canonical_id OR d.source <> a.source)").fetchone()[0]
            counted = store.connection.execute("SELECT sum(num_mentions) FROM corpus_events").fetchone()[0]
            assert (own, copies, counted) == (coded, repeated, coded + repeated)  # its duplicate: the same outlet


def test_the_window_is_a_setting():
    from newsgraph.settings import Settings
    assert Settings().link_window_days == LinkSettings().window_days == 3
    with Store(linking=LinkSettings(window_days=0)) as store:  # bbc reports the meeting a day later
        store.save_many(GENEVA)
        assert sorted(row[2] for row in corpus_events(store)) == [1, 2]


def invariants(store: Store) -> None:
    """Every coded event of a stored article is one own mention; copies only of stored articles' own
    mentions; every corpus event has mentions and the counts its mentions give."""
    sql = store.connection.execute
    coded = set(sql("SELECT DISTINCT article_id, event_id FROM event_actors WHERE code IS NOT NULL").fetchall())
    own = sql("SELECT article_id, event_id FROM corpus_event_mentions WHERE copy_of IS NULL").fetchall()
    assert sorted(own) == sorted(coded)
    assert sql("SELECT count(*) FROM corpus_event_mentions m LEFT JOIN corpus_event_mentions o ON "
               "o.article_id = m.copy_of AND o.event_id = m.event_id AND o.copy_of IS NULL "
               "AND o.corpus_event_id = m.corpus_event_id WHERE m.copy_of IS NOT NULL AND o.article_id IS NULL"
               ).fetchone()[0] == 0
    stale = sql("""SELECT count(*) FROM corpus_events c FULL JOIN (
        SELECT corpus_event_id, count(*) AS n, count(DISTINCT article_id || '/' || copy_origin) AS a,
               count(DISTINCT coalesce(source, 'article:' || article_id)) AS s
        FROM corpus_event_mentions GROUP BY 1) m ON m.corpus_event_id = c.id
        WHERE c.id IS NULL OR m.corpus_event_id IS NULL OR (c.num_mentions, c.num_articles, c.num_sources)
              <> (m.n, m.a, m.s)""").fetchone()[0]
    assert stale == 0


OPERATIONS = st.lists(st.tuples(st.sampled_from(["save", "resave", "drop_events", "duplicate"]),
                                st.integers(0, len(GENEVA) - 1)), max_size=8)


@settings(max_examples=25, deadline=None)
@given(OPERATIONS)
def test_counts_stay_right_whatever_the_order_of_writes(operations):
    from copy import deepcopy
    with Store() as store:
        for number, (operation, which) in enumerate(operations):
            article = deepcopy(GENEVA[which])
            if operation == "drop_events":
                article.events = []
            if operation == "duplicate":
                store.record_duplicate(Duplicate(f"{number:016x}", article.id, "near", 0.9, f"copy{number}",
                                                 f"outlet{number % 2}", None))
            else:
                store.save(article)
            invariants(store)


MEETING_REPORTS = [
    ("apnews", "2021-06-16", "Biden and Putin meet in Geneva\n\nUS President Joe Biden met Russian President "
     "Vladimir Putin in Geneva on Wednesday for their first summit, the two leaders said."),
    ("reuters", "2021-06-16", "Summit in Geneva\n\nRussian President Vladimir Putin held talks with US President "
     "Joe Biden in Geneva on Wednesday at their first summit."),
    ("bbc", "2021-06-17", "Geneva summit ends\n\nUS President Joe Biden sat down with Russian President Vladimir "
     "Putin in Geneva on Wednesday for their first summit meeting."),
    ("apnews", "2021-07-20", "Leaders meet again\n\nUS President Joe Biden met Russian President Vladimir Putin in "
     "Vienna on Tuesday to sign an arms control treaty."),
]


def test_analysed_reports_of_one_meeting_in_three_outlets_are_one_event_and_a_copy_adds_a_mention():
    """The same cases through the whole pipeline: the coder's own codes and dates, the run's dedup."""
    from newsgraph.analyze import analyze_items
    from newsgraph.settings import Settings
    articles = [Article(text, source=source, published=day, title=text.split("\n")[0])
                for source, day, text in MEETING_REPORTS]
    copy = Article(MEETING_REPORTS[0][2] + " The talks lasted three hours.", source="yahoo", published="2021-06-16",
                   title="Biden and Putin meet in Geneva")
    with Store() as store:
        list(analyze_items(articles + [copy], Settings(), store))
        assert [d.canonical_id for d in store.duplicates()] == [articles[0].id]
        rows = store.connection.execute(
            "SELECT c.first_day, c.num_mentions, c.num_articles, c.num_sources, list(DISTINCT m.source ORDER BY m.source) "
            "FROM corpus_events c JOIN corpus_event_mentions m ON m.corpus_event_id = c.id WHERE c.root = '04' "
            "AND c.target_code IS NOT NULL GROUP BY ALL ORDER BY c.first_day").fetchall()
    geneva, vienna = [row for row in rows if row[2] > 1 or row[0].month == 7]
    assert geneva[1:] == (4, 4, 4, ["apnews", "bbc", "reuters", "yahoo"])  # three outlets and a syndicated copy
    assert vienna[1:] == (1, 1, 1, ["apnews"])  # the same pair a month later: another event


def test_a_mention_keeps_the_content_words_of_its_own_sentence_after_text_beyond_ascii():
    from newsgraph.corpus.reports import event_context, Side
    opening = "Zürich — «Ökonomie» 😀 Überblick. "
    sentence = "Yesterday Biden met Putin in Geneva for their first summit."
    article = report(sentence, "met", "043", "2021-06-16", "apnews")
    event = article.events[0]
    shift = len(opening)
    event.sentence = (event.sentence[0] + shift, event.sentence[1] + shift)
    event.trigger = (event.trigger[0] + shift, event.trigger[1] + shift)
    article = Article(opening + article.text, title=article.title, source="apnews", url=article.url,
                      published=article.published, events=[event])
    with Store() as store:
        store.save_many([article])
        (context,) = store.connection.execute("SELECT context FROM corpus_event_mentions").fetchone()
    sides = [Side(None, "Joe Biden", "USA", "GOV"), Side(None, "Vladimir Putin", "RUS", "GOV")]
    assert context.split() == sorted(event_context(sentence, *sides)) and "yesterday" in context.split()
