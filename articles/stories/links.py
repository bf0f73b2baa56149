"""Similar articles and stories in the database: the one place that writes them.

`update_similarity(article)` runs after an article's rows are written (ingest, reanalysis):
it re-indexes the article's sampled shingles, finds the articles sharing some of them through
that index (never reading the whole archive), confirms each by sentence alignment, adds the
articles reporting the same event in other words (articles.stories.same_event), stores the
pairs and regroups the stories the article was or now is part of.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Q

from articles.analysis.sentences import split_sentences
from articles.analysis.similarity import boilerplate, sampled, score_pair, shingles
from articles.models import (
    Article,
    ArticleShingle,
    ArticleSimilarity,
    Entity,
    Mention,
    Story,
    StoryArticle,
)
from articles.stories.same_event import evidence_of, same_events

# An article is a candidate when it shares this many sampled shingles. Seeds: the rewrite
# pair 001/002 shares 33; the other pairs, all about the same visit, 6-22 (the sentence
# alignment turns them down). A heavy rewrite of a 250-word story may share only 2-3 (the
# benchmark's: 1 in 10 share fewer than 3, 1 in 25 fewer than 2); unrelated text next to none...
MIN_SHARED_SHINGLES = 2
# ...and only the best few are read and aligned, so a common phrase cannot make it slow.
MAX_CANDIDATES = 20
# Bound the lookup for very long texts: the smallest hashes are a consistent sample too.
MAX_LOOKUP_SHINGLES = 1500
STORY_KINDS = (
    ArticleSimilarity.Kind.NEAR_COPY,
    ArticleSimilarity.Kind.REWRITE,
    ArticleSimilarity.Kind.SAME_EVENT,
)
# What shared wording says outranks a same-event verdict; "related" (a sentence or two in
# common) does not, and becomes "same event" when the evidence says so.
TEXT_OVER_EVENT = (ArticleSimilarity.Kind.NEAR_COPY, ArticleSimilarity.Kind.REWRITE)
# A story larger than this is split along its weakest links: a chain of rewrites that long
# has drifted from one event to several.
MAX_STORY_ARTICLES = 100


def article_sentences(article: Article) -> list[str]:
    return split_sentences(article.body)


def common_shingles(keys: Iterable[int], exclude: Iterable[int] = ()) -> frozenset[int]:
    """Which of `keys` (sampled shingle hashes) are boilerplate: held by many articles of the
    index (the articles in `exclude` not counted)."""
    keys = sorted(keys)[:MAX_LOOKUP_SHINGLES]
    if not keys:
        return frozenset()
    rows = (
        ArticleShingle.objects.filter(hash__in=keys)
        .exclude(article_id__in=list(exclude))
        .values("hash")
        .annotate(n=Count("*"))
        .values_list("hash", "n")
    )
    return boilerplate(dict(rows))


def candidates(article: Article, keys: Iterable[int], common: Iterable[int] = ()) -> list[int]:
    """Ids of the articles sharing most of `keys` (sampled shingle hashes) with `article`,
    not counting the `common` (boilerplate) ones."""
    keys = sorted(set(keys) - set(common))[:MAX_LOOKUP_SHINGLES]
    if not keys:
        return []
    rows = (
        ArticleShingle.objects.filter(hash__in=keys)
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(shared=Count("*"))
        .filter(shared__gte=MIN_SHARED_SHINGLES)
        .order_by("-shared", "article_id")[:MAX_CANDIDATES]
    )
    return [row["article_id"] for row in rows]


def named_in(article_ids: Iterable[int]) -> dict[int, set[int]]:
    """The people and organisations each article names: entity ids by article id."""
    named: dict[int, set[int]] = {}
    rows = Mention.objects.filter(
        article_id__in=list(article_ids),
        entity__kind__in=[Entity.Kind.PERSON, Entity.Kind.ORGANISATION],
    ).values_list("article_id", "entity_id")
    for article_id, entity_id in rows:
        named.setdefault(article_id, set()).add(entity_id)
    return named


def pairs_of(article_id: int):
    return ArticleSimilarity.objects.filter(Q(first_id=article_id) | Q(second_id=article_id))


def update_similarity(article: Article, *, new: bool = False) -> list[ArticleSimilarity]:
    """Recompute `article`'s shingles, its similar pairs and its story. Returns its pairs.
    A `new` article (inserted in this transaction) has no rows to replace yet."""
    sentences = article_sentences(article)
    hashes = shingles(" ".join(sentences))
    keep = sampled(hashes)
    common = common_shingles(keep, exclude=[article.pk])
    found: dict[int, ArticleSimilarity] = {}
    others = list(
        Article.objects.filter(pk__in=candidates(article, keep, common)).only("pk", "title", "body")
    )
    named = named_in([article.pk, *(other.pk for other in others)])
    for other in others:
        score = score_pair(
            sentences,
            article_sentences(other),
            hashes,
            common=common,
            titles=(article.title, other.title),
            named=(named.get(article.pk, ()), named.get(other.pk, ())),
        )
        if score.kind:
            first, second = sorted([article.pk, other.pk])
            found[other.pk] = ArticleSimilarity(
                first_id=first,
                second_id=second,
                score=round(score.share, 4),
                jaccard=round(score.jaccard, 4),
                kind=score.kind,
            )
    for other_id, verdict in same_events(article).items():
        pair = found.get(other_id)
        if pair and pair.kind in TEXT_OVER_EVENT:
            continue
        first, second = sorted([article.pk, other_id])
        found[other_id] = ArticleSimilarity(
            first_id=first,
            second_id=second,
            score=verdict.score,
            jaccard=pair.jaccard if pair else 0.0,
            kind=ArticleSimilarity.Kind.SAME_EVENT,
            evidence=evidence_of(verdict),
        )
    found = list(found.values())
    with transaction.atomic():
        if new:
            affected = {article.pk}
        else:
            affected = {article.pk} | story_mates(article.pk) | neighbours(article.pk)
            ArticleShingle.objects.filter(article=article).delete()
            pairs_of(article.pk).delete()
        insert_shingles(article.pk, keep)
        ArticleSimilarity.objects.bulk_create(found)
        if found or not new:  # a new article without pairs belongs to no story
            affected |= neighbours(article.pk)
            regroup_stories(affected)
    return found


SHINGLE_ROWS_PER_INSERT = 500


def insert_shingles(article_id: int, hashes: Iterable[int]) -> None:
    """The article's sampled shingles as rows: plain multi-row INSERTs, as a hundred model
    instances per article cost ingest more than the database's work."""
    quote = connection.ops.quote_name
    table = quote(ArticleShingle._meta.db_table)
    columns = f"{quote('article_id')}, {quote('hash')}"
    rows = sorted(hashes)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), SHINGLE_ROWS_PER_INSERT):
            batch = rows[start : start + SHINGLE_ROWS_PER_INSERT]
            values = ", ".join(["(%s, %s)"] * len(batch))
            params = [value for h in batch for value in (article_id, h)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {values}", params)


def update_all() -> dict[str, int]:
    """Recompute every article's similarity, oldest first. Returns counts for a report."""
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        update_similarity(Article.objects.only("pk", "title", "body").get(pk=pk))
    return {
        "articles": len(ids),
        "pairs": ArticleSimilarity.objects.count(),
        "stories": Story.objects.count(),
    }


def linked_articles(article_id: int) -> set[int]:
    """The articles whose stories change when `article_id` goes: its story mates and the
    articles paired with it (articles.signals regroups them when it is deleted)."""
    return story_mates(article_id) | neighbours(article_id)


def neighbours(article_id: int) -> set[int]:
    pairs = pairs_of(article_id).values_list("first_id", "second_id")
    return {pk for pair in pairs for pk in pair} - {article_id}


def story_mates(article_id: int) -> set[int]:
    story = StoryArticle.objects.filter(article_id=article_id).values("story_id")
    return set(StoryArticle.objects.filter(story__in=story).values_list("article_id", flat=True))


def connected(article_id: int) -> set[int]:
    """The articles reachable from `article_id` through rewrites, near-copies and reports of
    the same event."""
    component, frontier = {article_id}, {article_id}
    while frontier:
        edges = ArticleSimilarity.objects.filter(kind__in=STORY_KINDS).filter(
            Q(first_id__in=frontier) | Q(second_id__in=frontier)
        )
        reached = {pk for pair in edges.values_list("first_id", "second_id") for pk in pair}
        frontier = reached - component
        component |= frontier
    return component


def bounded_groups(group: set[int], limit: int = MAX_STORY_ARTICLES) -> list[set[int]]:
    """`group` (connected articles) as groups of at most `limit`: the strongest links joined
    first, a link that would make a group too large left out (Kruskal's order, capped)."""
    if len(group) <= limit:
        return [group]
    edges = (
        ArticleSimilarity.objects.filter(kind__in=STORY_KINDS, first_id__in=group)
        .order_by("-score", "first_id", "second_id")
        .values_list("first_id", "second_id")
    )
    parent = {pk: pk for pk in group}
    size = dict.fromkeys(group, 1)

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for first, second in edges:
        if second not in parent:
            continue
        x, y = root(first), root(second)
        if x != y and size[x] + size[y] <= limit:
            parent[y] = x
            size[x] += size[y]
    parts: dict[int, set[int]] = {}
    for pk in group:
        parts.setdefault(root(pk), set()).add(pk)
    return sorted(parts.values(), key=min)


def regroup_stories(article_ids: Iterable[int]) -> None:
    """Make the stories of `article_ids` match their connected groups: a group of two or more
    keeps the oldest story one of them was in (so story links stay valid), a lone article has
    none, and a story left without articles is deleted."""
    pending, claimed = set(article_ids), set()
    touched = set(
        StoryArticle.objects.filter(article_id__in=pending).values_list("story_id", flat=True)
    )
    while pending:
        component = connected(pending.pop())
        pending -= component
        for group in bounded_groups(component, MAX_STORY_ARTICLES):
            memberships = StoryArticle.objects.filter(article_id__in=group)
            if len(group) < 2:
                memberships.delete()
                continue
            previous = sorted(set(memberships.values_list("story_id", flat=True)) - claimed)
            story_id = previous[0] if previous else Story.objects.create().pk
            claimed.add(story_id)
            touched.add(story_id)
            memberships.exclude(story_id=story_id).delete()
            StoryArticle.objects.bulk_create(
                [StoryArticle(story_id=story_id, article_id=pk) for pk in group],
                ignore_conflicts=True,
            )
    Story.objects.filter(pk__in=touched, memberships__isnull=True).delete()
