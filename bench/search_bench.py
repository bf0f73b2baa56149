"""Search benchmark: a synthetic corpus, the real search page timed through Django, a naive
baseline, and where the time of one search goes.

    python bench/search_bench.py [--articles N] [--seed S] [--repeat R] [--skip-generate]
                                 [--no-baseline] [--json PATH] [--explain]
    make bench BENCH_ARGS="--articles 100000"

The database is the configured one (DATABASE_URL); when DATABASE_URL is unset the benchmark
uses bench/results/bench.sqlite3, never the development archive. Searches go through the
search index the archive would use (beside the database, as ARCHIVE_SEARCH_INDEX says), or the
one --search-index names; `--search-index off` measures the database alone. See
bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from searchbench.corpus import build_corpus
from searchbench.loading import (
    code_version,
    engine_description,
    generate,
    log,
    prepare_search_index,
    setup_django,
)
from searchbench.measurement import measure
from searchbench.queries import choose_queries
from searchbench.report import report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100000, help="corpus size (100000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--repeat", type=int, default=20, help="timed repeats per query (20)")
    parser.add_argument("--skip-generate", action="store_true", help="use the corpus as it is")
    parser.add_argument(
        "--generate-only", action="store_true", help="generate the corpus, measure nothing"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline")
    parser.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per measured item before it stops repeating, 3 samples at least (60)",
    )
    parser.add_argument("--baseline-repeat", type=int, default=5, help="naive repeats (5)")
    parser.add_argument(
        "--baseline-budget",
        type=float,
        default=20.0,
        help="seconds per naive query before it stops repeating (20)",
    )
    parser.add_argument(
        "--search-index",
        metavar="DIR",
        help="rank and count with the search index (tantivy) in DIR, built or brought up to "
        "date from the database first; 'off': the database alone (default: the archive's "
        "own setting, ARCHIVE_SEARCH_INDEX, which puts it beside the database)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the plan of each slow statement of the common-word request",
    )
    parser.add_argument("--explain-min-ms", type=float, default=5.0)
    parser.add_argument("--target-ms", type=float, default=100.0)
    parser.add_argument("--target-speedup", type=float, default=20.0)
    parser.add_argument(
        "--allow-real-data",
        action="store_true",
        help="generate even if the database holds real (non-bench) articles",
    )
    args = parser.parse_args(argv)

    setup_django(search_index=True)  # prepare_search_index brings it up to date
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    log(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    args.search_index = index_folder(args.search_index)  # before migrate, which builds it
    call_command("migrate", verbosity=0, interactive=False)

    corpus = build_corpus(args.seed)
    generation = None
    if not args.skip_generate:
        generation = generate(corpus, args.articles, args.allow_real_data)
    if args.generate_only:
        return 0
    search_index = prepare_search_index(args.search_index) if args.search_index else None
    queries, vocab = choose_queries(corpus)
    log(f"query words: {vocab}")

    info = engine_description(connection)
    info["articles"] = Article.objects.count()
    info["bench_articles"] = Article.objects.filter(
        checksum__startswith=f"bench-{args.seed}-"
    ).count()
    log(
        f"engine: {info['vendor']} {info['version']}, index {info['index']}; "
        f"{info['articles']} articles; database {info['database_bytes'] / 2**20:,.0f} MiB"
    )

    info["search_index"] = search_index
    if search_index:
        log(
            f"search index: {search_index['path']}, {search_index['bytes'] / 2**20:,.0f} MiB, "
            f"{search_index['built']}"
        )
    info["code"] = code_version()
    log(f"code: commit {info['code']['commit']}, uncommitted: {info['code']['uncommitted']}")
    info["load_before"] = [round(x, 2) for x in os.getloadavg()]
    data = measure(args, queries)
    info["load_after"] = [round(x, 2) for x in os.getloadavg()]
    report(args, info, data)

    if args.json:
        out = {
            "engine": info,
            "args": vars(args),
            "generation": generation,
            "vocabulary": vocab,
            "queries_mix": [asdict(q) for q in queries],
            **data,
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=2, default=str))
        log(f"\nwrote {args.json}")
    return 0


def index_folder(chosen: str | None) -> str | None:
    """The search index the benchmark measures: the one named, none for "off", else the one
    the archive itself would use."""
    from django.conf import settings

    from articles.search.tantivy import store

    if chosen:
        settings.ARCHIVE_SEARCH_INDEX = chosen
    path = store.configured_path()
    return str(path) if path else None


if __name__ == "__main__":
    sys.exit(main())
