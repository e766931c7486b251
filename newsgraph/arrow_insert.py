"""Rows into DuckDB as Arrow tables: one typed Arrow array a column, registered as a view and inserted
by one ``INSERT ... SELECT`` (one round trip a table, not one per row or value). Used by the store's
writes (``store.writes``) and by corpus linking (``corpus.link``), which sits below the store."""
from __future__ import annotations

from typing import Sequence

import duckdb
import pyarrow as pa

ARROW_TYPES = {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
               "BOOLEAN": pa.bool_(), "DATE": pa.date32(), "BLOB": pa.binary(), "VARCHAR[]": pa.list_(pa.string()),
               "INTEGER[][]": pa.list_(pa.list_(pa.int32()))}
"""The Arrow type of each DuckDB column type written this way."""
ROWS_VIEW = "newsgraph_rows"  # the name an Arrow table of rows has while it is inserted


def arrow_table(columns: Sequence[tuple[str, str]], rows: list[tuple]) -> pa.Table:
    """``rows`` (tuples in the order of ``columns``, (name, DuckDB type) pairs) as an Arrow table."""
    arrays = [pa.array(values, type=ARROW_TYPES[kind]) for values, (_, kind) in zip(zip(*rows), columns)]
    return pa.Table.from_arrays(arrays, names=[name for name, _ in columns])


def insert_arrow(connection: duckdb.DuckDBPyConnection, table: pa.Table, statement: str) -> None:
    """Run ``statement`` (an INSERT that selects from ``ROWS_VIEW``) with ``table`` as that view."""
    connection.register(ROWS_VIEW, table)
    try:
        connection.execute(statement)
    finally:
        connection.unregister(ROWS_VIEW)
