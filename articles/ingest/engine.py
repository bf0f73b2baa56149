"""Per-engine tuning for the bulk writes of an ingest."""

from django.db import connection

from articles.models import Article, ArticleShingle, EntityAlias

# SQLite page cache of an ingest, in KiB: its reads are keyed lookups.
INGEST_SQLITE_CACHE_KIB = 16384


def bound_sqlite_memory() -> None:
    """Keep an ingest's memory independent of the archive's size on SQLite: the settings map
    the database file into the process (mmap_size) and cache 64 MB of pages for searches,
    which an ingest of many files would fill as the database grows."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size = 0")
            cursor.execute(f"PRAGMA cache_size = -{INGEST_SQLITE_CACHE_KIB}")


class PlannerStatistics:
    """PostgreSQL plans ingest's look-ups from table statistics that autovacuum may not have
    refreshed during a bulk load: with none, the shingle look-up of the similarity step read
    the whole table (a parallel sequential scan, slower with every article). Refreshed each
    time this run has doubled what it wrote, from 500 files on."""

    MODELS = (ArticleShingle, EntityAlias, Article)

    def __init__(self):
        self.refreshed_at = 0

    def refresh_after(self, files_written: int) -> None:
        if connection.vendor != "postgresql" or files_written < max(500, 2 * self.refreshed_at):
            return
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in self.MODELS)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
        self.refreshed_at = files_written
