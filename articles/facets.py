"""Facet counts for a set of matching articles: how many fall in each source, topic, entity
and year. Each facet is one grouped query over the match set, whatever its size."""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear

from articles.models import ArticleTopic, Mention


@dataclass(frozen=True)
class Facets:
    sources: list[dict]
    topics: list[dict]
    entities: list[dict]
    years: list[dict]


def facet_counts(matches, entity_limit: int = 12) -> Facets:
    ids = matches.order_by().values("pk")
    sources = (
        matches.order_by()
        .values("source__slug", "source__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "source__name")
    )
    topics = (
        ArticleTopic.objects.filter(article__in=ids)
        .values("topic__slug", "topic__name")
        .annotate(n=Count("article_id"))
        .order_by("-n", "topic__name")
    )
    entities = (
        Mention.objects.filter(article__in=ids)
        .values("entity__slug", "entity__name", "entity__kind")
        .annotate(n=Count("article_id"))
        .order_by("-n", "entity__name")[:entity_limit]
    )
    years = (
        matches.order_by()
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return Facets(list(sources), list(topics), list(entities), list(years))
