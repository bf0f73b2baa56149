"""The search index beside the database (tantivy): ranks, counts and samples the matches of a
query in a millisecond where the database has to score every match first.

The database stays the source of truth. The index holds, per article, what ranking and
ordering need (id, title, body, a newest-first key, a sampling key and a signature of the
indexed text) and what the search page's filters narrow by (source, topics, entities, day,
language, with a signature of their own), so that a filtered search is one index query. It is
written:

- by ingest and re-analysis, once per chunk of files (`deferred_writes`);
- after any other saved or deleted article (an editor in the admin), and after curation that
  changes an article's filter fields (an entity merged or deleted, topics re-scored, a mention
  edited), when its transaction commits (signals, see `article_changed`). A web request
  never waits for the writer: when another process holds it (a long `--rebuild`), the ids
  are queued in the index folder (PENDING) and applied by the next writer, or by a short
  retry in the background. While writes are queued, searches use the database, which is up
  to date;
- in full by `manage.py search_index --rebuild`, and checked by `--check` (drift).

It lives beside the database (`configured_path`: settings.ARCHIVE_SEARCH_INDEX, "off" for
none) and is built there when it is missing, by `migrate` and by the first ingest
(`build_missing`). While it is being built, or when it cannot be read, searches use the
database alone, so the web tier keeps working without it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import transaction

from articles.search import languages

logger = logging.getLogger(__name__)

TOKENIZER = "archive"
TITLE_WEIGHT = 10  # the title's weight in ranking, the body's being 1 (as SqliteSearch.rank)
# tantivy's memory budget while writing (it flushes a segment to disk when it is full).
WRITER_HEAP_BYTES = 128_000_000
# Another process (an ingest, an editor's save) may hold the writer: a command waits this long
# for it; a web request (an editor's save) waits WEB_WRITER_WAIT_SECONDS, then queues its ids.
WRITER_WAIT_SECONDS = 30.0
WEB_WRITER_WAIT_SECONDS = 0.2
# The ids of articles whose index entry waits for the writer, one a line, in the index folder.
PENDING = "pending-writes"
TAKEN = PENDING + ".taken"  # taken by the writer, deleted once they are committed
# Present from the creation of an index until rebuild() has committed its first fill.
BUILDING = "building"
# How often a process that queued ids tries to apply them, and for how long at most (after
# that, the next writer applies them: any save, an ingest, `search_index --sync`).
RETRY_SECONDS = 2.0
RETRY_FOR_SECONDS = 3600.0
# tantivy's lock files: created on opening, which a read-only mount refuses.
LOCK_FILES = (".tantivy-meta.lock", ".tantivy-writer.lock")
BATCH = 2000  # articles read from the database at a time when (re)indexing
EPOCH = dt.date(1, 1, 1).toordinal()
UNDATED_DAY = 0  # the "day" of an undated article (a date's ordinal is 1 or more)
UNKNOWN_LANGUAGE = "und"  # the "language" of an article whose language is unknown


def analyzer(code: str | None = None) -> tantivy.TextAnalyzer:
    """Words as the database engines see them: alphanumeric runs, lower-cased, accents
    folded, English stems (Snowball; FTS5's porter and PostgreSQL's english config are the
    same family). With `code`, a stemmed language's (languages.LANGUAGES): its own Snowball
    stems, accents folded first for the languages in Latin letters only (as on SQLite and
    PostgreSQL)."""
    builder = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(
        tantivy.Filter.lowercase()
    )
    if code is None or code in languages.LATIN:
        builder = builder.filter(tantivy.Filter.ascii_fold())
    algorithm = "english" if code is None else languages.LANGUAGES[code]
    return builder.filter(tantivy.Filter.stemmer(algorithm)).build()


def text_field(code: str | None) -> str:
    """The field that holds an article's words: one per stemmed language, so that a query's
    words in one language never meet another language's stems; "text" for the others."""
    return f"text_{code}" if code in languages.LANGUAGES else "text"


def _tokenizer(code: str | None) -> str:
    return f"{TOKENIZER}_{code}" if code in languages.LANGUAGES else TOKENIZER


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    # Title and body in one field, the title TITLE_WEIGHT times (as separate values: a phrase
    # never runs from one into the next). BM25 then scores tf = 10 x title hits + body hits
    # against the row's length, which is how FTS5 computes bm25() with column weights 10 and 1:
    # the index ranks as the SQLite search does.
    for code in (None, *sorted(languages.LANGUAGES)):
        builder.add_text_field(
            text_field(code), tokenizer_name=_tokenizer(code), index_option="position"
        )
    # Newest first as the database orders it: published_on DESC NULLS LAST, id DESC.
    builder.add_integer_field("newest", fast=True)
    # year * 12 + month - 1 of the publication date (undated articles have none): the
    # search page's chart of matches per month, aggregated by the index.
    builder.add_integer_field("month", fast=True)
    # A fixed pseudo-random key per article: ordering by it gives a uniform sample.
    builder.add_integer_field("shuffle", fast=True)
    # What was indexed, to find articles whose index entry is out of date.
    builder.add_integer_field("signature", fast=True)
    # The filters (articles.search.filters.Filters), as terms a search narrows by: the
    # source's id, each topic's and each mentioned entity's id, the publication date's
    # ordinal (UNDATED_DAY when there is none) and the language code (UNKNOWN_LANGUAGE).
    builder.add_integer_field("source", indexed=True, fast=True)
    builder.add_integer_field("topic", indexed=True)
    builder.add_integer_field("entity", indexed=True)
    builder.add_integer_field("day", indexed=True, fast=True)
    builder.add_text_field("language", tokenizer_name="raw", index_option="basic")
    # A checksum of those fields: curation changes them without touching the text.
    builder.add_integer_field("filters", fast=True)
    return builder.build()


def newest_key(article_id: int, published: dt.date | None) -> int:
    days = published.toordinal() - EPOCH + 1 if published else 0
    return (days << 40) | article_id


def month_key(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_of(key: int) -> dt.date:
    return dt.date(key // 12, key % 12 + 1, 1)


def shuffle_key(article_id: int) -> int:
    return int.from_bytes(hashlib.blake2b(article_id.to_bytes(8, "little"), digest_size=7).digest())


def signature(title: str, body: str, published: dt.date | None, language: str = "") -> int:
    """A checksum of what the index holds for an article (CRC32 of each part)."""
    parts = (title or "", body or "", published.isoformat() if published else "")
    if text_field(language) != "text":  # English articles keep the signature they had
        parts += (language,)
    value = 0
    for part in parts:
        value = (value << 20) ^ zlib.crc32(part.encode("utf-8", "surrogatepass"))
    return value & ((1 << 62) - 1)


def day_key(published: dt.date | None) -> int:
    return published.toordinal() if published else UNDATED_DAY


def filters_signature(
    source: int | None,
    topics: Iterable[int],
    entities: Iterable[int],
    published: dt.date | None,
    language: str,
) -> int:
    """A checksum of an article's filter fields as the index holds them."""
    text = f"{source}|{sorted(topics)}|{sorted(entities)}|{day_key(published)}|{language}"
    return zlib.crc32(text.encode())


@dataclass(frozen=True)
class Row:
    id: int
    title: str
    body: str
    published: dt.date | None
    language: str = ""
    source: int | None = None
    topics: tuple[int, ...] = ()
    entities: tuple[int, ...] = ()

    @property
    def filters(self) -> int:
        return filters_signature(
            self.source, self.topics, self.entities, self.published, self.language
        )

    def document(self) -> tantivy.Document:
        document = tantivy.Document(
            id=self.id,
            newest=newest_key(self.id, self.published),
            shuffle=shuffle_key(self.id),
            signature=signature(self.title, self.body, self.published, self.language),
            day=day_key(self.published),
            language=self.language or UNKNOWN_LANGUAGE,
            filters=self.filters,
        )
        field = text_field(self.language)
        for text in [self.title] * TITLE_WEIGHT + [self.body]:
            document.add_text(field, text)
        if self.published:
            document.add_integer("month", month_key(self.published))
        if self.source is not None:
            document.add_integer("source", self.source)
        for topic in self.topics:
            document.add_integer("topic", topic)
        for entity in self.entities:
            document.add_integer("entity", entity)
        return document


def rows(queryset) -> Iterator[Row]:
    """The indexed fields of `queryset`'s articles, read in batches by primary key: the
    article's own, then its topics and entities (one query each per batch)."""
    from articles.models import ArticleTopic, Mention

    last = 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "title", "body", "published_on", "language", "source_id")[:BATCH]
        )
        if not batch:
            return
        ids = [values[0] for values in batch]
        topics = _linked(ArticleTopic, "topic_id", ids, queryset.db)
        entities = _linked(Mention, "entity_id", ids, queryset.db)
        for values in batch:
            pk = values[0]
            yield Row(*values, topics=topics.get(pk, ()), entities=entities.get(pk, ()))
        last = ids[-1]


def _linked(model, column: str, ids: list[int], using: str) -> dict[int, tuple[int, ...]]:
    """Each of `ids`' linked ids in `model` (topics, entities), sorted."""
    found: dict[int, list[int]] = {}
    pairs = (
        model.objects.using(using)
        .filter(article_id__in=ids)
        .order_by()
        .values_list("article_id", column)
    )
    for article_id, linked in pairs:
        found.setdefault(article_id, []).append(linked)
    return {article_id: tuple(sorted(linked)) for article_id, linked in found.items()}


class TextIndex:
    """The index in one folder, opened once per process.

    On a read-only mount tantivy cannot create its lock files, even to read: the index is
    then read through a mirror, a temporary folder of links to its files (no copy), made
    again when the folder's meta.json changes. Such an index is never written."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.schema = schema()
        self.words = analyzer()
        # Each text field's words: the English field's, and each stemmed language's.
        self.analyzers = {
            text_field(code): analyzer(code) for code in (None, *sorted(languages.LANGUAGES))
        }
        self.mirror: Path | None = None
        self._mirrored_meta: bytes | None = None
        try:
            self._open(self.path)
        except ValueError as exc:
            if not _read_only_error(exc):
                raise
            self._open_mirror()

    def _open(self, folder: Path) -> None:
        self.index = tantivy.Index(self.schema, path=str(folder))
        for code in (None, *sorted(languages.LANGUAGES)):
            self.index.register_tokenizer(_tokenizer(code), analyzer(code))

    def _open_mirror(self) -> None:
        meta = (self.path / "meta.json").read_bytes()
        mirror = Path(tempfile.mkdtemp(prefix="archive-search-index-"))
        for entry in self.path.iterdir():
            if entry.name in LOCK_FILES or entry.name.startswith(PENDING):
                continue
            if entry.name in ("meta.json", ".managed.json"):
                shutil.copyfile(entry, mirror / entry.name)
            else:
                (mirror / entry.name).symlink_to(entry.resolve())
        old = self.mirror
        self._open(mirror)
        self.mirror, self._mirrored_meta = mirror, meta
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)  # open files stay readable until closed
        logger.warning(
            "the search index at %s is read-only: reading it through %s", self.path, mirror
        )

    @property
    def read_only(self) -> bool:
        return self.mirror is not None

    @classmethod
    def create(cls, path: Path) -> TextIndex:
        """The index at `path`, made there when there is none, or made anew (empty) when the
        one there has the fields of an older version (it is about to be rebuilt)."""
        Path(path).mkdir(parents=True, exist_ok=True)
        try:
            return cls(path)
        except ValueError as exc:
            if not _older_schema(exc):
                raise
        logger.warning("the search index at %s has older fields: made anew", path)
        # Empty until rebuild() has filled it: no search may take its silence for an answer.
        (Path(path) / BUILDING).touch()
        _remove_index_files(Path(path))
        return cls(path)

    @classmethod
    def exists_at(cls, path: Path) -> bool:
        return (Path(path) / "meta.json").is_file()

    def searcher(self) -> tantivy.Searcher:
        if self.mirror is not None:
            if (self.path / "meta.json").read_bytes() != self._mirrored_meta:
                self._open_mirror()  # committed to by a process that can write it
        else:
            self.index.reload()  # cheap: picks up what another process committed
        return self.index.searcher()

    @contextlib.contextmanager
    def writer(self, wait: float | None = None) -> Iterator[tantivy.IndexWriter]:
        """The index's single writer, waiting up to `wait` seconds (WRITER_WAIT_SECONDS) for
        another process to let go of it; committed on leaving the block, its unused files
        removed."""
        if self.read_only:
            raise IndexReadOnly(self.path)
        wait = WRITER_WAIT_SECONDS if wait is None else wait
        deadline = time.monotonic() + wait
        while True:
            try:
                writer = self.index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
                break
            except ValueError as exc:
                if "LockBusy" not in str(exc) and "lock" not in str(exc).lower():
                    raise
                if time.monotonic() > deadline:
                    raise IndexBusy(self.path) from exc
                time.sleep(0.1)
        try:
            yield writer
            writer.commit()
            # Files of segments merged away are deleted (paperless-ngx's index grew without).
            writer.garbage_collect_files()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # and lets go of the lock

    def replace(self, writer, found: Iterable[Row], gone: Iterable[int] = ()) -> int:
        """Write `found` (replacing what the index held for them) and delete `gone`."""
        n = 0
        for article_id in gone:
            writer.delete_documents_by_term("id", article_id)
        for row in found:
            writer.delete_documents_by_term("id", row.id)
            writer.add_document(row.document())
            n += 1
        return n

    def id_query(self, ids: list[int]) -> tantivy.Query:
        return tantivy.Query.term_set_query(self.schema, "id", list(ids))

    def signatures(self) -> dict[int, tuple[int, int]]:
        """Every indexed article's id and signatures (of its text, of its filter fields)."""
        searcher = self.searcher()
        total = searcher.num_docs
        if not total:
            return {}
        hits = searcher.search(tantivy.Query.all_query(), limit=total, count=False).hits
        addresses = [address for _, address in hits]
        ids = searcher.fast_field_values("id", addresses)
        signatures = searcher.fast_field_values("signature", addresses)
        filters = searcher.fast_field_values("filters", addresses)
        return dict(zip(ids, zip(signatures, filters, strict=True), strict=True))

    def indexed(self, ids: list[int]) -> set[int]:
        """Those of `ids` the index holds."""
        if not ids:
            return set()
        searcher = self.searcher()
        hits = searcher.search(self.id_query(ids), limit=len(ids), count=False).hits
        return set(searcher.fast_field_values("id", [address for _, address in hits]))

    # The queue of writes that waited for the writer: appended to by anyone (one write of a
    # few lines, atomic with O_APPEND), taken only by the holder of the writer.

    def queue(self, ids: Iterable[int]) -> None:
        text = "".join(f"{int(i)}\n" for i in ids)
        if not text:
            return
        fd = os.open(self.path / PENDING, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, text.encode())
        finally:
            os.close(fd)

    def lagging(self) -> bool:
        """Whether writes are queued or being applied, or its first fill is not committed yet:
        the index is behind the database."""
        if self.read_only:
            return self.building  # a read-only mount: its writer's folder holds the queue
        for name in (PENDING, TAKEN):
            with contextlib.suppress(OSError):
                if (self.path / name).stat().st_size > 0:
                    return True
        return self.building

    @property
    def building(self) -> bool:
        """Whether its first fill has not been committed yet (or was cut short)."""
        return (self.path / BUILDING).exists()

    def pending_ids(self) -> list[int]:
        ids: set[int] = set()
        for file in self.path.glob(PENDING + "*"):
            with contextlib.suppress(OSError):
                ids.update(_ids_in(file))
        return sorted(ids)

    def take_pending(self) -> tuple[list[int], list[Path]]:
        """The queued ids, moved to TAKEN (still "lagging" until it is deleted, once they are
        committed), and the files to delete then. Call it holding the writer: what a writer
        that died left in TAKEN is taken again."""
        taken = self.path / TAKEN
        moving = self.path / f"{PENDING}.{uuid.uuid4().hex}.moving"
        with contextlib.suppress(FileNotFoundError):
            os.rename(self.path / PENDING, moving)
        for file in sorted(self.path.glob(f"{PENDING}.*.moving")):
            with open(taken, "a") as out:
                out.write(file.read_text())
            file.unlink()
        ids = sorted(set(_ids_in(taken))) if taken.exists() else []
        return ids, [taken] if ids or taken.exists() else []


def _ids_in(file: Path) -> list[int]:
    return [int(line) for line in file.read_text().split() if line.isdigit()]


def _older_schema(exc: Exception) -> bool:
    return isinstance(exc, ValueError) and "schema does not match" in str(exc)


def _remove_index_files(path: Path) -> None:
    """Remove the files of the index in `path` (those tantivy lists as its own, and its
    meta.json), leaving anything else there, the queue of pending writes too."""
    managed = path / ".managed.json"
    names = {"meta.json", ".managed.json"}
    with contextlib.suppress(OSError, ValueError):
        names.update(json.loads(managed.read_text()))
    for name in names:
        if "/" not in name and name not in LOCK_FILES:
            with contextlib.suppress(FileNotFoundError):
                (path / name).unlink()


def _read_only_error(exc: ValueError) -> bool:
    text = str(exc)
    return "ReadOnlyFilesystem" in text or f"code: {errno.EROFS}" in text


class IndexBusy(Exception):
    def __init__(self, path: Path):
        super().__init__(f"the search index at {path} is being written by another process")


class IndexReadOnly(Exception):
    def __init__(self, path: Path):
        super().__init__(f"the search index at {path} is on a read-only mount")


# ----------------------------------------------------------------------------------------------
# The process's index


_opened: dict[str, TextIndex] = {}
_lock = threading.Lock()


OFF = "off"


def configured_path() -> Path | None:
    """The folder of the index: the one settings.ARCHIVE_SEARCH_INDEX names; when it is unset,
    the default beside the database (default_path); None when it is "off"."""
    value = (getattr(settings, "ARCHIVE_SEARCH_INDEX", None) or "").strip()
    if value.lower() == OFF:
        return None
    if value:
        return Path(value)
    from django.db import connections

    return default_path(connections["default"])


def default_path(connection) -> Path | None:
    """Where the index of `connection`'s database lives when no folder is named: beside a
    SQLite file ("archive.sqlite3.index"), under settings.ARCHIVE_DATA_DIR for a database on
    a server ("<name>.index"). An in-memory database (the tests') has none: its index would
    outlive it."""
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite":
        if not name or connection.creation.is_in_memory_db(name):
            return None
        return Path(name).with_name(Path(name).name + ".index")
    if not name:
        return None
    return Path(settings.ARCHIVE_DATA_DIR) / f"{name}.index"


def current(create: bool = False) -> TextIndex | None:
    """The configured index, opened once per process; None when none is configured, or (unless
    `create`) none has been built yet, or it cannot be opened (logged: searches then use the
    database)."""
    try:
        return opened(create)
    except Exception as exc:
        if _older_schema(exc):
            logger.warning(
                "the search index at %s was built by an older version: searching the "
                "database until `manage.py search_index --rebuild` builds it anew",
                configured_path(),
            )
            return None
        logger.exception(
            "the search index at %s cannot be opened; searching the database", configured_path()
        )
        return None


def opened(create: bool = False) -> TextIndex | None:
    """As current(), but raising what keeps the index from being opened (for the command)."""
    path = configured_path()
    if path is None:
        return None
    key = str(path.resolve())
    with _lock:
        if key in _opened:
            return _opened[key]
        if not TextIndex.exists_at(path):
            if not create:
                return None
            path.mkdir(parents=True, exist_ok=True)
            # Empty until rebuild() has filled it: no search may take its silence for an answer.
            (path / BUILDING).touch()
        _opened[key] = TextIndex.create(path) if create else TextIndex(path)
        return _opened[key]


def not_written_reason() -> str | None:
    """Why a configured index is not written (said by ingest), or None."""
    path = configured_path()
    if path is None:
        return None
    if not path.is_dir():
        return f"the search index folder {path} does not exist (ARCHIVE_SEARCH_INDEX)"
    if not TextIndex.exists_at(path):
        return f"no search index has been built in {path} (ARCHIVE_SEARCH_INDEX)"
    return None


def build_missing(using: str = "default", say=None) -> int | None:
    """Create the configured index and fill it from the database when there is none there
    (or its first fill was cut short), saying so line by line through `say` (the log when
    None): how many articles it indexed; None when there was nothing to do. Never raises:
    when it cannot be built, that is said, and searches use the database until it is."""
    path = configured_path()
    if path is None or using != "default":
        return None
    older = TextIndex.exists_at(path) and built_by_older_version(path)
    if TextIndex.exists_at(path) and not (path / BUILDING).exists() and not older:
        return None
    say = say or logger.info
    if older:
        say(f"The search index in {path} has the fields of an older version: building it anew")
    say(f"Building the search index in {path} from the database...")
    try:
        n = rebuild(opened(create=True), using, lambda n: say(f"  {n} articles indexed"))
    except Exception as exc:
        logger.warning("the search index at %s could not be built", path, exc_info=True)
        say(
            f"  the search index could not be built ({exc}): searches use the database "
            "until `manage.py search_index --rebuild` builds it"
        )
        return None
    say(f"  indexed {n} articles")
    return n


def built_by_older_version(path: Path) -> bool:
    """Whether the index in `path` has other fields than this version's (searches use the
    database until it is built anew)."""
    try:
        tantivy.Index(schema(), path=str(path))
    except ValueError as exc:
        return _older_schema(exc)
    return False


def forget() -> None:
    """Close the indexes this process opened (tests change the setting)."""
    with _lock:
        _opened.clear()


# ----------------------------------------------------------------------------------------------
# Keeping it up to date


class _Changes(threading.local):
    """This thread's articles changed and not indexed yet (per thread: each has its own
    transactions)."""

    def __init__(self):
        self.pending: set[int] = set()
        self.deferred = 0
        self.scheduled: dict[str, object] = {}  # the flush waiting for a commit, per database


_changes = _Changes()


def article_changed(article_id: int, using: str = "default") -> None:
    """Note that an article was saved or deleted: its index entry is rewritten from the
    database when the transaction commits, or when the surrounding `deferred_writes` block
    flushes."""
    if configured_path() is None:
        return
    _changes.pending.add(article_id)
    if _changes.deferred or _flush_scheduled(using):
        return

    def flush_after_commit():
        _changes.scheduled.pop(using, None)
        flush(using, wait=WEB_WRITER_WAIT_SECONDS)  # a web request never waits for a rebuild

    _changes.scheduled[using] = flush_after_commit
    transaction.on_commit(flush_after_commit, using=using)


def _flush_scheduled(using: str) -> bool:
    """Whether a flush already waits for the current transaction to commit. Checked against
    the connection's callbacks: a rolled-back transaction takes its flush with it."""
    waiting = _changes.scheduled.get(using)
    if waiting is None:
        return False
    connection = transaction.get_connection(using)
    return any(f is waiting for _, f, _ in connection.run_on_commit)


@contextlib.contextmanager
def deferred_writes(using: str = "default") -> Iterator[None]:
    """Collect the articles changed inside the block and index them when it ends (and at
    every `flush()` inside it): one index commit per chunk of files, not per article."""
    _changes.deferred += 1
    try:
        yield
    finally:
        _changes.deferred -= 1
        if not _changes.deferred:
            flush(using)


def flush(using: str = "default", wait: float | None = None) -> int:
    """Index the pending articles as the database now has them (deleted ones are removed).
    Never raises: what cannot be written now is queued (see sync_ids)."""
    if not _changes.pending:
        return 0
    ids = sorted(_changes.pending)
    _changes.pending.clear()
    return sync_ids(ids, using, wait=wait)


def sync_ids(
    ids: list[int], using: str = "default", *, wait: float | None = None, strict: bool = False
) -> int:
    """Index `ids` (and whatever is queued) as the database has them; how many were written.
    When the writer stays busy for `wait` seconds, the ids are queued and a retry in the
    background applies them; any other failure is logged and queued too. `strict` raises
    instead (IndexBusy, IndexReadOnly...), the ids still queued."""
    # Never creates the index: one holding only the latest articles would hide the others
    # from every search. build_missing (migrate, ingest) creates it, filled from the database.
    index = current()
    if index is None or (not ids and not index.lagging()):
        return 0
    try:
        return _write(index, ids, using, wait)
    except IndexReadOnly:
        logger.error(
            "the search index at %s is read-only here: %d article(s) not indexed; "
            "run `manage.py search_index --sync` where it can be written",
            index.path,
            len(ids),
        )
        if strict:
            raise
        return 0
    except Exception as exc:
        with contextlib.suppress(OSError):
            index.queue(ids)
        if isinstance(exc, IndexBusy):
            logger.warning("%s: %d article(s) queued, to be indexed when it is free", exc, len(ids))
            retry_later(using)
        else:
            logger.exception(
                "the search index could not be updated for %d article(s); they are queued "
                "for the next write, or run `manage.py search_index --sync`",
                len(ids),
            )
        if strict:
            raise
        return 0


def _write(index: TextIndex, ids: list[int], using: str, wait: float | None) -> int:
    from articles.models import Article

    with index.writer(wait) as writer:
        queued, taken = index.take_pending()
        ids = sorted(set(ids) | set(queued))
        n = 0
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            found = list(rows(Article.objects.using(using).filter(pk__in=chunk)))
            n += index.replace(writer, found, set(chunk) - {row.id for row in found})
    for file in taken:  # committed: the queue they held is done
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
    return n


def index_absent(ids: list[int], using: str = "default") -> int:
    """Index those of `ids` the index lacks (an ingest stopped between writing its articles
    and indexing them): how many were. The rest are left as they are."""
    index = current()
    if index is None or index.read_only or not ids:
        return 0
    try:
        absent = [
            i
            for start in range(0, len(ids), BATCH)
            for chunk in [ids[start : start + BATCH]]
            for i in set(chunk) - index.indexed(chunk)
        ]
    except (ValueError, OSError):
        logger.exception("the search index could not be read to find what it lacks")
        return 0
    if absent:
        logger.warning(
            "%d article(s) were missing from the search index: indexing them", len(absent)
        )
        sync_ids(sorted(absent), using)
    return len(absent)


def queue_repair(ids: list[int], using: str = "default") -> None:
    """Queue `ids` to be indexed again from the database (a search found the index holding
    articles the database no longer has), and have them applied in the background."""
    index = current()
    if index is None or index.read_only or not ids:
        return
    with contextlib.suppress(OSError):
        index.queue(ids)
        retry_later(using)


_retrying: dict[str, threading.Thread] = {}


def retry_later(using: str = "default") -> None:
    """Apply the queue in a background thread of this process, every RETRY_SECONDS until it
    is empty (or RETRY_FOR_SECONDS have passed: the next writer applies it then)."""
    if RETRY_SECONDS <= 0:
        return
    with _lock:
        thread = _retrying.get(using)
        if thread is not None and thread.is_alive():
            return
        thread = threading.Thread(
            target=_retry, args=(using,), name="search-index-retry", daemon=True
        )
        _retrying[using] = thread
        thread.start()


def _retry(using: str) -> None:
    from django.db import connections

    deadline = time.monotonic() + RETRY_FOR_SECONDS
    try:
        while time.monotonic() < deadline:
            time.sleep(RETRY_SECONDS)
            index = current()
            if index is None or not index.lagging():
                return
            try:
                _write(index, [], using, wait=0)
            except IndexBusy:
                continue
            except Exception:
                logger.exception("the queued search index writes could not be applied")
                return
    finally:
        connections[using].close()  # this thread's own connection


@dataclass
class Drift:
    missing: list[int]  # in the database, not in the index
    extra: list[int]  # in the index, no longer in the database
    stale: list[int]  # in both, but indexed with other text
    # In both with the same text, but other filter fields (source, topics, entities, date,
    # language) than the database's.
    filters: list[int] = dataclasses.field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.stale or self.filters)

    @property
    def changed(self) -> list[int]:
        """Every article whose index entry is to be written again (or removed)."""
        return self.missing + self.extra + self.stale + self.filters


def drift(index: TextIndex, using: str = "default") -> Drift:
    from articles.models import Article

    indexed = index.signatures()
    missing, stale, filters = [], [], []
    for row in rows(Article.objects.using(using).all()):
        if row.id not in indexed:
            missing.append(row.id)
            continue
        text, narrowing = indexed.pop(row.id)
        if text != signature(row.title, row.body, row.published, row.language):
            stale.append(row.id)
        elif narrowing != row.filters:
            filters.append(row.id)
    return Drift(missing, sorted(indexed), stale, filters)


def rebuild(index: TextIndex, using: str = "default", progress=None) -> int:
    """Index every article anew, in one commit: searches see the old index until it ends."""
    from articles.models import Article

    n = 0
    with index.writer() as writer:
        writer.delete_all_documents()
        for row in rows(Article.objects.using(using).all()):
            writer.add_document(row.document())
            n += 1
            if progress and n % BATCH == 0:
                progress(n)
        # Articles changed while it ran (queued: it held the writer) are read again.
        queued, taken = index.take_pending()
        for start in range(0, len(queued), BATCH):
            chunk = queued[start : start + BATCH]
            found = list(rows(Article.objects.using(using).filter(pk__in=chunk)))
            index.replace(writer, found, set(chunk) - {row.id for row in found})
    for file in [*taken, index.path / BUILDING]:  # committed: the index is whole
        with contextlib.suppress(FileNotFoundError):
            file.unlink()
    return n
