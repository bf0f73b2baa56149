"""Readers: turn a file into Documents (their text plus whatever metadata the file carries).

`READERS` maps a file suffix to a reader, one module per format; `read(path, ref=...)` yields a
Document, or a `BadEntry` for one bad article inside a file of many (a JSON list, a JSONL
line), and raises ReadError when the whole file is unusable. Each Document carries its own
checksum and its `import_ref` (the file's ref, plus `#line N` or `#item N` inside a JSON/JSONL
file): that is the article's identity (docs/ingesting.md). A URL that is not http(s) is
dropped with a warning.
"""

from pathlib import Path

from articles.ingest.readers.documents import BadEntry, Document, ReadError
from articles.ingest.readers.json_files import read_json, read_jsonl
from articles.ingest.readers.plain_text import parse_text, read_text_file, sidecar_of
from articles.ingest.readers.web_pages import read_html

__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "BadEntry",
    "Document",
    "ReadError",
    "parse_text",
    "read",
    "sidecar_of",
]


READERS = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".json": read_json,
    ".jsonl": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def read(path: Path, *, ref: str, max_bytes: int | None = None):
    """The documents (and bad entries) of the file at `path`, by the reader for its suffix.
    Raises ReadError when the file as a whole cannot be read."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'!r}")
    yield from reader(path, ref=ref, max_bytes=max_bytes)
