"""Page benchmark: the entity, source and topic pages and the entity and source indexes, timed
as whole requests through Django on the search benchmark's synthetic corpus.

    python bench/pages_bench.py [--articles N] [--seed S] [--repeat R] [--skip-generate]
                                [--json PATH]

Cold: Django's cache is cleared before each request (the first view after an ingest). Warm:
the same requests again, cache kept. Each page is asked for several addresses (the most
mentioned entities, a middling and a rare one; the biggest source, a deep page of it, ...)
and its p95 is over all of them. The database is the configured one (DATABASE_URL); when it
is unset, bench/results/bench.sqlite3, as for bench/search_bench.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

from searchbench.corpus import build_corpus
from searchbench.loading import code_version, engine_description, generate, log, setup_django
from searchbench.measurement import percentile

COLD_TARGET_MS = 300.0
WARM_TARGET_MS = 100.0


def page_addresses() -> dict[str, list[str]]:
    """The addresses each page is timed at, chosen from what the database holds."""
    from django.db.models import Count
    from django.urls import reverse

    from articles.models import Entity, Source, Topic

    by_mentions = list(
        Entity.objects.annotate(n=Count("mentions")).filter(n__gt=0).order_by("-n", "pk")
    )
    entities = by_mentions[:3]
    if by_mentions:
        entities += [by_mentions[len(by_mentions) // 2], by_mentions[-1]]
    sources = list(Source.objects.annotate(n=Count("articles")).filter(n__gt=0).order_by("-n"))
    entity_index = reverse("articles:entities")
    source_pages = []
    if sources:
        biggest = sources[0].get_absolute_url()
        source_pages = [biggest, f"{biggest}?page=10", sources[-1].get_absolute_url()]
    return {
        "entity page": [e.get_absolute_url() for e in entities]
        + ([f"{entities[0].get_absolute_url()}?page=20"] if entities else []),
        "entity index": [
            entity_index,
            f"{entity_index}?kind=person",
            f"{entity_index}?initial=S",
            f"{entity_index}?q=an",
            f"{entity_index}?page=3",
        ],
        "source page": source_pages,
        "source index": [reverse("articles:sources")],
        # Its key events, chart and articles, for the two largest topics.
        "topic page": [
            url
            for topic in Topic.objects.annotate(n=Count("article_scores")).order_by("-n")[:2]
            for url in (
                topic.get_absolute_url(),
                f"{topic.get_absolute_url()}?events=50&order=oldest",
            )
        ],
    }


def request_ms(client, url: str) -> tuple[float, int]:
    """Milliseconds of one whole request, and how many SQL statements it ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        t = time.perf_counter()
        response = client.get(url)
        ms = (time.perf_counter() - t) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return ms, len(queries)


def measure(addresses: dict[str, list[str]], repeat: int) -> dict:
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    results = {}
    for page, urls in addresses.items():
        cold, warm, statements = [], [], {}
        for _ in range(repeat):
            for url in urls:
                cache.clear()
                ms, n = request_ms(client, url)
                cold.append(ms)
                statements[url] = n
        for url in urls:
            request_ms(client, url)  # fills the cache, if the page has one
        for _ in range(repeat):
            for url in urls:
                warm.append(request_ms(client, url)[0])
        results[page] = {
            "cold_p95_ms": round(percentile(cold, 0.95), 1),
            "cold_max_ms": round(max(cold), 1),
            "warm_p95_ms": round(percentile(warm, 0.95), 1),
            "warm_p50_ms": round(sorted(warm)[len(warm) // 2], 1),
            "samples": len(cold),
            "statements": statements,
        }
    return results


def report(results: dict) -> None:
    log()
    log(f"{'page':<14} {'cold p95':>9} {'cold max':>9} {'warm p50':>9} {'warm p95':>9}  target")
    for page, r in results.items():
        met = r["cold_p95_ms"] <= COLD_TARGET_MS and r["warm_p95_ms"] <= WARM_TARGET_MS
        log(
            f"{page:<14} {r['cold_p95_ms']:>7.1f}ms {r['cold_max_ms']:>7.1f}ms "
            f"{r['warm_p50_ms']:>7.1f}ms {r['warm_p95_ms']:>7.1f}ms  "
            f"{'met' if met else 'NOT met'} (cold ≤ {COLD_TARGET_MS:.0f}, warm ≤ "
            f"{WARM_TARGET_MS:.0f} ms)"
        )
        for url, n in r["statements"].items():
            log(f"    {n:>3} SQL statements  {url}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100000, help="corpus size (100000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds over each page's URLs (5)")
    parser.add_argument("--skip-generate", action="store_true", help="use the corpus as it is")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--allow-real-data",
        action="store_true",
        help="generate even if the database holds real (non-bench) articles",
    )
    args = parser.parse_args(argv)

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    log(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0, interactive=False)
    if not args.skip_generate:
        generate(build_corpus(args.seed), args.articles, args.allow_real_data)
    info = engine_description(connection)
    info["articles"] = Article.objects.count()
    info["code"] = code_version()
    log(
        f"engine: {info['vendor']} {info['version']}; {info['articles']} articles; "
        f"commit {info['code']['commit']}, uncommitted: {info['code']['uncommitted']}"
    )
    info["load_before"] = [round(x, 2) for x in os.getloadavg()]
    results = measure(page_addresses(), args.repeat)
    info["load_after"] = [round(x, 2) for x in os.getloadavg()]
    report(results)
    log(f"load average before/after: {info['load_before']} / {info['load_after']}")
    if args.json:
        out = {
            "engine": info,
            "args": vars(args),
            "pages": results,
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=2, default=str))
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
