"""What the article and story pages show of an article's similar articles and its story."""

from dataclasses import dataclass

from django.db.models import F

from articles.analysis.results import DateMention, Figure
from articles.derived import as_value
from articles.models import Article, ArticleSimilarity, Story, StoryArticle
from articles.stories.links import pairs_of


@dataclass(frozen=True)
class SimilarArticle:
    article: Article
    score: float
    kind: str
    compare_url: str


def similar_to(article: Article) -> list[SimilarArticle]:
    """The articles paired with `article`, most similar first."""
    pairs = pairs_of(article.pk).select_related("first__source", "second__source")
    result = []
    for pair in pairs.order_by("-score"):
        other = pair.second if pair.first_id == article.pk else pair.first
        result.append(SimilarArticle(other, pair.score, pair.kind, pair.get_absolute_url()))
    return result


def story_of(article: Article) -> Story | None:
    membership = StoryArticle.objects.filter(article=article).select_related("story").first()
    return membership.story if membership else None


@dataclass(frozen=True)
class StoryOverview:
    story: Story
    articles: list[Article]  # by date, undated last
    earliest: Article | None  # the first one published, when any has a known date
    pairs: list[ArticleSimilarity]


def story_overview(story: Story) -> StoryOverview:
    articles = list(
        story.articles.select_related("source").order_by(
            F("published_on").asc(nulls_last=True), "created_at", "pk"
        )
    )
    ids = [a.pk for a in articles]
    pairs = list(
        ArticleSimilarity.objects.filter(first_id__in=ids, second_id__in=ids)
        .select_related("first", "second")
        .order_by("-score")
    )
    earliest = articles[0] if articles and articles[0].published_on else None
    return StoryOverview(story, articles, earliest, pairs)


def figures_and_dates(article: Article) -> tuple[tuple[Figure, ...], tuple[DateMention, ...]]:
    """The article's figures and dated mentions (the rows articles.derived writes) as the
    analysis values the comparison works on. Conversions ("£50.76bn" after "$65bn") are left
    out: they restate the figure before them."""
    figures = tuple(as_value(row, Figure) for row in article.figures.filter(conversion=False))
    dates = tuple(as_value(row, DateMention) for row in article.dated_mentions.all())
    return figures, dates
