"""Reports of one event in the database: candidates from the mention index, the verdict from
articles.analysis.same_event.

A new article's candidates are the articles naming its rarest entities within the date window,
read through the (entity, published_on) mention index: a handful of index ranges per article,
never the whole archive, and never the entities every other article names.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Count, Max

from articles.analysis.same_event import (
    MIN_SHARED_ENTITIES,
    WINDOW_DAYS,
    EventSide,
    SameEvent,
    common_limit,
    same_event,
    telling_figures,
)
from articles.models import Article, DatedMention, Entity, Figure, Mention

# The article's rarest entities looked up: the few that say which event it reports.
LOOKUP_ENTITIES = 8
# ...and the articles sharing most of them read and scored.
MAX_CANDIDATES = 20


def archive_size() -> int:
    """About how many articles the archive holds: the highest id, read from the primary key
    index (a count would read the table at every ingested article)."""
    return Article.objects.aggregate(n=Max("pk"))["n"] or 0


def window(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    span = datetime.timedelta(days=WINDOW_DAYS)
    return day - span, day + span


def entities_named(article_ids: Iterable[int]) -> dict[int, dict[int, int]]:
    """Each article's entities, with how many articles name each: {article: {entity: n}}."""
    named: dict[int, dict[int, int]] = {}
    rows = Mention.objects.filter(article_id__in=list(article_ids)).values_list(
        "article_id", "entity_id", "entity__article_count"
    )
    for article_id, entity_id, count in rows:
        named.setdefault(article_id, {})[entity_id] = count
    return named


def event_candidates(article: Article, entities: dict[int, int], size: int) -> list[int]:
    """Ids of the articles published within the window that name most of `article`'s rarest
    specific entities."""
    if article.published_on is None:
        return []
    limit = common_limit(size)
    # An entity only this article names (n == 1) can find nothing.
    rare = sorted((n, pk) for pk, n in entities.items() if 1 < n <= limit)[:LOOKUP_ENTITIES]
    if len(rare) < MIN_SHARED_ENTITIES:
        return []
    rows = (
        Mention.objects.filter(
            entity_id__in=[pk for _, pk in rare], published_on__range=window(article.published_on)
        )
        .exclude(article_id=article.pk)
        .values("article_id")
        .annotate(shared=Count("*"))
        .filter(shared__gte=MIN_SHARED_ENTITIES)
        .order_by("-shared", "article_id")[:MAX_CANDIDATES]
    )
    return [row["article_id"] for row in rows]


def event_sides(articles: Iterable[Article]) -> dict[int, EventSide]:
    """What each article says that identifies its event, in three queries for any number."""
    articles = list(articles)
    ids = [a.pk for a in articles]
    named = entities_named(ids)
    days: dict[int, set[datetime.date]] = {}
    for article_id, start in DatedMention.objects.filter(
        article_id__in=ids, precision=DatedMention.Precision.DAY, start__isnull=False
    ).values_list("article_id", "start"):
        days.setdefault(article_id, set()).add(start)
    figures: dict[int, list[tuple[str, str, float]]] = {}
    for article_id, *figure in Figure.objects.filter(
        article_id__in=ids, conversion=False
    ).values_list("article_id", "kind", "unit", "value"):
        figures.setdefault(article_id, []).append(tuple(figure))
    return {
        a.pk: EventSide(
            a.published_on,
            named.get(a.pk, {}),
            frozenset(days.get(a.pk, ())),
            telling_figures(figures.get(a.pk, ())),
        )
        for a in articles
    }


def same_events(article: Article) -> dict[int, SameEvent]:
    """The articles reporting the event `article` reports, with the evidence: {id: SameEvent}."""
    if article.published_on is None:
        return {}
    size = archive_size()
    entities = entities_named([article.pk]).get(article.pk, {})
    ids = event_candidates(article, entities, size)
    if not ids:
        return {}
    others = list(Article.objects.filter(pk__in=ids).only("pk", "published_on"))
    sides = event_sides([article, *others])
    found = {}
    for other in others:
        verdict = same_event(sides[article.pk], sides[other.pk], size)
        if verdict:
            found[other.pk] = verdict
    return found


def event_between(a: Article, b: Article) -> SameEvent | None:
    """Whether two given articles report one event (the compare page asks of any two)."""
    if a.published_on is None or b.published_on is None:
        return None
    sides = event_sides([a, b])
    return same_event(sides[a.pk], sides[b.pk], archive_size())


def evidence_of(verdict: SameEvent) -> dict:
    """A verdict as the JSON stored with its pair."""
    return {
        "entities": list(verdict.entities),
        "days": [day.isoformat() for day in verdict.days],
        "figures": [list(figure) for figure in verdict.figures],
    }


def reasons_from(evidence: dict, names: dict[int, str]) -> tuple[str, ...]:
    """A stored same-event pair's evidence in words; `names`: entity names by id."""
    reasons = []
    shown = [names[pk] for pk in evidence.get("entities", ()) if pk in names]
    if shown:
        more = f" and {len(shown) - 5} more" if len(shown) > 5 else ""
        reasons.append(f"one event: both name {', '.join(shown[:5])}{more}")
    days = [datetime.date.fromisoformat(d) for d in evidence.get("days", ())]
    if days:
        said = ", ".join(f"{d.day} {d:%B %Y}" for d in days[:3])
        reasons.append(f"both name the day {said}" if len(days) == 1 else f"both name {said}")
    figures = [f"{value:,g} {unit}" for _, unit, value in evidence.get("figures", ())]
    if figures:
        reasons.append(f"both give {', '.join(figures[:3])}")
    return tuple(reasons)


def entity_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(Entity.objects.filter(pk__in=set(ids)).values_list("pk", "name"))
