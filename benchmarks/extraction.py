"""Article extraction from HTML: newsgraph's reader against plain trafilatura on two gold sets.

    python benchmarks/extraction.py [--zyte DIR] [--naeb DIR] [--limit N]

Zyte article-extraction benchmark: body precision / recall / F1 (the benchmark's own metric, see
``newsgraph.evaluate.extraction``). NAEB: title and date exact-match rates, author set match and
overlap, body F1. Plain trafilatura is ``trafilatura.extract(html, include_comments=False)``, as the
Zyte benchmark runs it (with ``bare_extraction(..., with_metadata=True)`` for the NAEB fields).
The gold sets live in ../shared/extraction beside the repository; a missing set is skipped.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Optional

from newsgraph.evaluate.extraction import GoldPage, naeb_pages, score_bodies, score_fields, zyte_pages
from newsgraph.ingest.html import article_from_html
from newsgraph.model import Failure

SHARED = Path(__file__).resolve().parents[2] / "shared" / "extraction"

Extractor = Callable[[GoldPage], dict]


def newsgraph_fields(page: GoldPage) -> dict:
    article = article_from_html(page.html(), origin=page.id, url=page.url)
    if isinstance(article, Failure):
        return {"body": ""}
    return {"title": article.title, "date": article.published, "authors": article.authors, "body": article.text}


def trafilatura_body(page: GoldPage) -> dict:
    import trafilatura

    return {"body": trafilatura.extract(page.html().decode("utf-8", "replace"), include_comments=False) or ""}


def trafilatura_fields(page: GoldPage) -> dict:
    import trafilatura

    found = trafilatura.bare_extraction(page.html().decode("utf-8", "replace"), include_comments=False,
                                        with_metadata=True)
    if found is None:
        return {"body": ""}
    return {"title": found.title, "date": found.date, "authors": (found.author or "").split("; "),
            "body": found.text or ""}


def run(pages: list[GoldPage], extract: Extractor) -> tuple[list[tuple[dict, dict]], float]:
    """(truth, prediction) pairs and pages per second."""
    started = time.perf_counter()
    pairs = [(page.truth, extract(page)) for page in pages]
    return pairs, len(pages) / max(time.perf_counter() - started, 1e-9)


def zyte_table(folder: Path, limit: Optional[int]) -> list[str]:
    pages = zyte_pages(folder, limit)
    rows = [f"Zyte article-extraction benchmark, {len(pages)} pages",
            f"{'extractor':<24}{'precision':>10}{'recall':>10}{'F1':>10}{'pages/s':>10}"]
    for name, extract in (("trafilatura extract", trafilatura_body), ("newsgraph", newsgraph_fields)):
        pairs, speed = run(pages, extract)
        body = score_bodies((truth["body"], found["body"]) for truth, found in pairs)
        rows.append(f"{name:<24}{body.precision:>10.3f}{body.recall:>10.3f}{body.f1:>10.3f}{speed:>10.1f}")
    return rows


def naeb_table(folder: Path, limit: Optional[int]) -> list[str]:
    pages = naeb_pages(folder, limit)
    rows = [f"NAEB news article dataset, {len(pages)} pages",
            f"{'extractor':<24}{'title':>8}{'date':>8}{'authors':>9}{'overlap':>9}"
            f"{'body P':>8}{'body R':>8}{'body F1':>9}{'pages/s':>9}"]
    for name, extract in (("trafilatura metadata", trafilatura_fields), ("newsgraph", newsgraph_fields)):
        pairs, speed = run(pages, extract)
        s = score_fields(pairs)
        rows.append(f"{name:<24}{s.title:>8.3f}{s.date:>8.3f}{s.authors:>9.3f}{s.author_overlap:>9.3f}"
                    f"{s.body.precision:>8.3f}{s.body.recall:>8.3f}{s.body.f1:>9.3f}{speed:>9.1f}")
    return rows


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zyte", type=Path, default=SHARED / "zyte-article-benchmark", help="Zyte benchmark folder")
    parser.add_argument("--naeb", type=Path, default=SHARED / "naeb", help="NAEB dataset folder")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages of each set")
    args = parser.parse_args(argv)
    for folder, table in ((args.zyte, zyte_table), (args.naeb, naeb_table)):
        if not folder.is_dir():
            print(f"skipped: {folder} is missing (the shared data folder beside the repository)\n")
            continue
        print("\n".join(table(folder, args.limit)) + "\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
