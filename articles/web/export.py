"""Stream the results of a search as CSV or JSON, in the order of the results page, a chunk
at a time: memory holds the matching ids and one chunk of articles, never the whole set.

An export is bounded so that it always ends before the server's worker timeout and says when
it did not hold every match: at most settings.ARCHIVE_EXPORT_MAX_ROWS rows, for at most
ARCHIVE_EXPORT_SECONDS; a cut-off export ends with a notice (a last CSV row starting "#", a
last JSON item {"notice": ...}). Few exports run at once (ARCHIVE_EXPORTS_AT_ONCE, and
ARCHIVE_EXPORTS_PER_ADDRESS from one address), so that they never hold every worker; one more
is answered 429.
"""

import contextlib
import csv
import fcntl
import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse

from articles.models import ArticleTopic, Mention
from articles.provenance import shown_file
from articles.search import START, STOP
from articles.search.base import fetch_queryset, id_list

FIELDS = [
    "rank",
    "slug",
    "title",
    "source",
    "byline",
    "published_on",
    "date_origin",
    "language",
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
COLUMNS = ("pk", "slug", "title", "source__name", "byline", "published_on", "date_origin")
COLUMNS += ("url", "body", "file_name", "language", "import_ref")


def _iso(day) -> str | None:
    """A date as ISO text; the rows come unconverted, and SQLite keeps dates as that text."""
    if day is None or isinstance(day, str):
        return day or None
    return day.isoformat()


def _plain(marked: str | None) -> str:
    return (marked or "").replace(START, "").replace(STOP, "")


class Export:
    """The rows of `results` (an articles.search.Results) in page order, as plain values: at
    most `max_rows`, and none read after `deadline` (time.monotonic()). `notice` then says
    what was left out."""

    def __init__(
        self,
        results,
        base_url: str = "",
        *,
        max_rows: int,
        deadline: float,
        show_files: bool = False,
    ):
        self.results, self.base_url = results, base_url
        self.show_files = show_files  # the file's relative path, for staff (articles.provenance)
        self.max_rows, self.deadline = max_rows, deadline
        # One more than the cap: whether there are more, without trusting the count (on
        # PostgreSQL it may be an estimate).
        self.ids = results.search.page_ids(0, max_rows + 1, results.sort)
        self.capped = len(self.ids) > max_rows
        self.ids = self.ids[:max_rows]
        self.written = 0
        self.names: dict[int, str] = {}
        self.out_of_time = False
        from articles.models import Article

        # Reversed once: reversing each row's address cost a tenth of an export's time.
        self.article_path = Article(slug="-").get_absolute_url().removesuffix("-/")

    def rows(self) -> Iterator[dict]:
        for article, marked in self._articles():
            self.written += 1
            yield self._row(self.written, article, marked)

    def notice(self) -> str | None:
        if not (self.capped or self.out_of_time or self.written < len(self.ids)):
            return None
        about = "about " if self.results.estimated else ""
        why = (
            f"it ran out of time ({settings.ARCHIVE_EXPORT_SECONDS:g} s)"
            if self.out_of_time
            else f"an export holds at most {self.max_rows} articles"
        )
        return (
            f"export incomplete: {self.written} of {about}{self.results.count()} matching "
            f"articles, because {why}. Narrow the search (dates, source) and export each part."
        )

    def _articles(self) -> Iterator[tuple]:
        """Each article's row as plain values with its highlight, a chunk at a time. Plain
        values, not model instances: building an article, its topics and its mentions as
        objects cost most of an export's time."""
        from articles.models import Article

        results, ids = self.results, self.ids
        for start in range(0, len(ids), CHUNK):
            if time.monotonic() > self.deadline:
                self.out_of_time = True
                return
            chunk = ids[start : start + CHUNK]
            # The chunk's ids as one parameter, and the rows fetched at once without the
            # ORM's per-value conversion: with the entity names below, a quarter less of the
            # export's processor time than 200 parameters and converted rows per query.
            alias = Article.objects.db
            within = id_list(chunk, alias)
            articles = {
                row[0]: row
                for row in fetch_queryset(
                    Article.objects.filter(pk__in=within).values_list(*COLUMNS), "export_rows"
                )
            }
            topics: dict[int, dict] = {pk: {} for pk in chunk}
            for article_id, slug, score in fetch_queryset(
                ArticleTopic.objects.filter(article_id__in=within)
                .order_by("article_id", "-score")
                .values_list("article_id", "topic__slug", "score"),
                "export_topics",
            ):
                topics[article_id][slug] = round(score, 4)
            entities: dict[int, list] = {pk: [] for pk in chunk}
            mentions = fetch_queryset(
                Mention.objects.filter(article_id__in=within).values_list(
                    "article_id", "entity_id"
                ),
                "export_mentions",
            )
            names = self._entity_names({entity_id for _, entity_id in mentions})
            for article_id, entity_id in mentions:
                entities[article_id].append(names[entity_id])
            highlights = results.search.highlights(chunk)
            for pk in chunk:
                if pk in articles:  # not deleted since its id was read
                    yield (articles[pk], topics[pk], entities[pk]), highlights.get(pk)

    def _entity_names(self, wanted: set[int]) -> dict[int, str]:
        """Entities' names by id, each read once per export: a few hundred entities are
        named by hundreds of thousands of mentions, and joining each mention to its entity
        cost the database more than reading the mentions."""
        from articles.models import Entity

        if missing := wanted - self.names.keys():
            self.names.update(Entity.objects.filter(pk__in=missing).values_list("pk", "name"))
        return self.names

    def _row(self, position: int, values: tuple, marked) -> dict:
        (_, slug, title, source, byline, published_on, origin, url, body, file_name, language) = (
            values[0][:11]
        )
        shown = shown_file(file_name, values[0][11]) if self.show_files else ""
        return {
            "rank": position,
            "slug": slug,
            "title": title,
            "source": source,
            "byline": byline,
            "published_on": _iso(published_on),
            "date_origin": origin,
            "language": language,
            "url": url,
            "topics": values[1],
            "entities": sorted(values[2], key=str.casefold),
            "snippet": _plain(marked.snippet) if marked else "",
            "body": body,
            "file_name": shown,
            "archive_url": f"{self.base_url}{self.article_path}{slug}/",
        }


def stream_ndjson(results, base_url: str = "", *, show_files: bool = False) -> Iterator[str]:
    """Every row of `results`, one JSON object a line, with no row cap but the same time
    bound as the page's exports, so that a worker timeout never cuts it off unannounced: a
    cut-off stream ends with a {"notice": ...} line."""
    export = Export(
        results,
        base_url,
        max_rows=EVERYTHING - 1,
        deadline=time.monotonic() + settings.ARCHIVE_EXPORT_SECONDS,
        show_files=show_files,
    )
    # A chunk of lines per write: one write per line cost about a tenth of the stream's time
    # through Django's response, and would be a system call per line behind a real server.
    lines = []
    for row in export.rows():
        lines.append(json.dumps(row, ensure_ascii=False))
        if len(lines) == CHUNK:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"
    if notice := export.notice():
        yield json.dumps({"notice": notice}) + "\n"


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


def stream_csv(export: Export) -> Iterator[str]:
    # Every cell quoted: a spreadsheet then never reads a separator inside one as a new cell.
    writer = csv.DictWriter(_Echo(), fieldnames=FIELDS, quoting=csv.QUOTE_ALL)
    yield writer.writeheader()
    for row in export.rows():
        yield writer.writerow(csv_cells(row))
    if notice := export.notice():
        yield writer.writerow({"rank": "# " + notice})


def stream_json(export: Export) -> Iterator[str]:
    yield "["
    for position, row in enumerate(export.rows()):
        yield ("," if position else "") + "\n" + json.dumps(row, ensure_ascii=False)
    if notice := export.notice():
        yield ("," if export.written else "") + "\n" + json.dumps({"notice": notice})
    yield "\n]\n"


def export_response(
    results, fmt: str, base_url: str, started: float, slot, *, show_files: bool = False
) -> HttpResponse:
    """The streamed export of `results`, holding `slot` (see claim_slot) until it ends."""
    try:
        export = Export(
            results,
            base_url,
            max_rows=settings.ARCHIVE_EXPORT_MAX_ROWS,
            deadline=started + settings.ARCHIVE_EXPORT_SECONDS,
            show_files=show_files,
        )
        stream = stream_csv(export) if fmt == "csv" else stream_json(export)
    except BaseException:
        slot.release()
        raise
    content_type = "text/csv" if fmt == "csv" else "application/json"
    response = StreamingHttpResponse(_releasing(stream, slot), content_type=content_type)
    response._resource_closers.append(slot.release)  # a client that hangs up
    response["Content-Disposition"] = f'attachment; filename="articles.{fmt}"'
    response["X-Export-Max-Rows"] = str(export.max_rows)
    if export.capped:
        response["X-Export-Complete"] = "no"
    return response


def _releasing(stream: Iterator[str], slot) -> Iterator[str]:
    try:
        yield from stream
    finally:
        slot.release()


# ----------------------------------------------------------------------------------------------
# How many exports run at once: a slot is an exclusive lock on a file (shared by every worker
# process, and let go of by the system when one dies).


class Slot:
    def __init__(self, files: list):
        self.files = files

    def release(self) -> None:
        while self.files:
            file = self.files.pop()
            with contextlib.suppress(OSError):
                file.close()  # closing lets go of its lock


def claim_slot(address: str) -> Slot | None:
    """A slot for one more export from `address`, or None when as many as allowed run."""
    folder = Path(settings.ARCHIVE_EXPORT_LOCKS)
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(address.encode()).hexdigest()[:16]
    held = []
    for prefix, allowed in (
        (f"address-{key}", settings.ARCHIVE_EXPORTS_PER_ADDRESS),
        ("all", settings.ARCHIVE_EXPORTS_AT_ONCE),
    ):
        file = _lock_one(folder, prefix, allowed)
        if file is None:
            Slot(held).release()
            return None
        held.append(file)
    return Slot(held)


def _lock_one(folder: Path, prefix: str, allowed: int):
    for n in range(max(1, allowed)):
        file = open(folder / f"{prefix}-{n}.lock", "a")  # noqa: SIM115 (held until released)
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            file.close()
            continue
        return file
    return None


def busy_response() -> HttpResponse:
    response = HttpResponse(
        "Too many exports are running (from your address or in all): try again in a minute.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response
