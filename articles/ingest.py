"""Ingest: the one place that turns files into rows.

The management command, the admin and the tests all call `ingest_paths` / `ingest_file`.
Each file is read and analysed outside any transaction, then all of its rows are written in
one transaction, so a failure never leaves half an article behind.
"""

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection

from articles import timeline
from articles.analysis import Analysis, EntityHit, analyze_many
from articles.analysis.ner import ModelNotAvailable
from articles.concurrency import run_with_retries
from articles.curation import merge_entities, save_topic_scores
from articles.discovery import discover, printable_name
from articles.known_rows import KnownRows
from articles.limits import (
    SEARCH_VECTOR_LIMIT,
    TooLong,
    check_fits,
    clipped,
    fit_to_fields,
    max_length,
    search_vector_bytes,
)
from articles.models import (
    Article,
    ArticleShingle,
    Entity,
    EntityAlias,
    Mention,
    MergedEntity,
    Source,
    Topic,
    unique_slug,
)
from articles.parallel import Analysers
from articles.readers import (
    SUPPORTED_SUFFIXES,
    BadEntry,
    Document,
    ReadError,
    read,
    sidecar_of,
)
from articles.search import text_index
from articles.similar import update_similarity

logger = logging.getLogger(__name__)


class IngestError(Exception):
    """A file could not be ingested; the message says which and why."""


class Status(StrEnum):
    """What happened to one file (or one article of a file of many)."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class FileResult:
    path: Path
    status: Status
    message: str = ""
    article_id: int | None = None
    where: str = ""  # "line 3" or "item 2" inside a JSONL or JSON file of many articles

    @property
    def failed(self) -> bool:
        return self.status == Status.FAILED


def find_files(paths: Iterable[Path]) -> tuple[list[tuple[Path, str]], list[FileResult]]:
    """Supported files under `paths` (recursively, sorted) with their import refs, and a
    result for every path that was skipped or could not be read (missing, unreadable folder,
    link, FIFO, other type, the sidecar .json of a .txt or .md)."""
    files: list[tuple[Path, str]] = []
    results: list[FileResult] = []
    for given in paths:
        found, problems = discover([given], SUPPORTED_SUFFIXES)
        results += [FileResult(p.path, Status(p.status), p.message) for p in problems]
        for path in found:
            described = sidecar_of(path)
            if described is not None:
                note = f"sidecar of {printable_name(described.name)} (read with it)"
                results.append(FileResult(path, Status.SKIPPED, note))
            else:
                files.append((path, import_ref_for(path, given)))
    return files, results


def import_ref_for(path: Path, given: Path) -> str:
    """The file's identity: its path within the folder named on the command line, starting
    with that folder's own name ("seeds/india/x.txt"), so it stays the same when the
    checkout moves. A file named on its own counts as inside its folder."""
    given = Path(os.path.abspath(given))
    base = given.parent if given.is_dir() else given.parent.parent
    return printable_name(os.path.relpath(os.path.abspath(path), base))


def ingest_paths(
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    jobs: int = 1,
    on_result: Callable[[FileResult, int, int], None] | None = None,
) -> list[FileResult]:
    """Ingest the files under `paths`. Files are read and written here, in chunks (memory
    stays flat); their texts are analysed by `jobs` worker processes, one chunk ahead of the
    writes. `on_result(result, files done, files in all)` is called for every result."""
    files, results = find_files(paths)
    total, done = len(files) + len(results), 0
    bound_sqlite_memory()
    for result in results:
        done += 1
        if on_result:
            on_result(result, done, total)
    topics = list(Topic.objects.all())
    chunk = max(1, jobs) * ANALYSIS_BATCH * 2
    with Analysers(jobs, settings.ARCHIVE_NER_MODEL or None) as analysers:
        pending: deque[PreparedChunk] = deque()

        def write(prepared: PreparedChunk) -> None:
            nonlocal done
            known = prepared.known_rows()
            for path, item in prepared.items:
                if item is None:  # the end of a file's items
                    done += 1
                    continue
                if isinstance(item, Document):
                    item = ingest_document(
                        path,
                        item,
                        topics=topics,
                        dry_run=dry_run,
                        analysed=prepared.analysed(item),
                        known=known,
                    )
                results.append(item)
                if on_result:
                    on_result(item, done + 1, total)

        statistics = PlannerStatistics()
        # The search index is written once per chunk, not once per article.
        with text_index.deferred_writes():
            for start in range(0, len(files), chunk):
                pending.append(prepare_chunk(files[start : start + chunk], topics, analysers))
                if len(pending) > 1:
                    write(pending.popleft())
                    text_index.flush()
                    statistics.refresh_after(start)
            while pending:
                write(pending.popleft())
    return results


# SQLite page cache of an ingest, in KiB: its reads are keyed lookups.
INGEST_SQLITE_CACHE_KIB = 16384


def bound_sqlite_memory() -> None:
    """Keep an ingest's memory independent of the archive's size on SQLite: the settings map
    the database file into the process (mmap_size) and cache 64 MB of pages for searches,
    which an ingest of many files would fill as the database grows."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size = 0")
            cursor.execute(f"PRAGMA cache_size = -{INGEST_SQLITE_CACHE_KIB}")


class PlannerStatistics:
    """PostgreSQL plans ingest's look-ups from table statistics that autovacuum may not have
    refreshed during a bulk load: with none, the shingle look-up of the similarity step read
    the whole table (a parallel sequential scan, slower with every article). Refreshed each
    time this run has doubled what it wrote, from 500 files on."""

    MODELS = (ArticleShingle, EntityAlias, Article)

    def __init__(self):
        self.refreshed_at = 0

    def refresh_after(self, files_written: int) -> None:
        if connection.vendor != "postgresql" or files_written < max(500, 2 * self.refreshed_at):
            return
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in self.MODELS)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
        self.refreshed_at = files_written


# Texts analysed together: the model reads a batch much faster than one text at a time.
ANALYSIS_BATCH = 32


@dataclass
class PreparedChunk:
    """A chunk of files read: each file's items (a Document, or the FileResult of what
    failed) then None, and the analysis of its new texts, done or under way."""

    items: list[tuple[Path, Document | FileResult | None]]
    batches: list[tuple[list[Document], list, object]]  # documents, anchors, analyses/future

    def analysed(self, document: Document) -> tuple[str, object, Analysis] | None:
        for documents, anchors, analyses in self.batches:
            for n, candidate in enumerate(documents):
                if candidate is document:
                    found = _analyses_of(analyses)
                    return None if found is None else (document.checksum, anchors[n], found[n])
        return None

    def known_rows(self) -> KnownRows:
        """What the database holds about the chunk's documents and names, now."""
        documents = [item for _, item in self.items if isinstance(item, Document)]
        hits = [
            hit
            for _documents, _anchors, analyses in self.batches
            for analysis in _analyses_of(analyses) or ()
            for hit in analysis.entities
        ]
        return KnownRows([d.checksum for d in documents], [d.import_ref for d in documents], hits)


def _analyses_of(analyses) -> list[Analysis] | None:
    """The analyses of a batch, waiting for its worker if need be; None when it failed
    (each document is then analysed alone when written, so only a bad one fails)."""
    if isinstance(analyses, Future):
        try:
            return analyses.result()
        except Exception:
            return None
    return analyses


def prepare_chunk(files: list[tuple[Path, str]], topics: list[Topic], analysers) -> PreparedChunk:
    items: list[tuple[Path, Document | FileResult | None]] = []
    for path, ref in files:
        items += [(path, item) for item in read_items(path, ref)]
        items.append((path, None))
    documents = [item for _, item in items if isinstance(item, Document)]
    known = set(
        Article.objects.filter(checksum__in=[d.checksum for d in documents]).values_list(
            "checksum", flat=True
        )
    )
    new = [d for d in documents if d.checksum not in known]
    keywords = {t.slug: t.keyword_list for t in topics}
    batches = []
    for start in range(0, len(new), ANALYSIS_BATCH):
        batch = new[start : start + ANALYSIS_BATCH]
        anchors = [timeline.publication_date(d)[0] for d in batch]
        texts = [d.text for d in batch]
        # Once the workers run, they get every batch: the last small chunk of a long run
        # would otherwise load the model into this process too.
        if analysers.jobs > 1 and (analysers.started or len(new) > ANALYSIS_BATCH):
            analyses = analysers.submit(texts, keywords, anchors)
        else:
            try:
                analyses = analyse_texts(texts, topics, anchors)
            except Exception:  # each file is then analysed alone: only the bad one fails
                analyses = None
        batches.append((batch, anchors, analyses))
    return PreparedChunk(items, batches)


def read_items(path: Path, ref: str) -> Iterator[Document | FileResult]:
    """The documents of one file, and a failed result for each bad entry in it or for the
    file itself."""
    try:
        for item in read(path, ref=ref, max_bytes=settings.ARCHIVE_MAX_FILE_BYTES):
            if isinstance(item, BadEntry):
                yield FileResult(path, Status.FAILED, item.reason, where=item.where)
            else:
                yield without_overlong_url(item)
    except ReadError as exc:
        yield FileResult(path, Status.FAILED, str(exc))
    except Exception as exc:  # one bad file must not stop the others
        logger.exception("reading %s failed", display_name(path))
        yield FileResult(path, Status.FAILED, f"unexpected error: {exc.__class__.__name__}: {exc}")


def analyse_texts(
    texts: list[str], topics: list[Topic], published: list | None = None
) -> list[Analysis]:
    """The analysis of `texts` with the archive's topics and its configured NER model."""
    return analyze_many(
        texts,
        topics={t.slug: t.keyword_list for t in topics},
        published=published,
        ner_model=settings.ARCHIVE_NER_MODEL or None,
    )


def ingest_file(path: Path, *, dry_run: bool = False) -> FileResult:
    """Ingest one file on its own; the first result (a .txt or .md file has only one)."""
    return ingest_paths([path], dry_run=dry_run)[0]


def ingest_document(
    path: Path,
    document: Document,
    *,
    topics: list[Topic],
    dry_run: bool = False,
    analysed: tuple[str, object, Analysis] | None = None,
    known: KnownRows | None = None,
) -> FileResult:
    """Write one document (analysing it first unless its batch did), in one transaction.
    `known`: what the database held when the document's chunk began (saves queries)."""
    file_name = display_name(path)
    where = document.where
    try:
        check_fits(Article, "file_name", file_name, "the file's path")
        check_fits(Article, "import_ref", document.import_ref, "the file's path")
        same_text = find_same_text(path, document, known)
        if same_text:
            return same_text
        existing = (
            None
            if known and known.surely_new(document.checksum, document.import_ref)
            else Article.objects.filter(import_ref=document.import_ref).first()
        )
        anchor = timeline.date_to_resolve_against(existing, document)
        if analysed and analysed[:2] == (document.checksum, anchor):
            analysis = analysed[2]  # analysed with its batch
        else:
            (analysis,) = analyse_texts([document.text], topics, [anchor])
        check_search_vector(analysis)
        if dry_run:
            status = Status.UPDATED if existing else Status.CREATED
            return FileResult(path, status, "dry run: nothing written", where=where)
        # The database's unique keys decide between concurrent ingests: a conflict rolls the
        # file back and it is written again, seeing what the other ingest committed (so what
        # the chunk's snapshot said is forgotten).
        attempts = 0

        def write():
            nonlocal attempts
            attempts += 1
            if known and attempts > 1:
                known.forget()
            return write_document(path, file_name, document, analysis, topics, known)

        try:
            result = run_with_retries(write)
        except Exception:
            if known:  # the snapshot may name rows the rollback undid
                known.forget()
            raise
        if known and result.status in (Status.CREATED, Status.UPDATED):
            known.written(result.article_id, file_name, document.import_ref, document.checksum)
        return result
    except (ReadError, IngestError, TooLong, ModelNotAvailable) as exc:
        return FileResult(path, Status.FAILED, str(exc), where=where)
    except Exception as exc:  # one bad file must not stop the others
        if isinstance(exc, DatabaseError) and "too long for tsvector" in str(exc):
            # PostgreSQL refused a vector the estimate let through: the same message.
            return FileResult(path, Status.FAILED, TOO_MANY_WORDS, where=where)
        logger.exception("ingest of %s failed", file_name)
        message = f"unexpected error: {exc.__class__.__name__}: {exc}"
        return FileResult(path, Status.FAILED, message, where=where)


def find_same_text(
    path: Path, document: Document, known: KnownRows | None = None
) -> FileResult | None:
    """An `unchanged` result when an article already has this text, else None."""
    if known and known.fresh:
        found = known.same_text.get(document.checksum)
    else:
        found = (
            Article.objects.filter(checksum=document.checksum)
            .values_list("pk", "file_name", "import_ref")
            .first()
        )
    if not found:
        return None
    pk, same_file, same_ref = found
    note = "" if same_ref == document.import_ref else f"same text as {same_ref or same_file}"
    return FileResult(path, Status.UNCHANGED, note, pk, document.where)


def write_document(
    path: Path,
    file_name: str,
    document: Document,
    analysis: Analysis,
    topics,
    known: KnownRows | None = None,
):
    """All rows for one document; call inside a transaction. A document `known` calls new
    is inserted without looking again: the unique keys catch another ingest's copy."""
    if known and known.surely_new(document.checksum, document.import_ref):
        existing = None
    else:
        same_text = find_same_text(path, document)
        if same_text:  # another ingest wrote it meanwhile
            return same_text
        existing = Article.objects.filter(import_ref=document.import_ref).first()
    status = Status.UPDATED if existing else Status.CREATED
    article = save_article(existing, file_name, document, analysis, known)
    save_analysis(article, analysis, topics, new=existing is None, known=known)
    warnings = [*document.warnings, *names_that_fit(analysis.entities)[1]]
    return FileResult(path, status, "; ".join(warnings), article.pk, document.where)


def without_overlong_url(document: Document) -> Document:
    # Cutting a URL to the column's length would make it point somewhere else: drop it.
    url, limit = document.metadata.get("url", ""), max_length(Article, "url")
    if len(url) <= limit:
        return document
    metadata = {k: v for k, v in document.metadata.items() if k != "url"}
    warning = f"dropped URL longer than {limit:,} characters"
    return replace(document, metadata=metadata, warnings=(*document.warnings, warning))


TOO_MANY_WORDS = (
    "too many distinct words for the search index (PostgreSQL's limit is 1 MB per article)"
)


def check_search_vector(analysis: Analysis) -> None:
    # Checked on every engine, so that SQLite refuses what PostgreSQL would.
    if search_vector_bytes(analysis.title, analysis.body) > SEARCH_VECTOR_LIMIT:
        raise IngestError(TOO_MANY_WORDS)


def display_name(path: Path) -> str:
    """The file's path relative to the project when it lies inside it, so the same file is
    recognised whichever way it was named on the command line; printable and storable even
    when the name is not UTF-8 or holds control characters."""
    resolved = path.resolve()
    try:
        return printable_name(str(resolved.relative_to(settings.BASE_DIR)))
    except ValueError:
        return printable_name(str(resolved))


def source_for(document: Document, known: KnownRows | None = None) -> Source:
    name = document.metadata.get("source")
    domain = urlsplit(document.metadata.get("url", "")).hostname or ""
    domain = domain.removeprefix("www.")
    if not name:
        name = domain or Source.UNATTRIBUTED
    name, domain = clipped(Source, "name", name), clipped(Source, "domain", domain)
    source = known.sources.get(name) if known else None
    if source is None:
        source = Source.objects.filter(name=name).first()
    if source is None:
        source = Source.objects.create(name=name, slug=unique_slug(Source, name), domain=domain)
    if known:
        known.sources[name] = source
    return source


def save_article(
    existing,
    file_name: str,
    document: Document,
    analysis: Analysis,
    known: KnownRows | None = None,
) -> Article:
    article = existing or Article()
    # The file may have moved (a new checkout): the identity is the import_ref.
    article.file_name, article.import_ref = file_name, document.import_ref
    meta = document.metadata
    # Corrections an editor made in the admin win over whatever the file says.
    article.set_from_file("source", source_for(document, known))
    set_analysed_fields(article, meta, analysis)
    article.set_from_file("url", meta.get("url", article.url))
    published, date_origin = timeline.publication_date(document)
    article.set_from_file("published_on", published)
    article.set_from_file("date_origin", date_origin)
    article.raw_text = document.raw_text
    article.checksum = document.checksum
    fit_to_fields(article)
    if not article.slug:
        article.slug = unique_slug(Article, article.title, max_length=90)
    article.save()
    return article


def set_analysed_fields(article: Article, metadata: dict, analysis: Analysis) -> None:
    """What the analysis of the text decides about the article itself (the file's metadata,
    then an editor's corrections, win over it)."""
    article.set_from_file("title", metadata.get("title") or analysis.title)
    article.title_derived = not metadata.get("title") and analysis.title_derived
    article.set_from_file("byline", metadata.get("byline") or analysis.byline)
    article.body = analysis.body


def save_analysis(
    article: Article,
    analysis: Analysis,
    topics: list[Topic],
    *,
    new: bool = False,
    known: KnownRows | None = None,
) -> int:
    """Write everything derived from `analysis` for a saved `article`, replacing what an
    earlier analysis wrote. Ingest and re-analysis both call this, inside the article's
    transaction; rows derived from new kinds of analysis are written here too. A `new`
    article (inserted in this transaction) has no earlier rows to replace.

    Returns how many entities were removed because no article mentions them any more."""
    removed = save_mentions(article, analysis.entities, new=new, known=known)
    save_topic_scores(article, analysis.topics, topics, new=new)
    timeline.save_events(article, analysis, new=new, alias_entity=known and known.alias_entity)
    update_similarity(article, new=new)
    return removed


def resolve_entity(hit: EntityHit, known: KnownRows | None = None) -> Entity:
    """The entity `hit` refers to: found through any of its aliases, or created.

    The result must not depend on which article came first: a lone surname finds the one
    person whose full name ends with it, and a new full name takes in the lone surname an
    earlier article left behind ("Leyen" -> Ursula von der Leyen).
    """
    names = hit.aliases | {hit.name}
    keys = {EntityAlias.key_for(name) for name in names} - {""}
    aliases = {a.key: a for a in EntityAlias.objects.filter(key__in=keys).select_related("entity")}
    main_key = EntityAlias.key_for(hit.name)
    entity = aliases[main_key].entity if main_key in aliases else _most_named(aliases.values())
    if entity is None and hit.kind == Entity.Kind.PERSON and " " not in main_key:
        entity = _person_by_surname(main_key)
    created = entity is None
    if created:
        entity = Entity.objects.create(name=hit.name, kind=hit.kind, slug=_entity_slug(hit.name))
    new_aliases = {
        key: EntityAlias(entity=entity, name=name[:200], key=key)
        for name in sorted(names)
        if (key := EntityAlias.key_for(name)) and key not in aliases
    }
    EntityAlias.objects.bulk_create(new_aliases.values(), ignore_conflicts=True)
    if created and EntityAlias.objects.filter(key=main_key).exclude(entity=entity).exists():
        # A concurrent ingest claimed the name first: write the file again to use its entity.
        raise IntegrityError(f"entity alias {main_key!r} was created by another ingest")
    if known:  # what this lookup verified, for the chunk's next documents
        known.alias_entity.update((key, alias.entity_id) for key, alias in aliases.items())
        if created:
            known.alias_entity[main_key] = entity.pk
    person = created and hit.kind == Entity.Kind.PERSON and " " in main_key
    if person and _take_in_lone_surname(entity, main_key.split()[-1]) and known:
        known.forget()  # aliases moved to another entity
    return entity


def _entity_slug(name: str) -> str:
    """A slug no entity uses and no merged-away entity used: old links keep leading to the
    entity it was merged into."""
    slug, n = unique_slug(Entity, name), 1
    while MergedEntity.objects.filter(slug=slug).exists():
        n += 1
        slug = unique_slug(Entity, f"{name} {n}")
    return slug


def _most_named(aliases) -> Entity | None:
    """Of the entities some of a hit's names already belong to, the one most of them do
    (then the oldest): the same answer whatever order the aliases came in."""
    votes: dict[int, list] = {}
    for alias in aliases:
        votes.setdefault(alias.entity_id, []).append(alias.entity)
    if not votes:
        return None
    best = min(votes, key=lambda pk: (-len(votes[pk]), pk))
    return votes[best][0]


def _person_by_surname(surname: str) -> Entity | None:
    people = set(
        EntityAlias.objects.filter(
            entity__kind=Entity.Kind.PERSON, key__endswith=f" {surname}"
        ).values_list("entity_id", flat=True)
    )
    return Entity.objects.get(pk=people.pop()) if len(people) == 1 else None


def _take_in_lone_surname(person: Entity, surname: str) -> bool:
    """Fold into a new `person` the person an earlier article knew only as `surname`, when
    `person` is the only one with that surname. Whether it did."""
    lone = EntityAlias.objects.filter(
        key=surname, entity__kind=Entity.Kind.PERSON, entity__curated=False
    ).select_related("entity")
    merged = False
    for alias in lone:
        if _person_by_surname(surname) == person:
            merge_entities(person, [alias.entity], by_editor=False)
            merged = True
    return merged


def save_mentions(
    article: Article,
    hits: Iterable[EntityHit],
    *,
    new: bool = False,
    known: KnownRows | None = None,
) -> int:
    """Replace the article's mentions (names too long to keep are left out, see
    names_that_fit); returns how many entities no article mentions any more were removed."""
    hits, _ = names_that_fit(hits)
    counts: dict[int, int] = {}
    # Sorted by name: concurrent ingests take the entities' unique keys in the same order,
    # which avoids deadlocks.
    for hit in sorted(hits, key=lambda h: EntityAlias.key_for(h.name)):
        entity_id = known.entity_of(hit) if known else None
        if entity_id is None:
            entity_id = resolve_entity(hit, known).pk
        counts[entity_id] = counts.get(entity_id, 0) + hit.count
    if new:
        before = set()
    else:
        before = set(Mention.objects.filter(article=article).values_list("entity_id", flat=True))
        Mention.objects.filter(article=article).delete()
    Mention.objects.bulk_create(
        Mention(article=article, entity_id=pk, count=count) for pk, count in counts.items()
    )
    removed = remove_unmentioned_entities(before - counts.keys()) if before else 0
    if removed and known:
        known.forget()  # it may hold aliases of the entities just deleted
    return removed


def remove_unmentioned_entities(candidates: Iterable[int] | None = None) -> int:
    """Delete entities no article mentions any more, among `candidates` (None: all), except
    those an editor curated. Returns how many were deleted."""
    entities = Entity.objects.filter(curated=False, mentions__isnull=True)
    if candidates is not None:
        entities = entities.filter(pk__in=list(candidates))
    _, deleted = Entity.objects.filter(pk__in=list(entities.values_list("pk", flat=True))).delete()
    return deleted.get(Entity._meta.label, 0)


def names_that_fit(hits: Iterable[EntityHit]) -> tuple[list[EntityHit], list[str]]:
    """The hits without names (or aliases) longer than the database keeps: a 200-character
    "name" is a run of capitalised words, not an entity."""
    limit = max_length(Entity, "name")
    kept, dropped = [], 0
    for hit in hits:
        if len(hit.name) > limit or len(EntityAlias.key_for(hit.name)) > limit:
            dropped += 1
            continue
        aliases = {
            a for a in hit.aliases if len(a) <= limit and len(EntityAlias.key_for(a)) <= limit
        }
        kept.append(replace(hit, aliases=frozenset(aliases)) if aliases != hit.aliases else hit)
    warnings = [f"ignored {dropped} name(s) longer than {limit} characters"] if dropped else []
    return kept, warnings


def default_paths() -> list[Path]:
    return [Path(settings.ARCHIVE_SEEDS_DIR)]
