"""Readers: turn a file into a Document (its text plus whatever metadata the file carries).

Plain text and Markdown are read as UTF-8. Either may start with a front-matter block:

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

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
    text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    metadata, warnings = {}, []
    match = FRONT_MATTER.match(text)
    if match:
        metadata, warnings = parse_front_matter(match.group(1))
        text = text[match.end() :]
    if path.suffix.lower() == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        raise ReadError("no article text after the front matter")
    digest = hashlib.sha256(data)
    sidecar_path = path.with_suffix(".json")
    if sidecar_path.is_file():
        sidecar_bytes, sidecar, sidecar_warnings = read_sidecar(sidecar_path)
        metadata.update(sidecar)
        warnings.extend(sidecar_warnings)
        digest.update(b"\0sidecar\0" + sidecar_bytes)
    if "url" in metadata and not is_web_url(metadata["url"]):
        warnings.append(f"ignored URL {metadata.pop('url')!r} (only http and https are kept)")
    return Document(
        raw_text=raw_text,
        text=text,
        checksum=digest.hexdigest(),
        metadata=metadata,
        warnings=tuple(warnings),
    )


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
        if name == "published":
            try:
                metadata[name] = dt.date.fromisoformat(value[:10])
            except ValueError:
                warnings.append(f"ignored unreadable date {value!r} (expected YYYY-MM-DD)")
            continue
        metadata[name] = value
    return data, metadata, warnings


def is_web_url(url: str) -> bool:
    """Only http(s) URLs are kept and linked: "javascript:" and "file:" never reach a page."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
