import datetime
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.analysis.ner import ModelNotAvailable
from articles.ingest.reanalysis import ArticleResult, reanalyze_articles, select_articles
from articles.ingest.runs import Interrupted, RunRecord


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
        arguments = [*slugs, *([f"--source={source}"] if source else [])]
        arguments += [f"--since={since}"] if since else []
        record = RunRecord("reanalyze", arguments)
        counts: Counter[str] = Counter()
        bar = None

        def report(result: ArticleResult, position: int, total: int) -> None:
            nonlocal bar
            if bar is None and sys.stderr.isatty() and options["verbosity"] > 0:
                bar = tqdm(total=total, unit="article", file=sys.stderr, leave=False)
            counts[result.status] += 1
            # In the run record a re-analysed article counts as updated.
            status = "updated" if result.status == "reanalysed" else result.status
            record.add(status, result.slug, result.message if result.failed else "")
            if bar is not None:
                bar.write(self.format(result), file=self.stdout._out)
                bar.update(1)
            else:
                self.stdout.write(self.format(result))

        try:
            with record.stopped_by_signals():
                results, removed = reanalyze_articles(articles, on_result=report)
        except ModelNotAvailable as exc:
            raise CommandError(str(exc)) from exc
        except Interrupted as stop:
            done = sum(counts.values())
            raise CommandError(
                f"{stop} after {done} article(s) (run {record.run.pk}, left unfinished)"
            ) from stop
        finally:
            if bar is not None:
                bar.refresh()  # the last state, however soon after the one before
                bar.close()
        record.finish(seen=len(results))
        summary = ", ".join(f"{counts[s]} {s}" for s in ("reanalysed", "unchanged", "failed"))
        noun = "article" if len(results) == 1 else "articles"
        self.stdout.write(
            f"{len(results)} {noun}: {summary}; {removed} entities no article mentions removed"
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} article(s) could not be re-analysed")

    def format(self, result: ArticleResult) -> str:
        line = f"{result.status:<10} {result.slug}"
        if result.message:
            line += f" — {result.message}"
        return self.style.ERROR(line) if result.failed else line
