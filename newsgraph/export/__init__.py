"""Exports of a store: GDELT 2.0 Events and Mentions, GKG 2.1, Parquet of every table, and the events
with their actors as CSV or JSON Lines (docs/cli.md, newsgraph export)."""
from newsgraph.export.formats import FORMATS, Exported, export_store

__all__ = ["FORMATS", "Exported", "export_store"]
