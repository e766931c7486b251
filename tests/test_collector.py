"""The collector is paused while long-lived data loads, and restored after; a worker sets its loads aside
from it after its first batch (newsgraph/collector.py)."""
import gc
import subprocess
import sys

import pytest

from newsgraph import collector
from newsgraph.lexicons import load_lexicons


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_off_during_a_pause_and_on_after(collector_on):
    seen = []
    with collector.collection_paused():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(collector_on):
    gc.disable()
    with collector.collection_paused():
        pass
    assert not gc.isenabled()


def test_the_collector_comes_back_when_a_load_fails(collector_on):
    @collector.loaded_without_collection
    def failing():
        raise ValueError("bad row")

    with pytest.raises(ValueError):
        failing()
    assert gc.isenabled()


def test_the_lexicons_and_the_gazetteer_load_without_collections(collector_on, monkeypatch):
    import newsgraph.extract.events.model as event_model
    import newsgraph.extract.events.places as places

    seen = []
    monkeypatch.setattr(event_model, "shipped_event_model", lambda: seen.append(("lexicons", gc.isenabled())))
    monkeypatch.setattr(places, "Gazetteer", lambda: seen.append(("gazetteer", gc.isenabled())) or "built")
    load_lexicons.cache_clear()
    try:
        assert load_lexicons("").gazetteer == "built"
    finally:
        load_lexicons.cache_clear()
    assert seen == [("lexicons", False), ("gazetteer", False)] and gc.isenabled()


def test_a_worker_sets_what_it_loaded_aside_from_the_collector_after_its_first_batch():
    code = ("import gc\n"
            "from newsgraph.model import Article\n"
            "from newsgraph.pipeline import run_worker_batch, start_worker\n"
            "from newsgraph.settings import Settings\n"
            "start_worker(Settings(), ('sentence_kinds',))\n"
            "before = gc.get_freeze_count()\n"
            "run_worker_batch([Article('Rain fell on Paris.')])\n"
            "after = gc.get_freeze_count()\n"
            "run_worker_batch([Article('Snow fell on Oslo.')])\n"
            "print(before, after, gc.get_freeze_count())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after, later = map(int, done.stdout.split())
    assert before == 0 and after > 100_000 and later == after  # the model and lexicons, set aside once
