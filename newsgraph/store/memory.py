"""How much memory DuckDB may hold for a store during an analyse run (``Store.limit_memory``, the
setting ``store_memory_limit``): the share of the store's size the limit never goes below, its
ceiling, and ``again_under_a_higher_limit``, which writes a transaction that ran out of the limit again
under a doubled one (docs/cli.md, "Memory")."""
from __future__ import annotations

import functools
import os

import duckdb

STORE_MEMORY_SHARE = 0.75  # an analyse run's memory limit is at least this share of the store's size on disk:
# the indexes a write touches must fit (a 1 M event store of 822 MB: saves failed at 384 MB, not at 512 MB;
# under 128 MB the screen's read of its fingerprints failed; docs/benchmarks.md)
MEMORY_CEILING_SHARE = 0.8  # of RAM: DuckDB's default memory limit, the most a run's limit is raised to


def stored_bytes(path: str) -> int:
    """Size on disk of the store at ``path``: its file and its write-ahead log."""
    return sum(os.path.getsize(name) for name in (path, path + ".wal") if os.path.exists(name))


def memory_ceiling() -> int:
    """The most a store's memory limit is raised to: DuckDB's own default, 80% of RAM."""
    return int(MEMORY_CEILING_SHARE * os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


def ran_out_of_memory(error: duckdb.Error) -> bool:
    """DuckDB ran out of its memory limit: while writing, or when committing (a TransactionException)."""
    return isinstance(error, duckdb.OutOfMemoryException) or "could not allocate" in str(error) \
        or "Out of Memory" in str(error)


def again_under_a_higher_limit(write):
    """A write of the store (one transaction: rolled back when it fails) that runs out of the memory
    limit ``Store.limit_memory`` set is written again after doubling the limit, until it fits or the
    limit is at its ceiling: a long run's saves and records then never fail for want of memory that
    the machine has."""
    @functools.wraps(write)
    def written(store, *args, **kwargs):  # store: a Store
        while True:
            try:
                return write(store, *args, **kwargs)
            except duckdb.Error as error:
                if not (ran_out_of_memory(error) and store._raise_memory_limit()):
                    raise
    return written
