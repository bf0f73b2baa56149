"""Coverage charts drawn on the server as SVG: articles per month (count and share of the
archive) and, for a topic, the events its coverage mentions per month.

`volume_chart` does the counting (a few grouped queries); `build_chart` turns counts into a
`Chart` value whose bars already carry their geometry, so the template
(`articles/partials/chart.html`) only draws rectangles, and the same numbers fill the data
table that is the chart's text alternative.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Max
from django.db.models.functions import Substr, TruncMonth

from articles.models import Article, DatedMention

WIDTH, PANEL_HEIGHT, GAP, LEFT, BOTTOM = 640, 90, 28, 36, 18
TOTALS_SECONDS = 300
MAX_MONTHS = 36  # a longer span is drawn by year: 36 bars are about what fits


@dataclass(frozen=True)
class Bar:
    label: str  # "Jul 2024" or "2024"
    value: int
    share: float | None  # of the archive's articles in that period, for article bars
    x: float
    y: float
    width: float
    height: float

    @property
    def share_percent(self) -> str:
        return "" if self.share is None else f"{self.share * 100:.1f}%"


@dataclass(frozen=True)
class Panel:
    name: str  # "articles", "events"
    caption: str
    bars: tuple[Bar, ...]
    top: float
    maximum: int

    @property
    def caption_y(self) -> float:
        return self.top - 4

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def baseline(self) -> float:
        return self.top + PANEL_HEIGHT


@dataclass(frozen=True)
class Marker:
    x: float
    label: str  # the event's date
    anchor: str  # its id on the page


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    unit: str  # "month" or "year"
    panels: tuple[Panel, ...]
    labels: tuple[tuple[float, str], ...]  # x-axis labels: (x, text)
    width: int
    height: int
    periods: tuple[dt.date, ...] = ()  # the first day of each bar's month or year
    markers: tuple["Marker", ...] = ()  # key events, drawn over the articles' bars

    @property
    def rows(self):
        """The data table: one row per period with every panel's value."""
        periods = [bar.label for bar in self.panels[0].bars] if self.panels else []
        return [(label, [p.bars[i] for p in self.panels]) for i, label in enumerate(periods)]

    @property
    def label_y(self) -> int:
        return self.height - 4

    @property
    def empty(self) -> bool:
        return not any(panel.total for panel in self.panels)


def search_chart(search, query, filterset) -> Chart:
    """The search page's chart: the matches of `search` (an articles.search object) over
    time. With no query and no filter the matches are the whole archive, whose monthly
    counts are cached."""
    narrowed = bool(query) or filterset.is_narrowed()
    if not narrowed:
        return volume_chart(None, title="Matching articles over time")
    months = search.month_counts()  # from the search index, when there is one
    if months is not None:
        return volume_chart(None, title="Matching articles over time", months=months)
    return volume_chart(search.matches(), title="Matching articles over time")


def volume_chart(articles, *, title: str, events=None, months=None) -> Chart:
    """The chart of `articles` (a queryset; None for the whole archive, or for `months`, the
    articles' counts per month when they are known) over time, with the share of all the
    archive's articles in each period; with `events` (a DatedMention queryset), a second
    panel of the events they mention, by when those happened. Monthly, or yearly over a span
    too long."""
    if months is not None:
        article_months = months
    elif articles is None:
        article_months = archive_months()
    else:
        article_months = _per_month(articles, "published_on")
    event_months = _per_month(events, "start", by_precision=True) if events is not None else {}
    known = list(article_months) + [month for month, _ in event_months]
    unit = "month"
    if known and _months_between(min(known), max(known)) > MAX_MONTHS:
        unit = "year"
    series = {"articles": _bucket(article_months.items(), unit)}
    if events is not None:
        # "in 2014" has no month to be drawn in: year-precise events count only by year.
        series["events"] = _bucket(
            [
                (m, n)
                for (m, year_only), n in event_months.items()
                if unit == "year" or not year_only
            ],
            unit,
        )
    totals = _bucket(archive_months().items(), unit)
    return build_chart(title=title, unit=unit, series=series, totals=totals)


def archive_months() -> dict[dt.date, int]:
    """All the archive's articles per month: the denominator of every share. Cached, since
    reading every article's date on each search costs more than the search; the key changes
    whenever an article is added (the highest id, read from its index: counting the archive
    for the key cost 50-100 ms a page at 100,000 articles), and a removal or an editor's date
    change shows within TOTALS_SECONDS."""
    return cached_per_archive_version(
        "chart-archive-months", lambda: _per_month(Article.objects.all(), "published_on")
    )


def cached_per_archive_version(key: str, compute):
    """`compute()`, cached for TOTALS_SECONDS under `key` and the archive's version (its
    highest article id): aggregates over tens of thousands of articles are computed once per
    ingest, not once per page view. Other changes (removals, editors' dates, re-scored
    topics) show within TOTALS_SECONDS."""
    last = Article.objects.aggregate(last=Max("pk"))["last"]
    full_key = f"{key}:{connection.alias}:{last}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TOTALS_SECONDS)
    return value


def _month_key(field: str):
    """'YYYY-MM' of a date column, computed by the database itself: grouping by it reads the
    date index alone, and a few dozen rows come back instead of one per day."""
    if connection.vendor == "sqlite":
        return Substr(F(field), 1, 7)  # dates are ISO text; its TruncMonth is a Python callback
    return TruncMonth(field)


def _per_month(queryset, field: str, *, by_precision: bool = False) -> dict:
    """{first day of month: count}, or with `by_precision` {(first day, year-precise?): count}."""
    rows = queryset.exclude(**{field: None}).order_by().annotate(month=_month_key(field))
    if not by_precision:
        counts = rows.values("month").annotate(n=Count("pk"))
        return {_first_day(row["month"]): row["n"] for row in counts}
    counts = rows.values("month", "precision").annotate(n=Count("pk"))
    result: dict[tuple[dt.date, bool], int] = {}
    for row in counts:
        key = (_first_day(row["month"]), row["precision"] == DatedMention.Precision.YEAR)
        result[key] = result.get(key, 0) + row["n"]
    return result


def _first_day(month) -> dt.date:
    if isinstance(month, str):
        return dt.date(int(month[:4]), int(month[5:7]), 1)
    return dt.date(month.year, month.month, 1)


def _bucket(month_counts, unit: str) -> dict[dt.date, int]:
    buckets: dict[dt.date, int] = {}
    for month, n in month_counts:
        key = dt.date(month.year, 1, 1) if unit == "year" else month
        buckets[key] = buckets.get(key, 0) + n
    return buckets


def build_chart(
    *,
    title: str,
    unit: str,
    series: Mapping[str, Mapping[dt.date, int]],
    totals: Mapping[dt.date, int],
) -> Chart:
    """A Chart from counts per period (the first day of a month or year)."""
    keys = sorted({key for counts in series.values() for key in counts})
    periods = _every_period(keys[0], keys[-1], unit) if keys else []
    step = (WIDTH - LEFT) / max(len(periods), 1)
    panels = []
    for index, (name, counts) in enumerate(series.items()):
        top = index * (PANEL_HEIGHT + GAP) + 16
        maximum = max(counts.values(), default=0)
        bars = []
        for i, period in enumerate(periods):
            value = counts.get(period, 0)
            height = PANEL_HEIGHT * value / maximum if maximum else 0
            share = value / totals[period] if name == "articles" and totals.get(period) else None
            bars.append(
                Bar(
                    label=_label(period, unit),
                    value=value,
                    share=share,
                    x=round(LEFT + i * step + step * 0.1, 1),
                    y=round(top + PANEL_HEIGHT - height, 1),
                    width=round(max(step * 0.8, 1), 1),
                    height=round(height, 1),
                )
            )
        panels.append(Panel(name, _caption(name, unit), tuple(bars), top, maximum))
    every = max(1, len(periods) // 8)
    labels = tuple(
        (round(LEFT + i * step + step / 2, 1), _label(p, unit))
        for i, p in enumerate(periods)
        if i % every == 0 or i == len(periods) - 1
    )
    height = len(panels) * (PANEL_HEIGHT + GAP) + BOTTOM
    chart = Chart(title, "", unit, tuple(panels), labels, WIDTH, height, tuple(periods))
    return replace(chart, description=_describe(chart))


def with_markers(chart: Chart, events) -> Chart:
    """`chart` with a marker for each of `events` (objects with `day`, `label` and `anchor`),
    placed within its period's bar by how far into the month or year the day falls."""
    if not chart.periods:
        return chart
    step = (WIDTH - LEFT) / len(chart.periods)
    markers = []
    for event in events:
        start = dt.date(event.day.year, 1 if chart.unit == "year" else event.day.month, 1)
        if start not in chart.periods:
            continue  # outside the charted span (an event before the first article)
        index = chart.periods.index(start)
        if chart.unit == "year":
            length, into = 366, event.day.timetuple().tm_yday - 1
        else:
            length, into = 31, event.day.day - 1
        x = LEFT + index * step + step * (0.1 + 0.8 * into / length)
        markers.append(Marker(round(x, 1), event.label, event.anchor))
    return replace(chart, markers=tuple(markers))


def _every_period(first: dt.date, last: dt.date, unit: str) -> list[dt.date]:
    if unit == "year":
        return [dt.date(year, 1, 1) for year in range(first.year, last.year + 1)]
    periods, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        periods.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def _months_between(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _label(period: dt.date, unit: str) -> str:
    return str(period.year) if unit == "year" else period.strftime("%b %Y")


def _caption(name: str, unit: str) -> str:
    if name == "articles":
        return f"Articles by publication {unit}"
    if unit == "month":
        return "Events mentioned, by the month they happened (those dated only by year left out)"
    return "Events mentioned, by the year they happened"


def _describe(chart: Chart) -> str:
    parts = []
    for panel in chart.panels:
        if not panel.total:
            parts.append(f"{panel.caption}: none dated.")
            continue
        busiest = max(panel.bars, key=lambda bar: bar.value)
        parts.append(
            f"{panel.caption}: {panel.total} from {panel.bars[0].label} to "
            f"{panel.bars[-1].label}, most in {busiest.label} ({busiest.value})."
        )
    return " ".join(parts)
