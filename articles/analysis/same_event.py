"""Whether two articles report one event, whatever their wording or language.

Shared wording (articles.analysis.similarity) misses a report of one event written by another
outlet in its own words, and can never join a Russian and an English article. What such
reports share is specific: the people, places and organisations involved (matched across
scripts by entity resolution, so Путин and Putin are one id), the day the event happened and
its figures. Two articles are one event when they appeared within a few days of each other,
name the same rare entities, and name the same day or give the same figure.

Plain values in, a frozen verdict out: the candidate queries live in articles.stories.
"""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass

# Reports of one event appear within this many days of each other (a weekly's account, a
# follow-up the next morning); beyond it two articles naming the same people are two events.
WINDOW_DAYS = 3
# An entity named by more than this share of the archive ("United States", "Reuters") says
# nothing about which event an article reports; below it, the rarer the better (its weight).
COMMON_ENTITY_SHARE = 0.02
# ...but a small archive has no notion of common yet: an entity named by this many articles
# or fewer is always specific.
SPECIFIC_FLOOR = 10
# Two reports of one event share at least this many specific entities...
MIN_SHARED_ENTITIES = 2
# ...weighing this much against both articles' specific entities (the shared weight over the
# geometric mean of the two totals): a long page naming a hundred people (a blog with its
# comments) does not join every report naming two of them.
MIN_ENTITY_OVERLAP = 0.2
# Counts below this ("two ministers", "3 days") are too ordinary to tie two reports together.
MIN_SHARED_COUNT = 10


@dataclass(frozen=True)
class EventSide:
    """What one article says that can identify the event it reports."""

    published: datetime.date | None
    entities: Mapping[int, int]  # entity id -> how many articles of the archive name it
    days: frozenset[datetime.date] = frozenset()  # the single days it names
    figures: frozenset[tuple[str, str, float]] = frozenset()  # (kind, unit, value)


@dataclass(frozen=True)
class SameEvent:
    """Two articles found to report one event, and why."""

    score: float  # the weight of the entities they share against both totals, 0-1
    entities: tuple[int, ...]  # the specific entities both name, rarest first
    days: tuple[datetime.date, ...]  # the days both name
    figures: tuple[tuple[str, str, float], ...]  # the figures both give


def within_window(a: datetime.date | None, b: datetime.date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= WINDOW_DAYS


def common_limit(archive_size: int) -> int:
    """The most articles a specific entity may be named by in an archive of this size."""
    return max(SPECIFIC_FLOOR, int(archive_size * COMMON_ENTITY_SHARE))


def entity_weight(articles_naming: int, archive_size: int) -> float:
    """An inverse document frequency: a name in two articles of a thousand weighs about four
    times one in three hundred."""
    return math.log(1 + max(archive_size, 1) / max(articles_naming, 1))


def telling_figures(figures) -> frozenset[tuple[str, str, float]]:
    """The figures worth matching: every sum and percentage, counts from MIN_SHARED_COUNT."""
    return frozenset(
        (kind, unit, round(value, 6))
        for kind, unit, value in figures
        if kind != "count" or value >= MIN_SHARED_COUNT
    )


def same_event(a: EventSide, b: EventSide, archive_size: int) -> SameEvent | None:
    """The evidence that `a` and `b` report one event, or None when they do not."""
    if not within_window(a.published, b.published):
        return None
    limit = common_limit(archive_size)

    def specific(side: EventSide) -> dict[int, float]:
        return {pk: entity_weight(n, archive_size) for pk, n in side.entities.items() if n <= limit}

    weights_a, weights_b = specific(a), specific(b)
    shared = weights_a.keys() & weights_b.keys()
    if len(shared) < MIN_SHARED_ENTITIES:
        return None
    both = math.sqrt(sum(weights_a.values()) * sum(weights_b.values()))
    overlap = sum(weights_a[pk] for pk in shared) / both
    if overlap < MIN_ENTITY_OVERLAP:
        return None
    # The event's day is near both publications: a day named as background ("since the
    # explosion on 20 April") is named by half the coverage of a story and dates no event.
    days = tuple(
        sorted(
            d
            for d in a.days & b.days
            if within_window(d, a.published) and within_window(d, b.published)
        )
    )
    figures = tuple(sorted(a.figures & b.figures))
    if not days and not figures:
        return None
    rarest = tuple(sorted(shared, key=lambda pk: (-weights_a[pk], pk)))
    return SameEvent(round(min(overlap, 1.0), 4), rarest, days, figures)
