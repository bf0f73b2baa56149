"""What the article and story pages show of an article's similar articles and its story."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Min, Q

from articles.analysis.results import DateMention, Figure
from articles.derived import as_value
from articles.models import Article, ArticleSimilarity, Story, StoryArticle
from articles.stories.links import TEXT_OVER_EVENT, pairs_of
from articles.stories.same_event import entity_names, reasons_from


@dataclass(frozen=True)
class SimilarArticle:
    article: Article
    score: float
    kind: str
    compare_url: str
    reasons: tuple[str, ...] = ()  # why a same-event pair is one event


def similar_to(article: Article) -> list[SimilarArticle]:
    """The articles paired with `article`, most similar first, a same-event pair with its
    evidence in words (the entities' names read in one query)."""
    pairs = list(
        pairs_of(article.pk)
        .select_related("first__source", "second__source")
        .defer(*LIGHT_PAIR)
        .order_by("-score")
    )
    names = entity_names(pk for pair in pairs for pk in pair.evidence.get("entities", ()))
    result = []
    for pair in pairs:
        other = pair.second if pair.first_id == article.pk else pair.first
        reasons = reasons_from(pair.evidence, names) if pair.evidence else ()
        result.append(
            SimilarArticle(other, pair.score, pair.kind, pair.get_absolute_url(), reasons)
        )
    return result


def story_of(article: Article) -> Story | None:
    membership = StoryArticle.objects.filter(article=article).select_related("story").first()
    return membership.story if membership else None


STORY_PAGE_ARTICLES = 50
LIGHT_PAIR = ("first__body", "first__raw_text", "second__body", "second__raw_text")


@dataclass(frozen=True)
class StoryEntry:
    article: Article
    came_from: Article | None  # the earlier article it most likely copies or rewrites


@dataclass(frozen=True)
class StoryOverview:
    story: Story
    page: Page  # of StoryEntry, by date, undated last
    size: int
    earliest: Article | None  # the first one published, when any has a known date
    sources: list[tuple[str, datetime.date]]  # each source's first day in the story, in order
    pairs: list[ArticleSimilarity]  # among the page's articles


def _before(a: Article, b: Article) -> bool:
    """Whether `a` appeared before `b`: by publication day, then by when it was archived."""
    if a.published_on and b.published_on and a.published_on != b.published_on:
        return a.published_on < b.published_on
    return (a.created_at, a.pk) < (b.created_at, b.pk)


def story_overview(story: Story, page_number=None) -> StoryOverview:
    """One page of a story's articles in the order they appeared, each with the article it
    most likely came from (its most similar earlier article), and the order in which the
    sources first reported it. A fixed number of queries whatever the story's size."""
    # Never the bodies: a page of a story is titles and dates.
    ordered = (
        story.articles.select_related("source")
        .defer("body", "raw_text")
        .order_by(F("published_on").asc(nulls_last=True), "created_at", "pk")
    )
    page = Paginator(ordered, STORY_PAGE_ARTICLES).get_page(page_number)
    articles = list(page.object_list)
    ids = [a.pk for a in articles]
    # A copy or a rewrite comes from an earlier article; a report of the same event does not.
    touching = ArticleSimilarity.objects.filter(kind__in=TEXT_OVER_EVENT).filter(
        Q(first_id__in=ids) | Q(second_id__in=ids)
    )
    origin: dict[int, tuple[float, Article]] = {}
    touching = touching.select_related("first__source", "second__source").defer(*LIGHT_PAIR)
    for pair in touching.order_by("-score"):
        for later, earlier in ((pair.first, pair.second), (pair.second, pair.first)):
            if later.pk in ids and _before(earlier, later) and later.pk not in origin:
                origin[later.pk] = (pair.score, earlier)
    entries = [StoryEntry(a, origin[a.pk][1] if a.pk in origin else None) for a in articles]
    page.object_list = entries
    pairs = list(
        ArticleSimilarity.objects.filter(first_id__in=ids, second_id__in=ids)
        .select_related("first", "second")
        .defer(*LIGHT_PAIR)
        .order_by("-score")
    )
    first = ordered.first()
    earliest = first if first and first.published_on else None
    sources = [
        (row["source__name"], row["first"])
        for row in story.articles.filter(published_on__isnull=False)
        .values("source__name")
        .annotate(first=Min("published_on"))
        .order_by("first", "source__name")
    ]
    return StoryOverview(story, page, page.paginator.count, earliest, sources, pairs)


def figures_and_dates(article: Article) -> tuple[tuple[Figure, ...], tuple[DateMention, ...]]:
    """The article's figures and dated mentions (the rows articles.derived writes) as the
    analysis values the comparison works on. Conversions ("£50.76bn" after "$65bn") are left
    out: they restate the figure before them."""
    figures = tuple(as_value(row, Figure) for row in article.figures.filter(conversion=False))
    dates = tuple(as_value(row, DateMention) for row in article.dated_mentions.all())
    return figures, dates
