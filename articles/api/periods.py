"""Articles per day, week (starting Monday) or month, with each period's share of the whole
archive: the API's "count over time". One grouped query by publication day (it reads the
date index), bucketed here; the archive's own counts are cached per archive version, as the
page's chart does."""

import datetime as dt
from collections import Counter

from django.db.models import Count

from articles.models import Article
from articles.web.charts import cached_per_archive_version

INTERVALS = ("day", "week", "month")


def period_of(day: dt.date, interval: str) -> dt.date:
    if interval == "month":
        return day.replace(day=1)
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    return day


def per_day(articles) -> dict[dt.date, int]:
    rows = articles.exclude(published_on=None).order_by().values("published_on")
    return {row["published_on"]: row["n"] for row in rows.annotate(n=Count("pk"))}


def archive_days() -> dict[dt.date, int]:
    return cached_per_archive_version("api-archive-days", lambda: per_day(Article.objects.all()))


def bucket(days: dict[dt.date, int], interval: str) -> Counter:
    counts: Counter = Counter()
    for day, n in days.items():
        counts[period_of(day, interval)] += n
    return counts


def counts_over_time(days: dict[dt.date, int], interval: str) -> list[dict]:
    """[{period, count, total, share}] for every period from the first to the last with a
    match, empty periods included (a plot then shows the gaps)."""
    counts = bucket(days, interval)
    if not counts:
        return []
    totals = bucket(archive_days(), interval)
    first, last = min(counts), max(counts)
    periods, period = [], first
    while period <= last:
        n, total = counts.get(period, 0), totals.get(period, 0)
        periods.append(
            {"period": period, "count": n, "total": total, "share": n / total if total else None}
        )
        period = _next(period, interval)
    return periods


def _next(period: dt.date, interval: str) -> dt.date:
    if interval == "month":
        return dt.date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return period + dt.timedelta(days=7 if interval == "week" else 1)
