import os
import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.ingest.discovery import printable_name
from articles.ingest.pipeline import default_paths, ingest_paths
from articles.ingest.results import FileResult, Status
from articles.ingest.runs import Interrupted, RunRecord
from articles.ingest.write import display_name
from articles.search.tantivy import store as search_index

# Off a terminal (a log, a pipe) there is no progress bar: a line every this many items says
# how far a long feed has got.
PROGRESS_EVERY = 1000


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def counted(counts: Counter[Status]) -> str:
    """ "3 created, 0 updated, 0 unchanged, 1 failed": skipped only when there were some."""
    return ", ".join(
        f"{counts[status]} {status}"
        for status in Status
        if counts[status] or status != Status.SKIPPED
    )


class FeedTally:
    """The counts of the feed (a JSONL or JSON file of many articles) being reported, and
    its line once its last item is in: results arrive file by file, in order."""

    def __init__(self, error_style):
        self.path = None
        self.counts: Counter[Status] = Counter()
        self.error_style = error_style

    def add(self, result: FileResult) -> None:
        if result.path != self.path:
            self.path, self.counts = result.path, Counter()
        if result.where or self.counts:
            self.counts[result.status] += 1

    def finished_before(self, result: FileResult | None) -> str | None:
        """The line of the feed reported so far when `result` (None: the run's end) belongs
        to another file; None when there is none to print."""
        if self.path is None or not self.counts or (result and result.path == self.path):
            return None
        counts, self.counts = self.counts, Counter()
        line = (
            f"{'feed':<9} {display_name(self.path)}: "
            f"{plural(counts.total(), 'item')}: {counted(counts)}"
        )
        return self.error_style(line) if counts[Status.FAILED] else line


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt, .md, .json, .jsonl, .html, .htm; folders are read "
        "recursively). Default: seeds/. Each run is recorded (admin: Ingest runs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen, write nothing"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="analysis worker processes (default: the number of cores)",
        )
        parser.add_argument(
            "--year",
            type=int,
            help="the year of a collection whose datelines give only a day and month "
            '("BAHRAIN, Oct 19 -"): an article with no date of its own is dated so',
        )

    def handle(self, *args, paths, dry_run, jobs, year=None, **options):
        if jobs < 1:
            raise CommandError("--jobs wants a number of processes, at least 1")
        if year is not None and not 1 <= year <= 9999:
            raise CommandError("--year wants a year, such as 1987")
        paths = paths or default_paths()
        if not dry_run:
            # The first ingest into a database migrated with the index off, or whose index
            # was removed: built from what the database holds, then written as usual.
            search_index.build_missing(say=self.stdout.write)
        if reason := search_index.not_written_reason():
            self.stderr.write(f"warning: {reason}: the search index is not written")
        arguments = [str(p) for p in paths] + (["--dry-run"] if dry_run else [])
        arguments += [f"--year={year}"] if year else []
        record = RunRecord("ingest", [*arguments, f"--jobs={jobs}"], dry_run=dry_run)
        counts: Counter[Status] = Counter()
        bar = None
        files_seen = items = 0
        on_terminal = sys.stderr.isatty() and options["verbosity"] > 0
        # A feed prints like a file: one line with its counts, plus a line per failed item;
        # -v 2 adds a line per item.
        feed = FeedTally(self.style.ERROR)

        def say(line: str) -> None:
            line = self.encodable(line)
            if bar is not None:
                bar.write(line, file=self.stdout._out)
            else:
                self.stdout.write(line)

        def report(result: FileResult, position: int, total: int) -> None:
            nonlocal bar, files_seen, items
            # Items, not files: one feed may hold 20,000 articles.
            items += 1
            if bar is None and on_terminal:
                bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False, mininterval=0.2)
            counts[result.status] += 1
            record.add(result.status, self.name_of(result), result.message)
            if (line := feed.finished_before(result)) is not None:
                say(line)
            feed.add(result)
            if result.failed or not result.where or options["verbosity"] > 1:
                say(self.format(result))
            if bar is not None:
                bar.set_postfix_str(f"{items:,} items", refresh=False)
                bar.update(position - bar.n)
            elif items % PROGRESS_EVERY == 0 and options["verbosity"] > 0:
                self.stderr.write(f"progress: {items:,} items, file {position} of {total}")
            files_seen = total

        try:
            with record.stopped_by_signals():
                ingest_paths(
                    paths, dry_run=dry_run, jobs=jobs, on_result=report, dateline_year=year
                )
            if (line := feed.finished_before(None)) is not None:
                say(line)
        except Interrupted as stop:
            raise CommandError(
                f"{stop} after {plural(items, 'item')} (run {record.run.pk}, left unfinished; "
                "a re-run goes on from there)"
            ) from stop
        finally:
            if bar is not None:
                bar.refresh()  # the last state, however soon after the one before
                bar.close()
        run = record.finish(seen=files_seen)
        summary = counted(counts)
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(
            self.encodable(f"{prefix}{plural(files_seen, 'file')}: {summary} (run {run.pk})")
        )
        if counts[Status.FAILED]:
            failed = counts[Status.FAILED]
            raise CommandError(f"{failed} file(s) or article(s) could not be ingested (see above)")

    @staticmethod
    def name_of(result: FileResult) -> str:
        return display_name(result.path) + result.anchor

    def format(self, result: FileResult) -> str:
        line = f"{result.status:<9} {self.name_of(result)}"
        if result.message:
            line += f" — {printable_name(result.message)}"
        return self.style.ERROR(line) if result.failed else line

    def encodable(self, line: str) -> str:
        # A terminal or pipe that cannot show a character gets an escape, not a crash.
        encoding = getattr(self.stdout._out, "encoding", None) or "utf-8"
        return line.encode(encoding, "backslashreplace").decode(encoding)
