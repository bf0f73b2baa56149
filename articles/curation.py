"""Editorial operations on the data that the admin (and tests) call."""

import itertools
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from articles.analysis import score_topics
from articles.analysis.aliases import fold_accents
from articles.analysis.sentences import split_sentences
from articles.derived import save_topic_scores
from articles.ingest.retries import run_with_retries
from articles.models import Article, Entity, EntityAlias, Mention, MergedEntity, Topic


class EntityGone(Exception):
    """The entity a merge was to keep was merged away or deleted meanwhile (by a merge that
    ran at the same time): nothing was changed."""


def merge_entities(target: Entity, others: Iterable[Entity], *, by_editor: bool = True) -> Entity:
    """Fold `others` into `target`: their mentions move (counts add up where both were
    mentioned in the same article), their names and aliases become target's aliases, so the
    next ingest finds target under any of them, and their slugs lead to target from now on.
    One of `others` already merged away meanwhile is skipped; a `target` gone meanwhile
    raises EntityGone.

    An editor's merge marks target as curated: re-analysis never removes it.
    """
    others = list(others)
    if transaction.get_connection().in_atomic_block:
        # Inside a caller's transaction (an ingest's document), which retries as a whole.
        with transaction.atomic():
            return _merge(target, others, by_editor)
    # Merges of different entities named in the same articles update the same pair counts
    # (EntityPair) in whatever order their mentions come: PostgreSQL may pick one as a
    # deadlock's victim, which is run again, not an outage.
    return run_with_retries(lambda: _merge(target, others, by_editor))


def _merge(target: Entity, others: list[Entity], by_editor: bool) -> Entity:
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
        survivor = survivor_of(target.slug)
        raise EntityGone(
            f"{target.name} was merged into {survivor.name} meanwhile."
            if survivor
            else f"{target.name} no longer exists."
        )
    for other in others:
        if other.pk == target.pk or other.pk not in alive:
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
        key = EntityAlias.key_for(other.name)
        if key and not EntityAlias.objects.filter(key=key).exists():
            EntityAlias.objects.create(entity=target, name=other.name)
        # Slugs merged into `other` earlier now lead to target as well.
        MergedEntity.objects.filter(entity=other).update(entity=target)
        MergedEntity.objects.update_or_create(
            slug=other.slug, defaults={"name": other.name, "entity": target}
        )
        other.delete()
    if by_editor and not target.curated:
        target.curated = True
        target.save(update_fields=["curated"])
    return target


def by_coverage(entities: Iterable[Entity]) -> list[Entity]:
    """Most articles first, by the count the public pages show (Entity.article_count, kept
    by the database: one per article that mentions it); the older entity breaks a tie."""
    return sorted(entities, key=lambda e: (-e.article_count, e.pk))


def _name_words(name: str) -> list[str]:
    return re.findall(r"\w+", fold_accents(name).casefold())


def share_only_a_surname(a: Entity, b: Entity) -> bool:
    """Two people with the same last name and nothing else to say they are one: given names
    that differ ("Rahul Gandhi", "Sonia Gandhi") or that one of them lacks ("Gandhi"). An
    initial agrees with the name it starts ("N. Modi", "Narendra Modi")."""
    if a.kind != Entity.Kind.PERSON or b.kind != Entity.Kind.PERSON:
        return False
    words_a, words_b = _name_words(a.name), _name_words(b.name)
    if not words_a or not words_b or words_a[-1] != words_b[-1] or words_a == words_b:
        return False
    given_a, given_b = words_a[:-1], words_b[:-1]
    if not given_a or not given_b:
        return True
    first_a, first_b = given_a[0], given_b[0]
    initial = (len(first_a) == 1 and first_b.startswith(first_a)) or (
        len(first_b) == 1 and first_a.startswith(first_b)
    )
    return first_a != first_b and not initial


def surname_only_pairs(entities: Iterable[Entity]) -> list[tuple[Entity, Entity]]:
    """The pairs among `entities` that share only a surname: a merge of them is confirmed
    explicitly."""
    return [(a, b) for a, b in itertools.combinations(entities, 2) if share_only_a_surname(a, b)]


def survivor_of(slug: str) -> Entity | None:
    """The entity that an entity merged away under `slug` was folded into, if any."""
    merged = MergedEntity.objects.filter(slug=slug).select_related("entity").first()
    return merged.entity if merged else None


def url_without_merged_entity(request) -> str | None:
    """The same URL with each `?entity=<merged slug>` naming the surviving entity instead, or
    None when the request names no merged entity (old bookmarks keep working)."""
    slugs = request.GET.getlist("entity")
    if not slugs:
        return None
    known = set(Entity.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    moved = {slug: survivor_of(slug) for slug in set(slugs) - known}
    moved = {slug: survivor.slug for slug, survivor in moved.items() if survivor is not None}
    if not moved:
        return None
    params = request.GET.copy()
    params.setlist("entity", list(dict.fromkeys(moved.get(slug, slug) for slug in slugs)))
    return f"{request.path}?{params.urlencode()}"


def rescore_topics(articles: Iterable[Article], topics: Iterable[Topic] | None = None) -> int:
    """Score `articles` again against the topics' current keywords and thresholds (after an
    editor changed them). Returns how many articles were scored."""
    topics = list(topics if topics is not None else Topic.objects.all())
    rules = {t.slug: t.rule for t in topics}
    count = 0
    for article in articles:
        scores = score_topics(split_sentences(article.body), rules, title=article.title)
        with transaction.atomic():
            save_topic_scores(article, scores, topics)
        count += 1
    return count
