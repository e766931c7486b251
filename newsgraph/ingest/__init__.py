"""Reading inputs into Articles: one reader per format (``read``), scrape cleaning (``text``)."""
from newsgraph.ingest.read import read_inputs
from newsgraph.ingest.text import CleanedScrape, article_from_text, clean_scrape

__all__ = ["CleanedScrape", "article_from_text", "clean_scrape", "read_inputs"]
