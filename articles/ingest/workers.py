"""Analysis in worker processes (`ingest --jobs N`). No Django here: the workers only
analyse texts; every database write stays in the main process.

Workers are spawned, not forked: a forked child would inherit (and on exit close) the
parent's database connection. Each worker loads the NER model once, when it starts.
"""

import contextlib
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from articles.analysis import analyze_many, ner

# Batches a worker analyses before it is replaced by a fresh one: spaCy's vocabulary and string
# store only grow (every new word or number a text holds stays), so a long run would grow the
# workers' memory with the number of files. A restart costs about a second (importing spaCy
# and loading the model); 100 batches are some 3,200 texts.
TASKS_PER_WORKER = 100


def _start_worker(ner_model: str | None) -> None:
    # One BLAS thread per worker (read when numpy is first imported, below): the workers
    # already use every core, and BLAS threads waiting for work burn CPU the others need.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    if ner_model:
        # A missing model is reported by the first analysis, in the main process's terms.
        with contextlib.suppress(ner.ModelNotAvailable):
            ner.load(ner_model)


def _analyse(texts, topics, published, ner_model):
    return analyze_many(texts, topics=topics, published=published, ner_model=ner_model)


class Analysers:
    """A pool of `jobs` analysis processes, started on first use (a small run never pays
    for it). Use as a context manager."""

    def __init__(self, jobs: int, ner_model: str | None):
        self.jobs, self.ner_model = max(1, jobs), ner_model
        self._pool: ProcessPoolExecutor | None = None

    def submit(
        self,
        texts: Sequence[str],
        topics: Mapping[str, Sequence[str]],
        published: Sequence,
    ) -> Future:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.ner_model,),
                max_tasks_per_child=TASKS_PER_WORKER,
            )
        return self._pool.submit(
            _analyse, list(texts), dict(topics), list(published), self.ner_model
        )

    @property
    def started(self) -> bool:
        return self._pool is not None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
