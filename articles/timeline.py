"""Dated mentions, quotes and figures as rows, and the publication date with its origin.

Ingest calls `save_events` inside the article's transaction; the admin calls `reresolve_dates`
when an editor sets a date, so "on Monday" follows the article's new date.
"""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.analysis import Analysis
from articles.analysis.aliases import fold_accents
from articles.analysis.dates import find_dateline, find_dates
from articles.analysis.figures import is_conversion
from articles.analysis.sentences import split_sentences
from articles.analysis.topics import keyword_pattern
from articles.charts import cached_per_archive_version, volume_chart
from articles.models import Article, DatedMention, EntityAlias, Figure, Quote
from articles.readers import Document


def publication_date(document: Document) -> tuple[dt.date | None, str]:
    """The article's date and where it came from: the file's metadata, else a date the text
    states for itself (a dateline), else unknown. Never the latest year the text mentions."""
    if document.published:
        return document.published, document.metadata.get("date_origin", Article.DateOrigin.METADATA)
    stated = find_dateline(document.text)
    if stated:
        return stated, Article.DateOrigin.TEXT
    return None, Article.DateOrigin.UNKNOWN


def date_to_resolve_against(existing: Article | None, document: Document) -> dt.date | None:
    """What relative dates ("on Monday") are read against: an editor's date wins."""
    if existing is not None and "published_on" in existing.edited_fields:
        return existing.published_on
    return publication_date(document)[0]


def save_events(
    article: Article,
    analysis: Analysis,
    *,
    new: bool = False,
    alias_entity: dict[str, int] | None = None,
) -> None:
    """Replace the article's dated mentions, quotes and figures with the analysis's (a `new`
    article has none to replace). `alias_entity`: alias keys known to name an entity."""
    _save_dates(article, analysis.dates, new=new)
    if not new:
        Quote.objects.filter(article=article).delete()
    speakers = _speaker_entities({q.speaker for q in analysis.quotes if q.speaker}, alias_entity)
    Quote.objects.bulk_create(
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
    if not new:
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


def _save_dates(article: Article, mentions, *, new: bool = False) -> None:
    if not new:
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


# The topic timeline page -------------------------------------------------------------------

MAX_EVENTS = 300  # dated events listed on a page; the chart counts them all
SIMILAR = 0.3  # word overlap above which two sentences with one date tell of one event
_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")


@dataclass
class Event:
    """One thing the coverage says happened, with every article that mentions it."""

    precision: str
    start: dt.date
    end: dt.date
    sentence: str
    mentions: list = field(default_factory=list)  # DatedMention rows, article preloaded

    @property
    def label(self) -> str:
        return date_label(self.precision, self.start, self.end)

    @property
    def articles(self) -> list[Article]:
        return list({m.article_id: m.article for m in self.mentions}.values())

    @property
    def source_count(self) -> int:
        return len({m.article.source_id for m in self.mentions})


def date_label(precision: str, start: dt.date, end: dt.date) -> str:
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return start.strftime("%b %Y")
    if precision == "range" and start != end:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {end:%b %Y}"
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y}"


def group_events(mentions: Iterable[DatedMention]) -> list[Event]:
    """Mentions of one date whose sentences tell of the same thing become one event, so a wire
    story rewritten by three outlets is listed once with its three articles."""
    events: list[Event] = []
    by_date: dict[tuple, list[tuple[Event, frozenset[str]]]] = {}
    for mention in mentions:
        words = frozenset(_CONTENT_WORD.findall(mention.sentence.casefold()))
        key = (mention.precision, mention.start, mention.end)
        for event, event_words in by_date.get(key, []):
            union = words | event_words
            if union and len(words & event_words) / len(union) >= SIMILAR:
                event.mentions.append(mention)
                break
        else:
            event = Event(mention.precision, mention.start, mention.end, mention.sentence)
            event.mentions.append(mention)
            by_date.setdefault(key, []).append((event, words))
            events.append(event)
    return events


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
