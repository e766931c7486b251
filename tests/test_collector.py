"""The collector is paused while long-lived data loads, and restored after (newsgraph/collector.py)."""
import gc

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
