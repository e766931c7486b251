"""Exact and near-duplicate articles within a run (and across runs, once preloaded from the store).

The first article of a story becomes its *canonical* article; every later copy is linked to it:

* **exact**: the same ``Article.id``, i.e. the same text after ``normalise_text`` (case and runs of
  white space folded).  ``similarity`` is 1.0.
* **near**: an LSH index over MinHash signatures of the word shingles (``shingle_words``
  consecutive ``\\w+`` words of the normalised text) proposes candidates, and the *exact* Jaccard
  similarity of the two shingle sets is at least ``threshold``.  ``similarity`` is that exact
  Jaccard, not the MinHash estimate: the estimate's error (about 0.035 at 0.8 with 128
  permutations) merged recurring templated reports (a daily price, a Fed operation) whose exact
  Jaccard was 0.77 on Reuters-21578.

Texts with fewer than ``MIN_SHINGLES`` shingles (headlines, one-line briefs) are only matched
exactly: a handful of shingles gives too coarse a similarity to merge stories on.

A run over a store starts from the fingerprints the store keeps (``Fingerprint.to_bytes``, loaded with
``add_fingerprint``) rather than from the stored texts: the same results without reading or hashing them.

State grows with the canonical articles only: per canonical article its LSH buckets, its shingle
hashes (4 bytes a word, a fifth of the text's size) and the story's counts.  Given where the store
keeps the shingles (``stored_shingles``), a deduplicator keeps them only for articles not stored yet
(``shingles_stored`` drops them once their article is written) and reads a stored article's back when
it is a candidate: over a run of 5,000 AllSides articles that is 3.9 KB per article less memory, and a
store's preload reads no shingles at all.  An exact copy of a near
duplicate is itself a near duplicate of the canonical article.  Everything is deterministic: the
permutations come from a fixed seed, shingles are hashed with CRC-32, and among several candidates
the most similar (then the earliest registered) wins.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Literal, NamedTuple, Optional, Union

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsgraph.model import Article, normalise_text

SEED = 1  # MinHash permutations: fixed, so every run and every process agree
MIN_SHINGLES = 5  # fewer shingles than this: exact matching only
# The LSH index only proposes candidates, each then checked exactly, so it is tuned to miss few: it is
# built for threshold - CANDIDATE_MARGIN with (false positive, false negative) weights LSH_WEIGHTS.
# At 0.8 that gives 20 bands of 6 rows: a pair at Jaccard 0.8 collides with probability 0.998, where
# datasketch's defaults (0.8, weights 0.5/0.5) give 0.40.  On Reuters-21578 this finds 136 of the 137
# pairs at exact Jaccard >= 0.8 (the defaults, gated on the MinHash estimate, found 108); candidates stay few.
CANDIDATE_MARGIN = 0.1
LSH_WEIGHTS = (0.1, 0.9)
WORD = re.compile(r"\w+")
STORED_TYPE = np.dtype("<u4")  # MinHash values (32-bit in datasketch's affine32 scheme) and CRC-32 hashes, as stored


@dataclass(frozen=True)
class DuplicateOf:
    """Why an article is not new: it copies ``canonical_id`` exactly or nearly."""

    canonical_id: str
    kind: Literal["exact", "near"]
    similarity: float  # 1.0 for exact; the exact Jaccard similarity of the shingle sets for near


class StoryCount(NamedTuple):
    articles: int  # articles that carried the story, the canonical one included
    sources: int  # distinct Article.source values among them (None is not counted)


@dataclass
class _Story:
    order: int  # registration order, to break similarity ties deterministically
    shingles: Optional[np.ndarray]  # sorted shingle hashes; None: too short for near matching, or in the store
    articles: int = 1
    sources: set[str] = field(default_factory=set)

    def count(self, source: Optional[str]) -> None:
        if source:
            self.sources.add(source)


def word_shingles(text: str, size: int) -> set[int]:
    """CRC-32 hashes of every run of ``size`` consecutive words of the normalised text."""
    words = WORD.findall(normalise_text(text))
    return {zlib.crc32(" ".join(words[i:i + size]).encode("utf-8", "surrogatepass"))
            for i in range(len(words) - size + 1)}


@lru_cache(maxsize=32)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) of the candidate index; datasketch's search for them takes ~40 ms, so it runs once."""
    candidate_threshold = max(threshold - CANDIDATE_MARGIN, 0.05)
    index = MinHashLSH(threshold=candidate_threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return index.b, index.r


def shingle_jaccard(first: str, second: str, size: int = 5) -> float:
    """Exact Jaccard similarity of the two texts' shingle sets (for checks and benchmarks)."""
    a, b = word_shingles(first, size), word_shingles(second, size)
    return len(a & b) / len(a | b) if a or b else 1.0


def sorted_jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Jaccard similarity of two sorted arrays of distinct values."""
    common = np.intersect1d(first, second, assume_unique=True).size
    return common / (first.size + second.size - common)


class Fingerprint(NamedTuple):
    """What the deduplicator keeps of a text: the MinHash values for the index, the shingles for the check."""

    signature: np.ndarray  # datasketch's MinHash.hashvalues, in its dtype
    shingles: Optional[np.ndarray]  # sorted, distinct; None when read from the store without them

    def to_bytes(self) -> tuple[bytes, bytes]:
        """(signature, shingles) as the store keeps them: uint32 little-endian arrays."""
        return self.signature.astype(STORED_TYPE).tobytes(), self.shingles.astype(STORED_TYPE).tobytes()


FingerprintRow = tuple[str, str, Optional[bytes], Optional[bytes]]
"""(article_id, scheme, signature, shingles): a fingerprint as a row of the store's ``fingerprints``."""


class BandIndex:
    """Locality-sensitive hashing over MinHash signatures, as datasketch's ``MinHashLSH`` (the same
    bands: ``rows`` consecutive values each, and so the same candidates), on arrays: a signature from
    the store goes in without building a MinHash object, ten times faster than ``MinHashLSH.insert``.
    A band held by one key maps to the key itself, not to a list: a store's index is then a few dicts
    of strings, which Python's garbage collector does not have to walk (2 M lists at 100 k articles did)."""

    def __init__(self, bands: int, rows: int) -> None:
        self.bands, self.rows = bands, rows
        self.tables: list[dict[bytes, Union[str, list[str]]]] = [{} for _ in range(bands)]

    def band_keys(self, signature: np.ndarray) -> list[bytes]:
        return [band.tobytes() for band in signature[:self.bands * self.rows].reshape(self.bands, self.rows)]

    def insert(self, key: str, signature: np.ndarray) -> None:
        for table, band in zip(self.tables, self.band_keys(signature)):
            held = table.get(band)
            if held is None:
                table[band] = key
            elif isinstance(held, str):
                table[band] = [held, key]
            else:
                held.append(key)

    def query(self, signature: np.ndarray) -> set[str]:
        """Every key that shares at least one band with ``signature``."""
        found: set[str] = set()
        for table, band in zip(self.tables, self.band_keys(signature)):
            held = table.get(band)
            if isinstance(held, str):
                found.add(held)
            elif held is not None:
                found.update(held)
        return found


class Deduplicator:
    """Links each article to the first one of its story; see the module docstring."""

    def __init__(self, threshold: float = 0.8, num_perm: int = 128, shingle_words: int = 5,
                 stored_shingles: Optional[Callable[[str, str], Optional[bytes]]] = None) -> None:
        """``stored_shingles(article_id, scheme)``: the shingles the store keeps for a stored article
        (``Fingerprint.to_bytes``), or None; without it every shingle set stays in memory."""
        self.threshold = threshold
        self.stored_shingles = stored_shingles
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self._template = MinHash(num_perm=num_perm, seed=SEED, hashfunc=int)
        assert self._template.hashvalues.dtype.itemsize == 4 or self._template.scheme == "legacy", \
            "fingerprints are stored as 32-bit values"
        self._index = BandIndex(*lsh_bands(threshold, num_perm))
        self._stories: dict[str, _Story] = {}

    def check(self, article: Article) -> Optional[DuplicateOf]:
        """What ``article`` duplicates, or None, in which case it becomes a canonical article."""
        return self.add_known(article.id, article.text, article.source)

    def add_known(self, article_id: str, text: str, source: Optional[str] = None) -> Optional[DuplicateOf]:
        """``check`` for an article known by id and text only."""
        return self.screen(article_id, text, source)[0]

    def screen(self, article_id: str, text: str, source: Optional[str] = None
               ) -> tuple[Optional[DuplicateOf], Optional[Fingerprint]]:
        """``add_known``, with the fingerprint of the text when it was computed (not for an exact copy)."""
        if article_id in self._stories:
            return self._link(article_id, "exact", 1.0, source), None
        fingerprint = self.fingerprint(text)
        return self.add_fingerprint(article_id, fingerprint, source), fingerprint

    @property
    def scheme(self) -> str:
        """How fingerprints are computed: those of another scheme cannot be compared with these."""
        return f"minhash{self.num_perm}-{self._template.scheme}-seed{SEED}-crc32-{self.shingle_words}words"

    def stored_fingerprint(self, signature: bytes, shingles: Optional[bytes]) -> Fingerprint:
        """The fingerprint ``Fingerprint.to_bytes`` wrote, as ``fingerprint`` computes it; ``shingles``
        None: an article whose shingles are read from the store when needed (``stored_shingles``)."""
        return Fingerprint(np.frombuffer(signature, dtype=STORED_TYPE).astype(self._template.hashvalues.dtype),
                           None if shingles is None else self.stored_shingle_array(shingles))

    @staticmethod
    def stored_shingle_array(shingles: bytes) -> np.ndarray:
        return np.frombuffer(shingles, dtype=STORED_TYPE).astype(np.uint32)

    def shingles_stored(self, article_ids: Iterable[str]) -> None:
        """The articles ``article_ids`` are stored with their fingerprints: their shingles are read from
        the store when needed, not kept (nothing changes without ``stored_shingles``)."""
        if self.stored_shingles is None:
            return
        for article_id in article_ids:
            story = self._stories.get(article_id)
            if story is not None:
                story.shingles = None

    def add_fingerprint(self, article_id: str, fingerprint: Optional[Fingerprint],
                        source: Optional[str] = None) -> Optional[DuplicateOf]:
        """``add_known`` for an article whose fingerprint is known (None: too short for near matching),
        e.g. kept in the store; the same result as ``add_known`` with its text."""
        if article_id in self._stories:
            return self._link(article_id, "exact", 1.0, source)
        found = self._nearest(article_id, fingerprint) if fingerprint is not None else None
        if found:
            return self._link(found[0], "near", found[1], source)
        self._register(article_id, fingerprint, source)
        return None

    def story_counts(self) -> dict[str, StoryCount]:
        """For every canonical article: how many articles and distinct sources carried its story."""
        return {canonical: StoryCount(story.articles, len(story.sources))
                for canonical, story in self._stories.items()}

    def fingerprint(self, text: str) -> Optional[Fingerprint]:
        """The MinHash and sorted shingle hashes of the text, or None when it has too few shingles."""
        shingles = word_shingles(text, self.shingle_words)
        if len(shingles) < MIN_SHINGLES:
            return None
        minhash = self._template.copy()
        minhash.update_batch(shingles)
        return Fingerprint(minhash.hashvalues, np.array(sorted(shingles), dtype=np.uint32))

    def _nearest(self, article_id: str, fingerprint: Fingerprint) -> Optional[tuple[str, float]]:
        """The most similar canonical article at or above the threshold, with the similarity."""
        candidates = [(key, self._stories[key]) for key in self._index.query(fingerprint.signature)]
        if not candidates:
            return None
        own = fingerprint.shingles if fingerprint.shingles is not None else self._read_shingles(article_id)
        if own is None:
            return None
        scored = [(sorted_jaccard(own, shingles), -story.order, key)
                  for key, story in candidates if (shingles := self._shingles_of(key, story)) is not None]
        best = max(scored, default=None)
        return (best[2], best[0]) if best and best[0] >= self.threshold else None

    def _shingles_of(self, article_id: str, story: _Story) -> Optional[np.ndarray]:
        """The candidate's shingles, kept or read from the store (None: neither has them)."""
        return story.shingles if story.shingles is not None else self._read_shingles(article_id)

    def _read_shingles(self, article_id: str) -> Optional[np.ndarray]:
        stored = self.stored_shingles(article_id, self.scheme) if self.stored_shingles is not None else None
        return None if stored is None else self.stored_shingle_array(stored)

    def _link(self, canonical: str, kind: str, similarity: float, source: Optional[str]) -> DuplicateOf:
        story = self._stories[canonical]
        story.articles += 1
        story.count(source)
        return DuplicateOf(canonical, kind, similarity)

    def _register(self, article_id: str, fingerprint: Optional[Fingerprint], source: Optional[str]) -> None:
        shingles = fingerprint.shingles if fingerprint is not None else None
        story = _Story(order=len(self._stories), shingles=shingles)
        story.count(source)
        self._stories[article_id] = story
        if fingerprint is not None:
            self._index.insert(article_id, fingerprint.signature)
