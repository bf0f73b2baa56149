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
from pathlib import Path

from django.conf import settings

from articles.analysis import Analysis
from articles.ingest.discovery import discover, printable_name
from articles.ingest.engine import PlannerStatistics, bound_sqlite_memory
from articles.ingest.known_rows import KnownRows
from articles.ingest.readers import (
    SUPPORTED_SUFFIXES,
    BadEntry,
    Document,
    ReadError,
    read,
    sidecar_of,
)
from articles.ingest.results import FileResult, Status
from articles.ingest.workers import Analysers
from articles.ingest.write import (
    TOO_MANY_WORDS,
    analyse_texts,
    analysis_language,
    display_name,
    ingest_document,
    publication_date,
    too_rich_to_index,
    without_overlong_url,
)
from articles.models import (
    Article,
    Topic,
)
from articles.search.tantivy import store as search_index

logger = logging.getLogger(__name__)


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
    dateline_year: int | None = None,
) -> list[FileResult]:
    """Ingest the files under `paths`. Files are read and written here, in chunks (memory
    stays flat); their texts are analysed by `jobs` worker processes, one chunk ahead of the
    writes. `on_result(result, files done, files in all)` is called for every result.
    `dateline_year`: the year a dateline without one ("BAHRAIN, Oct 19 -") is read in."""
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
        written = 0
        # The search index is written once per chunk, not once per article.
        with search_index.deferred_writes():
            # Chunks are cut by items, not files: a feed of 20,000 articles is many chunks,
            # and at most two chunks (the one written, the one analysed) are ever in memory.
            for items in item_chunks(files, chunk, dateline_year):
                pending.append(prepare_chunk(items, topics, analysers))
                if len(pending) > 1:
                    prepared = pending.popleft()
                    write(prepared)
                    search_index.flush()
                    written += len(prepared.items)
                    statistics.refresh_after(written)
            while pending:
                write(pending.popleft())
    if not dry_run:  # what an interrupted run wrote but did not index
        unchanged = [r.article_id for r in results if r.status == Status.UNCHANGED]
        search_index.index_absent([i for i in unchanged if i is not None])
    return results


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


def item_chunks(
    files: list[tuple[Path, str]], size: int, dateline_year: int | None = None
) -> Iterator[list[tuple[Path, Document | FileResult | None]]]:
    """The items of all files in order, each file's followed by None, in lists of about
    `size` items; a long feed is read lazily, one list at a time."""
    items: list[tuple[Path, Document | FileResult | None]] = []
    for path, ref in files:
        for item in read_items(path, ref):
            if dateline_year and isinstance(item, Document):
                item = replace(item, dateline_year=dateline_year)
            items.append((path, item))
            if len(items) >= size:
                yield items
                items = []
        items.append((path, None))
        if len(items) >= size:
            yield items
            items = []
    if items:
        yield items


def prepare_chunk(
    items: list[tuple[Path, Document | FileResult | None]], topics: list[Topic], analysers
) -> PreparedChunk:
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
        anchors = [publication_date(d)[0] for d in batch]
        texts = [d.text for d in batch]
        languages = [analysis_language(d) for d in batch]
        # Once the workers run, they get every batch: the last small chunk of a long run
        # would otherwise load the model into this process too.
        if analysers.jobs > 1 and (analysers.started or len(new) > ANALYSIS_BATCH):
            analyses = analysers.submit(texts, keywords, anchors, languages)
        else:
            try:
                analyses = analyse_texts(texts, topics, anchors, languages)
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
            elif too_rich_to_index(item.text):  # refused before anything analyses it
                yield FileResult(path, Status.FAILED, TOO_MANY_WORDS, where=item.where)
            else:
                yield without_overlong_url(item)
    except ReadError as exc:
        yield FileResult(path, Status.FAILED, str(exc))
    except Exception as exc:  # one bad file must not stop the others
        logger.exception("reading %s failed", display_name(path))
        yield FileResult(path, Status.FAILED, f"unexpected error: {exc.__class__.__name__}: {exc}")


def ingest_file(path: Path, *, dry_run: bool = False) -> FileResult:
    """Ingest one file on its own; the first result (a .txt or .md file has only one)."""
    return ingest_paths([path], dry_run=dry_run)[0]


def default_paths() -> list[Path]:
    return [Path(settings.ARCHIVE_SEEDS_DIR)]
