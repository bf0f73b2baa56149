"""Ingest: files in, articles out. `ingest_paths` is the one entry point of the command, the
admin and the tests; see docs/architecture.md for the modules it goes through."""

from articles.ingest.pipeline import default_paths, ingest_file, ingest_paths
from articles.ingest.results import FileResult, IngestError, Status
from articles.ingest.write import display_name

__all__ = [
    "FileResult",
    "IngestError",
    "Status",
    "default_paths",
    "display_name",
    "ingest_file",
    "ingest_paths",
]
