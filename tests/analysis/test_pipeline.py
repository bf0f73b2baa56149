import subprocess
import sys
import time
from pathlib import Path

import pytest

from articles.analysis import Analysis, EntityHit, analyze

PROJECT = Path(__file__).resolve().parents[2]


def test_it_does_not_import_django():
    code = "import articles.analysis, sys; assert 'django' not in sys.modules, 'django imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   \n\n \t \n",
        "Breaking News",
        "A single line with no punctuation",
        "One sentence only.",
        "no punctuation anywhere\nsecond line also bare\nthird",
        ". , ; : …",
        "\u200b\ufeff",
        "Related Posts",
        "Read more: nothing",
        "Mr.",
        "x" * 5000,
    ],
)
def test_it_survives_odd_text(raw):
    analysis = analyze(raw, topics={"energy": ["oil"]})
    assert isinstance(analysis, Analysis)
    assert isinstance(analysis.title, str)
    assert "\n\n\n" not in analysis.body


def test_it_gives_empty_text_an_empty_analysis():
    analysis = analyze("  \n \n", topics={"energy": ["oil"]})
    assert analysis == Analysis(
        title="", title_derived=False, byline="", body="", sentences=(), entities=(), topics={}
    )


def test_it_takes_a_single_bare_line_as_the_title():
    analysis = analyze("Modi lands in Moscow", topics={})
    assert analysis.title == "Modi lands in Moscow"
    assert analysis.title_derived is False
    assert analysis.body == ""


def test_it_derives_the_title_of_a_single_sentence_and_keeps_it_in_the_body():
    analysis = analyze("Modi landed in Moscow on Monday for talks with Putin.", topics={})
    assert analysis.title == "Modi landed in Moscow on Monday for talks with Putin"
    assert analysis.title_derived is True
    assert analysis.sentences == ("Modi landed in Moscow on Monday for talks with Putin.",)


def test_it_returns_frozen_values(seed):
    analysis = seed("004")
    with pytest.raises(AttributeError):
        analysis.title = "changed"
    assert all(isinstance(hit, EntityHit) for hit in analysis.entities)
    assert all(isinstance(hit.aliases, frozenset) for hit in analysis.entities)
    assert all(hit.name in hit.aliases for hit in analysis.entities)
    assert all(hit.kind in {"person", "organisation", "place"} for hit in analysis.entities)


def test_it_analyses_the_largest_seed_quickly(seed_text, default_keywords):
    raw = seed_text("000")
    analyze(raw, topics=default_keywords)  # warm the compiled patterns
    started = time.perf_counter()
    for _ in range(5):
        analyze(raw, topics=default_keywords)
    per_article = (time.perf_counter() - started) / 5
    assert per_article < 0.25  # generous for slow CI; about 20 ms on a laptop
