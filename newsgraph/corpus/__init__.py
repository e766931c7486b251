"""Corpus-level events: the reports of one real-world event in many articles, linked into one event
with its mentions and live counts of articles and sources (issue 15, item 2; docs/output.md)."""
from newsgraph.corpus.link import LinkSettings, link_articles, link_duplicates, link_stored_articles

CORPUS_SCHEMA_VERSION = 10
"""The store schema that added corpus events: an older store's articles are linked when it is upgraded."""

__all__ = ["CORPUS_SCHEMA_VERSION", "LinkSettings", "link_articles", "link_duplicates", "link_stored_articles"]
