"""Analysis in worker processes (`ingest --jobs N`). No Django here: the workers only
analyse texts; every database write stays in the main process.

Workers are spawned, not forked: a forked child would inherit (and on exit close) the
parent's database connection. Each worker loads the NER model once, when it starts.
"""

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from articles.analysis import analyze_many, ner

# Batches a worker analyses before it is replaced by a fresh one: spaCy's vocabulary and string
# store only grow (every new word or number a text holds stays), so a long run would grow the
# workers' memory with the number of files. A restart costs about a second (importing spaCy
# and loading the model); 100 batches are some 3,200 texts. The whole pool is replaced, not
# single workers: `max_tasks_per_child` can deadlock the pool (CPython gh-115634).
TASKS_PER_WORKER = 100

PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """End this worker when the ingest that started it ends, even by kill -9."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)

    def watch() -> None:  # where prctl does not exist
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _start_worker(ner_model: str | None, parent: int | None = None) -> None:
    if parent is not None:
        _die_with_parent(parent)
    # One BLAS thread per worker (read when numpy is first imported, below): the workers
    # already use every core, and BLAS threads waiting for work burn CPU the others need.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    if ner_model:
        # A missing model is reported by the first analysis, in the main process's terms.
        with contextlib.suppress(ner.ModelNotAvailable):
            ner.load(ner_model)


def _analyse(texts, topics, published, ner_model, languages):
    return analyze_many(
        texts, topics=topics, published=published, ner_model=ner_model, languages=languages
    )


class Analysers:
    """A pool of `jobs` analysis processes, started on first use (a small run never pays
    for it). Use as a context manager."""

    def __init__(self, jobs: int, ner_model: str | None):
        self.jobs, self.ner_model = max(1, jobs), ner_model
        self._pool: ProcessPoolExecutor | None = None
        self._submitted, self._used = 0, False

    def _fresh_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.ner_model, os.getpid()),
        )

    def _retire(self) -> None:
        # The old pool finishes the batches it holds (their futures stay valid), then exits.
        if self._pool is not None:
            self._pool.shutdown(wait=False)
        self._pool, self._submitted = None, 0

    def submit(
        self,
        texts: Sequence[str],
        topics: Mapping[str, Sequence[str]],
        published: Sequence,
        languages: Sequence[str],
    ) -> Future:
        if self._submitted >= TASKS_PER_WORKER * self.jobs:
            self._retire()
        args = (_analyse, list(texts), dict(topics), list(published), self.ner_model)
        args += (list(languages),)
        for _attempt in range(2):
            if self._pool is None:
                self._pool = self._fresh_pool()
            try:
                future = self._pool.submit(*args)
            except BrokenProcessPool:
                # A worker died (killed, out of memory): its batches fail, later ones get a
                # fresh pool.
                self._retire()
                continue
            self._submitted, self._used = self._submitted + 1, True
            return future
        raise BrokenProcessPool("analysis workers could not be started")

    @property
    def started(self) -> bool:
        return self._used

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
