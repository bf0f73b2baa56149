"""Filtered searches through the search index: the filters as clauses of the index's own query,
against the same filters sent to the index as the ids the database leaves (how a narrowing the
index does not hold is applied). Both on the same index, interleaved, so that the machine's
load weighs on both alike.

    python bench/search_filters_bench.py [--repeat R]

Run it on the search benchmark's corpus (bench/search_bench.py generates it and builds the
index beside it; the same DATABASE_URL). Each search is what the search page asks of it: the
count, the first page newest first, the facet sample and the chart's months.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from searchbench.loading import log, setup_django


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed repeats per search (20)")
    args = parser.parse_args(argv)
    setup_django(search_index=True)
    from django.db import connection
    from django.db.models import Count
    from django.http import QueryDict

    from articles.models import Article, Entity, Source
    from articles.search import SearchQuery, search_for
    from articles.search.base import sample_step
    from articles.search.tantivy import store
    from articles.web.filters import ArticleFilter

    index = store.current()
    if index is None or index.lagging():
        log("no search index up to date beside the database: run bench/search_bench.py first")
        return 1
    entity = Entity.objects.annotate(n=Count("mentions")).order_by("-n").first()
    source = Source.objects.annotate(n=Count("articles")).order_by("-n").first()
    if entity is None or source is None:
        log("no articles: run bench/search_bench.py first")
        return 1
    newest = Article.objects.newest_first().values_list("published_on", flat=True).first()
    year = newest.year if newest else 2000
    searches = [
        ("common word + topic", "like", "topic=energy"),
        ("common word + source", "like", f"source={source.slug}"),
        ("common word + entity", "like", f"entity={entity.slug}"),
        ("common word + year", "like", f"date_from={year}-01-01&date_to={year}-12-31"),
        ("topic alone", "", "topic=energy"),
        ("common word alone", "like", ""),
    ]

    def run(text: str, params: str, in_index: bool) -> tuple[float, int]:
        started = time.perf_counter()
        filterset = ArticleFilter(QueryDict(params), queryset=Article.objects.all())
        filters = filterset.index_filters() if in_index else None
        search = search_for(filterset.qs, SearchQuery(text), filters)
        n = search.count()
        search.page_ids(0, 20, "date")
        search.sample_ids(sample_step(n))
        search.month_counts()
        return (time.perf_counter() - started) * 1000, n

    log(
        f"{connection.vendor}, {Article.objects.count()} articles, index {index.path}; "
        f"{args.repeat} repeats after a warm-up, ms"
    )
    log(f"{'search':22} {'matches':>8}   {'as ids p50/p95':>16}   {'in the index p50/p95':>20}")
    for name, text, params in searches:
        times: dict[bool, list[float]] = {False: [], True: []}
        for repeat in range(args.repeat + 1):
            for in_index in (False, True):
                ms, n = run(text, params, in_index)
                if repeat:
                    times[in_index].append(ms)
        ids, own = (_p50_p95(times[False]), _p50_p95(times[True]))
        log(
            f"{name:22} {n:>8}   {ids[0]:>7.1f} / {ids[1]:>6.1f}   {own[0]:>11.1f} / {own[1]:>6.1f}"
        )
    return 0


def _p50_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


if __name__ == "__main__":
    sys.exit(main())
