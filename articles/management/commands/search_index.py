import sys

from django.core.management.base import BaseCommand, CommandError

from articles.search.tantivy import store as search_index


class Command(BaseCommand):
    help = (
        "The search index beside the database (settings.ARCHIVE_SEARCH_INDEX): build it anew "
        "from the database, check it against the database, or bring it up to date."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="index every article anew")
        action.add_argument(
            "--check", action="store_true", help="report drift; exit code 1 if there is any"
        )
        action.add_argument(
            "--sync", action="store_true", help="re-index only the articles that drifted"
        )

    def handle(self, *args, rebuild, check, sync, **options):
        path = search_index.configured_path()
        if path is None:
            raise CommandError(
                "no search index is configured: set ARCHIVE_SEARCH_INDEX to a folder"
            )
        if rebuild:
            index = search_index.current(create=True)
            if index is None:
                raise CommandError(f"the search index at {path} cannot be opened (see the log)")
            n = search_index.rebuild(index)
            self.stdout.write(f"indexed {n} articles in {path}")
            return
        if not search_index.TextIndex.exists_at(path):
            raise CommandError(f"no search index at {path} yet: run search_index --rebuild")
        index = search_index.current()
        found = search_index.drift(index)
        self.stdout.write(
            f"{path}: {len(found.missing)} missing, {len(found.extra)} no longer in the "
            f"database, {len(found.stale)} out of date"
        )
        if sync and found:
            n = search_index.sync_ids(found.missing + found.extra + found.stale)
            self.stdout.write(f"re-indexed {n} articles, removed {len(found.extra)}")
        elif check and found:
            sys.exit(1)
