"""Long admin actions as recorded background work: the request answers at once, a thread of
the web process does the work, and an `IngestRun` record (the admin's "Ingest runs") says
how far it got. A run whose process dies stays recorded, unfinished; running the action
again does the whole work again (every step is idempotent)."""

import logging
import threading
from collections.abc import Callable, Iterable

from django.db import connections, transaction

from articles.curation import rescore_topics
from articles.ingest.retries import run_with_retries
from articles.ingest.runs import RunRecord
from articles.models import Article, IngestRun, Topic

logger = logging.getLogger(__name__)
BATCH = 500  # articles scored between two saves of the record

# The threads started in this process, newest last (tests wait for them).
started: list[threading.Thread] = []


def run_in_background(
    kind: str, arguments: list[str], work: Callable[[RunRecord], None]
) -> IngestRun:
    """Record a run of `kind` and do `work(record)` in a thread, once the request's
    transaction has committed (the thread must see the record)."""
    record = RunRecord(kind, arguments)
    thread = threading.Thread(
        target=_run, args=(record, work), name=f"{kind}-{record.run.pk}", daemon=True
    )
    started.append(thread)
    transaction.on_commit(thread.start)
    return record.run


def _run(record: RunRecord, work: Callable[[RunRecord], None]) -> None:
    try:
        work(record)
    except Exception as exc:
        logger.exception("background %s run %s failed", record.run.kind, record.run.pk)
        record.add("failed", "…", f"{exc.__class__.__name__}: {exc}")
    finally:
        try:
            record.finish()
        finally:
            connections.close_all()  # this thread's connections


def rescore_in_background(topics: Iterable[Topic]) -> IngestRun:
    """Score every article again for `topics` (after an editor changed their keywords)."""
    topics = list(topics)
    ids = [t.pk for t in topics]

    def work(record: RunRecord) -> None:
        chosen = list(Topic.objects.filter(pk__in=ids))
        last = 0
        while batch := list(
            Article.objects.filter(pk__gt=last).order_by("pk").only("pk", "title", "body")[:BATCH]
        ):
            # Each article is scored in its own transaction; a batch that met another
            # connection's lock (the request that started this run, still rendering) is
            # scored again.
            record.counts["updated"] += run_with_retries(
                lambda batch=batch: rescore_topics(batch, chosen), atomic=False
            )
            record.save()
            last = batch[-1].pk

    return run_in_background(IngestRun.Kind.RESCORE, [t.slug for t in topics], work)
