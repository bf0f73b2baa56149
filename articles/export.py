"""Stream a set of articles as CSV or JSON, a chunk at a time, in bounded memory."""

import csv
import json
from collections.abc import Iterator

from django.db.models import Prefetch

from articles.models import ArticleTopic

FIELDS = [
    "slug",
    "title",
    "source",
    "byline",
    "published_on",
    "date_origin",
    "url",
    "topics",
    "file_name",
    "archive_url",
]
CHUNK = 500


def export_rows(queryset, base_url: str = "") -> Iterator[dict]:
    rows = (
        queryset.select_related("source")
        .prefetch_related(
            Prefetch("topic_scores", queryset=ArticleTopic.objects.select_related("topic"))
        )
        .order_by("pk")
        .iterator(chunk_size=CHUNK)
    )
    for article in rows:
        yield {
            "slug": article.slug,
            "title": article.title,
            "source": article.source.name,
            "byline": article.byline,
            "published_on": article.published_on.isoformat() if article.published_on else None,
            "date_origin": article.date_origin,
            "url": article.url,
            "topics": [ts.topic.slug for ts in article.topic_scores.all()],
            "file_name": article.file_name,
            "archive_url": base_url + article.get_absolute_url(),
        }


class _Echo:
    def write(self, value):
        return value


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(...)", "+1", "@SUM")
    gets a leading apostrophe, which spreadsheets display as plain text (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def stream_csv(rows: Iterator[dict]) -> Iterator[str]:
    writer = csv.DictWriter(_Echo(), fieldnames=FIELDS)
    yield writer.writeheader()
    for row in rows:
        row = {**row, "topics": ";".join(row["topics"])}
        yield writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})


def stream_json(rows: Iterator[dict]) -> Iterator[str]:
    yield "["
    for position, row in enumerate(rows):
        yield ("," if position else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"
