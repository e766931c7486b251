"""Issue 15, item 1: `newsgraph stats` summarises a store built from the bundled example."""
import json
import os

import pytest
from typer.testing import CliRunner

from test_runs import EXAMPLE, GENEVA

from newsgraph.cli import app
from newsgraph.store import SCHEMA_VERSION, Store
from newsgraph.store.stats import store_stats

runner = CliRunner()


@pytest.fixture(scope="module")
def example_store(tmp_path_factory):
    """The example, a near copy of it, a dated JSON Lines article from Reuters and a missing file."""
    folder = tmp_path_factory.mktemp("stats")
    (folder / "copy.txt").write_text(EXAMPLE.read_text().replace("step by step", "gradually", 1))
    (folder / "dated.jsonl").write_text(json.dumps({"text": GENEVA, "published": "2024-05-14", "source": "Reuters"}) + "\n")
    db = folder / "example.duckdb"
    result = runner.invoke(app, ["analyze", str(EXAMPLE), str(folder / "copy.txt"), str(folder / "dated.jsonl"),
                                 str(folder / "missing.txt"), "--db", str(db), "--quiet"])
    assert result.exit_code == 1 and "2 stored" in result.output and "1 duplicates" in result.output, result.output
    return db


def test_stats_count_what_the_store_holds(example_store):
    with Store.for_reading(str(example_store)) as store:
        stats = store_stats(store)
        asserted, every = len(store.events()), len(store.events(include_unasserted=True))
        quotes = sum(len(store.load_article(i).quotes) for i in store.article_ids())
    assert (stats.articles, stats.sources, stats.duplicates, stats.failures, stats.skipped, stats.runs) == (2, 1, 1, 1, 0, 1)
    assert (str(stats.first_day), str(stats.last_day)) == ("2024-05-14", "2024-05-14")
    assert (stats.events.asserted, stats.events.all) == (asserted, every) and 0 < asserted < every
    assert sorted(stats.events_by_quad_class) == [1, 2, 3, 4]
    assert sum(c.all for c in stats.events_by_quad_class.values()) == every
    assert stats.quotes == quotes > 5 and stats.entities > 5
    assert stats.schema_version == SCHEMA_VERSION and stats.file_bytes == os.path.getsize(example_store)


def test_stats_json_is_one_object_and_the_table_shows_the_same(example_store):
    result = runner.invoke(app, ["stats", "--db", str(example_store), "--json"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    data = json.loads(result.stdout)
    with Store.for_reading(str(example_store)) as store:
        assert data == store_stats(store).to_json()
    assert data["first_day"] == "2024-05-14" and set(data["events_by_quad_class"]) == {"1", "2", "3", "4"}
    table = runner.invoke(app, ["stats", "--db", str(example_store)])
    assert table.exit_code == 0
    assert f"{data['events']['asserted']} / {data['events']['all']}" in table.stdout
    assert "2024-05-14 to 2024-05-14" in table.stdout and "QuadClass 4 (material conflict)" in table.stdout


def test_stats_of_a_missing_store_is_one_line_and_exit_2(tmp_path):
    result = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no store at" in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "none.duckdb").exists()
