"""Articles per day, week (starting Monday) or month, with each period's share of the whole
archive: the API's "count over time". One query grouped by period in the database (a few
dozen rows for months, not one per day), and the archive's own counts per period cached per
archive version, as the page's chart does."""

import datetime as dt

from django.db import connections
from django.db.models import CharField, Count, DateField, F, Func, Value
from django.db.models.functions import Cast, Concat, Substr, TruncMonth, TruncWeek

from articles.models import Article
from articles.web.charts import cached_per_archive_version

INTERVALS = ("day", "week", "month")


def _period_of_row(interval: str, vendor: str):
    """The first day of a row's period, computed by the database. SQLite keeps dates as ISO
    text, and its Trunc functions are Python callbacks run for every row."""
    if interval == "day":
        return F("published_on")
    if vendor == "sqlite":
        if interval == "month":
            text = Concat(Substr("published_on", 1, 7), Value("-01"), output_field=CharField())
        else:  # the Sunday ending the week, less six days: its Monday
            text = Func(F("published_on"), Value("weekday 0"), Value("-6 days"), function="date")
        return Cast(text, DateField())
    trunc = TruncMonth if interval == "month" else TruncWeek
    return trunc("published_on", output_field=DateField())


def per_period(articles, interval: str) -> dict[dt.date, int]:
    """{first day of the period: how many of `articles`}, undated articles left out."""
    vendor = connections[articles.db].vendor
    rows = (
        articles.exclude(published_on=None)
        .order_by()
        .annotate(period=_period_of_row(interval, vendor))
        .values("period")
        .annotate(n=Count("pk"))
        .values_list("period", "n")
    )
    return {_as_date(period): n for period, n in rows}


def _as_date(value) -> dt.date:
    # A driver may hand back a datetime (PostgreSQL's date_trunc) or ISO text.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def archive_periods(interval: str) -> dict[dt.date, int]:
    return cached_per_archive_version(
        f"api-archive-{interval}", lambda: per_period(Article.objects.all(), interval)
    )


def counts_over_time(articles, interval: str) -> list[dict]:
    """[{period, count, total, share}] for every period from the first to the last with a
    match of `articles`, empty periods included (a plot then shows the gaps)."""
    counts = per_period(articles, interval)
    if not counts:
        return []
    totals = archive_periods(interval)
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
