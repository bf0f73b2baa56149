"""Stream the results of a search as CSV or JSON, in the order of the results page, a chunk
at a time: memory holds the matching ids and one chunk of articles, never the whole set."""

import csv
import json
import re
import unicodedata
from collections.abc import Iterator

from django.db.models import Prefetch

from articles.models import ArticleTopic, Mention
from articles.search import START, STOP

FIELDS = [
    "rank",
    "slug",
    "title",
    "source",
    "byline",
    "published_on",
    "date_origin",
    "url",
    "topics",
    "entities",
    "snippet",
    "body",
    "file_name",
    "archive_url",
]
CHUNK = 200
EVERYTHING = 2**31 - 1  # a LIMIT both engines take


def _plain(marked: str | None) -> str:
    return (marked or "").replace(START, "").replace(STOP, "")


def export_rows(results, base_url: str = "") -> Iterator[dict]:
    """The rows of `results` (an articles.search.Results) in page order, as plain values."""
    # Every match, however many the count says: it may be an estimate.
    ids = results.search.page_ids(0, EVERYTHING, results.sort)
    rows = results.search.queryset.model.objects.select_related("source").prefetch_related(
        Prefetch("topic_scores", queryset=ArticleTopic.objects.select_related("topic")),
        Prefetch("mentions", queryset=Mention.objects.select_related("entity")),
    )
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        articles = rows.in_bulk(chunk)
        highlights = results.search.highlights(chunk)
        for position, pk in enumerate(chunk, start=start + 1):
            article = articles[pk]
            marked = highlights.get(pk)
            yield {
                "rank": position,
                "slug": article.slug,
                "title": article.title,
                "source": article.source.name,
                "byline": article.byline,
                "published_on": article.published_on.isoformat() if article.published_on else None,
                "date_origin": article.date_origin,
                "url": article.url,
                "topics": {ts.topic.slug: round(ts.score, 4) for ts in article.topic_scores.all()},
                "entities": sorted(
                    (m.entity.name for m in article.mentions.all()), key=str.casefold
                ),
                "snippet": _plain(marked.snippet) if marked else "",
                "body": article.body,
                "file_name": article.file_name,
                "archive_url": base_url + article.get_absolute_url(),
            }


class _Echo:
    def write(self, value):
        return value


# What starts a formula in a spreadsheet, also in fullwidth form (＝, ＋, －, ＠ are read
# as formulas by some), and the separators after which a spreadsheet that splits the cell
# again (on ";" or "," or a tab) would start a new cell.
FORMULA_START = re.compile(r"(?:^|[,;\t\r\n|])\s*[=+\-@\t\r]")


def spreadsheet_safe(value):
    """A text cell that a spreadsheet could run as a formula gets a leading apostrophe,
    which spreadsheets show as plain text (OWASP, CSV injection). Checked on the
    compatibility-normalised text (fullwidth "＝" is "="), at the start of the cell and after
    every separator ("; =1+1" is a formula once the cell is split on ";")."""
    if isinstance(value, str) and FORMULA_START.search(unicodedata.normalize("NFKC", value)):
        return "'" + value
    return value


def csv_cells(row: dict) -> dict:
    row = {
        **row,
        "topics": ";".join(f"{slug}:{score}" for slug, score in row["topics"].items()),
        "entities": ";".join(row["entities"]),
    }
    return {key: spreadsheet_safe(value) for key, value in row.items()}


def stream_csv(rows: Iterator[dict]) -> Iterator[str]:
    # Every cell quoted: a spreadsheet then never reads a separator inside one as a new cell.
    writer = csv.DictWriter(_Echo(), fieldnames=FIELDS, quoting=csv.QUOTE_ALL)
    yield writer.writeheader()
    for row in rows:
        yield writer.writerow(csv_cells(row))


def stream_json(rows: Iterator[dict]) -> Iterator[str]:
    yield "["
    for position, row in enumerate(rows):
        yield ("," if position else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"
