"""The entity and source indexes, and what an entity page shows beside its articles.

The counts they show are kept by the database as rows are written (articles.counts), so
each reads a few index entries, not every article of a common entity."""

import string

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q

from articles.analysis.languages import language_name
from articles.models import Entity, EntityPair, Mention, Quote, Source
from articles.web.charts import TOTALS_SECONDS

INITIALS = tuple(string.ascii_uppercase) + ("#",)  # "#": names that start with anything else
CO_OCCURRING = 20


def entity_index(*, kind: str = "", initial: str = "", q: str = ""):
    """Entities with their article counts, most covered first, narrowed by kind, by the initial
    of their name, and by a name or alias that contains `q`."""
    return entity_filter(kind=kind, initial=initial, q=q).order_by("-article_count", "name")


def entity_filter(*, kind: str = "", initial: str = "", q: str = ""):
    """The entities of the index's filters, unordered (the API pages them by name)."""
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
    return Source.objects.order_by("name")


def mentions_newest_first(entity: Entity):
    """The entity's mentions with their articles, newest article first (undated last), in
    the order of the mention_entity_newest_idx index."""
    return (
        Mention.objects.filter(entity=entity)
        .select_related("article__source")
        .order_by(F("published_on").desc(nulls_last=True), "-count", "-article_id")
    )


def co_occurring(entity: Entity, limit: int = CO_OCCURRING) -> list[Entity]:
    """The entities named in the same articles as `entity`, each with `shared`: how many
    articles they share."""
    pairs = (
        EntityPair.objects.filter(entity=entity, articles__gt=0)
        .select_related("other")
        .order_by("-articles", "other__name")[:limit]
    )
    others = []
    for pair in pairs:
        pair.other.shared = pair.articles
        others.append(pair.other)
    return others


def coverage_languages(entity: Entity) -> list[dict]:
    """The languages of the articles that mention `entity`, most articles first: each with
    its name, its `?language=` value (und: unknown) and how many articles. Cached: it reads
    every article of the entity, thousands for a common one."""

    def compute():
        rows = (
            Mention.objects.filter(entity=entity)
            .values("article__language")
            .annotate(n=Count("article_id"))
            .order_by("-n", "article__language")
            .values_list("article__language", "n")
        )
        return [
            {"name": language_name(code) or "unknown", "param": code or "und", "count": n}
            for code, n in rows
        ]

    # The kept count changes whenever an article mentioning it comes or goes; a language an
    # editor changes shows within TOTALS_SECONDS. No statement at all when cached.
    key = f"entity-languages:{connection.alias}:{entity.pk}:{entity.article_count}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TOTALS_SECONDS)
    return value


def quotes_of(entity: Entity):
    """What the entity said: its quotes with their articles, newest first."""
    return (
        Quote.objects.filter(speaker=entity)
        .select_related("article__source")
        .order_by("-article__published_on", "article__title", "position")
    )
