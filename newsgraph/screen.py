"""What is left out before the pipeline: articles already stored, texts unfit to analyse, articles not in
English, and duplicates of articles already seen (in this run or in the store). Nothing here imports
the store's module (DuckDB): a Dask worker screens its partition with it, and a store is given, not opened."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator, Optional, Union

from newsgraph.ingest.dedup import Deduplicator, Fingerprint, FingerprintRow
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.quality import screen_reason
from newsgraph.model import Article, Duplicate, Failure, Skipped
from newsgraph.settings import Settings

BACKFILL_BATCH = 1000  # stored articles without a fingerprint, fingerprinted and saved per transaction


@dataclass
class AlreadyStored:
    """An article whose id is already in the store: not parsed again (a re-run resumes)."""

    article_id: str
    origin: Optional[str] = None
    title: Optional[str] = None


class Screen:
    """Leaves out what should not be analysed: duplicates of articles already seen (in this run or
    in the store) and articles not in English."""

    def __init__(self, settings: Settings, store=None) -> None:
        self.settings = settings
        self.dedup = Deduplicator(threshold=settings.dedup_threshold,  # stored shingles stay in the store
                                  stored_shingles=store.stored_shingles if store is not None else None) \
            if settings.dedup else None
        self.seen_this_run: set[str] = set()
        self.stored_ids: set[str] = set(store.article_ids()) if store is not None and not settings.reanalyse else set()
        self.fingerprints: dict[str, FingerprintRow] = {}  # of new articles, saved with them by the Writer
        if self.dedup is not None and store is not None:
            preload_deduplicator(self.dedup, store)

    def stored(self, article_ids: list[str]) -> None:
        """The articles ``article_ids`` are stored, with their fingerprints (called by the ``Writer``)."""
        if self.dedup is not None:
            self.dedup.shingles_stored(article_ids)

    def filter(self, items: Iterable[Union[Article, Failure, Skipped]], writer) -> Iterator[Union[Article, Failure]]:
        """The items to analyse; what is left out goes to ``writer.add`` (the ``Writer``), in order."""
        for item in items:
            left_out = self.left_out(item) if isinstance(item, Article) else None
            if isinstance(item, Skipped):  # left out by the reader (not an article)
                writer.add(item)
            elif left_out is None:
                yield item
            else:
                writer.add(left_out)

    def left_out(self, article: Article) -> Optional[Union[Duplicate, Skipped, AlreadyStored]]:
        if article.id in self.stored_ids:  # first, and cheap: a re-run costs only the new articles
            return AlreadyStored(article.id, article.origin, article.title)
        unfit = screen_reason(article.text)
        if unfit:
            return Skipped(article.id, unfit, article.origin, None, article.title)
        language, confidence = detect_language(article.text)
        if language not in ("en", "und") and confidence >= self.settings.language_confidence:
            return Skipped(article.id, f"not English: {language} ({confidence:.2f})", article.origin,
                           language, article.title)
        article.language = "en" if language == "und" else language
        return self.duplicate(article)

    def duplicate(self, article: Article) -> Optional[Duplicate]:
        if self.dedup is None:
            return None
        found, fingerprint = self.dedup.screen(article.id, article.text, article.source)
        if found is None:
            self.fingerprints[article.id] = fingerprint_row(article.id, self.dedup.scheme, fingerprint)
        first_time = article.id not in self.seen_this_run
        self.seen_this_run.add(article.id)
        if found is None or (found.kind == "exact" and first_time):
            return None  # new, or the stored copy of this very article: analysed again in place
        return Duplicate(article.id, found.canonical_id, found.kind, found.similarity, article.origin,
                         article.source, article.title)


def fingerprint_row(article_id: str, scheme: str, fingerprint: Optional[Fingerprint]) -> FingerprintRow:
    """The row of the store's ``fingerprints`` that keeps ``fingerprint`` (None: a text too short for it)."""
    signature, shingles = fingerprint.to_bytes() if fingerprint is not None else (None, None)
    return article_id, scheme, signature, shingles


def preload_deduplicator(dedup: Deduplicator, store) -> None:
    """Give ``dedup`` every stored article, in id order, from the fingerprints the store keeps: no stored
    text is read, nor any shingles (``dedup`` reads those of a candidate from the store: it must have been
    made with ``stored_shingles``). Articles stored without one (by an older version, or with deduplication
    off) get it computed from their text and saved first, once."""
    if dedup.stored_shingles is None:
        raise ValueError("a deduplicator preloaded from a store reads the stored shingles: give it stored_shingles")
    missing = store.ids_without_fingerprint(dedup.scheme)
    for start in range(0, len(missing), BACKFILL_BATCH):
        texts = store.texts(missing[start:start + BACKFILL_BATCH])
        store.save_fingerprints([fingerprint_row(article_id, dedup.scheme, dedup.fingerprint(text))
                                 for article_id, text in texts])
    for article_id, source, signature in store.signatures(dedup.scheme):
        fingerprint = dedup.stored_fingerprint(signature, None) if signature is not None else None
        dedup.add_fingerprint(article_id, fingerprint, source)
