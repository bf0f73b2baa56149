"""The timeline pages: a topic's (its chart, its key events, its dated mentions and its
articles), and the key events of a search, an entity or a source."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.analysis.aliases import fold_accents
from articles.analysis.topics import keyword_pattern
from articles.models import Article, DatedMention
from articles.timelines.events import MAX_EVENTS, Event, group_events
from articles.timelines.key_events import KeyEvent, key_events
from articles.web.charts import cached_per_archive_version, volume_chart, with_markers


@dataclass(frozen=True)
class TopicTimeline:
    chart: object
    key_events: list[KeyEvent]  # in the reader's order
    key_events_more: bool  # whether a larger choice would show more
    events: list[Event]  # the dated mentions, grouped (the full list)
    events_total: int
    dated: object  # ArticleTopic queryset, newest first
    undated: object  # ArticleTopic queryset, highest score first


def chosen_events(articles, *, keywords, topic=None, events=10, order="newest", date_from=None,
                  date_to=None) -> tuple[list[KeyEvent], bool]:  # fmt: skip
    """The `events` (a number, or None for all) key events of `articles` within the dates,
    in `order` ("newest" or "oldest" first), and whether there are more."""
    chosen = key_events(
        articles,
        limit=None if events is None else events + 1,
        keywords=keywords,
        topic=topic,
        within=(date_from, date_to),
    )
    more = events is not None and len(chosen) > events
    chosen = chosen[:events] if events is not None else chosen
    chosen.sort(key=lambda e: e.day, reverse=order != "oldest")
    return chosen, more


def topic_timeline(
    topic, *, source=None, date_from=None, date_to=None, events=10, order="newest", mentions=False
) -> TopicTimeline:
    """What the topic page shows, narrowed to one source and to a date range (publication
    dates for articles, event dates for events); with `mentions`, the grouped list of every
    dated mention too (its own page: hundreds of them are slow to draw)."""
    articles = Article.objects.for_topic(topic)
    if source is not None:
        articles = articles.filter(source=source)
    dated_articles = articles
    if date_from:
        dated_articles = dated_articles.filter(published_on__gte=date_from)
    if date_to:
        dated_articles = dated_articles.filter(published_on__lte=date_to)
    dated = DatedMention.objects.filter(article__in=articles).exclude(start=None)
    if date_from:
        dated = dated.filter(end__gte=date_from)
    if date_to:
        dated = dated.filter(start__lte=date_to)
    grouped = []
    if mentions:
        listed = dated.select_related("article__source").order_by("start", "end", "article_id")
        grouped = group_events(listed[: MAX_EVENTS * 3])[:MAX_EVENTS]
    chosen, more = cached_per_archive_version(
        f"topic-key-events:{topic.pk}:{getattr(source, 'pk', '')}:{date_from}:{date_to}:"
        f"{events}:{order}:{topic_corrections_version(topic)}",
        lambda: chosen_events(
            articles,
            keywords=topic.keyword_list,
            topic=topic,
            events=events,
            order=order,
            date_from=date_from,
            date_to=date_to,
        ),
    )
    scores = topic.article_scores.select_related("article__source")
    key = f"topic-chart:{topic.pk}:{getattr(source, 'pk', '')}:{date_from}:{date_to}"
    chart, events_total = cached_per_archive_version(
        key,
        lambda: (
            volume_chart(dated_articles, title=f"{topic.name} over time", events=dated),
            dated.count(),
        ),
    )
    return TopicTimeline(
        chart=with_markers(chart, chosen),
        key_events=chosen,
        key_events_more=more,
        events=grouped,
        events_total=events_total,
        dated=scores.filter(article__in=dated_articles.exclude(published_on=None)).order_by(
            "-article__published_on", "-score"
        ),
        undated=scores.filter(article__in=articles.filter(published_on=None)).order_by(
            "-score", "article__title"
        ),
    )


@dataclass(frozen=True)
class ArticlesTimeline:
    chart: object
    key_events: list[KeyEvent]
    key_events_more: bool
    article_count: int


def articles_timeline(
    articles, *, title, keywords, source=None, date_from=None, date_to=None, events=10,
    order="newest",
) -> ArticlesTimeline:  # fmt: skip
    """The key events of any set of articles (a search's, an entity's, a source's)."""
    if source is not None:
        articles = articles.filter(source=source)
    key, more = chosen_events(
        articles,
        keywords=keywords,
        events=events,
        order=order,
        date_from=date_from,
        date_to=date_to,
    )
    dated = articles
    if date_from:
        dated = dated.filter(published_on__gte=date_from)
    if date_to:
        dated = dated.filter(published_on__lte=date_to)
    chart = volume_chart(dated, title=f"{title}: articles over time")
    return ArticlesTimeline(with_markers(chart, key), key, more, articles.count())


def topic_corrections_version(topic) -> str:
    """Changes whenever an editor corrects one of the topic's key events, so that the cached
    timeline shows the correction at once."""
    latest = topic.timeline_corrections.order_by("-updated_at").values_list("updated_at", "pk")
    row = latest.first()
    return f"{row[0].timestamp()}-{topic.timeline_corrections.count()}" if row else "none"


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
