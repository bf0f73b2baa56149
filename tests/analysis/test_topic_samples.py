"""Each default topic's recall and precision on short texts worded as different outlets word
the same things (tests/analysis/topic_samples.py)."""

import pytest

from articles.analysis import default_rules, score_topics
from articles.analysis.sentences import split_sentences
from tests.analysis.topic_samples import SAMPLES

KEYWORDS = default_rules()


def tagged(text: str) -> set[str]:
    return set(score_topics(split_sentences(text), KEYWORDS))


@pytest.mark.parametrize("topic", sorted(KEYWORDS))
def test_each_topic_catches_the_ways_outlets_word_it(topic):
    results = [(topic in labels, topic in tagged(text)) for text, labels in SAMPLES]
    relevant = sum(1 for is_topic, _ in results if is_topic)
    found = sum(1 for _, hit in results if hit)
    right = sum(1 for is_topic, hit in results if is_topic and hit)
    assert relevant >= 6 and found
    recall, precision = right / relevant, right / found
    assert recall >= 0.9, (topic, recall, _misses(topic))
    assert precision >= 0.9, (topic, precision, _extras(topic))


def test_the_tass_volunteers_article_and_recruited_into_the_army_articles_are_trafficking():
    assert "trafficking" in tagged(SAMPLES[0][0])
    for n in range(8):
        text = f"Man {n} from Punjab was recruited into the Russian army and sent to Ukraine."
        assert "trafficking" in tagged(text)


def _misses(topic):
    return [text for text, labels in SAMPLES if topic in labels and topic not in tagged(text)]


def _extras(topic):
    return [text for text, labels in SAMPLES if topic not in labels and topic in tagged(text)]
