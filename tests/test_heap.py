"""A parsing process keeps freed memory for its next batch (newsgraph/heap.py): each test runs arrays
the size of the parser's in a fresh process, with and without ``keep_freed_memory``, and counts the
page faults (memory given back to the kernel and faulted in again)."""
import os
import subprocess
import sys

from newsgraph import heap

ROUNDS_OF_ARRAYS = """
import resource, sys
from numpy._core.multiarray import _set_madvise_hugepage
import numpy
_set_madvise_hugepage(False)
if sys.argv[1] == "kept":
    from newsgraph.heap import keep_freed_memory
    assert keep_freed_memory()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):  # ten batches, each making 100 MB of arrays and freeing them
    arrays = [numpy.ones(250_000 * int(sys.argv[2]), dtype=numpy.float32) for _ in range(100 // int(sys.argv[2]))]
    del arrays
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def page_faults(environment: dict, how: str, megabytes_an_array: int) -> int:
    done = subprocess.run([sys.executable, "-c", ROUNDS_OF_ARRAYS, how, str(megabytes_an_array)], env=environment,
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def environment_without_malloc_variables() -> dict:
    return {name: value for name, value in os.environ.items() if not name.startswith("MALLOC_")}


def test_a_process_keeps_the_freed_top_of_its_heap_for_the_next_batch():
    environment = environment_without_malloc_variables()
    faults = {how: page_faults(environment, how, 1) for how in ("as-started", "kept")}
    assert faults["as-started"] > 200_000  # glibc gave back each batch's 100 MB and faulted it in again
    assert faults["kept"] < faults["as-started"] / 5


def test_a_dask_worker_reuses_freed_memory_under_the_nannys_fixed_trim_threshold():
    environment = environment_without_malloc_variables()
    environment["MALLOC_TRIM_THRESHOLD_"] = "65536"  # as Dask's nanny starts its workers
    faults = {how: page_faults(environment, how, 4) for how in ("as-started", "kept")}
    assert faults["as-started"] > 200_000  # every 4 MB array a fresh mapping, zeroed page by page
    assert faults["kept"] < faults["as-started"] / 5


def test_the_users_mmap_threshold_is_left_alone(monkeypatch):
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "1048576")
    assert heap.keep_freed_memory() is False

