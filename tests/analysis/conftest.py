from functools import cache
from pathlib import Path

import pytest

from articles.analysis import analyze, default_rules

# The seeds are part of the project: without them these tests fail, they never skip.
SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

DEFAULT_KEYWORDS = default_rules()


def _seeds_dir() -> Path:
    if not any(SEEDS_DIR.glob("*.txt")):
        pytest.fail(f"no seed articles in {SEEDS_DIR}: the analysis tests need them")
    return SEEDS_DIR


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
