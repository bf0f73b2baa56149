"""Facet counts for a search: how many matching articles fall in each source, topic, entity,
year and language, as plain values a template can show and link without knowing the models.

The matches' ids are fetched once; every facet is then one grouped query over them. Up to
EXACT_LIMIT matches the counts are exact. Above it they are estimated from a uniform
sample of about EXACT_LIMIT matches (every k-th by primary key) and scaled up, and the page
says so: counting 70,000 matches' 500,000 entity mentions exactly takes about a second,
which a search page cannot spend.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db import connections
from django.db.models import Count, IntegerField
from django.db.models.functions import Cast, ExtractYear, Substr
from django.http import QueryDict

from articles.search.base import SAMPLE_SIZE, Search, fetch_queryset, id_list, sample_step

EXACT_LIMIT = SAMPLE_SIZE
ENTITY_LIMIT = 12


@dataclass(frozen=True)
class FacetValue:
    """One line of a facet: what it is called, how many matches it holds, and the URL
    parameters that narrow the search to it."""

    label: str
    count: int
    params: dict = field(default_factory=dict)
    kind: str = ""
    querystring: str = ""  # the current search's URL with `params` applied, from "?"
    chosen: bool = False  # the search is already narrowed to it (articles.web.chips)


@dataclass(frozen=True)
class Facets:
    sources: list[FacetValue]
    topics: list[FacetValue]
    entities: list[FacetValue]
    years: list[FacetValue]
    approximate: bool = False
    languages: list[FacetValue] = field(default_factory=list)


def querystring(current: QueryDict, params: dict) -> str:
    """`current` (the request's GET) with `params` set (None removes one) and the page
    number removed: a new narrowing starts again at page one."""
    query = current.copy()
    for key, value in {**params, "page": None}.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


def with_links(facets: "Facets", current: QueryDict) -> "Facets":
    """`facets` with each value's link computed from the current search."""

    def linked(values):
        return [replace(v, querystring=querystring(current, v.params)) for v in values]

    return replace(
        facets,
        sources=linked(facets.sources),
        topics=linked(facets.topics),
        entities=linked(facets.entities),
        years=linked(facets.years),
        languages=linked(facets.languages),
    )


def year_params(year: int | None) -> dict:
    """The date filters of one year (ISO dates, four-digit years: "0999-01-01"), or of the
    undated articles. Parameters set to None are removed from the URL."""
    if year is None:
        return {"undated": "on", "date_from": None, "date_to": None}
    return {"date_from": f"{year:04d}-01-01", "date_to": f"{year:04d}-12-31", "undated": None}


def source_and_year_counts(articles, scale) -> tuple[list[FacetValue], list[FacetValue]]:
    """Both facets from one grouped query (one row per source and year, a few hundred at
    most), summed here: a database round trip less on every search."""
    if connections[articles.db].vendor == "sqlite":
        # Dates are ISO text there; ExtractYear would call back into Python for every row.
        year = Cast(Substr("published_on", 1, 4), IntegerField())
    else:
        year = ExtractYear("published_on")
    rows = (
        articles.order_by()
        .values("source__slug", "source__name", year=year)
        .annotate(n=Count("pk"))
        .values_list("source__slug", "source__name", "year", "n")
    )
    sources: dict[tuple, int] = defaultdict(int)
    years: dict[int | None, int] = defaultdict(int)
    for slug, name, year, n in fetch_queryset(rows, "facet_sources_years"):
        sources[slug, name] += n
        years[int(year) if year is not None else None] += n  # PostgreSQL: a Decimal
    by_count = sorted(sources.items(), key=lambda item: (-item[1], item[0][1]))
    by_year = sorted(years.items(), key=lambda item: -(item[0] or 0))
    return (
        [FacetValue(name, scale(n), {"source": slug}) for (slug, name), n in by_count],
        [
            FacetValue(str(year) if year is not None else "undated", scale(n), year_params(year))
            for year, n in by_year
        ],
    )


def language_counts(articles, scale) -> list[FacetValue]:
    """The matches per language, most first; "" (unknown) is `?language=und`."""
    from articles.analysis.languages import language_name

    rows = (
        articles.order_by().values("language").annotate(n=Count("pk")).values_list("language", "n")
    )
    counts = sorted(fetch_queryset(rows, "facet_languages"), key=lambda row: (-row[1], row[0]))
    return [
        FacetValue(language_name(code) or "unknown", scale(n), {"language": code or "und"})
        for code, n in counts
    ]


def facet_counts(search: Search, total: int | None = None, exact_limit: int | None = None):
    """Facets for `search` (an articles.search.Search); `total` is its count if known."""
    from articles.models import Article, ArticleTopic, Mention

    exact_limit = exact_limit or EXACT_LIMIT
    total = search.count() if total is None else total
    step = sample_step(total, exact_limit)  # 1: every match, counts are exact
    ids = search.sample_ids(step)
    if not ids:
        return Facets([], [], [], [])
    ratio = 1.0 if step == 1 else total / len(ids)

    def scale(n: int) -> int:
        return n if ratio == 1.0 else max(1, round(n * ratio))

    ids = id_list(ids, search.alias)
    sources, years = source_and_year_counts(Article.objects.filter(pk__in=ids), scale)
    languages = language_counts(Article.objects.filter(pk__in=ids), scale)
    topics = (
        ArticleTopic.objects.filter(article__in=ids)
        .values("topic__slug", "topic__name")
        .annotate(n=Count("article_id"))
        .order_by("-n", "topic__name")
        .values_list("topic__slug", "topic__name", "n")
    )
    entities = (
        Mention.objects.filter(article__in=ids)
        .values("entity__slug", "entity__name", "entity__kind")
        .annotate(n=Count("article_id"))
        .order_by("-n", "entity__name")
        .values_list("entity__slug", "entity__name", "entity__kind", "n")[:ENTITY_LIMIT]
    )
    return Facets(
        sources,
        [
            FacetValue(name, scale(n), {"topic": slug})
            for slug, name, n in fetch_queryset(topics, "facet_topics")
        ],
        [
            FacetValue(name, scale(n), {"entity": slug}, kind)
            for slug, name, kind, n in fetch_queryset(entities, "facet_entities")
        ],
        years,
        approximate=ratio != 1.0,
        languages=languages,
    )
