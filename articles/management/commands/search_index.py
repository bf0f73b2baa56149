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
                "the search index is off (ARCHIVE_SEARCH_INDEX=off, or an in-memory database): "
                "set ARCHIVE_SEARCH_INDEX to a folder"
            )
        if not rebuild and not search_index.TextIndex.exists_at(path):
            raise CommandError(f"no search index at {path} yet: run search_index --rebuild")
        if not rebuild and search_index.built_by_older_version(path):
            raise CommandError(
                f"the search index at {path} has the fields of an older version "
                "(searches use the database): run search_index --rebuild"
            )
        try:
            index = search_index.opened(create=rebuild)
        except Exception as exc:
            raise CommandError(f"the search index at {path} cannot be opened: {exc}") from exc
        if index.read_only and not check:
            raise CommandError(f"{search_index.IndexReadOnly(path)}: run this where it is writable")
        try:
            if rebuild:
                n = search_index.rebuild(index, progress=self.progress)
                self.stdout.write(f"indexed {n} articles in {path}")
                return
            self.check_or_sync(index, path, sync)
        except (search_index.IndexBusy, search_index.IndexReadOnly) as exc:
            # Whatever --sync found is queued: the next writer (or --sync again) applies it.
            raise CommandError(f"{exc}: the index was not written, try again later") from exc

    def check_or_sync(self, index, path, sync: bool) -> None:
        found = search_index.drift(index)
        queued = index.pending_ids()
        self.stdout.write(
            f"{path}: {len(found.missing)} missing, {len(found.extra)} no longer in the "
            f"database, {len(found.stale)} out of date, {len(queued)} queued, "
            f"{len(found.filters)} with other filter fields (source, topics, entities, date, "
            "language)"
        )
        if sync and (found or queued):
            n = search_index.sync_ids(found.changed, strict=True)
            self.stdout.write(f"re-indexed {n} articles, removed {len(found.extra)}")
        elif not sync and (found or queued):
            sys.exit(1)

    def progress(self, n: int) -> None:
        self.stdout.write(f"  {n} articles indexed")
