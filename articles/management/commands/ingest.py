import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.discovery import printable_name
from articles.ingest import FileResult, default_paths, display_name, ingest_paths


class Command(BaseCommand):
    help = "Ingest article files (.txt, .md; folders are read recursively). Default: seeds/."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen, write nothing"
        )

    def handle(self, *args, paths, dry_run, **options):
        show_progress = sys.stderr.isatty() and options["verbosity"] > 0

        def report(result: FileResult, position: int, total: int) -> None:
            if show_progress:
                sys.stderr.write("\r\033[K")  # clear the progress bar before printing a line
            self.stdout.write(self.encodable(self.format(result)))
            if show_progress:
                done = int(30 * position / total)
                sys.stderr.write(f"[{'#' * done}{'.' * (30 - done)}] {position}/{total}")
                sys.stderr.flush()

        results = ingest_paths(paths or default_paths(), dry_run=dry_run, on_result=report)
        if show_progress:
            sys.stderr.write("\r\033[K")

        counts = {
            s: sum(r.status == s for r in results)
            for s in ("created", "updated", "unchanged", "skipped", "failed")
        }
        summary = ", ".join(
            f"{n} {status}" for status, n in counts.items() if n or status != "skipped"
        )
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(self.encodable(f"{prefix}{len(results)} files: {summary}"))
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be ingested (see above)")

    def format(self, result: FileResult) -> str:
        line = f"{result.status:<9} {display_name(result.path)}"
        if result.message:
            line += f" — {printable_name(result.message)}"
        return self.style.ERROR(line) if result.failed else line

    def encodable(self, line: str) -> str:
        # A terminal or pipe that cannot show a character gets an escape, not a crash.
        encoding = getattr(self.stdout._out, "encoding", None) or "utf-8"
        return line.encode(encoding, "backslashreplace").decode(encoding)
