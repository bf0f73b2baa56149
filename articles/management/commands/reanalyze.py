import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from articles.analysis.ner import ModelNotAvailable
from articles.reanalysis import ArticleResult, reanalyze_articles, select_articles


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since wants a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Run the analysis again on the stored raw texts: all articles, or those chosen by "
        "--source, --since or slug."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="article slugs (default: all articles)")
        parser.add_argument("--source", help="only this source (slug or name)")
        parser.add_argument("--since", type=_date, help="only articles published on or after")

    def handle(self, *args, slugs, source, since, **options):
        articles = select_articles(source=source, since=since, slugs=slugs)
        missing = set(slugs) - set(articles.values_list("slug", flat=True))
        if missing:
            raise CommandError(f"no article with slug {', '.join(sorted(missing))}")
        show_progress = sys.stderr.isatty() and options["verbosity"] > 0

        def report(result: ArticleResult, position: int, total: int) -> None:
            if show_progress:
                sys.stderr.write("\r\033[K")  # clear the progress bar before printing a line
            self.stdout.write(self.format(result))
            if show_progress:
                done = int(30 * position / total)
                sys.stderr.write(f"[{'#' * done}{'.' * (30 - done)}] {position}/{total}")
                sys.stderr.flush()

        try:
            results, removed = reanalyze_articles(articles, on_result=report)
        except ModelNotAvailable as exc:
            raise CommandError(str(exc)) from exc
        if show_progress:
            sys.stderr.write("\r\033[K")
        counts = {
            s: sum(r.status == s for r in results) for s in ("reanalysed", "unchanged", "failed")
        }
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        self.stdout.write(
            f"{len(results)} articles: {summary}; {removed} entities no article mentions removed"
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} article(s) could not be re-analysed")

    def format(self, result: ArticleResult) -> str:
        line = f"{result.status:<10} {result.slug}"
        if result.message:
            line += f" — {result.message}"
        return self.style.ERROR(line) if result.failed else line
