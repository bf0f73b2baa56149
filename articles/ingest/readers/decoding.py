"""Bytes to text: the size limit, UTF-8 (UTF-16 with a byte-order mark and Windows-1252 are
recognised too) and control characters."""

import codecs
import os
import re
from pathlib import Path

from articles.ingest.readers.documents import ReadError

# C0 controls other than tab, newlines and form feed: bytes that make "text" binary.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def read_bytes(path: Path, max_bytes: int | None) -> bytes:
    """The file's bytes. Refuses what is not a regular file (opening a FIFO would block) and
    a file over `max_bytes`, without reading it."""
    try:
        if not path.is_file():
            raise ReadError("not a regular file")
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if max_bytes is not None and size > max_bytes:
                raise ReadError(too_large(size, max_bytes))
            # One byte more than allowed: a file that grew since fstat is refused too.
            data = handle.read(-1 if max_bytes is None else max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    if max_bytes is not None and len(data) > max_bytes:
        raise ReadError(too_large(len(data), max_bytes))
    return data


def too_large(size: int, limit: int) -> str:
    return (
        f"file too large: {size:,} bytes, over the limit of {limit:,} "
        "(setting ARCHIVE_MAX_FILE_BYTES)"
    )


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of `data`: UTF-16 with a byte-order mark, UTF-8 (with or without one), else
    Windows-1252 (a superset of Latin-1's printable characters), with a warning."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise ReadError(f"not UTF-16 text (undecodable bytes at offset {exc.start})") from exc
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is None or CONTROL_CHARS.search(text):
        raise ReadError(f"not UTF-8 text (undecodable byte at offset {utf8_error})")
    return text, [f"not UTF-8 (undecodable byte at offset {utf8_error}): read as Windows-1252"]
