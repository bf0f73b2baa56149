from functools import cache
from pathlib import Path

import pytest

from articles.analysis import DEFAULT_TOPICS, analyze

_PROJECT = Path(__file__).resolve().parents[2]
_SEED_DIRS = (_PROJECT / "seeds", Path("/work/shared/seeds"))

DEFAULT_KEYWORDS = {slug: topic["keywords"] for slug, topic in DEFAULT_TOPICS.items()}


def _seeds_dir() -> Path:
    for candidate in _SEED_DIRS:
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    pytest.skip("no seed articles found")


@cache
def _read_seed(prefix: str) -> str:
    (path,) = _seeds_dir().glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@cache
def _analyse_seed(prefix: str):
    # Seeds are read-only and analysis is pure, so one analysis per seed serves every test.
    return analyze(_read_seed(prefix), topics=DEFAULT_KEYWORDS)


@pytest.fixture
def seed_text():
    """seed_text("001") -> the raw text of seeds/001_*.txt."""
    return _read_seed


@pytest.fixture
def seed():
    """seed("001") -> the Analysis of seeds/001_*.txt with the default topic keywords."""
    return _analyse_seed


@pytest.fixture
def default_keywords():
    return DEFAULT_KEYWORDS
