"""Django set-up and loading the corpus into the configured database, resumably: articles
already there (by checksum) are kept, missing ones are added, others of the bench removed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings

from searchbench.corpus import (
    BATCH,
    RESULTS_DIR,
    ROOT,
    TOPIC_WORDS,
    Corpus,
    bench_checksum,
    make_article,
    slugify,
)

# ----------------------------------------------------------------------------------------------
# Django


def setup_django(search_index: bool = False) -> None:
    """Django on the benchmark's database. Its corpus is written past the signals that keep
    the search index in step: a benchmark measures the database alone (ARCHIVE_SEARCH_INDEX
    off) unless it brings the index up to date itself (`search_index`)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    if not search_index:
        os.environ.setdefault("ARCHIVE_SEARCH_INDEX", "off")
    # DEBUG on at import time only so that static files need no collectstatic (the storage is
    # chosen when settings load); it is switched off below, before anything is measured.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS_DIR / 'bench.sqlite3'}"
    # As in the test settings: collectstatic has not run in a checkout.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings

    # As in production: no query log kept in memory, no template debug info.
    settings.DEBUG = False
    for host in ("localhost", "testserver"):
        if host not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS.append(host)


def log(message: str = "") -> None:
    print(message, flush=True)


def code_version() -> dict:
    """The commit measured, and the app files that differ from it (others may be editing)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.rstrip()  # not strip(): a porcelain line starts with a space
        except (OSError, subprocess.CalledProcessError):
            return ""

    changed = [
        line[3:]
        for line in git("status", "--porcelain", "--", ".", ":!bench").splitlines()
        if line.strip()
    ]
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted": changed}


def engine_description(connection) -> dict:
    from articles.search.database import ddl

    info = {"vendor": connection.vendor, "index": None, "version": None}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            info["index"] = ddl.postgresql_index_kind(connection)
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            info["version"] = cursor.fetchone()[0]
            info["index"] = "fts5"
        # The size on disk, tables and indexes: what a corpus of this size costs.
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
        else:
            cursor.execute(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
            )
        info["database_bytes"] = cursor.fetchone()[0]
    return info


# ----------------------------------------------------------------------------------------------
# Generation


def generate(corpus: Corpus, n_articles: int, allow_real_data: bool) -> dict:
    from django.db import connection, transaction

    from articles.models import (
        Article,
        ArticleTopic,
        DatedMention,
        Entity,
        Mention,
        Source,
        Topic,
    )
    from articles.search.database import ddl

    started = time.perf_counter()
    wanted = {bench_checksum(corpus.seed, i) for i in range(n_articles)}
    existing = dict(
        Article.objects.filter(checksum__startswith="bench-").values_list("checksum", "pk")
    )
    stale = [pk for checksum, pk in existing.items() if checksum not in wanted]
    missing = sorted(
        int(c.rsplit("-", 1)[1]) for c in wanted.difference(existing)
    )  # indexes to generate
    real = Article.objects.exclude(checksum__startswith="bench-").count()
    if real and (missing or stale) and not allow_real_data:
        raise SystemExit(
            f"The database holds {real} articles that are not the benchmark's: refusing to add "
            "or delete benchmark articles there. Point DATABASE_URL at a database of its own, "
            "or pass --allow-real-data."
        )
    if not missing and not stale:
        log(
            f"generate: the database already holds the {n_articles} articles of seed "
            f"{corpus.seed}; nothing to do"
        )
        return {"seconds": 0.0, "created": 0, "deleted": 0}

    if stale:
        t = time.perf_counter()
        for start in range(0, len(stale), 5000):
            chunk = stale[start : start + 5000]
            with transaction.atomic():
                Mention.objects.filter(article_id__in=chunk).delete()
                ArticleTopic.objects.filter(article_id__in=chunk).delete()
                DatedMention.objects.filter(article_id__in=chunk).delete()
                # Children are gone: a plain DELETE, without the collector loading 5,000 rows.
                Article.objects.filter(pk__in=chunk)._raw_delete(connection.alias)
        log(
            f"generate: deleted {len(stale)} benchmark articles of another seed or size "
            f"in {time.perf_counter() - t:.1f} s"
        )

    sources = {}
    for name in corpus.sources:
        sources[name], _ = Source.objects.get_or_create(
            slug=f"bench-{slugify(name)}", defaults={"name": f"{name} (bench)"}
        )
    entity_ids = []
    for name, kind in corpus.entities:
        entity, _ = Entity.objects.get_or_create(
            slug=f"bench-{slugify(name)}", defaults={"name": name, "kind": kind}
        )
        entity_ids.append(entity.pk)
    topic_ids = dict(Topic.objects.filter(slug__in=TOPIC_WORDS).values_list("slug", "pk"))
    absent = set(TOPIC_WORDS) - set(topic_ids)
    if absent:
        raise SystemExit(f"topics missing from the database (data migration?): {absent}")

    # PostgreSQL: maintaining the full-text index row by row is the slow part of a bulk load.
    # For a large load, drop it and build it once at the end (same kind, same function as the
    # migration).
    rebuild_pg_index = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
        if len(missing) >= 10000:
            rebuild_pg_index = ddl.postgresql_index_kind(connection) or "gin"
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX IF EXISTS {ddl.RUM_INDEX}")
                cursor.execute(f"DROP INDEX IF EXISTS {ddl.GIN_INDEX}")

    created = 0
    last_report = time.perf_counter()
    for start in range(0, len(missing), BATCH):
        generated = [make_article(corpus, i) for i in missing[start : start + BATCH]]
        rows = []
        for g in generated:
            raw = f"{g.title}\n\n{g.body}\n"
            rows.append(
                Article(
                    source=sources[g.source],
                    title=g.title[:500],
                    slug=f"bench-{corpus.seed}-{g.index}-{slugify(g.title)[:60]}".strip("-"),
                    byline=g.byline,
                    body=g.body,
                    raw_text=raw,
                    url=f"https://bench.example/{corpus.seed}/{g.index}",
                    published_on=g.published_on,
                    date_origin="metadata" if g.published_on else "unknown",
                    checksum=bench_checksum(corpus.seed, g.index),
                    file_name=f"bench/{corpus.seed}/{g.index:06d}.txt",
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(rows, batch_size=500)
            mentions, topics = [], []
            for g, article in zip(generated, rows, strict=True):
                for e, count in g.mentions.items():
                    mentions.append(
                        Mention(article_id=article.pk, entity_id=entity_ids[e], count=count)
                    )
                for slug, (score, evidence) in g.topics.items():
                    topics.append(
                        ArticleTopic(
                            article_id=article.pk,
                            topic_id=topic_ids[slug],
                            score=score,
                            evidence=evidence,
                        )
                    )
            Mention.objects.bulk_create(mentions, batch_size=2000)
            ArticleTopic.objects.bulk_create(topics, batch_size=2000)
            DatedMention.objects.bulk_create(
                [
                    DatedMention(
                        article_id=article.pk, position=n, text=day.isoformat(),
                        sentence=sentence, precision="day", start=day, end=day,
                    )
                    for g, article in zip(generated, rows, strict=True)
                    for n, (day, sentence) in enumerate(g.days)
                ],
                batch_size=2000,
            )  # fmt: skip
        created += len(rows)
        if time.perf_counter() - last_report > 10 or created == len(missing):
            elapsed = time.perf_counter() - started
            log(f"generate: {created}/{len(missing)} articles ({elapsed:.0f} s)")
            last_report = time.perf_counter()

    index_seconds = None
    if rebuild_pg_index:
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem TO '512MB'")
        kind = ddl.create_postgresql_index(connection, prefer_rum=rebuild_pg_index == "rum")
        index_seconds = time.perf_counter() - t
        log(f"generate: {kind} index rebuilt in {index_seconds:.1f} s")

    t = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What autovacuum would have done by the time anyone searches: statistics, and the
            # visibility map (index-only scans).
            for table in ("articles_article", "articles_mention", "articles_articletopic"):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        elif connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {ddl.FTS_TABLE}({ddl.FTS_TABLE}) VALUES('optimize')")
            cursor.execute("ANALYZE")
    maintenance = time.perf_counter() - t
    seconds = time.perf_counter() - started
    log(
        f"generate: {created} articles created in {seconds:.1f} s "
        f"({created / max(seconds, 1e-9):.0f}/s; ANALYZE/optimize {maintenance:.1f} s)"
    )
    return {
        "seconds": round(seconds, 1),
        "created": created,
        "deleted": len(stale),
        "index_rebuild_seconds": round(index_seconds, 1) if index_seconds else None,
        "maintenance_seconds": round(maintenance, 1),
    }


def prepare_search_index(path: str) -> dict:
    """Point the archive at the search index in `path` and make it match the database:
    rebuilt when absent, else brought up to date (its drift re-indexed)."""
    from pathlib import Path

    from django.conf import settings

    from articles.search.tantivy import store as search_index

    settings.ARCHIVE_SEARCH_INDEX = str(Path(path).resolve())
    search_index.forget()
    started = time.perf_counter()
    if search_index.TextIndex.exists_at(path):
        found = search_index.drift(search_index.current())
        changed = found.missing + found.extra + found.stale
        search_index.sync_ids(changed)
        built = f"{len(changed)} articles re-indexed in {time.perf_counter() - started:.1f} s"
    else:
        n = search_index.rebuild(search_index.current(create=True))
        built = f"built from {n} articles in {time.perf_counter() - started:.1f} s"
    log(f"search index: {built}")
    size = sum(f.stat().st_size for f in Path(path).iterdir() if f.is_file())
    return {"path": str(path), "bytes": size, "built": built}
