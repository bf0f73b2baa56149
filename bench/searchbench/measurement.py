"""Timing the search page and its parts, and telling its SQL statements apart by the label
each one carries (articles.search.base.labelled)."""

from __future__ import annotations

import json
import math
import re
import statistics
import time

from searchbench.loading import log
from searchbench.queries import BenchQuery, run_baseline

# ----------------------------------------------------------------------------------------------
# Measuring


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile (p95 of 20 samples is the 19th smallest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]


def timed(fn, repeat: int, warmup: int = 1, budget: float | None = None) -> list[float]:
    """Milliseconds of `repeat` calls of fn() after `warmup` calls; stops early (with at least
    three samples) when `budget` seconds are spent."""
    for _ in range(warmup):
        fn()
    samples: list[float] = []
    spent = 0.0
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - t
        samples.append(elapsed * 1000)
        spent += elapsed
        if budget is not None and spent > budget and len(samples) >= 3:
            break
    return samples


def summary(samples: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "min_ms": round(min(samples), 2),
        "n": len(samples),
    }


def app_match_count(bq: BenchQuery) -> tuple[int, int, bool]:
    """The count the search page shows, computed the way the view computes it, the exact
    count, and whether the page's is an estimate."""
    from django.test import RequestFactory

    from articles.web.views import search_from_request

    request = RequestFactory().get("/", bq.get, HTTP_HOST="localhost")
    results = search_from_request(request).results
    shown = results.count()
    return shown, results.search.matches().count(), results.estimated


class QueryRecorder:
    """Every SQL statement a block runs, with its parameters and wall time."""

    def __init__(self):
        self.statements: list[dict] = []

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - t) * 1000
            self.statements.append({"sql": sql, "params": params, "ms": ms})


LABEL = re.compile(r"^/\* search:([a-z_]+) \*/")
# Statements the search module does not label: the ORM's, for the rows of the page and the
# filter menus. Named by the table they read.
TABLES = {
    '"articles_articletopic"': "page topics (prefetch)",
    '"articles_article"': "page rows (in_bulk)",
    '"articles_topic"': "topics (filter menu or lookup)",
    '"articles_source"': "sources (filter menu or lookup)",
    '"articles_entity"': "entity (filter lookup)",
}


def describe_sql(sql: str) -> str:
    """A short name for a statement: the label the search module gave it, else the table
    it reads (else its first 60 characters)."""
    labelled = LABEL.match(sql)
    if labelled:
        return "search: " + labelled.group(1).replace("_", " ")
    low = " ".join(sql.split()).lower()
    from_table = re.search(r'\bfrom ("[a-z_]+")', low)
    if from_table and from_table.group(1) in TABLES:
        return TABLES[from_table.group(1)]
    return low[:60]


def explain(connection, sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "postgresql":
        plan = "\n".join(r[0] for r in rows)
    else:
        plan = "\n".join(" | ".join(str(c) for c in r) for r in rows)
    # The facet sample's ids, inlined by EXPLAIN: keep their number only.
    return re.sub(r"'\{[0-9,]{100,}\}'", lambda m: f"'{{{m.group(0).count(',') + 1} ids}}'", plan)


def top20_overlap(bq: BenchQuery) -> float:
    """How much of the database's own top 20 (its ranking function: FTS5 bm25 or RUM's
    distance) the page ranked through the search index holds, for the same filters and query.

    Ties count as agreement: a result scored as well as the database's 20th by the database's
    own function could be in its top 20 under another tie-break (RUM orders equal distances
    arbitrarily; a rare word found once in each of 80 articles ties them all)."""
    from django.test import RequestFactory

    from articles.web.views import search_from_request

    request = RequestFactory().get("/", bq.get, HTTP_HOST="localhost")
    page = search_from_request(request)
    indexed = page.results.search
    if not page.query.searched.include or not hasattr(indexed, "database"):
        return 1.0  # newest first in both (nothing ranked), or no index answering
    database = indexed.database  # the engine's own search of the same filters and query
    database.count(), indexed.count()  # as the page does: then ranks as on the page
    expected = database.page_ids(0, 20, "relevance")
    found = indexed.page_ids(0, 20, "relevance")
    if not expected:
        return 1.0
    scores = database_scores(database, expected + found)
    worst = max(scores[pk] for pk in expected)  # lower is better for both engines' scores
    agreeing = sum(1 for pk in found if pk in scores and scores[pk] <= worst + 1e-9)
    return round(min(agreeing, len(expected)) / len(expected), 2)


def database_scores(database, ids: list[int]) -> dict[int, float]:
    """The database's own score of each of `ids` that match (lower is better)."""
    from django.db import connections

    with connections[database.alias].cursor() as cursor:
        if connections[database.alias].vendor == "sqlite":
            fts = database.fts
            cursor.execute(
                f"SELECT rowid, {database.rank} FROM {fts} WHERE {fts} MATCH %s "
                "AND +rowid IN (SELECT value FROM json_each(%s))",
                [database.expression, json.dumps(ids)],
            )
        else:
            cursor.execute(
                f"SELECT id, search_vector <=> ({database.tsquery}) FROM {database.table} "
                "WHERE id = ANY(%s)",
                [*database.tsquery_params, ids],
            )
        return {pk: round(float(score), 9) for pk, score in cursor.fetchall()}


def measure(args, queries: list[BenchQuery]) -> dict:
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from articles.search import Results, SearchQuery, search_for
    from articles.search.facets import facet_counts

    client = Client(HTTP_HOST="localhost")

    def request(bq: BenchQuery):
        def go():
            response = client.get("/", bq.get)
            if response.status_code != 200:
                raise SystemExit(f"GET /?{bq.get} answered {response.status_code}")
            return response

        return go

    results = []
    log()
    log(
        f"search page, {args.repeat} repeats after one warm-up (full request through Django: "
        "middleware, view, SQL, template)"
    )
    for bq in queries:
        recorder = QueryRecorder()
        per_request: list[tuple[float, int]] = []  # (SQL ms, statements) of each request

        def go(bq=bq, recorder=recorder, per_request=per_request):
            start = len(recorder.statements)
            request(bq)()
            done = recorder.statements[start:]
            per_request.append((sum(s["ms"] for s in done), len(done)))

        with connection.execute_wrapper(recorder):
            samples = timed(go, args.repeat, budget=args.budget)
        shown, exact, estimated = app_match_count(bq)
        row = {"name": bq.name, "q": bq.label, "note": bq.note, "matches": shown}
        row.update(exact_matches=exact, count_estimated=estimated)
        row.update(summary(samples))
        row["sql_p50_ms"] = round(statistics.median(ms for ms, _ in per_request[1:]), 2)
        row["statements"] = per_request[-1][1]
        row["pass"] = row["p95_ms"] <= args.target_ms
        if args.search_index:
            row["top20_overlap"] = top20_overlap(bq)
        results.append(row)
        log(
            f"  {bq.name:<15} {bq.label:<34} {row['matches']:>7} matches  "
            f"p50 {row['p50_ms']:8.1f} ms  p95 {row['p95_ms']:8.1f} ms  "
            f"(SQL {row['sql_p50_ms']:.1f} ms in {row['statements']} statements, n={row['n']})"
        )

    if not args.no_baseline:
        log()
        log(
            f"naive baseline (icontains on title/body, count + 10 newest), "
            f"{args.baseline_repeat} repeats after one warm-up"
        )
        for bq, row in zip(queries, results, strict=True):
            samples = timed(
                lambda bq=bq: run_baseline(bq), args.baseline_repeat, budget=args.baseline_budget
            )
            stats = summary(samples)
            row["baseline"] = {**stats, "matches": run_baseline(bq)[0]}
            row["speedup_p50"] = round(stats["p50_ms"] / row["p50_ms"], 1)
            log(
                f"  {bq.name:<15} {bq.label:<34} {row['baseline']['matches']:>7} matches  "
                f"p50 {stats['p50_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f} ms  "
                f"speed-up {row['speedup_p50']:.1f}x"
            )

    # Where the time of one search goes: the common word, piece by piece.
    common = next(bq for bq in queries if bq.name == "common word")
    query = SearchQuery(common.q)
    base = Article.objects.all()

    def count():
        return search_for(base, query).count()

    def facets():
        return facet_counts(search_for(base, query))

    def page():
        return Results(search_for(base, query))[0:20]

    def ranked_ids():
        return search_for(base, query).page_ids(0, 20, "relevance")

    ids = ranked_ids()

    def snippets():
        return search_for(base, query).highlights(ids)

    def newest_page():
        return Results(search_for(base, query), sort="date")[0:20]

    parts = [
        ("count", count),
        ("facet_counts", facets),
        ("ranked page [0:20]", page),
        ("  ranked ids only", ranked_ids),
        ("  snippets only", snippets),
        ("date-sorted page [0:20]", newest_page),
    ]
    breakdown = []
    log()
    log(f"where the time goes, common word {common.q!r} ({args.repeat} repeats each)")
    for name, fn in parts:
        stats = summary(timed(fn, args.repeat, budget=args.budget))
        breakdown.append({"part": name, **stats})
        log(f"  {name:<28} p50 {stats['p50_ms']:8.1f} ms  p95 {stats['p95_ms']:8.1f} ms")

    # The statements of one full request, each timed (the median of five requests).
    recorded: list[list[dict]] = []
    for _ in range(5):
        recorder = QueryRecorder()
        with connection.execute_wrapper(recorder):
            request(common)()
        recorded.append(recorder.statements)
    statements = []
    for position, first in enumerate(recorded[0]):
        times = [r[position]["ms"] for r in recorded if len(r) > position]
        statements.append(
            {
                "what": describe_sql(first["sql"]),
                "ms": round(statistics.median(times), 2),
                "sql": first["sql"],
                "params": [str(p)[:200] for p in (first["params"] or [])],
            }
        )
    log()
    log(f"SQL of one request for {common.q!r}: {len(statements)} statements (median of 5 requests)")
    for s in statements:
        log(f"  {s['what']:<34} {s['ms']:8.1f} ms")
    log(f"  {'total SQL':<34} {sum(s['ms'] for s in statements):8.1f} ms")

    plans = []
    if args.explain:
        log()
        for raw, s in zip(recorded[0], statements, strict=True):
            if s["ms"] < args.explain_min_ms:
                continue
            plan = explain(connection, raw["sql"], raw["params"])
            plans.append({"what": s["what"], "sql": raw["sql"], "plan": plan})
            log(f"--- {s['what']} ({s['ms']:.1f} ms)")
            log(raw["sql"])
            log(plan)
            log()

    return {"queries": results, "breakdown": breakdown, "statements": statements, "plans": plans}
