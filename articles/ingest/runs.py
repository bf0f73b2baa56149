"""The stored report of a run (`IngestRun`): created when the run starts, its counts saved
as it goes, completed when it ends. A run that dies half-way stays recorded, unfinished."""

from collections import Counter

from django.utils import timezone

from articles.models import IngestRun

# Failures kept in the record; a run with more says how many it left out.
MAX_FAILURES = 1000
SAVE_EVERY = 200  # results: a run that dies still shows how far it got
COUNTED = ("created", "updated", "unchanged", "skipped", "failed")


class RunRecord:
    def __init__(self, kind: str, arguments: list[str], *, dry_run: bool = False):
        self.run = IngestRun.objects.create(kind=kind, arguments=arguments, dry_run=dry_run)
        self.counts: Counter[str] = Counter()
        self.failures: list[dict] = []
        self.left_out = 0

    def add(self, status: str, name: str, reason: str = "") -> None:
        self.counts[str(status)] += 1
        if str(status) == "failed":
            if len(self.failures) < MAX_FAILURES:
                self.failures.append({"file": name, "reason": reason})
            else:
                self.left_out += 1
        if sum(self.counts.values()) % SAVE_EVERY == 0:
            self.save()

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
