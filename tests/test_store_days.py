"""Typed days of the store (newsgraph.store.days): the Python reading of new records and the SQL of
the migration agree on every ISO form, and what is not a date stays text only."""
import datetime

import duckdb
import pytest

from newsgraph.store.days import _sql_day, day_and_precision

CASES = [
    ("2024-03-01", datetime.date(2024, 3, 1), "day"),
    ("2024-03-01T23:59:00Z", datetime.date(2024, 3, 1), "day"),
    ("2025-W24", datetime.date(2025, 6, 9), "week"),
    ("2021-W01", datetime.date(2021, 1, 4), "week"),
    ("2020-W53", datetime.date(2020, 12, 28), "week"),
    ("2025-06", datetime.date(2025, 6, 1), "month"),
    ("2019", datetime.date(2019, 1, 1), "year"),
    ("yesterday", None, None),
    ("2024-13-45", None, None),
    (None, None, None),
]


@pytest.mark.parametrize("value, day, precision", CASES)
def test_new_records_get_the_first_day_and_precision(value, day, precision):
    assert day_and_precision(value) == (day, precision)


@pytest.mark.parametrize("value, day, precision", CASES)
def test_the_migration_sql_reads_the_same_day(value, day, precision):
    with duckdb.connect() as connection:
        connection.execute("create table t (v varchar)")
        connection.execute("insert into t values (?)", [value])
        assert connection.execute(f"select {_sql_day('v')} from t").fetchone()[0] == day
