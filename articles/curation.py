"""Editorial operations on the data that the admin (and tests) call."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from articles.analysis import normalize_alias
from articles.models import Entity, EntityAlias, Mention


@transaction.atomic
def merge_entities(target: Entity, others: Iterable[Entity]) -> Entity:
    """Fold `others` into `target`: their mentions move (counts add up where both were
    mentioned in the same article) and their names and aliases become target's aliases,
    so the next ingest finds target under any of them."""
    for other in others:
        if other.pk == target.pk:
            continue
        for mention in Mention.objects.filter(entity=other):
            updated = Mention.objects.filter(entity=target, article_id=mention.article_id).update(
                count=F("count") + mention.count
            )
            if not updated:
                Mention.objects.create(
                    entity=target, article_id=mention.article_id, count=mention.count
                )
        EntityAlias.objects.filter(entity=other).update(entity=target)
        key = normalize_alias(other.name)
        if key and not EntityAlias.objects.filter(key=key).exists():
            EntityAlias.objects.create(entity=target, name=other.name, key=key)
        other.delete()
    return target
