"""Faults at scale: a full export of every article, and the web tier while another process
holds the search index's writer (as a long `search_index --rebuild` does).

    python bench/faults_bench.py [--articles N]

Prints, for N synthetic articles: the export's rows, time and whether it said it was cut off
(against gunicorn's 30 s timeout); then, with the writer held, how long an editor's save and
delete take, and the status and time of the searches that follow. The database is the
configured one (DATABASE_URL); when unset, bench/results/faults.sqlite3, rebuilt each run.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
WORDS = ["grain", "oil", "talks", "summit", "envoy", "border", "trade", "sanctions", "port"]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        (RESULTS_DIR / "faults.sqlite3").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS_DIR / 'faults.sqlite3'}"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: no query log
    settings.ALLOWED_HOSTS.append("testserver")


def make_articles(n: int) -> None:
    from articles.models import Article, Source

    Article.objects.all().delete()
    source, _ = Source.objects.get_or_create(name="Bench wire", slug="bench-wire")
    start = dt.date(2000, 1, 1)
    batch = []
    for i in range(n):
        words = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(60))
        body = f"{words}. Article {i} of the benchmark. " * 8
        batch.append(
            Article(
                source=source,
                title=f"{WORDS[i % len(WORDS)].title()} report {i}",
                slug=f"bench-{i}",
                body=body,
                raw_text=body,
                checksum=f"{i:064d}",
                file_name=f"bench/{i}.txt",
                published_on=start + dt.timedelta(days=i % 9000),
            )
        )
        if len(batch) == 2000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def export(client, fmt: str) -> tuple[float, int, str]:
    started = time.perf_counter()
    response = client.get(f"/export.{fmt}")
    body = b"".join(response.streaming_content).decode()
    seconds = time.perf_counter() - started
    if fmt == "json":
        rows = json.loads(body)
        notice = rows.pop()["notice"] if rows and "notice" in rows[-1] else ""
    else:
        lines = body.splitlines()
        notice = lines[-1] if lines[-1].startswith('"# ') else ""
        rows = [line for line in lines[1:] if line.startswith('"') and not line.startswith('"# ')]
    return seconds, len(rows), notice


@contextlib.contextmanager
def writer_held(index):
    held, release = threading.Event(), threading.Event()

    def hold():
        with index.writer():
            held.set()
            release.wait(600)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(60)
    try:
        yield
    finally:
        release.set()
        thread.join()


def timed_get(client, url: str, params: dict) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get(url, params)
    return time.perf_counter() - started, response.status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000, help="articles (20,000)")
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from articles.models import Article
    from articles.search.tantivy import store as search_index

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    make_articles(args.articles)
    print(
        f"database: {connection.vendor}; {args.articles:,} articles made in "
        f"{time.perf_counter() - started:.1f} s"
    )
    client = Client()
    settings.ARCHIVE_EXPORT_LOCKS = Path(tempfile.mkdtemp(prefix="bench-export-locks-"))
    print(
        f"export caps: {settings.ARCHIVE_EXPORT_MAX_ROWS:,} rows, "
        f"{settings.ARCHIVE_EXPORT_SECONDS:g} s (gunicorn's timeout: 30 s)"
    )
    for fmt in ("csv", "json"):
        seconds, rows, notice = export(client, fmt)
        said = f"notice: {notice[:70]}..." if notice else "complete, no notice"
        print(f"full export .{fmt}: {rows:,} rows in {seconds:.1f} s; {said}")

    with tempfile.TemporaryDirectory() as folder:
        settings.ARCHIVE_SEARCH_INDEX = folder
        search_index.forget()
        started = time.perf_counter()
        index = search_index.current(create=True)
        search_index.rebuild(index)
        print(f"search index built in {time.perf_counter() - started:.1f} s")
        doomed, edited = Article.objects.order_by("pk")[:2]
        word = doomed.title.split()[0].lower()
        with writer_held(index):
            started = time.perf_counter()
            with transaction.atomic():
                doomed.delete()
            with transaction.atomic():
                edited.title = "Zyxwv renamed"
                edited.save()
            print(
                f"writer held: a delete and a save took {time.perf_counter() - started:.2f} s "
                f"(queued: {len(index.pending_ids())})"
            )
            for params in ({"q": word, "sort": "date"}, {"q": "-zzzqqq"}, {}, {"q": "zyxwv"}):
                seconds, status = timed_get(client, "/", params)
                print(f"writer held: GET / {params or '(home)'}: {status} in {seconds:.2f} s")
        started = time.perf_counter()
        search_index.sync_ids([])
        print(
            f"writer free: queue applied in {time.perf_counter() - started:.2f} s; "
            f"drift: {bool(search_index.drift(index))}"
        )
        search_index.forget()
    return 0


if __name__ == "__main__":
    sys.exit(main())
