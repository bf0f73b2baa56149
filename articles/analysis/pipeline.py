"""analyze(): raw article text in, one Analysis value out."""

import datetime
from collections.abc import Mapping, Sequence

from articles.analysis.cleaning import clean
from articles.analysis.dates import find_dates
from articles.analysis.entities import find_entities
from articles.analysis.figures import find_figures
from articles.analysis.quotes import find_quotes
from articles.analysis.results import Analysis
from articles.analysis.sentences import sentences_of
from articles.analysis.topics import score_topics


def analyze(
    raw_text: str,
    *,
    topics: Mapping[str, Sequence[str]],
    published: datetime.date | None = None,
) -> Analysis:
    """`published`, when known, resolves relative dates ("on Monday", "in June")."""
    cleaned = clean(raw_text or "")
    sentences = tuple(sentences_of(cleaned.paragraphs))
    entities = find_entities(cleaned.body)
    # A headline's dates and figures are the article's too; a derived title repeats the text.
    headed = sentences if cleaned.title_derived else (cleaned.title, *sentences)
    return Analysis(
        title=cleaned.title,
        title_derived=cleaned.title_derived,
        byline=cleaned.byline,
        body=cleaned.body,
        sentences=sentences,
        entities=entities,
        topics=score_topics(sentences, topics),
        dates=find_dates(headed, published),
        quotes=find_quotes(cleaned.paragraphs, entities),
        figures=find_figures(headed),
    )
