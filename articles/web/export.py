"""Stream the results of a search as CSV or JSON, in the order of the results page, a chunk
at a time: memory holds the matching ids and one chunk of articles, never the whole set."""

import csv
import json
import re
import unicodedata
from collections.abc import Iterator

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
    from articles.models import Article

    # Every match, however many the count says: it may be an estimate.
    ids = results.search.page_ids(0, EVERYTHING, results.sort)
    # Plain values, not model instances: building an article, its topics and its mentions as
    # objects cost most of an export's time.
    columns = ("pk", "slug", "title", "source__name", "byline", "published_on", "date_origin")
    columns += ("url", "body", "file_name")
    article_path = Article(slug="-").get_absolute_url().removesuffix("-/")
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        articles = {
            row[0]: row for row in Article.objects.filter(pk__in=chunk).values_list(*columns)
        }
        topics: dict[int, dict] = {pk: {} for pk in chunk}
        for article_id, slug, score in (
            ArticleTopic.objects.filter(article_id__in=chunk)
            .order_by("article_id", "-score")
            .values_list("article_id", "topic__slug", "score")
        ):
            topics[article_id][slug] = round(score, 4)
        entities: dict[int, list] = {pk: [] for pk in chunk}
        for article_id, name in Mention.objects.filter(article_id__in=chunk).values_list(
            "article_id", "entity__name"
        ):
            entities[article_id].append(name)
        highlights = results.search.highlights(chunk)
        for position, pk in enumerate(chunk, start=start + 1):
            _, slug, title, source, byline, published_on, origin, url, body, file_name = articles[
                pk
            ]
            marked = highlights.get(pk)
            yield {
                "rank": position,
                "slug": slug,
                "title": title,
                "source": source,
                "byline": byline,
                "published_on": published_on.isoformat() if published_on else None,
                "date_origin": origin,
                "url": url,
                "topics": topics[pk],
                "entities": sorted(entities[pk], key=str.casefold),
                "snippet": _plain(marked.snippet) if marked else "",
                "body": body,
                "file_name": file_name,
                "archive_url": f"{base_url}{article_path}{slug}/",
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
