"""Helpers shared by tests that read ../shared (skipped with the folder's name when it is absent)."""
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is missing (the shared data folder beside the project)")
    return path


def shared_dictionaries() -> Path:
    return shared_path("dictionaries/petrarch2")
