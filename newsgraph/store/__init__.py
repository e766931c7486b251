"""The DuckDB store: analysed articles, their records and the failures of a run (see ``duck.Store``)."""
from newsgraph.store.duck import Store
from newsgraph.store.schema import SCHEMA_VERSION

__all__ = ["Store", "SCHEMA_VERSION"]
