"""API benchmark: list endpoints' latency (p50, p95) and the NDJSON export's rate and memory,
on the search benchmark's synthetic corpus, through Django's test client (no network).

    python bench/api_bench.py [--articles N] [--repeat R] [--seed S]

The database is the configured one (DATABASE_URL); unset, bench/results/bench.sqlite3.
Memory: the process's peak resident size is read before and after the export; flat means the
export adds about one chunk of articles (and the matching ids), not the whole set."""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time

from searchbench.corpus import build_corpus
from searchbench.loading import code_version, engine_description, generate, log, setup_django

LISTS = [
    ("search, no query", "/api/v1/search", {"facets": "false"}),
    ("search, by date", "/api/v1/search", {"q": "minister", "sort": "date", "facets": "false"}),
    ("search, ranked", "/api/v1/search", {"q": "minister", "facets": "false"}),
    ("search, with facets", "/api/v1/search", {"q": "minister"}),
    ("search count", "/api/v1/search/count", {"q": "minister"}),
    ("timeline by month", "/api/v1/search/timeline", {"q": "minister"}),
    ("entities", "/api/v1/entities", {}),
    ("sources", "/api/v1/sources", {}),
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(client, path, params, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100000, help="corpus size (100000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per list (20)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--allow-real-data", action="store_true")
    args = parser.parse_args(argv)

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    generate(build_corpus(args.seed), args.articles, args.allow_real_data)
    settings.ARCHIVE_API_ANON_RATE = "1000000/min"  # measure the work, not the limit
    client = Client()
    log(f"api benchmark: {args.articles} articles, {engine_description(connection)}")
    log(f"code: {code_version()}")

    # A deep page of the date order: the cursor of the article half-way down.
    from articles.api import cursors
    from articles.models import Article

    middle = Article.objects.newest_first().values_list("published_on", "pk")[
        Article.objects.count() // 2
    ]
    deep = {
        "sort": "date",
        "facets": "false",
        "cursor": cursors.encode(cursors.newest_key(*middle)),
    }
    print(f"{'list':28} {'p50 ms':>8} {'p95 ms':>8}")
    for name, path, params in [*LISTS, ("search, by date, half-way", "/api/v1/search", deep)]:
        timed(client, path, params, 1)  # warm: caches and the database's pages
        times = timed(client, path, params, args.repeat)
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(f"{name:28} {statistics.median(times):8.1f} {p95:8.1f}")

    before = peak_mb()
    start = time.perf_counter()
    response = client.get("/api/v1/search/export.ndjson", {"sort": "date"})
    lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    seconds = time.perf_counter() - start
    after = peak_mb()
    print(
        f"NDJSON export: {lines} articles in {seconds:.1f} s = {lines / seconds:,.0f} articles/s;"
        f" peak memory {before:.0f} MB before, {after:.0f} MB after (+{after - before:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
