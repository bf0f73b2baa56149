"""The stored report of a run (`IngestRun`): created when the run starts, its counts saved
as it goes, completed when it ends. A run that dies half-way stays recorded, unfinished."""

import contextlib
import signal
import threading
from collections import Counter
from collections.abc import Iterator

from django.utils import timezone

from articles.models import IngestRun

# Failures kept in the record; a run with more says how many it left out.
MAX_FAILURES = 1000
SAVE_EVERY = 200  # results: a run that dies still shows how far it got
COUNTED = ("created", "updated", "unchanged", "skipped", "failed")
# After SIGTERM, how long the run may take to reach the end of its current file before it
# stops where it is (a container stop allows some 10 s before its SIGKILL).
STOP_GRACE_SECONDS = 5


class Interrupted(Exception):
    """A signal (SIGTERM, SIGINT) stopped the run; its record holds every result so far."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"interrupted by {signal.Signals(signum).name}")


class RunRecord:
    def __init__(self, kind: str, arguments: list[str], *, dry_run: bool = False):
        self.run = IngestRun.objects.create(kind=kind, arguments=arguments, dry_run=dry_run)
        self.counts: Counter[str] = Counter()
        self.failures: list[dict] = []
        self.left_out = 0
        self.stop_signal: int | None = None

    @contextlib.contextmanager
    def stopped_by_signals(self) -> Iterator[None]:
        """SIGTERM or SIGINT inside the block stop the run after the result being written
        (so each file the database holds is counted), raising Interrupted from `add`; a run
        that reaches no result within STOP_GRACE_SECONDS stops where it is (what it was
        writing is rolled back). The record is saved either way."""
        if threading.current_thread() is not threading.main_thread():
            yield  # signals reach the main thread only
            return

        def asked_to_stop(signum, _frame):
            if self.stop_signal is None:
                self.stop_signal = signum
                signal.alarm(STOP_GRACE_SECONDS)
            else:  # a second signal, or the grace time is over
                raise Interrupted(self.stop_signal)

        handlers = {s: signal.signal(s, asked_to_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        handlers[signal.SIGALRM] = signal.signal(signal.SIGALRM, asked_to_stop)
        try:
            yield
        finally:
            signal.alarm(0)
            for signum, handler in handlers.items():
                signal.signal(signum, handler)
            if self.stop_signal is not None:
                self.save()

    def add(self, status: str, name: str, reason: str = "") -> None:
        self.counts[str(status)] += 1
        if str(status) == "failed":
            if len(self.failures) < MAX_FAILURES:
                self.failures.append({"file": name, "reason": reason})
            else:
                self.left_out += 1
        if sum(self.counts.values()) % SAVE_EVERY == 0:
            self.save()
        if self.stop_signal is not None:
            signal.alarm(0)
            raise Interrupted(self.stop_signal)

    def save(self, *, seen: int | None = None, finished: bool = False) -> IngestRun:
        run = self.run
        for status in COUNTED:
            setattr(run, status, self.counts[status])
        run.seen = seen if seen is not None else sum(self.counts.values())
        run.failures = self.failures + (
            [{"file": "…", "reason": f"{self.left_out} more failure(s) not kept"}]
            if self.left_out
            else []
        )
        if finished:
            run.finished_at = timezone.now()
        run.save()
        return run

    def finish(self, *, seen: int | None = None) -> IngestRun:
        return self.save(seen=seen, finished=True)
