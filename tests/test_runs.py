"""Issue 14, item 4 (rest): the `runs` table, failures resolved by a later read of the same record,
every origin of a text kept, and the migration of a store written by the version before (5)."""
import datetime
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsgraph.analyze import INTERRUPTED, RunSummary, analyze_paths, recorded_run
from newsgraph.cli import app
from newsgraph.model import Article, Failure
from newsgraph.settings import Settings
from newsgraph.store import SCHEMA_VERSION, Store
from newsgraph.store.failures import Read
from newsgraph.store.schema import MIGRATIONS

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"
STORE_V5 = Path(__file__).resolve().parent / "data" / "store_v5"  # EXPORT DATABASE of a store written by schema 5
STORE_V6 = Path(__file__).resolve().parent / "data" / "store_v6"  # written by schema 6 (commit 4a2cbc2)
GENEVA = "Envoys from Iran and the EU met in Geneva on Monday, officials said, and agreed to meet again next week."

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def analyse_into(store, paths, **settings):
    summary = RunSummary()
    with recorded_run(store, "analyze", [str(p) for p in paths], Settings(**settings), summary):
        list(analyze_paths([str(p) for p in paths], Settings(**settings), store, summary))
    return summary


def test_each_run_is_recorded_with_its_inputs_counts_settings_and_exit_code(tmp_path):
    db = tmp_path / "runs.duckdb"
    first = run("analyze", EXAMPLE, tmp_path / "missing.txt", "--db", db, "--quiet")
    second = run("analyze", EXAMPLE, "--db", db, "--quiet", "--no-dedup")
    assert (first.exit_code, second.exit_code) == (1, 0)
    with Store(str(db)) as store:
        runs = store.runs()
    assert [r["id"] for r in runs] == [1, 2] and [r["exit_code"] for r in runs] == [1, 0]
    assert runs[0]["command"] == "analyze" and runs[0]["inputs"] == [str(EXAMPLE), str(tmp_path / "missing.txt")]
    assert (runs[0]["files"], runs[0]["stored"], runs[0]["failed"]) == (1, 1, 1)
    assert (runs[1]["stored"], runs[1]["already_stored"], runs[1]["failed"]) == (0, 1, 0)
    assert json.loads(runs[1]["settings"])["dedup"] is False and json.loads(runs[1]["settings"])["db"] == str(db)
    assert all(r["started"] <= r["finished"] for r in runs) and runs[0]["newsgraph_version"]


def test_an_interrupted_run_is_recorded_with_exit_code_130():
    with Store() as store:
        with pytest.raises(KeyboardInterrupt):
            with recorded_run(store, "analyze", ["corpus/"], Settings(), RunSummary(stored=3)):
                raise KeyboardInterrupt
        (recorded,) = store.runs()
    assert recorded["exit_code"] == INTERRUPTED and recorded["stored"] == 3 and recorded["finished"] is not None


def test_a_failure_is_resolved_by_a_later_read_of_the_same_record_and_opens_again_if_it_fails_again(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"text": GENEVA}) + "\n{broken\n")
    with Store() as store:
        first = analyse_into(store, [dump])
        assert first.failed == 1 and store.failures() == [Failure(str(dump), store.failures()[0].reason, "line 2")]
        dump.write_text(json.dumps({"text": GENEVA}) + "\n" + json.dumps({"text": EXAMPLE.read_text()}) + "\n")
        second = analyse_into(store, [dump])
        assert (second.resolved, second.failed, second.already_stored, second.stored) == (1, 0, 1, 1)
        assert store.failures() == [] and len(store.failures(include_resolved=True)) == 1
        resolved_by = store.connection.execute("select resolved_by_run from failures").fetchone()[0]
        assert resolved_by == second.run_id == 2
        dump.write_text(json.dumps({"text": GENEVA}) + "\n{broken\n")
        analyse_into(store, [dump])
        assert [f.record for f in store.failures()] == ["line 2"]  # failing again: no longer resolved


def test_a_missing_file_that_appears_later_resolves_its_failure_and_a_stage_failure_its_article(tmp_path):
    late = tmp_path / "late.txt"
    with Store() as store:
        analyse_into(store, [late])
        store.record_failure(Failure(str(tmp_path / "other.txt"), "ValueError: boom", "a" * 16, "quotes"))
        late.write_text(EXAMPLE.read_text())
        assert analyse_into(store, [late]).resolved == 1
        assert store.record_reads([Read("a" * 16, str(tmp_path / "moved.txt"))]) == 1  # the same article, read
        assert store.failures() == []


def test_a_whole_file_failure_is_resolved_when_its_records_are_read():
    with Store() as store:
        store.record_failure(Failure("feed.xml", "feed has no entries"))
        store.record_failure(Failure("feed.xmlx", "not an RSS or Atom feed"))
        assert store.record_reads([Read("b" * 16, "feed.xml#entry1")]) == 1
        assert [f.path for f in store.failures()] == ["feed.xmlx"]


def test_a_json_lines_record_with_its_own_id_resolves_the_failure_of_its_line():
    with Store() as store:
        store.record_failure(Failure("dump.jsonl", "invalid JSON", record="line 7"))
        assert store.record_reads([Read("c" * 16, "dump.jsonl:7#ID=A-17")]) == 1


def test_reading_the_same_text_from_other_paths_keeps_every_origin(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(EXAMPLE.read_text())
    with Store() as store:
        analyse_into(store, [tmp_path / "a.txt", tmp_path / "b.txt"])  # b: an exact duplicate in the same run
        analyse_into(store, [tmp_path / "c.txt"])  # c: already stored
        analyse_into(store, [tmp_path / "a.txt"], reanalyse=True)  # analysed again: nothing lost
        (article_id,) = store.article_ids()
        assert store.origins(article_id) == [str(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt")]


def import_store_v5(path: Path, export: Path = STORE_V5) -> None:
    with duckdb.connect(str(path)) as connection:
        connection.execute(f"IMPORT DATABASE '{export}'")


def imported_store(path: Path, export: Path, version: int) -> tuple[dict[str, list[str]], dict[str, list[tuple]]]:
    """Import an old store's export at ``path`` (checking its schema version); the columns and the rows
    of each of its tables, before any migration."""
    import_store_v5(path, export)
    with duckdb.connect(str(path)) as connection:
        assert connection.execute("select max(version) from schema_version").fetchone()[0] == version
        tables = [row[0] for row in connection.execute("select table_name from information_schema.tables "
                                                       "where table_type = 'BASE TABLE' and table_name <> 'schema_version'").fetchall()]
        columns = {t: [r[0] for r in connection.execute(f"DESCRIBE {t}").fetchall()] for t in tables}
        return columns, {t: table_rows(connection, t, columns[t]) for t in tables}


def test_a_store_written_by_schema_6_gets_typed_days_and_loses_nothing(tmp_path):
    path = tmp_path / "v6.duckdb"
    columns, before = imported_store(path, STORE_V6, 6)
    tables = list(columns)
    assert before["articles"] and before["failures"] and before["duplicates"] and before["events"]
    for _ in range(2):  # idempotent
        with Store(str(path)) as store:
            assert store.version == SCHEMA_VERSION
            assert {t: table_rows(store.connection, t, columns[t]) for t in tables} == before
            days = store.connection.execute("select published, published_day, published_precision from articles "
                                            "where published is not null").fetchall()
            assert days == [("2024-05-14", datetime.date(2024, 5, 14), "day")]
            unfilled = store.connection.execute("select count(*) from events where (date is null) <> (day is null) "
                                                "or day <> try_cast(left(date, 10) as date)").fetchone()[0]
            dated = store.connection.execute("select count(day) from events").fetchone()[0]
            assert unfilled == 0 and dated > 0
            assert store.counts()["fingerprints"] == 0  # schema 8: computed by the first run (test_dedup_store.py)
            assert store.connection.execute("select list(version order by version) from schema_version"
                                            ).fetchone()[0] == list(range(1, SCHEMA_VERSION + 1))


def table_rows(connection, table: str, columns: list[str]) -> list[tuple]:
    names = ", ".join(f'"{c}"' for c in columns)
    return sorted(connection.execute(f"SELECT {names} FROM {table}").fetchall(), key=repr)


def test_a_store_written_by_schema_5_is_migrated_without_losing_anything(tmp_path, monkeypatch):
    path = tmp_path / "v5.duckdb"
    columns, before = imported_store(path, STORE_V5, 5)
    tables = list(columns)
    assert before["articles"] and before["failures"] and before["duplicates"] and before["skipped"]
    for _ in range(2):  # the migration leaves the store as it is when it runs again
        with Store(str(path)) as store:
            assert store.version == SCHEMA_VERSION
            after = {t: table_rows(store.connection, t, columns[t]) for t in tables}
            assert after == before  # every row of every table of version 5, unchanged
            assert store.runs() == [] and store.connection.execute(
                "select list(version order by version) from schema_version").fetchone()[0] == sorted(MIGRATIONS)
            (failure,) = store.connection.execute("select origin, resolved_by_run from failures").fetchall()
            assert failure == ("in/dump.jsonl:2", None)
            nato = next(row[0] for row in before["articles"] if "Rutte" in row[columns["articles"].index("text")])
            assert sorted(store.origins(nato)) == ["in/copy.txt", "in/nato-rutte-russia.txt"]  # its exact copy too
    monkeypatch.chdir(tmp_path)  # the store's paths are relative to where it was written
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dump.jsonl").write_text(json.dumps({"text": GENEVA}) + "\n" +
                                                json.dumps({"text": EXAMPLE.read_text()}) + "\n")
    result = run("analyze", "in", "--db", path, "--quiet")
    assert result.exit_code == 0, result.output
    assert "2 already stored" in result.output and "1 failures of earlier runs resolved" in result.output
    with Store(str(path)) as store:
        assert store.failures() == [] and store.runs()[0]["resolved"] == 1


def test_analysing_the_folder_that_holds_the_store_does_not_read_the_store(tmp_path, monkeypatch):
    """`newsgraph analyze .` next to newsgraph.duckdb failed on the store and its .wal ("binary file")."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "story.txt").write_text(EXAMPLE.read_text())
    first = run("analyze", ".", "--quiet")
    (tmp_path / "newsgraph.duckdb.wal").write_bytes(b"\x00\x01wal")  # as left by a run that was killed
    second = run("analyze", ".", "--quiet")
    assert (first.exit_code, second.exit_code) == (0, 0), second.output
    assert "0 failed" in first.output and "1 already stored, 0 duplicates, 0 skipped, 0 failed" in second.output


def test_failures_duplicates_and_skips_of_a_batch_are_written_together(tmp_path, monkeypatch):
    """One call (one statement) per batch for each kind, not one per record; the run's counts as before."""
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "d.txt").write_text(EXAMPLE.read_text())
    (tmp_path / "e.txt").write_text(EXAMPLE.read_text())
    (tmp_path / "f.txt").write_text(EXAMPLE.read_text().upper())
    calls = []
    for method in ("record_failures", "record_duplicates", "record_skips"):
        original = getattr(Store, method)
        monkeypatch.setattr(Store, method, lambda self, items, *rest, _m=method, _o=original:
                            calls.append((_m, len(items))) or _o(self, items, *rest))
    with Store() as store:
        summary = analyse_into(store, [tmp_path])
        assert (summary.failed, summary.duplicates, summary.stored) == (3, 2, 1)
        assert len(store.failures()) == 3 and len(store.duplicates()) == 2
    assert [c for c in calls if c[1]] == [("record_failures", 3), ("record_duplicates", 2)]


def test_a_feed_url_failure_is_resolved_by_its_entry_and_only_by_it():
    """The whole-file rule matches the path up to a record mark, also when the path holds ':' itself."""
    with Store() as store:
        store.record_failures([Failure("https://example.org/feed.xml", "feed has no entries"),
                               Failure("https://example.org/other.xml", "feed has no entries"),
                               Failure("https://example.org/feed.xml", "timed out", record="entry 2", stage="fetch")])
        assert store.record_reads([Read("d" * 16, "https://example.org/feed.xml#entry3")]) == 1
        assert sorted(f.path for f in store.failures()) == ["https://example.org/feed.xml", "https://example.org/other.xml"]
