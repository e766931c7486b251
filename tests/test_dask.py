"""Cluster runs (newsgraph.cluster, ``analyze --dask``): the store of a run on a Dask LocalCluster of
two worker processes equals that of a local run, table by table; a worker killed mid-run loses and
doubles nothing; a re-run after the client stopped mid-run resumes."""
from __future__ import annotations

import itertools
import json
import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from newsgraph.analyze import RunSummary, analyze_paths, recorded_run
from newsgraph.cluster import parse_target, partitions
from newsgraph.errors import SettingsError
from newsgraph.settings import Settings
from newsgraph.store import Store
from newsgraph.store.schema import TABLES
from tests.conftest import EXAMPLE, MORE_ARTICLES, shared_path

distributed = pytest.importorskip("distributed")  # a pinned dependency: never missing after `make install`

VOLATILE = {"stored_at", "first_seen", "run_id", "resolved_by_run", "resolved_at", "linked_at"}
COMPARED = [name for name in TABLES if name != "runs"]

GENEVA = ("Diplomats from France and Germany met in Geneva on Thursday to discuss sanctions on Iran.\n\n"
          "\"We want a deal before the summer,\" French Foreign Minister Jean-Noel Barrot said.\n")
FRENCH = ("Le ministre des Affaires étrangères a rencontré ses homologues européens à Bruxelles jeudi "
          "pour discuter des sanctions contre la Russie et de l'aide à l'Ukraine.\n")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local, distributed.Client(local) as client:
        yield local, client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """The example, four small articles, an exact copy, a French article, JSON Lines with a bad
    line, an empty file and a binary file."""
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "a-nato.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for number, (_, _, _, title, text) in enumerate(MORE_ARTICLES):
        (folder / f"b{number}.txt").write_text(f"{title}\n\n{text}", encoding="utf-8")
    (folder / "c-geneva.txt").write_text(GENEVA, encoding="utf-8")
    (folder / "d-copy-of-geneva.txt").write_text(GENEVA, encoding="utf-8")
    (folder / "e-french.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "f-empty.txt").write_bytes(b"")
    (folder / "g-binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    records = [{"text": "Turkey and Greece signed a maritime accord in Athens on Friday, officials said.",
                "title": "Accord", "source": "Wire D"}, "not json at all",
               {"text": "The European Union pledged 2 billion euros to Jordan on Monday, the commission said.",
                "title": "Pledge", "source": "Wire E"}]
    (folder / "h-records.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return folder


def run_into(db: Path, paths: list[str], settings: Settings) -> RunSummary:
    summary = RunSummary()
    settings = replace(settings, db=str(db))
    with Store(str(db)) as store, recorded_run(store, "analyze", paths, settings, summary):
        for _ in analyze_paths(paths, settings, store, summary):
            pass
    return summary


def table(db: Path, name: str) -> list[tuple]:
    columns = [column[0] for column in TABLES[name] if column[0] not in VOLATILE]
    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute(f'select {", ".join(chr(34) + c + chr(34) for c in columns)} from {name}').fetchall()
    return sorted(rows, key=repr)


def test_a_cluster_run_stores_what_a_local_run_stores(cluster, inputs, tmp_path):
    local, _ = cluster
    paths = [str(inputs), str(tmp_path / "missing.txt")]
    by_hand = run_into(tmp_path / "local.duckdb", paths, Settings())
    on_dask = run_into(tmp_path / "dask.duckdb", paths, Settings(dask=local.scheduler_address))
    assert by_hand.counts() == on_dask.counts()
    assert (on_dask.stored, on_dask.duplicates, on_dask.skipped, on_dask.failed) == (6, 1, 1, 4)  # the example, b0, b1, Geneva, two JSON Lines records
    for name in COMPARED:
        assert table(tmp_path / "dask.duckdb", name) == table(tmp_path / "local.duckdb", name), name
    assert len(table(tmp_path / "dask.duckdb", "events")) > 3
    failures = {row[0]: row[3] for row in table(tmp_path / "dask.duckdb", "failures")}
    assert failures[str(inputs / "f-empty.txt")] == "empty file"
    assert failures[str(inputs / "g-binary.bin")].startswith("binary file")
    assert not list(tmp_path.glob("dask.duckdb.dask-run-*")), "the run folder is removed at the end"


def allsides_folder(folder: Path, count: int) -> Path:
    folder.mkdir()
    with shared_path("corpora/allsides-world/articles.jsonl").open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines)
        texts = itertools.islice((r["content_original"] for r in records if len(r.get("content_original") or "") > 500), count)
        for number, text in enumerate(texts):
            (folder / f"{number:03d}.txt").write_text(text[:3000], encoding="utf-8")
    return folder


def stored_ids(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return [row[0] for row in connection.execute("select id from articles order by id").fetchall()]


def kill_a_busy_worker(client) -> int:
    """Kill the process of a worker that is analysing a partition now; its pid."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        busy = [address for address, keys in client.processing().items()
                if any("analyse_partition" in str(key) for key in keys)]
        if busy:
            pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return pid
        time.sleep(0.05)
    raise AssertionError("no worker ever took a partition")


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(cluster, tmp_path):
    local, client = cluster
    folder = allsides_folder(tmp_path / "allsides", 40)
    by_hand = run_into(tmp_path / "local.duckdb", [str(folder)], Settings())
    outcome: dict = {}
    worker = threading.Thread(target=lambda: outcome.update(summary=run_into(
        tmp_path / "dask.duckdb", [str(folder)], Settings(dask=local.scheduler_address))))
    worker.start()
    killed = kill_a_busy_worker(client)
    worker.join(timeout=600)
    assert not worker.is_alive()
    assert killed not in client.run(os.getpid).values()
    assert outcome["summary"].counts() == by_hand.counts()
    assert stored_ids(tmp_path / "dask.duckdb") == stored_ids(tmp_path / "local.duckdb")
    assert len(stored_ids(tmp_path / "local.duckdb")) == by_hand.stored > 30
    for name in ("articles", "events", "quotes", "duplicates", "failures"):
        assert table(tmp_path / "dask.duckdb", name) == table(tmp_path / "local.duckdb", name), name


def test_a_rerun_after_the_client_stopped_resumes(cluster, inputs, tmp_path):
    local, _ = cluster
    settings = Settings(dask=local.scheduler_address, db=str(tmp_path / "dask.duckdb"), batch_size=1)
    with Store(settings.db) as store:
        outcomes = analyze_paths([str(inputs)], settings, store, RunSummary())
        next(outcomes), next(outcomes)
        outcomes.close()  # the client stops after two outcomes (as on Ctrl-C): what it stored is kept
    first = stored_ids(tmp_path / "dask.duckdb")
    again = run_into(tmp_path / "dask.duckdb", [str(inputs)], settings)
    run_into(tmp_path / "local.duckdb", [str(inputs)], Settings())
    assert 1 <= len(first) < 6 and again.already_stored == len(first)
    assert again.stored + again.already_stored == 6
    for name in ("articles", "entities", "quotes", "events", "event_actors"):
        assert table(tmp_path / "dask.duckdb", name) == table(tmp_path / "local.duckdb", name), name


def test_dask_targets_are_checked():
    assert parse_target("local:3").local_workers == 3
    assert parse_target("tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    assert parse_target("local").local_workers == (os.cpu_count() or 1)
    for wrong in ("local:0", "local:x", "cluster", "10.0.0.5:8786"):
        with pytest.raises(SettingsError):
            parse_target(wrong)


def test_partitions_keep_the_input_order_and_spread_the_bytes(tmp_path):
    files = []
    for number in range(20):
        (tmp_path / f"{number:02d}.txt").write_text("x" * 1000)
        files.append(str(tmp_path / f"{number:02d}.txt"))
    groups = partitions(files, workers=2)
    assert [entry for group in groups for entry in group] == files
    assert [len(group) for group in groups] == [2] * 10  # 2,500 bytes each at most: 20,000 over 2 x 4


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from newsgraph import cluster
    from newsgraph.cli import app
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2)
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--db", str(tmp_path / "s.duckdb"),
                                      "--dask", "tcp://127.0.0.1:9", "-q"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output


def test_a_wrong_dask_option_is_one_line_and_exit_2(tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app
    result = CliRunner().invoke(app, ["analyze", str(EXAMPLE), "--db", str(tmp_path / "s.duckdb"), "--dask", "local:0"])
    assert result.exit_code == 2 and "setting dask wants local:N" in result.output
    assert not (tmp_path / "s.duckdb").exists()


def test_the_dashboard_line_says_when_bokeh_is_missing(monkeypatch):
    import importlib.util
    from types import SimpleNamespace

    from newsgraph import cluster
    client = SimpleNamespace(dashboard_link="http://127.0.0.1:8787/status")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert cluster.dashboard_line(client) == "Dask dashboard unavailable (it needs the bokeh package, not installed)"
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object())
    assert cluster.dashboard_line(client) == "Dask dashboard: http://127.0.0.1:8787/status"
