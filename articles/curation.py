"""Editorial operations on the data that the admin (and tests) call."""

import itertools
import re
from collections.abc import Iterable

from django.db import transaction

from articles.analysis import score_topics
from articles.analysis.aliases import fold_accents
from articles.analysis.sentences import split_sentences
from articles.derived import save_topic_scores
from articles.models import Article, Entity, MergedEntity, Topic
from articles.search.tantivy import store as search_index


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
    # The articles whose topics changed are indexed again together, at the end.
    with search_index.deferred_writes():
        for article in articles:
            scores = score_topics(split_sentences(article.body), rules, title=article.title)
            with transaction.atomic():
                save_topic_scores(article, scores, topics)
            count += 1
    return count
