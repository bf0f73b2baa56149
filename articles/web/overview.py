"""What the archive holds, in one line for its home page."""

from dataclasses import dataclass

from django.db.models import Max, Min

from articles.models import Article, Entity, Source, Topic


@dataclass(frozen=True)
class Overview:
    articles: int
    sources: int
    topics: int
    entities: int
    first_year: int | None  # None when no article is dated
    last_year: int | None


def archive_overview(articles: int) -> Overview:
    """The archive's contents; `articles` is the count the page already has (no second count)."""
    span = Article.objects.aggregate(first=Min("published_on"), last=Max("published_on"))
    return Overview(
        articles=articles,
        sources=Source.objects.count(),
        topics=Topic.objects.count(),
        entities=Entity.objects.count(),
        first_year=span["first"].year if span["first"] else None,
        last_year=span["last"].year if span["last"] else None,
    )
