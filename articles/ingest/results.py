"""What happened to each file an ingest read."""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


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
    def anchor(self) -> str:
        """ "#line-3" or "#item-2", as in the item's import ref; "" for a whole file."""
        return "#" + self.where.replace(" ", "-") if self.where else ""

    @property
    def failed(self) -> bool:
        return self.status == Status.FAILED
