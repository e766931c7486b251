"""Cluster runs (newsgraph.cluster, ``analyze --dask``): the store of a run on a Dask LocalCluster of
two worker processes equals that of a local run, table by table, with a JSON Lines file and a WARC.gz
split into chunks; a worker killed mid-run (the inputs: text files and a JSON Lines file split by its
size) loses and doubles nothing; a re-run after the client stopped mid-run resumes."""
from __future__ import annotations

import io
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.analyze import RunSummary, analyze_paths, recorded_run
from newsgraph import cluster as cluster_module
from newsgraph.cluster import input_entries, parse_target, partitions
from newsgraph.ingest.chunks import FileChunk
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
WIRE = ["Turkey and Greece signed a maritime accord in Athens on Friday, officials said.",
        "The European Union pledged 2 billion euros to Jordan on Monday, the commission said.",
        "Kenya hosted talks between the rival generals of Sudan in Nairobi on Thursday, diplomats said.",
        "Brazil and Argentina agreed on Wednesday to cut tariffs on steel, their trade ministers said."]
CRAWL = ["Dock workers in Rotterdam returned to work on Tuesday after a strike over pay, the union said. "
         "The port authority said ships would be unloaded again by the end of the week.",
         "Japan and South Korea held security talks in Seoul on Monday, the foreign ministry said. "
         "The two governments agreed to meet again in Tokyo before the end of the year.",
         "Chile expelled two Venezuelan diplomats on Friday, the government in Santiago said. "
         "Caracas called the decision hostile and said it would answer in kind."]
SMALL_PARTITION_BYTES = 150  # forces the JSON Lines file and the WARC.gz into chunks of a record or two
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
    line and a blank one, an empty file, a binary file and a WARC.gz of three pages and a request."""
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "a-nato.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for number, (_, _, _, title, text) in enumerate(MORE_ARTICLES):
        (folder / f"b{number}.txt").write_text(f"{title}\n\n{text}", encoding="utf-8")
    (folder / "c-geneva.txt").write_text(GENEVA, encoding="utf-8")
    (folder / "d-copy-of-geneva.txt").write_text(GENEVA, encoding="utf-8")
    (folder / "e-french.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "f-empty.txt").write_bytes(b"")
    (folder / "g-binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    records = [json.dumps({"text": text, "title": f"Wire {number}", "source": "Wire D"}) for number, text in enumerate(WIRE)]
    (folder / "h-records.jsonl").write_text(
        "\n".join(records[:2] + ["not json at all", ""] + records[2:]) + "\n", encoding="utf-8")
    (folder / "i-crawl.warc.gz").write_bytes(warc_of_pages(CRAWL))
    return folder


def warc_of_pages(texts: list[str]) -> bytes:
    """A WARC.gz (a gzip member per record) of a request and an HTML response per text."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number, text in enumerate(texts):
        uri = f"http://news.test/{number}"
        writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                                      warc_content_type="application/http; msgtype=request"))
        page = f"<html><head><title>Page {number}</title></head><body><article><p>{text}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page.encode()),
                                                      http_headers=headers))
    return buffer.getvalue()


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


def test_a_cluster_run_stores_what_a_local_run_stores(cluster, inputs, tmp_path, monkeypatch):
    local, _ = cluster
    paths = [str(inputs), str(tmp_path / "missing.txt")]
    monkeypatch.setattr(cluster_module, "MAX_PARTITION_BYTES", SMALL_PARTITION_BYTES)
    chunks = [entry for group in partitions(list(input_entries(paths)), 2) for entry in group
              if isinstance(entry, FileChunk)]
    assert sum(chunk.path.endswith("h-records.jsonl") for chunk in chunks) >= 3
    assert sum(chunk.path.endswith("i-crawl.warc.gz") for chunk in chunks) >= 3
    by_hand = run_into(tmp_path / "local.duckdb", paths, Settings())
    on_dask = run_into(tmp_path / "dask.duckdb", paths, Settings(dask=local.scheduler_address))
    assert by_hand.counts() == on_dask.counts()
    # the example, b0, b1, Geneva, four JSON Lines records and three WARC pages
    assert (on_dask.stored, on_dask.duplicates, on_dask.skipped, on_dask.failed) == (11, 1, 1, 4)
    for name in COMPARED:
        assert table(tmp_path / "dask.duckdb", name) == table(tmp_path / "local.duckdb", name), name
    assert len(table(tmp_path / "dask.duckdb", "events")) > 3
    failures = {row[0]: row[3] for row in table(tmp_path / "dask.duckdb", "failures")}
    assert failures[str(inputs / "f-empty.txt")] == "empty file"
    assert failures[str(inputs / "g-binary.bin")].startswith("binary file")
    assert failures[str(inputs / "h-records.jsonl")].startswith("invalid JSON")
    origins = {row[1] for row in table(tmp_path / "dask.duckdb", "origins")}
    jsonl, warc = str(inputs / "h-records.jsonl"), str(inputs / "i-crawl.warc.gz")
    assert {f"{jsonl}:{line}" for line in (1, 2, 5, 6)} <= origins  # line numbers of the whole file
    assert sum(origin.startswith(warc + "@") for origin in origins) == 3
    assert not list(tmp_path.glob("dask.duckdb.dask-run-*")), "the run folder is removed at the end"


def allsides_folder(folder: Path, count: int, in_jsonl: int = 0) -> Path:
    """``count`` AllSides articles: the last ``in_jsonl`` of them as lines of one JSON Lines file,
    the others as text files."""
    folder.mkdir()
    with shared_path("corpora/allsides-world/articles.jsonl").open(encoding="utf-8") as lines:
        records = (json.loads(line) for line in lines)
        texts = list(itertools.islice((r["content_original"][:3000] for r in records
                                       if len(r.get("content_original") or "") > 500), count))
    for number, text in enumerate(texts[:count - in_jsonl]):
        (folder / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    if in_jsonl:
        (folder / "zz-wire.jsonl").write_text("".join(json.dumps({"text": text}) + "\n"
                                                      for text in texts[count - in_jsonl:]), encoding="utf-8")
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
    folder = allsides_folder(tmp_path / "allsides", 40, in_jsonl=16)
    assert sum(isinstance(entry, FileChunk) for group in partitions(list(input_entries([str(folder)])), 2)
               for entry in group) >= 3  # the JSON Lines file is split by its size alone
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
    settings = Settings(dask=local.scheduler_address, db=str(tmp_path / "dask.duckdb"), batch_size=1, write_batch=1)
    with Store(settings.db) as store:
        outcomes = analyze_paths([str(inputs)], settings, store, RunSummary())
        next(outcomes), next(outcomes)
        outcomes.close()  # the client stops after two outcomes (as on Ctrl-C): what it stored is kept
    first = stored_ids(tmp_path / "dask.duckdb")
    again = run_into(tmp_path / "dask.duckdb", [str(inputs)], settings)
    run_into(tmp_path / "local.duckdb", [str(inputs)], Settings())
    assert 1 <= len(first) < 11 and again.already_stored == len(first)
    assert again.stored + again.already_stored == 11
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


def test_a_big_jsonl_file_is_cut_into_chunks_over_several_partitions(tmp_path):
    (tmp_path / "a.txt").write_text("x" * 1000)
    lines = [json.dumps({"text": f"Story {number}: " + "word " * 90}) for number in range(20)]
    (tmp_path / "b.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "c.txt").write_text("x" * 1000)
    entries = [str(tmp_path / name) for name in ("a.txt", "b.jsonl", "c.txt")]
    groups = partitions(entries, workers=2)  # 11,450 bytes over 2 x 4: chunks of at least 1,431 bytes
    flat = [entry for group in groups for entry in group]
    chunks = flat[1:-1]
    assert flat[0] == entries[0] and flat[-1] == entries[2] and all(isinstance(c, FileChunk) for c in chunks)
    assert [(c.start, c.end) for c in chunks] == list(zip([0] + [c.end for c in chunks[:-1]],
                                                          [c.start for c in chunks[1:]] + [len((tmp_path / "b.jsonl").read_bytes())]))
    assert [c.lines_before for c in chunks] == [0, 4, 8, 12, 16]  # 4 lines of about 472 bytes a chunk
    assert len({index for index, group in enumerate(groups) for entry in group if isinstance(entry, FileChunk)}) == 5
    lost = cluster_module.lost_entry(chunks[1], "cluster task failed: KilledWorker: gone")
    assert (lost.path, lost.record, lost.stage) == (entries[1], f"bytes {chunks[1].start}-{chunks[1].end}", "cluster")


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


def test_a_worker_sets_its_loads_aside_after_its_first_partition_without_importing_duckdb(tmp_path):
    """In a process of its own, as a Dask worker: nothing set aside before the first partition, the model
    and lexicons after it, nothing added after the second; the store's module (DuckDB) never imported."""
    for number, text in enumerate(["Rain fell on Paris on Monday.", "Snow fell on Oslo on Tuesday."]):
        (tmp_path / f"{number}.txt").write_text(text, encoding="utf-8")
    code = ("import gc, sys\n"
            "from newsgraph.cluster import analyse_partition\n"
            "from newsgraph.ingest.jsonl import JsonlFields\n"
            "from newsgraph.settings import Settings\n"
            f"folder = {str(tmp_path)!r}\n"
            "before = gc.get_freeze_count()\n"
            "analyse_partition(0, [folder + '/0.txt'], Settings(), JsonlFields(), frozenset(), folder)\n"
            "after = gc.get_freeze_count()\n"
            "analyse_partition(1, [folder + '/1.txt'], Settings(), JsonlFields(), frozenset(), folder)\n"
            "print(before, after, gc.get_freeze_count(), 'duckdb' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, later, duckdb_imported = done.stdout.split()
    assert int(before) == 0 and int(after) > 100_000
    assert int(later) <= int(after)  # no more than after the first (some were freed since); once a process: test_collector
    assert duckdb_imported == "False"
