"""Readers: turn a file into a Document (its text plus whatever metadata the file carries).

Plain text and Markdown are read as UTF-8 (UTF-16 with a byte-order mark and Windows-1252
are recognised too). Either may start with a front-matter block:

    ---
    title: India's Modi to visit Moscow
    source: Reuters
    url: https://www.reuters.com/...
    published: 2024-07-08
    byline: Jane Doe
    ---

Beside `name.txt` or `name.md` may lie a sidecar `name.json` with the same keys (`title`,
`source`, `url`, `published`, `author` or `byline`); what it says wins over the front matter,
and its bytes count in the checksum, so a changed sidecar updates the article. A URL that is
not http(s) is dropped with a warning.
"""

import codecs
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from articles.weblinks import http_url

SUPPORTED_SUFFIXES = (".txt", ".md")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
META_LINE = re.compile(r"^[ \t]*[A-Za-z_-]+[ \t]*:")
# C0 controls other than tab, newlines and form feed: bytes that make "text" binary.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
FRONT_MATTER_KEYS = {
    "title": "title",
    "source": "source",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "byline": "byline",
    "author": "byline",
}


class ReadError(Exception):
    """The file cannot be turned into a document; the message says why."""


@dataclass(frozen=True)
class Document:
    raw_text: str  # exactly as received (decoded)
    text: str  # what analysis reads: the raw text minus its front matter
    checksum: str
    metadata: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def published(self) -> dt.date | None:
        return self.metadata.get("published")


def read_document(path: Path, *, max_bytes: int | None = None) -> Document:
    data = read_bytes(path, max_bytes)
    if not data.strip():
        raise ReadError("empty file")
    raw_text, warnings = decode(data)
    if "\x00" in raw_text:
        # PostgreSQL cannot store NUL, so both engines get the text without it.
        warnings.append(f"removed {raw_text.count(chr(0))} NUL character(s)")
        raw_text = raw_text.replace("\x00", "")
    text, metadata, parse_warnings = parse_text(raw_text, path.suffix)
    warnings += parse_warnings
    if not text.strip():
        raise ReadError("no article text after the front matter")
    checksum = text_checksum(raw_text)
    sidecar_path = path.with_suffix(".json")
    if sidecar_path.is_file():
        sidecar_bytes, sidecar, sidecar_warnings = read_sidecar(sidecar_path)
        metadata.update(sidecar)
        warnings.extend(sidecar_warnings)
        # The sidecar is part of what was ingested: a changed sidecar updates the article.
        checksum = hashlib.sha256(f"{checksum}\0sidecar\0".encode() + sidecar_bytes).hexdigest()
    return Document(
        raw_text=raw_text,
        text=text,
        checksum=checksum,
        metadata=metadata,
        warnings=tuple(warnings),
    )


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


def text_checksum(text: str) -> str:
    """SHA-256 of the text with its line ends and trailing blank lines normalised, so that
    the same text saved with CRLF, a BOM or an extra newline counts as the same text."""
    normal = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def split_unclosed_front_matter(text: str, warnings: list[str]) -> tuple[str | None, str]:
    """A text that opens front matter ("---") and never closes it: its leading "key: value"
    lines are read as metadata, with a warning."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None, text
    end = 1
    while end < len(lines) and META_LINE.match(lines[end]):
        end += 1
    warnings.append(
        f"front matter is not closed by a '---' line: read {end - 1} line(s) as metadata"
    )
    return "\n".join(lines[1:end]), "\n".join(lines[end:])


def parse_text(raw_text: str, suffix: str) -> tuple[str, dict, list[str]]:
    """What analysis reads from a file's decoded text, its front matter and any warnings.
    Re-analysis calls this on the stored raw text."""
    text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    metadata, warnings = {}, []
    match = FRONT_MATTER.match(text)
    if match:
        block, text = match.group(1), text[match.end() :]
    else:
        block, text = split_unclosed_front_matter(text, warnings)
    if block is not None:
        metadata, meta_warnings = parse_front_matter(block)
        warnings += meta_warnings
    if suffix.lower() == ".md":
        text = markdown_to_text(text)
    return text, metadata, warnings


MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")


def markdown_to_text(text: str) -> str:
    """Just enough Markdown removal for analysis: headings, links and emphasis become text."""
    text = MD_HEADING.sub(r"\1", text)
    text = MD_LINK.sub(r"\1", text)
    return MD_EMPHASIS.sub(r"\2", text)


def parse_front_matter(block: str) -> tuple[dict, list[str]]:
    metadata, warnings = {}, []
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        key, value = key.strip().lower(), value.strip().strip("\"'")
        if not sep or key not in FRONT_MATTER_KEYS or not value:
            continue
        name = FRONT_MATTER_KEYS[key]
        if name == "url" and not http_url(value):
            warnings.append(f"dropped URL {value[:80]!r}: only http(s) links are kept")
            continue
        if name == "published":
            try:
                metadata[name] = dt.date.fromisoformat(value[:10])
            except ValueError:
                warnings.append(f"ignored unreadable date {value!r} (expected YYYY-MM-DD)")
            continue
        metadata[name] = value
    return metadata, warnings


def read_sidecar(path: Path) -> tuple[bytes, dict, list[str]]:
    """The bytes of a `name.json` sidecar and the metadata it gives; a sidecar that cannot be
    read is reported and ignored, never a reason to refuse the article."""
    try:
        data = path.read_bytes()
        values = json.loads(data.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return b"", {}, [f"ignored sidecar {path.name}: {exc.__class__.__name__}"]
    if not isinstance(values, dict):
        return data, {}, [f"ignored sidecar {path.name}: not a JSON object"]
    metadata, warnings = {}, []
    for key, value in values.items():
        name = FRONT_MATTER_KEYS.get(str(key).lower())
        if name is None or value in (None, ""):
            continue
        if not isinstance(value, str):
            warnings.append(f"ignored sidecar {key!r}: not a string")
            continue
        value = value.strip()
        if name == "url" and not http_url(value):
            warnings.append(f"dropped URL {value[:80]!r}: only http(s) links are kept")
            continue
        if name == "published":
            try:
                metadata[name] = dt.date.fromisoformat(value[:10])
            except ValueError:
                warnings.append(f"ignored unreadable date {value!r} (expected YYYY-MM-DD)")
            continue
        metadata[name] = value
    return data, metadata, warnings
