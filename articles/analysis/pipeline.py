"""analyze(): raw article text in, one Analysis value out."""

import datetime
from collections.abc import Mapping, Sequence

from articles.analysis.cleaning import clean
from articles.analysis.entities import find_entities
from articles.analysis.results import Analysis
from articles.analysis.sentences import sentences_of
from articles.analysis.topics import score_topics


def analyze(
    raw_text: str,
    *,
    topics: Mapping[str, Sequence[str]],
    published: datetime.date | None = None,
) -> Analysis:
    cleaned = clean(raw_text or "")
    sentences = tuple(sentences_of(cleaned.paragraphs))
    return Analysis(
        title=cleaned.title,
        title_derived=cleaned.title_derived,
        byline=cleaned.byline,
        body=cleaned.body,
        sentences=sentences,
        entities=find_entities(cleaned.body),
        topics=score_topics(sentences, topics),
    )
