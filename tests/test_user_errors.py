"""Issue 14, item 1: a user's mistake or a busy store is one line on stderr and exit code 2, never a
traceback, and nothing stored is lost or created by mistake."""
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import SettingsError, StoreError, StoreNotFound
from newsgraph.settings import Settings, unknown_environment_names
from newsgraph.store import Store

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def one_clean_error(result, *words):
    """The run ended with exit 2 and a single 'error:' line holding ``words``, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    for word in words:
        assert word in errors[0]


def test_a_file_that_is_not_a_store_is_refused_and_left_as_it_was(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a database\n")
    result = run("analyze", EXAMPLE, "--db", notes, "--quiet")
    one_clean_error(result, "not a newsgraph store")
    assert notes.read_text() == "my notes, not a database\n"


def test_a_store_in_a_missing_folder_is_a_clean_error(tmp_path):
    result = run("analyze", EXAMPLE, "--db", tmp_path / "nowhere" / "x.duckdb", "--quiet")
    one_clean_error(result, "does not exist")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("args,words", [
    (["--dedup-threshold", "7"], ["dedup_threshold", "between 0.0 and 1.0"]),
    (["--model", "xx_missing_model"], ["not installed"]),
    (["--dictionaries", "/nonexistent/dictionaries"], ["does not exist"]),
])
def test_a_settings_error_leaves_no_store_file(tmp_path, args, words):
    db = tmp_path / "never.duckdb"
    result = run("analyze", EXAMPLE, "--db", db, "--quiet", *args)
    one_clean_error(result, *words)
    assert list(tmp_path.iterdir()) == []


def test_a_store_memory_limit_that_is_not_an_amount_is_a_clean_error_and_leaves_no_store(tmp_path):
    db = tmp_path / "never.duckdb"
    result = run("analyze", EXAMPLE, "--db", db, "--quiet", env={"NEWSGRAPH_STORE_MEMORY_LIMIT": "lots"})
    one_clean_error(result, "store_memory_limit", "512MB", "'lots'")
    assert list(tmp_path.iterdir()) == []
    assert Settings.load(env={"NEWSGRAPH_STORE_MEMORY_LIMIT": "1.5GiB"}).store_memory_limit == "1.5GiB"
    assert Settings.load(env={"NEWSGRAPH_STORE_MEMORY_LIMIT": ""}).store_memory_limit == ""  # DuckDB's default


def test_settings_out_of_range_are_refused_from_every_origin(tmp_path):
    with pytest.raises(SettingsError, match="workers must be at least 1"):
        Settings.load(workers=0)
    with pytest.raises(SettingsError, match="language_confidence"):
        Settings.load(env={"NEWSGRAPH_LANGUAGE_CONFIDENCE": "1.5"})
    config = tmp_path / "settings.toml"
    config.write_text("workers = 1.5\n")
    with pytest.raises(SettingsError, match="wants an int"):
        Settings.load(str(config))
    assert Settings.load(env={"NEWSGRAPH_DEDUP_THRESHOLD": "1"}).dedup_threshold == 1.0


def test_a_negative_limit_is_a_usage_error(tmp_path):
    result = run("events", "--db", tmp_path / "x.duckdb", "--limit", "-5")
    assert result.exit_code == 2 and "--limit" in result.output and "Traceback" not in result.output


def test_a_read_command_on_a_missing_store_says_so_and_creates_nothing(tmp_path):
    result = run("events", "--db", tmp_path / "missing.duckdb")
    one_clean_error(result, "no store at", "missing.duckdb")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(StoreNotFound):
        Store.for_reading(str(tmp_path / "missing.duckdb"))


def test_a_read_command_refuses_a_duckdb_file_that_is_not_a_store(tmp_path):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as connection:
        connection.execute("create table mine (x int)")
    one_clean_error(run("events", "--db", other), "not a newsgraph store")
    with duckdb.connect(str(other)) as connection:  # not changed into a store
        tables = {row[0] for row in connection.execute("select table_name from information_schema.tables").fetchall()}
    assert tables == {"mine"}


def test_an_unknown_environment_variable_is_a_warning(tmp_path):
    assert unknown_environment_names({"NEWSGRAPH_DB": "x", "NEWSGRAPH_WORKRES": "2", "HOME": "/"}) == ["NEWSGRAPH_WORKRES"]
    db = tmp_path / "s.duckdb"
    Store(str(db)).close()
    result = run("events", "--db", db, env={"NEWSGRAPH_WORKRES": "2"})
    assert result.exit_code == 0
    assert "warning: environment variable NEWSGRAPH_WORKRES is not a newsgraph setting" in result.output


def test_an_empty_dictionaries_folder_is_a_warning(tmp_path):
    from newsgraph.analyze import check_run
    empty = tmp_path / "dictionaries"
    empty.mkdir()
    (empty / "README.txt").write_text("nothing here")
    (warning,) = check_run(Settings(dictionaries=str(empty)))
    assert "has no dictionary" in warning and str(empty) in warning


def test_a_store_locked_by_another_process_names_it(tmp_path):
    db = tmp_path / "busy.duckdb"
    Store(str(db)).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        for args in (["analyze", EXAMPLE, "--quiet"], ["events"]):
            one_clean_error(run(*args, "--db", db), f"in use by process {holder.pid}", "read-only")
        with pytest.raises(StoreError, match=str(holder.pid)):
            Store(str(db))
    finally:
        holder.stdin.close()
        holder.wait()
    assert Store.for_reading(str(db)).counts()["articles"] == 0


def test_two_readers_share_a_store(tmp_path):
    db = tmp_path / "shared.duckdb"
    Store(str(db)).close()
    with Store.for_reading(str(db)) as first, Store.for_reading(str(db)) as second:
        assert first.counts() == second.counts()


def test_ctrl_c_keeps_what_was_analysed_and_says_how_to_go_on(tmp_path, seed):
    import typer

    from newsgraph.cli import RunInputs, run_and_show

    def interrupted_after_one(settings, store, summary, on_outcome):
        store.save(seed)
        summary.stored += 1
        yield seed
        raise KeyboardInterrupt

    db = tmp_path / "ctrl-c.duckdb"
    with pytest.raises(typer.Exit) as stopped:
        run_and_show(lambda: Settings(db=str(db)), interrupted_after_one, as_json=True, quiet=True,
                     run=RunInputs("analyze", ["corpus/"]))
    assert stopped.value.exit_code == 130
    with Store.for_reading(str(db)) as store:
        assert store.article_ids() == [seed.id]
        assert [(run["exit_code"], run["stored"]) for run in store.runs()] == [(130, 1)]  # recorded as interrupted
