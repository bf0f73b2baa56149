"""The entity and source indexes, and what an entity page shows beside its articles."""

import string

from django.db.models import Count, Q

from articles.models import Article, Entity, Quote, Source

INITIALS = tuple(string.ascii_uppercase) + ("#",)  # "#": names that start with anything else
CO_OCCURRING = 20


def entity_index(*, kind: str = "", initial: str = "", q: str = ""):
    """Entities with their article counts, most covered first, narrowed by kind, by the initial
    of their name, and by a name or alias that contains `q`."""
    entities = entity_filter(kind=kind, initial=initial, q=q)
    return entities.annotate(article_count=Count("mentions")).order_by("-article_count", "name")


def entity_filter(*, kind: str = "", initial: str = "", q: str = ""):
    """The entities of the index's filters, uncounted and unordered (the API pages them by
    name and counts one page's)."""
    entities = Entity.objects.all()
    if kind:
        entities = entities.filter(kind=kind)
    if initial == "#":
        entities = entities.exclude(
            Q.create([("name__istartswith", letter) for letter in string.ascii_uppercase], Q.OR)
        )
    elif initial:
        entities = entities.filter(name__istartswith=initial)
    if q:
        named = Entity.objects.filter(Q(name__icontains=q) | Q(aliases__name__icontains=q))
        entities = entities.filter(pk__in=named.values("pk"))
    return entities


def source_index():
    return Source.objects.annotate(article_count=Count("articles")).order_by("name")


def co_occurring(entity: Entity, limit: int = CO_OCCURRING):
    """The entities named in the same articles as `entity`, with how many articles they share."""
    return (
        Entity.objects.filter(mentions__article__in=Article.objects.mentioning(entity))
        .exclude(pk=entity.pk)
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name")[:limit]
    )


def quotes_of(entity: Entity):
    """What the entity said: its quotes with their articles, newest first."""
    return (
        Quote.objects.filter(speaker=entity)
        .select_related("article__source")
        .order_by("-article__published_on", "article__title", "position")
    )
