"""Shared fixtures: the bundled example analysed once per test session."""
from pathlib import Path

import pytest

from newsgraph.ingest.text import article_from_text
from newsgraph.pipeline import Pipeline

EXAMPLE = Path(__file__).resolve().parents[1] / "newsgraph" / "examples" / "nato-rutte-russia.txt"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def pipeline():
    return Pipeline()


@pytest.fixture(scope="session")
def seed(pipeline):
    """The seed article, cleaned and analysed by the full default pipeline."""
    return pipeline.analyse(article_from_text(EXAMPLE.read_text(encoding="utf-8"), origin=str(EXAMPLE)))


def shared_path(relative: str) -> Path:
    """A path under ../shared, or a skip saying which folder is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is missing (the shared data folder beside the project)")
    return path


HOSTILE_TITLE = "<script>alert(1)</script> NATO summit <img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    "NATO Secretary General Mark Rutte met Russian Foreign Minister Sergei Lavrov in Brussels on Monday. "
    "<script>alert(1)</script> The talks were tense, officials said.\n\n"
    "\"We will not accept threats against our allies <img src=x onerror=alert(1)>,\" Rutte told reporters.\n\n"
    "Russia accused NATO of provoking the conflict in Ukraine.\n")
MORE_ARTICLES = [  # (published, outlet, url, title, text): more dated NATO-Russia events for the dyad series
    ("2025-05-20", "Wire B", "https://example.org/b", "NATO condemns Russian strikes",
     "NATO condemned Russia on Tuesday after missile strikes on Kyiv, officials said.\n\n"
     "NATO Secretary General Mark Rutte said the alliance would increase its support for Ukraine.\n"),
    ("2025-06-18", "Wire C", "https://example.org/c", "NATO and Russia agree to talks",
     "NATO agreed to hold talks with Russia in Geneva next month, diplomats said on Wednesday.\n\n"
     "\"Dialogue is necessary,\" Mark Rutte said.\n"),
]


def analysed_web_articles(pipeline):
    """The example article (dated), a hostile article and two more, analysed."""
    from newsgraph.model import Article

    example = article_from_text(EXAMPLE.read_text(encoding="utf-8"), origin=str(EXAMPLE))
    example.published, example.source, example.url = "2025-03-14", "Wire A", "https://example.org/a"
    articles = [example, Article(text=HOSTILE_TEXT, title=HOSTILE_TITLE, source="Wire <u>X</u>",
                                 url="javascript:alert(1)", published="2025-04-10", origin="hostile.txt")]
    for published, outlet, url, title, text in MORE_ARTICLES:
        articles.append(Article(text=text, title=title, source=outlet, url=url, published=published, origin=url))
    return [pipeline.analyse(article) for article in articles]


@pytest.fixture(scope="session")
def web_store(pipeline, tmp_path_factory):
    """A store file for the web tests: the articles above, a failure and a duplicate recorded."""
    from newsgraph.model import Duplicate, Failure
    from newsgraph.store import Store

    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    articles = analysed_web_articles(pipeline)
    with Store(str(path)) as store:
        store.save_many(articles)
        store.record_failure(Failure(path="feeds/<u>broken</u>.xml", reason="not a feed: <script>alert(1)</script>"))
        store.record_duplicate(Duplicate(article_id="copy0000", canonical_id=articles[0].id, kind="near",
                                         similarity=0.93, source="Wire D", title="NATO chief urges restoration (copy)"))
    return path
