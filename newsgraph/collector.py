"""Python's cyclic garbage collector: paused around loads of long-lived data, and run less often
within a batch (``rarer_collections``).

Building the lexicons, the gazetteer and the language model makes hundreds of thousands of objects
that live as long as the process. While they are made, the collector runs again and again and each
full collection walks all of them: on the development machine the lexicons took 1.9 s to build with
it and 1.0 s without, the gazetteer 2.1 s and 0.8 s. A load makes almost no cyclic garbage, so the
collector is paused for its length (``collection_paused``) and the run's own collections are left
as they are. A worker process (local or Dask) also sets what it loaded aside for good
(``loads_kept_for_good``): no later collection walks it, nor the one Python makes at exit."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import wraps
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")


@contextmanager
def collection_paused() -> Iterator[None]:
    """The collector is off while this lasts, and on again after if it was on before (a collector
    the caller turned off stays off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def loaded_without_collection(load: Callable[..., T]) -> Callable[..., T]:
    """``load`` run with the collector paused (``collection_paused``)."""
    @wraps(load)
    def paused(*args, **kwargs) -> T:
        with collection_paused():
            return load(*args, **kwargs)
    return paused


BATCH_COLLECTION_THRESHOLD = 10_000  # allocations between young collections within a batch (Python's default: 700)


@contextmanager
def rarer_collections(threshold: int = BATCH_COLLECTION_THRESHOLD):
    """Python's cyclic garbage collector runs less often while this lasts; its thresholds are restored
    after. A batch makes millions of short-lived objects (tokens, spans, candidates); at the default
    threshold they set off a young collection every 700, and full collections that walk every object of
    the lexicons and the model: 2.4 s of 46 s for 200 articles on the development machine, 1.0 s at
    this threshold. A threshold already higher, or 0 (the collector turned off that way, as by
    ``gc.disable``), is left as it is."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], threshold) if previous[0] else 0, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def loads_kept_for_good() -> None:
    """Collect, then set every object alive aside from the collector for the rest of the process
    (``gc.freeze``): the full collections of the run, and the one at exit, no longer walk the model and
    the lexicons. For a process that holds little but what it loaded, as a worker after its first
    batch: a set-aside object is still freed when nothing refers to it any more, but not if it becomes
    part of cyclic garbage. On the development machine, with the model and lexicons loaded: a full
    collection 0.24 -> 0.06 s, the exit 1.04 -> 0.22 s (a worker's exit is within the run's time: the
    run ends when its workers have stopped). Once a process: nothing is done when objects are already
    set aside, so a worker calls it after each batch and only its first sets anything aside."""
    if gc.get_freeze_count():
        return
    gc.collect()
    gc.freeze()
