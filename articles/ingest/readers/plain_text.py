"""Plain text (.txt) and Markdown (.md), with optional front matter:

    ---
    title: India's Modi to visit Moscow
    source: Reuters
    url: https://www.reuters.com/...
    published: 2024-07-08
    byline: Jane Doe
    language: en
    ---

Beside `name.txt` or `name.md` may lie a sidecar `name.json` with the same keys (`title`,
`source`, `url`, `published`, `author` or `byline`, `language`); what it says wins over the
front matter, and its bytes count in the checksum, so a changed sidecar updates the article.
"""

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

from articles.analysis.cleaning import with_given_title
from articles.ingest.readers.decoding import decode, read_bytes
from articles.ingest.readers.documents import (
    Document,
    ReadError,
    set_metadata,
    text_checksum,
)

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


META_LINE = re.compile(r"^[ \t]*[A-Za-z_-]+[ \t]*:")


FRONT_MATTER_KEYS = {
    "title": "title",
    "source": "source",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "byline": "byline",
    "author": "byline",
    "language": "language",
    "lang": "language",
}


def read_text_file(path: Path, *, ref: str, max_bytes: int | None = None):
    """Reader for .txt and .md: one document per file."""
    yield replace(read_document(path, max_bytes=max_bytes), import_ref=ref)


def sidecar_of(path: Path) -> Path | None:
    """The .txt or .md file that a `name.json` describes, if there is one: such a .json is
    a sidecar, not an article of its own."""
    if path.suffix.lower() != ".json":
        return None
    for suffix in (".txt", ".md", ".TXT", ".MD"):
        if path.with_suffix(suffix).is_file():
            return path.with_suffix(suffix)
    return None


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
    if metadata.get("title"):
        # A title given by the front matter or sidecar: every line of the text is body.
        text = with_given_title(metadata["title"], text)
    return Document(
        raw_text=raw_text,
        text=text,
        checksum=checksum,
        metadata=metadata,
        warnings=tuple(warnings),
    )


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
    if suffix.lower() not in (".txt", ".md"):
        # JSON and HTML articles are stored as their extracted text: nothing more to parse.
        return text, metadata, warnings
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
        set_metadata(metadata, warnings, FRONT_MATTER_KEYS[key], value)
    return metadata, warnings


def read_sidecar(path: Path) -> tuple[bytes, dict, list[str]]:
    """The bytes of a `name.json` sidecar and the metadata it gives; a sidecar that cannot be
    read is reported and ignored, never a reason to refuse the article."""
    try:
        data = path.read_bytes()
        values = json.loads(data.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return b"", {}, [f"ignored sidecar {path.name}: {exc.__class__.__name__}"]
    except RecursionError:
        # json recurses per nesting level; a hostile depth must not cost the article.
        return b"", {}, [f"ignored sidecar {path.name}: nested too deeply"]
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
        set_metadata(metadata, warnings, name, value.strip())
    return data, metadata, warnings
