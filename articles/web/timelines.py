"""The topic timeline page: its chart, its events and its articles."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.analysis.aliases import fold_accents
from articles.analysis.topics import keyword_pattern
from articles.models import Article, DatedMention
from articles.timelines.events import MAX_EVENTS, Event, group_events
from articles.web.charts import cached_per_archive_version, volume_chart


@dataclass(frozen=True)
class TopicTimeline:
    chart: object
    events: list[Event]
    events_total: int
    dated: object  # ArticleTopic queryset, newest first
    undated: object  # ArticleTopic queryset, highest score first


def topic_timeline(topic, *, source=None, date_from=None, date_to=None) -> TopicTimeline:
    """What the topic page shows, narrowed to one source and to a date range (publication
    dates for articles, event dates for events)."""
    articles = Article.objects.for_topic(topic)
    if source is not None:
        articles = articles.filter(source=source)
    dated_articles = articles
    if date_from:
        dated_articles = dated_articles.filter(published_on__gte=date_from)
    if date_to:
        dated_articles = dated_articles.filter(published_on__lte=date_to)
    mentions = DatedMention.objects.filter(article__in=articles).exclude(start=None)
    if date_from:
        mentions = mentions.filter(end__gte=date_from)
    if date_to:
        mentions = mentions.filter(start__lte=date_to)
    listed = mentions.select_related("article__source").order_by("start", "end", "article_id")
    events = group_events(listed[: MAX_EVENTS * 3])[:MAX_EVENTS]
    scores = topic.article_scores.select_related("article__source")
    key = f"topic-chart:{topic.pk}:{getattr(source, 'pk', '')}:{date_from}:{date_to}"
    chart, events_total = cached_per_archive_version(
        key,
        lambda: (
            volume_chart(dated_articles, title=f"{topic.name} over time", events=mentions),
            mentions.count(),
        ),
    )
    return TopicTimeline(
        chart=chart,
        events=events,
        events_total=events_total,
        dated=scores.filter(article__in=dated_articles.exclude(published_on=None)).order_by(
            "-article__published_on", "-score"
        ),
        undated=scores.filter(article__in=articles.filter(published_on=None)).order_by(
            "-score", "article__title"
        ),
    )


def mark_keywords(sentence: str, keywords: Sequence[str]) -> SafeString:
    """`sentence`, escaped, with the words that matched the topic's keywords in <mark>."""
    pattern = keyword_pattern(tuple(keywords))
    if pattern is None:
        return escape(sentence)
    out, at = [], 0
    # Folding keeps every offset, so matches on the folded text slice the original.
    for match in pattern.finditer(fold_accents(sentence)):
        out.append(escape(sentence[at : match.start()]))
        out.append(f"<mark>{escape(sentence[match.start() : match.end()])}</mark>")
        at = match.end()
    out.append(escape(sentence[at:]))
    return mark_safe("".join(out))
