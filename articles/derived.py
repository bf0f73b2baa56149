"""The rows an analysis gives an article: topic scores, dated mentions, quotes and figures.

Ingest and re-analysis write them through the same functions, inside the article's
transaction; the admin calls `reresolve_dates` when an editor sets a date, so "on Monday"
follows the article's new date. Mentions are written by ingest's entity resolution, through
`replace_rows` too.
"""

import dataclasses
from collections.abc import Iterable

from django.db import models, transaction

from articles.analysis import Analysis
from articles.analysis.dates import find_dates
from articles.analysis.figures import is_conversion
from articles.analysis.sentences import split_sentences
from articles.limits import fit_to_fields
from articles.models import Article, ArticleTopic, DatedMention, EntityAlias, Figure, Quote, Topic
from articles.search.tantivy import store as search_index


def replace_rows(
    model: type[models.Model],
    article: Article,
    rows: Iterable[models.Model],
    *,
    new: bool = False,
    **scope,
) -> list[models.Model]:
    """Replace the article's rows of `model` (those matching `scope`, when given) with `rows`,
    each fitted to its fields. A `new` article (inserted in this transaction) has none."""
    if not new:
        model.objects.filter(article=article, **scope).delete()
    rows = list(rows)
    for row in rows:
        fit_to_fields(row)
    return model.objects.bulk_create(rows)


def save_topic_scores(
    article: Article, scores: dict, topics: list[Topic], *, new: bool = False
) -> None:
    """Replace the article's scores for `topics` with `scores` (slug -> TopicScore)."""
    by_slug = {t.slug: t for t in topics}
    rows = [
        ArticleTopic(article=article, topic=by_slug[slug], score=s.score, evidence=list(s.evidence))
        for slug, s in scores.items()
        if slug in by_slug
    ]
    before = set()
    if not new:
        had = ArticleTopic.objects.filter(article=article, topic__in=topics)
        before = set(had.values_list("topic_id", flat=True))
    replace_rows(ArticleTopic, article, rows, new=new, topic__in=topics)
    if before != {row.topic.pk for row in rows}:
        # Its topics are a filter of the search index, which reads it again once this commits.
        search_index.article_changed(article.pk)


def save_events(
    article: Article,
    analysis: Analysis,
    *,
    new: bool = False,
    alias_entity: dict[str, int] | None = None,
) -> None:
    """Replace the article's dated mentions, quotes and figures with the analysis's.
    `alias_entity`: alias keys known to name an entity."""
    save_dates(article, analysis.dates, new=new)
    speakers = _speaker_entities({q.speaker for q in analysis.quotes if q.speaker}, alias_entity)
    quotes = (
        Quote(
            article=article,
            position=i,
            text=q.text,
            sentence=q.sentence,
            speaker_id=speakers.get(q.speaker),
            speaker_name=q.speaker or "",
        )
        for i, q in enumerate(analysis.quotes)
    )
    replace_rows(Quote, article, quotes, new=new)
    figures = analysis.figures
    rows = (
        Figure(
            article=article,
            position=i,
            conversion=i > 0 and is_conversion(figures[i - 1], f),
            **dataclasses.asdict(f),
        )
        for i, f in enumerate(figures)
    )
    replace_rows(Figure, article, rows, new=new)


def reresolve_dates(article: Article) -> None:
    """Read the article's dates again against its current publication date."""
    sentences = [article.title, *split_sentences(article.body)]
    if article.title_derived:
        sentences = sentences[1:]
    with transaction.atomic():
        save_dates(article, find_dates(sentences, article.published_on, article.language))


def save_dates(article: Article, mentions, *, new: bool = False) -> None:
    rows = (
        DatedMention(article=article, position=i, **dataclasses.asdict(m))
        for i, m in enumerate(mentions)
    )
    replace_rows(DatedMention, article, rows, new=new)


def as_value(row: models.Model, value_type: type):
    """A stored row as the analysis value it was written from (the comparison works on those):
    the two share their field names."""
    return value_type(**{f.name: getattr(row, f.name) for f in dataclasses.fields(value_type)})


def _speaker_entities(names: set[str], alias_entity: dict[str, int] | None = None) -> dict:
    """Speaker name -> entity id, through the aliases ingest has just saved for the article
    (or known to exist: `alias_entity`)."""
    keys = {EntityAlias.key_for(name): name for name in names}
    known = alias_entity or {}
    found = {keys[key]: known[key] for key in keys if key in known}
    unknown = [key for key in keys if key not in known]
    if unknown:
        rows = EntityAlias.objects.filter(key__in=unknown).values_list("key", "entity_id")
        found.update((keys[key], entity_id) for key, entity_id in rows)
    return found
