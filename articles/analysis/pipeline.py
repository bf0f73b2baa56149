"""analyze(): raw article text in, one Analysis value out; analyze_many() for a batch."""

import datetime
from collections.abc import Mapping, Sequence

from articles.analysis import ner
from articles.analysis.cleaning import CleanedText, clean
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
    ner_model: str | None = ner.DEFAULT_MODEL,
) -> Analysis:
    """Analyse one article. `ner_model` names the spaCy pipeline that proposes names (None:
    the gazetteer and cue rules alone)."""
    (analysis,) = analyze_many(
        [raw_text], topics=topics, published=[published], ner_model=ner_model
    )
    return analysis


def analyze_many(
    raw_texts: Sequence[str],
    *,
    topics: Mapping[str, Sequence[str]],
    published: Sequence[datetime.date | None] | None = None,
    ner_model: str | None = ner.DEFAULT_MODEL,
) -> list[Analysis]:
    """Analyse several articles at once: the model reads their bodies in batches, which is
    much faster than one call per article."""
    cleaned = [clean(raw_text or "") for raw_text in raw_texts]
    bodies = [c.body for c in cleaned]
    spans = ner.propose(ner_model, bodies) if ner_model else [()] * len(bodies)
    dates = published if published is not None else [None] * len(cleaned)
    return [_analysis(c, s, topics, d) for c, s, d in zip(cleaned, spans, dates, strict=True)]


def _analysis(
    cleaned: CleanedText,
    spans: Sequence[ner.Span],
    topics: Mapping[str, Sequence[str]],
    published: datetime.date | None,
) -> Analysis:
    sentences = tuple(sentences_of(cleaned.paragraphs))
    entities = find_entities(cleaned.body, spans)
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
