"""Turn the raw text of one news article into an `Analysis` value.

Pure Python on purpose: this package never imports Django, so it is quick to test and ingest is
the one place that turns its values into rows.
"""

from articles.analysis.aliases import normalize_alias
from articles.analysis.default_topics import DEFAULT_TOPICS, default_rules
from articles.analysis.pipeline import analyze, analyze_many
from articles.analysis.results import Analysis, EntityHit, TopicScore
from articles.analysis.topics import TopicRule, score_topics

__all__ = [
    "DEFAULT_TOPICS",
    "default_rules",
    "Analysis",
    "EntityHit",
    "TopicRule",
    "TopicScore",
    "analyze",
    "analyze_many",
    "normalize_alias",
    "score_topics",
]
