"""Language benchmark: what searching each article in its language costs. The same number of
synthetic articles in English, then in other languages (stemmed in their language), loaded
and searched the same way; prints the load and search times of each, and their ratio to
English's.

    python bench/search_languages_bench.py [--articles N] [--repeat R] [--rounds K]
                                   [--search-index DIR] [--corpora en,ru-unknown,ru,...]
                                   [--json PATH]

Articles are made of words drawn by frequency from wordfreq's lists (the bench extra), in
sentences; each corpus replaces the previous one in the database. Loading is the rows
written in batches (the full-text index follows: SQLite's triggers, PostgreSQL's generated
vector and its index) and, with --search-index, the search index (tantivy) updated for them.
Searching is a count and the first page of 20 results with their highlights, for single
words and pairs of words of the corpus's languages, at its median of --repeat runs. Each
figure is the best of --rounds rounds that take the corpora in turn (the machine's other
work shows as noise).

The database is the configured one (DATABASE_URL); when DATABASE_URL is unset it uses
bench/results/search-languages-bench.sqlite3, never the development archive.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from searchbench.corpus import RESULTS_DIR  # noqa: E402
from searchbench.loading import log, prepare_search_index, setup_django  # noqa: E402

PREFIX = "langbench-"
VOCABULARY = 20_000
BODY_WORDS = (330, 470)
BATCH = 500
# Corpus -> the languages of its articles, round-robin. "ru-unknown" is the Russian corpus
# with no language set: searched as English, as every article was before languages.
CORPORA = {
    "en": ("en",),
    "ru-unknown": ("ru",),
    "ru": ("ru",),
    "fr": ("fr",),
    "de": ("de",),
    "mixed": ("en", "ru", "fr", "de"),
}


class Words:
    """A language's words with their frequencies, to draw text and queries from."""

    def __init__(self, code: str):
        import wordfreq

        words = [w for w in wordfreq.top_n_list(code, VOCABULARY) if w.isalpha()]
        self.words = words
        self.weights = [wordfreq.word_frequency(w, code) for w in words]

    def text(self, rng: random.Random, n: int) -> str:
        tokens = rng.choices(self.words, weights=self.weights, k=n)
        sentences, i = [], 0
        while i < len(tokens):
            k = rng.randint(8, 20)
            sentence = " ".join(tokens[i : i + k])
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
            i += k
        return " ".join(sentences)

    def queries(self, rng: random.Random, n: int) -> list[str]:
        """Words of middling frequency (ranks 300 to 3,000), one or two a query."""
        middle = self.words[300:3000]
        singles = rng.sample(middle, n)
        pairs = [" ".join(rng.sample(middle[:800], 2)) for _ in range(max(1, n // 2))]
        return singles + pairs


def load(codes, words: dict[str, Words], n: int, search_index, unknown=False) -> float:
    """Write `n` articles (round-robin over `codes`, or with no language set when `unknown`),
    as ingest does; seconds taken."""
    from django.db import transaction

    from articles.models import Article, Source
    from articles.search.tantivy import store as index_store

    source, _ = Source.objects.get_or_create(slug="langbench", defaults={"name": "Bench"})
    rng = random.Random(f"langbench:{','.join(codes)}")
    made = []
    for i in range(n):
        code = codes[i % len(codes)]
        title = words[code].text(rng, 8)[:200]
        body = "\n\n".join(words[code].text(rng, rng.randint(*BODY_WORDS) // 4) for _ in range(4))
        made.append((code, title, body))
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        rows = [
            Article(
                source=source,
                title=title,
                slug=f"{PREFIX}{start + i}",
                body=body,
                raw_text=f"{title}\n\n{body}",
                checksum=f"{PREFIX}{start + i}",
                file_name=f"langbench/{start + i}.txt",
                language="" if unknown else code,
            )
            for i, (code, title, body) in enumerate(made[start : start + BATCH])
        ]
        with transaction.atomic():
            Article.objects.bulk_create(rows)
        if search_index:
            index_store.sync_ids([row.pk for row in rows])
    return time.perf_counter() - started


def clear(search_index) -> None:
    from django.db import connection, transaction

    from articles.models import Article
    from articles.search.tantivy import store as index_store

    ids = list(Article.objects.filter(checksum__startswith=PREFIX).values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        with transaction.atomic():
            Article.objects.filter(pk__in=ids[start : start + 5000])._raw_delete(connection.alias)
    if search_index:
        index_store.rebuild(index_store.current())


def settle() -> None:
    """What a database does to itself before anyone searches (statistics, merged index)."""
    from django.db import connection

    from articles.search.database import ddl

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) articles_article")
        else:
            cursor.execute(f"INSERT INTO {ddl.FTS_TABLE}({ddl.FTS_TABLE}) VALUES('optimize')")
            cursor.execute("ANALYZE")


def reindex_seconds(search_index) -> dict:
    """What the migration does to the archive as it is (the full-text index made anew, each
    article in its language), and `search_index --rebuild` with the search index: seconds."""
    from django.db import connection

    from articles.search.database import ddl
    from articles.search.tantivy import store as index_store

    started = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            ddl.reindex_sqlite(connection)
        else:
            cursor.execute("SET maintenance_work_mem TO '512MB'")
            kind = ddl.postgresql_index_kind(connection)
            ddl.reindex_postgresql(_Editor(connection), prefer_rum=kind != "gin")
    found = {"database": round(time.perf_counter() - started, 2)}
    if search_index:
        started = time.perf_counter()
        index_store.rebuild(index_store.current())
        found["search_index"] = round(time.perf_counter() - started, 2)
    return found


class _Editor:
    """What ddl's functions use of a schema editor."""

    def __init__(self, connection):
        self.connection = connection


def search_ms(queries: list[str], repeat: int) -> list[float]:
    """Each query's median milliseconds for a count and the first page with highlights."""
    from articles.models import Article
    from articles.search import Results, SearchQuery, search_for

    medians = []
    for q in queries:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            results = Results(search_for(Article.objects.all(), SearchQuery(q)))
            results.count()
            results.page(0, 20)
            times.append((time.perf_counter() - t) * 1000)
        medians.append(statistics.median(times))
    return medians


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="articles per corpus (5000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (5)")
    parser.add_argument("--queries", type=int, default=20, help="single-word queries (20)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the best kept (3)")
    parser.add_argument(
        "--corpora",
        default="en,ru-unknown,ru,fr,de,mixed",
        help="which corpora, English first (all)",
    )
    parser.add_argument("--search-index", metavar="DIR", help="also through tantivy in DIR")
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="also time the migration's re-index of the last corpus (and of the search index)",
    )
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    args = parser.parse_args(argv)
    corpora = [c for c in args.corpora.split(",") if c]
    unknown = set(corpora) - set(CORPORA)
    if unknown:
        parser.error(f"unknown corpora: {', '.join(sorted(unknown))}")

    if not os.environ.get("DATABASE_URL"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS_DIR / 'search-languages-bench.sqlite3'}"
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    if Article.objects.exclude(checksum__startswith=PREFIX).exists():
        raise SystemExit("the database holds articles that are not the benchmark's: use another")
    log(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    search_index = prepare_search_index(args.search_index) if args.search_index else None

    words = {code: Words(code) for c in corpora for code in CORPORA[c]}
    loads: dict[str, list[float]] = {name: [] for name in corpora}
    searches: dict[str, list[list[float]]] = {name: [] for name in corpora}
    queries = {}
    for name in corpora:
        codes = CORPORA[name]
        rng = random.Random(f"langbench-queries:{name}")
        per_language = max(1, args.queries // len(codes))
        queries[name] = [q for code in codes for q in words[code].queries(rng, per_language)]
    # Rounds taking the corpora in turn, each figure its best round: the machine's other
    # load shows as noise, and the best round is the least disturbed one.
    for round_ in range(args.rounds):
        for name in corpora:
            clear(search_index)
            unknown = name.endswith("-unknown")
            loads[name].append(
                load(CORPORA[name], words, args.articles, search_index, unknown=unknown)
            )
            settle()
            searches[name].append(search_ms(queries[name], args.repeat))
            log(
                f"round {round_ + 1} {name}: load {loads[name][-1]:.2f} s, search "
                f"{statistics.fmean(searches[name][-1]):.2f} ms"
            )
    reindex = None
    if args.reindex:
        reindex = reindex_seconds(search_index)
        log(f"re-index of {args.articles} articles ({corpora[-1]}): {reindex} s")
    clear(search_index)
    results = {}
    for name in corpora:
        seconds = min(loads[name])
        times = [min(per_round) for per_round in zip(*searches[name], strict=True)]
        results[name] = {
            "load_seconds": round(seconds, 2),
            "articles_per_second": round(args.articles / seconds),
            "search_mean_ms": round(statistics.fmean(times), 2),
            "search_p90_ms": round(sorted(times)[int(0.9 * (len(times) - 1))], 2),
            "queries": len(times),
        }

    base = results.get(corpora[0])
    log()
    log(
        f"{args.articles} articles per corpus, {connection.vendor}"
        + (", search index on" if search_index else "")
    )
    log(f"{'corpus':<12}{'load s':>9}{'art/s':>8}{'x':>7}{'search ms':>11}{'p90':>8}{'x':>7}")
    for name, r in results.items():
        load_ratio = r["load_seconds"] / base["load_seconds"]
        search_ratio = r["search_mean_ms"] / base["search_mean_ms"]
        log(
            f"{name:<12}{r['load_seconds']:>9.2f}{r['articles_per_second']:>8}"
            f"{load_ratio:>7.2f}{r['search_mean_ms']:>11.2f}{r['search_p90_ms']:>8.2f}"
            f"{search_ratio:>7.2f}"
        )
    if reindex:
        per = 100_000 / args.articles
        log(
            f"re-index ({corpora[-1]}): database {reindex['database']:.1f} s, "
            f"{reindex['database'] * per / 60:.1f} min per 100,000 articles"
            + (
                f"; search index {reindex['search_index']:.1f} s, "
                f"{reindex['search_index'] * per / 60:.1f} min per 100,000"
                if "search_index" in reindex
                else ""
            )
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"corpora": results, "reindex": reindex}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
