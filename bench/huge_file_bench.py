"""The largest file ingest accepts, full of hits: how long ingest, the search page and the
article page take, and how much the article page sends.

    python bench/huge_file_bench.py [--megabytes M] [--repeat R]

The database is the configured one (DATABASE_URL); when DATABASE_URL is unset it is
bench/results/huge_file.sqlite3. The benchmark's article is deleted at the end.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
SENTENCE = "Officials in Beijing said the Beijing talks on grain and oil would resume soon. "


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # static files without collectstatic
    if not os.environ.get("DATABASE_URL"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{RESULTS_DIR / 'huge_file.sqlite3'}"
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: no query log
    settings.ALLOWED_HOSTS.append("testserver")


def peak_megabytes() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def timed(client, url: str, repeat: int) -> tuple[float, int, int]:
    """Median milliseconds, status and bytes of GET `url`."""
    times, response = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), response.status_code, len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=1.9, help="file size (1.9)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page (5)")
    args = parser.parse_args()

    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.ingest.pipeline import ingest_file
    from articles.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    size = int(args.megabytes * 1_000_000)
    text = "Beijing talks\n\n" + "\n\n".join(
        SENTENCE * 10 for _ in range(size // (len(SENTENCE) * 10))
    )
    hits = text.count("Beijing")
    print(f"database: {connection.vendor}; limit {settings.ARCHIVE_MAX_FILE_BYTES:,} bytes")
    print(f"file: {len(text.encode()):,} bytes, {hits:,} hits for 'beijing'")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "huge.txt"
        path.write_text(text)
        before = peak_megabytes()
        start = time.perf_counter()
        result = ingest_file(path)
        print(f"ingest: {result.status} in {time.perf_counter() - start:.1f} s {result.message}")
        # The process's peak: the ingest loads the model, migrating came before.
        print(f"memory: peak {peak_megabytes():,.0f} MB ({before:,.0f} MB before the ingest)")
    if result.failed:
        return 1
    article = Article.objects.get(pk=result.article_id)
    try:
        client = Client()
        url = article.get_absolute_url()
        pages = [
            ("search /?q=beijing", "/?q=beijing"),
            ("article", url),
            ("article ?q=beijing", f"{url}?q=beijing"),
            ("article ?q=beijing, part 2", f"{url}?q=beijing&part=2"),
        ]
        print(f"{'page':<28} {'ms (median)':>12} {'status':>7} {'bytes':>10}")
        for name, page in pages:
            ms, status, length = timed(client, page, args.repeat)
            print(f"{name:<28} {ms:>12.0f} {status:>7} {length:>10,}")
    finally:
        article.delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
