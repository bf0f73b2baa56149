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
