import pytest

from articles.analysis import analyze

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

# Text made of the pieces that steer the cleaner and the entity rules, so random draws reach
# the interesting branches rather than only noise.
PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\n\n\n",
        " ",
        ".",
        ",",
        "’",
        "“",
        "”",
        "•",
        "  1. ",
        "Mr. ",
        "President ",
        "Modi",
        "Narendra Modi",
        "US",
        "U.S.",
        "Related Posts",
        "Read more: x",
        "Breaking News",
        "By Jane Doe",
        "Jane Doe",
        "said",
        "the",
        "oil",
        "Ukraine",
        "human trafficking",
        "é",
        "\u00a0",
        "\u200b",
    ]
)
TEXTS = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=80).map("".join))


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(TEXTS)
def test_it_analyses_any_text_without_crashing(raw):
    analysis = analyze(raw, topics={"energy": ["oil"], "trafficking": ["human trafficking"]})
    assert "\n\n\n" not in analysis.body
    assert all(sentence in analysis.body for sentence in analysis.sentences)
    for hit in analysis.entities:
        assert hit.count > 0
        assert hit.name in hit.aliases
        assert hit.kind in {"person", "organisation", "place"}
    for score in analysis.topics.values():
        assert score.score > 0
        assert set(score.evidence) <= set(analysis.sentences)


def test_runs_of_periods_and_ellipses_split_in_linear_time():
    import time

    from articles.analysis.sentences import split_sentences

    started = time.process_time()
    pieces = split_sentences("Wait" + "." * 50_000 + " Then" + "…" * 50_000 + " End.")
    assert time.process_time() - started < 2
    assert [p[:5] for p in pieces] == ["Wait.", "Then…", "End."]


def test_a_month_repeated_fifty_thousand_times_is_read_in_linear_time():
    import datetime as dt
    import time

    from articles.analysis.dates import find_dates

    started = time.process_time()
    mentions = find_dates(["in May " * 50_000], dt.date(2024, 8, 1))
    assert time.process_time() - started < 5
    assert len(mentions) == 50_000
    assert mentions[-1].start == dt.date(2024, 5, 1)
