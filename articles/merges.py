"""Merging entities into one, recorded so that an editor can undo a merge (EntityMerge).

A merge moves the others' mentions (counts add up where both were mentioned in the same
article), aliases, old slugs and quotes to the survivor and deletes the others. The record
keeps each merged entity's fields and which rows moved; undoing recreates the entities with
their own ids and moves exactly those rows back, or refuses, changing nothing, when the rows
are no longer as the merge left them.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.ingest.retries import run_with_retries
from articles.models import Entity, EntityAlias, EntityMerge, Mention, MergedEntity, Quote
from articles.search.tantivy import store as search_index


class MergeNotUndoable(Exception):
    """The merge cannot be undone; the message says why and what to do first."""


class EntityGone(Exception):
    """The entity a merge was to keep was merged away or deleted meanwhile (by a merge that
    ran at the same time): nothing was changed."""


def merge_entities(
    target: Entity, others: Iterable[Entity], *, by_editor: bool = True, editor=None
) -> Entity:
    """Fold `others` into `target`: their mentions move (counts add up where both were
    mentioned in the same article), their names and aliases become target's aliases, so the
    next ingest finds target under any of them, their quotes are target's, and their slugs
    lead to target from now on. The merge is recorded (EntityMerge) for `undo_merge`. One of
    `others` already merged away meanwhile is skipped; a `target` gone meanwhile raises
    EntityGone.

    An editor's merge marks target as curated: re-analysis never removes it.
    """
    others = list(others)
    if transaction.get_connection().in_atomic_block:
        # Inside a caller's transaction (an ingest's document), which retries as a whole.
        with transaction.atomic():
            return _merge(target, others, by_editor, editor)
    # Merges of different entities named in the same articles update the same pair counts
    # (EntityPair) in whatever order their mentions come: PostgreSQL may pick one as a
    # deadlock's victim, which is run again, not an outage.
    return run_with_retries(lambda: _merge(target, others, by_editor, editor))


def _merge(target: Entity, others: list[Entity], by_editor: bool, editor) -> Entity:
    # Two merges touching the same entities wait for each other: rows are locked in id
    # order, so neither holds one row while waiting for the other's.
    ids = {target.pk, *(other.pk for other in others)}
    alive = set(
        Entity.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if target.pk not in alive:
        gone = MergedEntity.objects.filter(slug=target.slug).select_related("entity").first()
        raise EntityGone(
            f"{target.name} was merged into {gone.entity.name} meanwhile."
            if gone
            else f"{target.name} no longer exists."
        )
    others = [o for o in dict.fromkeys(others) if o.pk != target.pk and o.pk in alive]
    if not others:
        return target
    articles = set(Mention.objects.filter(entity__in=others).values_list("article_id", flat=True))
    before = _counts(target, articles)
    merged = [_move(other, target) for other in others]
    after = _counts(target, articles)
    if by_editor and not target.curated:
        target.curated = True
        target.save(update_fields=["curated"])
    EntityMerge.objects.create(
        survivor=target,
        survivor_name=target.name,
        entities=merged,
        survivor_counts={str(a): [before.get(a, 0), after[a]] for a in sorted(articles)},
        by_editor=by_editor,
        merged_by=editor if editor is not None and editor.is_authenticated else None,
    )
    _reindex(articles)
    return target


def _reindex(articles) -> None:
    """The articles whose entities changed are indexed again once this commits: the search
    index filters by entity."""
    for article_id in articles:
        search_index.article_changed(article_id)


def _counts(entity: Entity, articles) -> dict[int, int]:
    return dict(
        Mention.objects.filter(entity=entity, article_id__in=articles).values_list(
            "article_id", "count"
        )
    )


def _move(other: Entity, target: Entity) -> dict:
    """Move `other`'s rows to `target` and delete it; what it was and what moved."""
    mentions = list(Mention.objects.filter(entity=other).values_list("article_id", "count"))
    for article_id, count in mentions:
        updated = Mention.objects.filter(entity=target, article_id=article_id).update(
            count=F("count") + count
        )
        if not updated:
            Mention.objects.create(entity=target, article_id=article_id, count=count)
    aliases = list(EntityAlias.objects.filter(entity=other).values_list("pk", flat=True))
    EntityAlias.objects.filter(pk__in=aliases).update(entity=target)
    alias_created = None
    key = EntityAlias.key_for(other.name)
    if key and not EntityAlias.objects.filter(key=key).exists():
        alias_created = EntityAlias.objects.create(entity=target, name=other.name).pk
    quotes = list(Quote.objects.filter(speaker=other).values_list("article_id", "position"))
    Quote.objects.filter(speaker=other).update(speaker=target)
    # Slugs merged into `other` earlier now lead to target as well.
    merged_slugs = list(MergedEntity.objects.filter(entity=other).values_list("pk", flat=True))
    MergedEntity.objects.filter(pk__in=merged_slugs).update(entity=target)
    slug_before = MergedEntity.objects.filter(slug=other.slug).values("entity_id", "name").first()
    MergedEntity.objects.update_or_create(
        slug=other.slug, defaults={"name": other.name, "entity": target}
    )
    record = {
        "id": other.pk,
        "name": other.name,
        "slug": other.slug,
        "kind": other.kind,
        "curated": other.curated,
        "mentions": [list(m) for m in mentions],
        "aliases": aliases,
        "alias_created": alias_created,
        "quotes": [list(q) for q in quotes],
        "merged_slugs": merged_slugs,
        "slug_before": slug_before,
    }
    other.delete()
    return record


@transaction.atomic
def undo_merge(merge_id: int, *, editor=None) -> list[Entity]:
    """Undo the merge `merge_id`: the merged entities come back, with their ids, slugs,
    aliases, mentions (the survivor's counts as they were) and quotes. Raises
    MergeNotUndoable, having changed nothing, when it was undone already or when later
    changes touch the same rows (a later merge, a re-ingest of one of the articles)."""
    merge = EntityMerge.objects.select_for_update().get(pk=merge_id)
    if merge.undone_at is not None:
        raise MergeNotUndoable(
            f"This merge was already undone on {merge.undone_at:%Y-%m-%d %H:%M}."
        )
    survivor = Entity.objects.select_for_update().filter(pk=merge.survivor_id).first()
    if survivor is None:
        later = _later_merge_of(merge)
        raise MergeNotUndoable(
            f"{merge.survivor_name} has since been merged into {later.survivor_name}: undo that "
            f"merge ({later.merged_at:%Y-%m-%d %H:%M}) first."
            if later
            else f"{merge.survivor_name} has since been deleted."
        )
    problems = _problems(merge, survivor)
    if problems:
        later = EntityMerge.objects.filter(
            survivor_id=survivor.pk, undone_at=None, pk__gt=merge.pk
        ).first()
        hint = (
            f" Undo the later merge of {later.merged_names} into {survivor.name} first."
            if later
            else ""
        )
        raise MergeNotUndoable("This merge cannot be undone: " + "; ".join(problems) + "." + hint)
    restored = [_restore(entity, survivor) for entity in merge.entities]
    for article, (before, _after) in merge.survivor_counts.items():
        mention = Mention.objects.filter(entity=survivor, article_id=int(article))
        if before:
            mention.update(count=before)
        else:
            mention.delete()
    merge.undone_at = timezone.now()
    merge.undone_by = editor if editor is not None and editor.is_authenticated else None
    merge.save(update_fields=["undone_at", "undone_by"])
    _reindex(int(article) for article in merge.survivor_counts)
    return restored


def _later_merge_of(merge: EntityMerge) -> EntityMerge | None:
    """The later merge, not undone, that took `merge`'s survivor away."""
    later = EntityMerge.objects.filter(undone_at=None, pk__gt=merge.pk).order_by("pk")
    return next((m for m in later if any(e["id"] == merge.survivor_id for e in m.entities)), None)


def _problems(merge: EntityMerge, survivor: Entity) -> list[str]:
    """What stops the merge being undone exactly: empty when the rows are as it left them."""
    problems = []
    for entity in merge.entities:
        taken = Entity.objects.filter(Q(pk=entity["id"]) | Q(slug=entity["slug"])).first()
        if taken is not None:
            problems.append(f"an entity {taken.name} now has the id or slug of {entity['name']}")
    counts = _counts(survivor, [int(a) for a in merge.survivor_counts])
    changed = [
        a for a, (_before, after) in merge.survivor_counts.items() if counts.get(int(a), 0) != after
    ]
    if changed:
        problems.append(
            f"{survivor.name}'s mentions in {len(changed)} of the articles it merged have "
            "changed since"
        )
    return problems


def _restore(entity: dict, survivor: Entity) -> Entity:
    restored = Entity.objects.create(
        pk=entity["id"],
        name=entity["name"],
        slug=entity["slug"],
        kind=entity["kind"],
        curated=entity["curated"],
    )
    Mention.objects.bulk_create(
        Mention(entity=restored, article_id=article_id, count=count)
        for article_id, count in entity["mentions"]
    )
    # Rows an editor deleted since stay deleted; those still on the survivor move back.
    EntityAlias.objects.filter(pk__in=entity["aliases"], entity=survivor).update(entity=restored)
    if entity["alias_created"]:
        EntityAlias.objects.filter(pk=entity["alias_created"], entity=survivor).delete()
    if entity["quotes"]:
        spoken = Q()
        for article_id, position in entity["quotes"]:
            spoken |= Q(article_id=article_id, position=position)
        Quote.objects.filter(spoken, speaker=survivor).update(speaker=restored)
    MergedEntity.objects.filter(pk__in=entity["merged_slugs"], entity=survivor).update(
        entity=restored
    )
    own_slug = MergedEntity.objects.filter(slug=entity["slug"], entity=survivor)
    before = entity["slug_before"]
    if before and Entity.objects.filter(pk=before["entity_id"]).exists():
        own_slug.update(entity_id=before["entity_id"], name=before["name"])
    else:
        own_slug.delete()
    return restored
