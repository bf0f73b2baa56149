"""Dated mentions, quotes and figures as rows, and the publication date with its origin.

Ingest calls `save_events` inside the article's transaction; the admin calls `reresolve_dates`
when an editor sets a date, so "on Monday" follows the article's new date.
"""

import datetime as dt

from django.db import transaction

from articles.analysis import Analysis, normalize_alias
from articles.analysis.dates import find_dateline, find_dates
from articles.analysis.figures import is_conversion
from articles.analysis.sentences import split_sentences
from articles.models import Article, DatedMention, EntityAlias, Figure, Quote
from articles.readers import Document


def publication_date(document: Document) -> tuple[dt.date | None, str]:
    """The article's date and where it came from: the file's metadata, else a date the text
    states for itself (a dateline), else unknown. Never the latest year the text mentions."""
    if document.published:
        return document.published, Article.DateOrigin.METADATA
    stated = find_dateline(document.text)
    if stated:
        return stated, Article.DateOrigin.TEXT
    return None, Article.DateOrigin.UNKNOWN


def date_to_resolve_against(existing: Article | None, document: Document) -> dt.date | None:
    """What relative dates ("on Monday") are read against: an editor's date wins."""
    if existing is not None and "published_on" in existing.edited_fields:
        return existing.published_on
    return publication_date(document)[0]


def save_events(article: Article, analysis: Analysis) -> None:
    """Replace the article's dated mentions, quotes and figures with the analysis's."""
    _save_dates(article, analysis.dates)
    Quote.objects.filter(article=article).delete()
    speakers = _speaker_entities({q.speaker for q in analysis.quotes if q.speaker})
    Quote.objects.bulk_create(
        Quote(
            article=article,
            position=i,
            text=q.text,
            sentence=q.sentence,
            speaker=speakers.get(q.speaker),
            speaker_name=q.speaker or "",
        )
        for i, q in enumerate(analysis.quotes)
    )
    Figure.objects.filter(article=article).delete()
    figures = analysis.figures
    Figure.objects.bulk_create(
        Figure(
            article=article,
            position=i,
            text=f.text[:200],
            kind=f.kind,
            value=f.value,
            unit=f.unit,
            sentence=f.sentence,
            conversion=i > 0 and is_conversion(figures[i - 1], f),
        )
        for i, f in enumerate(figures)
    )


def reresolve_dates(article: Article) -> None:
    """Read the article's dates again against its current publication date."""
    sentences = [article.title, *split_sentences(article.body)]
    if article.title_derived:
        sentences = sentences[1:]
    with transaction.atomic():
        _save_dates(article, find_dates(sentences, article.published_on))


def _save_dates(article: Article, mentions) -> None:
    DatedMention.objects.filter(article=article).delete()
    DatedMention.objects.bulk_create(
        DatedMention(
            article=article,
            position=i,
            text=m.text[:200],
            sentence=m.sentence,
            precision=m.precision,
            start=m.start,
            end=m.end,
            relative=m.relative,
        )
        for i, m in enumerate(mentions)
    )


def _speaker_entities(names: set[str]) -> dict:
    """Speaker name -> Entity, through the aliases ingest has just saved for the article."""
    keys = {normalize_alias(name): name for name in names}
    found = EntityAlias.objects.filter(key__in=keys).select_related("entity")
    return {keys[alias.key]: alias.entity for alias in found}
