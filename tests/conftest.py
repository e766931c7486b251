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
