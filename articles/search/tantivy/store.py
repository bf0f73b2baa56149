"""The search index beside the database (tantivy): ranks, counts and samples the matches of a
query in a millisecond where the database has to score every match first.

The database stays the source of truth. The index holds, per article, only what ranking and
ordering need (id, title, body, a newest-first key, a sampling key and a signature of the
indexed text), so that curation (entities, topics) never touches it. It is written:

- by ingest and re-analysis, once per chunk of files (`deferred_writes`);
- after any other saved or deleted article (an editor in the admin), when its transaction
  commits (signals, see `article_changed`);
- in full by `manage.py search_index --rebuild`, and checked by `--check` (drift).

It is off unless settings.ARCHIVE_SEARCH_INDEX names a folder, and `search_index --rebuild`
has built it there. Until then, or when the index cannot be read, searches use the database
alone, so the web tier keeps working without it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

TOKENIZER = "archive"
TITLE_WEIGHT = 10  # the title's weight in ranking, the body's being 1 (as SqliteSearch.rank)
# tantivy's memory budget while writing (it flushes a segment to disk when it is full).
WRITER_HEAP_BYTES = 128_000_000
# Another process (an ingest, an editor's save) may hold the writer: wait this long for it.
WRITER_WAIT_SECONDS = 30.0
BATCH = 2000  # articles read from the database at a time when (re)indexing
EPOCH = dt.date(1, 1, 1).toordinal()


def analyzer() -> tantivy.TextAnalyzer:
    """Words as the database engines see them: alphanumeric runs, lower-cased, accents
    folded, English stems (Snowball; FTS5's porter and PostgreSQL's english config are the
    same family)."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    # Title and body in one field, the title TITLE_WEIGHT times (as separate values: a phrase
    # never runs from one into the next). BM25 then scores tf = 10 x title hits + body hits
    # against the row's length, which is how FTS5 computes bm25() with column weights 10 and 1:
    # the index ranks as the SQLite search does.
    builder.add_text_field("text", tokenizer_name=TOKENIZER, index_option="position")
    # Newest first as the database orders it: published_on DESC NULLS LAST, id DESC.
    builder.add_integer_field("newest", fast=True)
    # year * 12 + month - 1 of the publication date (undated articles have none): the
    # search page's chart of matches per month, aggregated by the index.
    builder.add_integer_field("month", fast=True)
    # A fixed pseudo-random key per article: ordering by it gives a uniform sample.
    builder.add_integer_field("shuffle", fast=True)
    # What was indexed, to find articles whose index entry is out of date.
    builder.add_integer_field("signature", fast=True)
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


def signature(title: str, body: str, published: dt.date | None) -> int:
    """A checksum of what the index holds for an article (CRC32 of each part)."""
    parts = (title or "", body or "", published.isoformat() if published else "")
    value = 0
    for part in parts:
        value = (value << 20) ^ zlib.crc32(part.encode("utf-8", "surrogatepass"))
    return value & ((1 << 62) - 1)


@dataclass(frozen=True)
class Row:
    id: int
    title: str
    body: str
    published: dt.date | None

    def document(self) -> tantivy.Document:
        document = tantivy.Document(
            id=self.id,
            text=[self.title] * TITLE_WEIGHT + [self.body],
            newest=newest_key(self.id, self.published),
            shuffle=shuffle_key(self.id),
            signature=signature(self.title, self.body, self.published),
        )
        if self.published:
            document.add_integer("month", month_key(self.published))
        return document


def rows(queryset) -> Iterator[Row]:
    """The indexed fields of `queryset`'s articles, read in batches by primary key."""
    last = 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "title", "body", "published_on")[:BATCH]
        )
        if not batch:
            return
        yield from (Row(*values) for values in batch)
        last = batch[-1][0]


class TextIndex:
    """The index in one folder, opened once per process."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.schema = schema()
        self.index = tantivy.Index(self.schema, path=str(self.path))
        self.index.register_tokenizer(TOKENIZER, analyzer())
        self.words = analyzer()

    @classmethod
    def create(cls, path: Path) -> TextIndex:
        Path(path).mkdir(parents=True, exist_ok=True)
        return cls(path)

    @classmethod
    def exists_at(cls, path: Path) -> bool:
        return (Path(path) / "meta.json").is_file()

    def searcher(self) -> tantivy.Searcher:
        self.index.reload()  # cheap: picks up what another process committed
        return self.index.searcher()

    @contextlib.contextmanager
    def writer(self) -> Iterator[tantivy.IndexWriter]:
        """The index's single writer, waiting for another process to let go of it;
        committed on leaving the block, its unused files removed."""
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
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

    def signatures(self) -> dict[int, int]:
        """Every indexed article's id and signature."""
        searcher = self.searcher()
        total = searcher.num_docs
        if not total:
            return {}
        hits = searcher.search(tantivy.Query.all_query(), limit=total, count=False).hits
        addresses = [address for _, address in hits]
        ids = searcher.fast_field_values("id", addresses)
        signatures = searcher.fast_field_values("signature", addresses)
        return dict(zip(ids, signatures, strict=True))


class IndexBusy(Exception):
    def __init__(self, path: Path):
        super().__init__(f"the search index at {path} is being written by another process")


# ----------------------------------------------------------------------------------------------
# The process's index


_opened: dict[str, TextIndex] = {}
_lock = threading.Lock()


def configured_path() -> Path | None:
    value = getattr(settings, "ARCHIVE_SEARCH_INDEX", None)
    return Path(value) if value else None


def current(create: bool = False) -> TextIndex | None:
    """The configured index, opened once per process; None when none is configured, or (unless
    `create`) none has been built yet, or it cannot be opened (logged: searches then use the
    database)."""
    path = configured_path()
    if path is None:
        return None
    key = str(path.resolve())
    with _lock:
        if key in _opened:
            return _opened[key]
        if not create and not TextIndex.exists_at(path):
            return None
        try:
            _opened[key] = TextIndex.create(path) if create else TextIndex(path)
        except Exception:
            logger.exception(
                "the search index at %s cannot be opened; searching the database", path
            )
            return None
        return _opened[key]


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
        self.scheduled: set[str] = set()


_changes = _Changes()


def article_changed(article_id: int, using: str = "default") -> None:
    """Note that an article was saved or deleted: its index entry is rewritten from the
    database when the transaction commits, or when the surrounding `deferred_writes` block
    flushes."""
    if configured_path() is None:
        return
    _changes.pending.add(article_id)
    if _changes.deferred or using in _changes.scheduled:
        return
    _changes.scheduled.add(using)

    def flush_after_commit():
        _changes.scheduled.discard(using)
        flush(using)

    transaction.on_commit(flush_after_commit, using=using)


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


def flush(using: str = "default") -> int:
    """Index the pending articles as the database now has them (deleted ones are removed).
    Never raises: a failure is logged, and `search_index --check` will report the drift."""
    if not _changes.pending:
        return 0
    ids = sorted(_changes.pending)
    _changes.pending.clear()
    return sync_ids(ids, using)


def sync_ids(ids: list[int], using: str = "default") -> int:
    from articles.models import Article

    # Never creates the index: one holding only the latest articles would hide the others
    # from every search. `search_index --rebuild` creates it.
    index = current()
    if index is None or not ids:
        return 0
    try:
        n = 0
        with index.writer() as writer:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                found = list(rows(Article.objects.using(using).filter(pk__in=chunk)))
                n += index.replace(writer, found, set(chunk) - {row.id for row in found})
        return n
    except Exception:
        logger.exception(
            "the search index could not be updated for %d article(s); "
            "run `manage.py search_index --sync`",
            len(ids),
        )
        return 0


@dataclass
class Drift:
    missing: list[int]  # in the database, not in the index
    extra: list[int]  # in the index, no longer in the database
    stale: list[int]  # in both, but indexed with other text

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.stale)


def drift(index: TextIndex, using: str = "default") -> Drift:
    from articles.models import Article

    indexed = index.signatures()
    missing, stale = [], []
    for row in rows(Article.objects.using(using).all()):
        expected = signature(row.title, row.body, row.published)
        if row.id not in indexed:
            missing.append(row.id)
        elif indexed.pop(row.id) != expected:
            stale.append(row.id)
    return Drift(missing, sorted(indexed), stale)


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
    return n
