"""Entity resolution: the entity each name an analysis found refers to, and the article's
mentions of them."""

from collections.abc import Iterable
from dataclasses import replace

from django.db import IntegrityError

from articles.analysis import EntityHit
from articles.derived import replace_rows
from articles.ingest.known_rows import NOTHING_KNOWN, KnownRows
from articles.limits import clipped, max_length
from articles.merges import merge_entities
from articles.models import Article, Entity, EntityAlias, Mention, MergedEntity, unique_slug
from articles.search.tantivy import store as search_index


def resolve_entity(hit: EntityHit, known: KnownRows = NOTHING_KNOWN) -> Entity:
    """The entity `hit` refers to: found through any of its aliases, or created.

    The result must not depend on which article came first: a lone surname finds the one
    person whose full name ends with it, and a new full name takes in the lone surname an
    earlier article left behind ("Leyen" -> Ursula von der Leyen).
    """
    names = hit.aliases | {hit.name}
    keys = {EntityAlias.key_for(name) for name in names} - {""}
    aliases = {a.key: a for a in EntityAlias.objects.filter(key__in=keys).select_related("entity")}
    main_key = EntityAlias.key_for(hit.name)
    entity = aliases[main_key].entity if main_key in aliases else _most_named(aliases.values())
    if entity is None and hit.kind == Entity.Kind.PERSON and " " not in main_key:
        entity = _person_by_surname(main_key)
    created = entity is None
    if created:
        entity = Entity.objects.create(name=hit.name, kind=hit.kind, slug=_entity_slug(hit.name))
    new_aliases = {
        key: EntityAlias(entity=entity, name=clipped(EntityAlias, "name", name), key=key)
        for name in sorted(names)
        if (key := EntityAlias.key_for(name)) and key not in aliases
    }
    EntityAlias.objects.bulk_create(new_aliases.values(), ignore_conflicts=True)
    if created and EntityAlias.objects.filter(key=main_key).exclude(entity=entity).exists():
        # A concurrent ingest claimed the name first: write the file again to use its entity.
        raise IntegrityError(f"entity alias {main_key!r} was created by another ingest")
    known.learn_aliases((key, alias.entity_id) for key, alias in aliases.items())
    if created:
        known.learn_aliases([(main_key, entity.pk)])
    person = created and hit.kind == Entity.Kind.PERSON and " " in main_key
    if person and _take_in_lone_surname(entity, main_key.split()[-1]):
        known.forget()  # aliases moved to another entity
    return entity


def _entity_slug(name: str) -> str:
    """A slug no entity uses and no merged-away entity used: old links keep leading to the
    entity it was merged into."""
    slug, n = unique_slug(Entity, name), 1
    while MergedEntity.objects.filter(slug=slug).exists():
        n += 1
        slug = unique_slug(Entity, f"{name} {n}")
    return slug


def _most_named(aliases) -> Entity | None:
    """Of the entities some of a hit's names already belong to, the one most of them do
    (then the oldest): the same answer whatever order the aliases came in."""
    votes: dict[int, list] = {}
    for alias in aliases:
        votes.setdefault(alias.entity_id, []).append(alias.entity)
    if not votes:
        return None
    best = min(votes, key=lambda pk: (-len(votes[pk]), pk))
    return votes[best][0]


def _person_by_surname(surname: str) -> Entity | None:
    people = set(
        EntityAlias.objects.filter(
            entity__kind=Entity.Kind.PERSON, key__endswith=f" {surname}"
        ).values_list("entity_id", flat=True)
    )
    return Entity.objects.get(pk=people.pop()) if len(people) == 1 else None


def _take_in_lone_surname(person: Entity, surname: str) -> bool:
    """Fold into a new `person` the person an earlier article knew only as `surname`, when
    `person` is the only one with that surname. Whether it did."""
    lone = EntityAlias.objects.filter(
        key=surname, entity__kind=Entity.Kind.PERSON, entity__curated=False
    ).select_related("entity")
    merged = False
    for alias in lone:
        if _person_by_surname(surname) == person:
            merge_entities(person, [alias.entity], by_editor=False)
            merged = True
    return merged


def save_mentions(
    article: Article,
    hits: Iterable[EntityHit],
    *,
    new: bool = False,
    known: KnownRows = NOTHING_KNOWN,
) -> int:
    """Replace the article's mentions (names too long to keep are left out, see
    names_that_fit); returns how many entities no article mentions any more were removed."""
    hits, _ = names_that_fit(hits)
    counts: dict[int, int] = {}
    # Sorted by name: concurrent ingests take the entities' unique keys in the same order,
    # which avoids deadlocks.
    for hit in sorted(hits, key=lambda h: EntityAlias.key_for(h.name)):
        entity_id = known.entity_of(hit)
        if entity_id is None:
            entity_id = resolve_entity(hit, known).pk
        counts[entity_id] = counts.get(entity_id, 0) + hit.count
    before = set()
    if not new:
        before = set(Mention.objects.filter(article=article).values_list("entity_id", flat=True))
    rows = (Mention(article=article, entity_id=pk, count=count) for pk, count in counts.items())
    replace_rows(Mention, article, rows, new=new)
    if before != counts.keys():
        # Its entities are a filter of the search index, which reads it again once this commits.
        search_index.article_changed(article.pk)
    removed = remove_unmentioned_entities(before - counts.keys()) if before else 0
    if removed:
        known.forget()  # it may hold aliases of the entities just deleted
    return removed


def remove_unmentioned_entities(candidates: Iterable[int] | None = None) -> int:
    """Delete entities no article mentions any more, among `candidates` (None: all), except
    those an editor curated. Returns how many were deleted."""
    entities = Entity.objects.filter(curated=False, mentions__isnull=True)
    if candidates is not None:
        entities = entities.filter(pk__in=list(candidates))
    _, deleted = Entity.objects.filter(pk__in=list(entities.values_list("pk", flat=True))).delete()
    return deleted.get(Entity._meta.label, 0)


def names_that_fit(hits: Iterable[EntityHit]) -> tuple[list[EntityHit], list[str]]:
    """The hits without names (or aliases) longer than the database keeps: a 200-character
    "name" is a run of capitalised words, not an entity."""
    limit = max_length(Entity, "name")
    kept, dropped = [], 0
    for hit in hits:
        if len(hit.name) > limit or len(EntityAlias.key_for(hit.name)) > limit:
            dropped += 1
            continue
        aliases = {
            a for a in hit.aliases if len(a) <= limit and len(EntityAlias.key_for(a)) <= limit
        }
        kept.append(replace(hit, aliases=frozenset(aliases)) if aliases != hit.aliases else hit)
    warnings = [f"ignored {dropped} name(s) longer than {limit} characters"] if dropped else []
    return kept, warnings
