"""JSON (one article, or a list of them) and JSONL (one article a line): a bad entry fails
alone, with its line or item number."""

import json
from dataclasses import replace
from pathlib import Path

from articles.analysis.cleaning import with_given_title
from articles.ingest.readers.decoding import decode, read_bytes, too_large
from articles.ingest.readers.documents import (
    BadEntry,
    Document,
    ReadError,
    extracted_document,
    set_metadata,
)

JSON_FIELDS = {
    "title": "title",
    "body": "body",
    "text": "body",
    "source": "source",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
    "author": "byline",
    "byline": "byline",
    "language": "language",
    "lang": "language",
}


# A JSON file holds many articles: it may be this many times the size of one article file.
JSON_FILE_FACTOR = 20


def json_document(values, *, ref: str, where: str) -> Document | BadEntry:
    """The Document a JSON object describes (title, body or text, source, url, published,
    author or byline, language), or why it cannot be one."""
    if not isinstance(values, dict):
        return BadEntry(where, f"not a JSON object but {type(values).__name__}", ref)
    metadata, warnings, body = {}, [], ""
    for key, value in values.items():
        name = JSON_FIELDS.get(str(key).lower())
        if name is None or value in (None, ""):
            continue
        if not isinstance(value, str):
            if name == "body":
                return BadEntry(where, f"{key!r} is not a string", ref)
            warnings.append(f"ignored {key!r}: not a string")
            continue
        if name == "body":
            body = body or value
        else:
            set_metadata(metadata, warnings, name, value)
    body = body.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        return BadEntry(where, "no article text: the object has no 'body' or 'text'", ref)
    document = extracted_document(body, metadata, warnings, ref, where)
    if metadata.get("title"):
        # The object names its title: the analysis must not take the body's first line for one.
        document = replace(document, text=with_given_title(metadata["title"], body))
    return document


def read_json(path: Path, *, ref: str, max_bytes: int | None = None):
    """Reader for .json: one article (an object) or a list of them. A bad element is reported
    with its position; the others are read. A sidecar of a .txt/.md is never read here."""
    limit = None if max_bytes is None else max_bytes * JSON_FILE_FACTOR
    text, warnings = decode(read_bytes(path, limit))
    try:
        values = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"line {exc.lineno}: malformed JSON ({exc.msg})") from exc
    except RecursionError as exc:
        raise ReadError("malformed JSON (nested too deeply)") from exc
    if not isinstance(values, list):
        item = json_document(values, ref=ref, where="")
        if isinstance(item, BadEntry):
            raise ReadError(item.reason)
        yield replace(item, warnings=(*warnings, *item.warnings))
        return
    if not values:
        raise ReadError("an empty JSON list: no articles")
    for index, values_ in enumerate(values, start=1):
        item = json_document(values_, ref=f"{ref}#item-{index}", where=f"item {index}")
        yield oversized(item, max_bytes)


def read_jsonl(path: Path, *, ref: str, max_bytes: int | None = None):
    """Reader for .jsonl: one article per line, read line by line (memory stays flat
    whatever the file's size). A malformed line is reported with its number."""
    try:
        if not path.is_file():
            raise ReadError("not a regular file")
        handle = path.open("rb")
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc
    seen = False
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            seen = True
            where, line_ref = f"line {number}", f"{ref}#line-{number}"
            if max_bytes is not None and len(line) > max_bytes:
                yield BadEntry(where, too_large(len(line), max_bytes), line_ref)
                continue
            try:
                values = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield BadEntry(where, f"not UTF-8 (undecodable byte at {exc.start})", line_ref)
                continue
            except (json.JSONDecodeError, RecursionError) as exc:
                reason = getattr(exc, "msg", "nested too deeply")
                yield BadEntry(where, f"malformed JSON ({reason})", line_ref)
                continue
            yield json_document(values, ref=line_ref, where=where)
    if not seen:
        raise ReadError("empty file")


def oversized(item: Document | BadEntry, max_bytes: int | None) -> Document | BadEntry:
    if isinstance(item, Document) and max_bytes is not None:
        size = len(item.raw_text.encode("utf-8"))
        if size > max_bytes:
            return BadEntry(item.where, too_large(size, max_bytes), item.import_ref)
    return item
