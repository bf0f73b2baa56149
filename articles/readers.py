"""Readers: turn a file into a Document (its text plus whatever metadata the file carries).

Plain text and Markdown are read as UTF-8. Either may start with a front-matter block:

    ---
    title: India's Modi to visit Moscow
    source: Reuters
    url: https://www.reuters.com/...
    published: 2024-07-08
    byline: Jane Doe
    ---
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)
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


def read_document(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ReadError("empty file")
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        raw_text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8 text (undecodable byte at offset {exc.start})") from exc
    text, metadata, warnings = parse_text(raw_text, path.suffix)
    if not text.strip():
        raise ReadError("no article text after the front matter")
    return Document(
        raw_text=raw_text,
        text=text,
        checksum=hashlib.sha256(data).hexdigest(),
        metadata=metadata,
        warnings=tuple(warnings),
    )


def parse_text(raw_text: str, suffix: str) -> tuple[str, dict, list[str]]:
    """What analysis reads from a file's decoded text, its front matter and any warnings.
    Re-analysis calls this on the stored raw text."""
    text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    metadata, warnings = {}, []
    match = FRONT_MATTER.match(text)
    if match:
        metadata, warnings = parse_front_matter(match.group(1))
        text = text[match.end() :]
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
        if name == "published":
            try:
                metadata[name] = dt.date.fromisoformat(value[:10])
            except ValueError:
                warnings.append(f"ignored unreadable date {value!r} (expected YYYY-MM-DD)")
            continue
        metadata[name] = value
    return metadata, warnings
