"""Readers: turn a file into Documents (their text plus whatever metadata the file carries).

`READERS` maps a file suffix to a reader; `read(path, ref=...)` yields a Document, or a
`BadEntry` for one bad article inside a file of many (a JSON list, a JSONL line), and raises
ReadError when the whole file is unusable. Each Document carries its own checksum and its
`import_ref` (the file's ref, plus `#line N` or `#item N` inside a JSON/JSONL file): that is the
article's identity, see README "Formats". JSON, JSONL and HTML are read in `articles/formats.py`.

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
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.utils import dateparse

from articles.weblinks import http_url

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
    import_ref: str = ""
    where: str = ""  # the line or item within a file of many documents, for the report

    @property
    def published(self) -> dt.date | None:
        return self.metadata.get("published")


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


def set_metadata(metadata: dict, warnings: list[str], name: str, value: str) -> None:
    """Keep one metadata value from front matter, a sidecar or a JSON article: a URL only if
    it is http(s), a date only if it reads as one; what is dropped becomes a warning."""
    if name == "url":
        if http_url(value):
            metadata["url"] = value.strip()
        else:
            warnings.append(f"dropped URL {value[:80]!r}: only http(s) links are kept")
    elif name == "published":
        date = parse_date(value)
        if date:
            metadata["published"] = date
        else:
            warnings.append(f"ignored unreadable date {value[:40]!r} (expected YYYY-MM-DD)")
    else:
        metadata[name] = " ".join(value.split())


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
        set_metadata(metadata, warnings, name, value.strip())
    return data, metadata, warnings


def extracted_document(
    text: str, metadata: dict, warnings: list[str], ref: str, where: str = ""
) -> Document:
    """A document that is not a whole file (a JSON article, a web page's extracted text). Its
    checksum covers its text and its metadata, so a changed title updates the article."""
    meta = json.dumps(metadata, sort_keys=True, default=str)
    checksum = hashlib.sha256(f"{text_checksum(text)}\0{meta}".encode()).hexdigest()
    return Document(
        raw_text=text,
        text=text,
        checksum=checksum,
        metadata=metadata,
        warnings=tuple(warnings),
        import_ref=ref,
        where=where,
    )


# --- JSON, JSONL and HTML -------------------------------------------------------------------

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
}
# A JSON file holds many articles: it may be this many times the size of one article file.
JSON_FILE_FACTOR = 20


@dataclass(frozen=True)
class BadEntry:
    """One article inside a file of many that cannot be read; the others still are."""

    where: str  # "line 3", "item 2"
    reason: str
    import_ref: str = ""


def parse_date(value: str) -> dt.date | None:
    """A metadata date: ISO date or date-time (with or without a zone), else None."""
    value = value.strip()
    try:
        moment = dateparse.parse_datetime(value)
        return moment.date() if moment else dateparse.parse_date(value[:10])
    except ValueError:
        return None


def json_document(values, *, ref: str, where: str) -> Document | BadEntry:
    """The Document a JSON object describes (title, body or text, source, url, published,
    author or byline), or why it cannot be one."""
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
    return extracted_document(body, metadata, warnings, ref, where)


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


# Fewer words than this extracted from a page is a menu or a notice, not an article.
MIN_PAGE_WORDS = 20
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)


def decode_html(data: bytes) -> tuple[str, list[str]]:
    """The text of a web page: a byte-order mark wins, then the charset its <meta> declares
    (how browsers read a saved page), then UTF-8, then Windows-1252 with a warning."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    match = META_CHARSET.search(data[:8192])
    if match:
        declared = match.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise ReadError(f"unknown character set {declared!r} declared in <meta>") from None
        if codec != "utf-8":
            try:
                return data.decode(codec), [f"decoded as {declared}, as its <meta> declares"]
            except UnicodeDecodeError as exc:
                raise ReadError(
                    f"not {declared} as its <meta> declares (undecodable byte at {exc.start})"
                ) from exc
    return decode(data)


def read_html(path: Path, *, ref: str, max_bytes: int | None = None):
    """Reader for .html and .htm: the page's main text and metadata (title, author, site
    name, canonical URL) by trafilatura, its publication date by htmldate."""
    import htmldate  # imported here: only runs that read web pages pay for loading them
    import trafilatura

    html, warnings = decode_html(read_bytes(path, max_bytes))
    if "\x00" in html:
        html = html.replace("\x00", "")
    try:
        page = trafilatura.bare_extraction(html, with_metadata=True, include_tables=False)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        raise ReadError(f"cannot parse the page: {exc.__class__.__name__}") from exc
    text = ((page.text if page else "") or "").strip()
    if len(text.split()) < MIN_PAGE_WORDS:
        # trafilatura falls back to whatever text the page has (a menu, a login box).
        raise ReadError("no article text found in the page")
    metadata: dict = {}
    for name, value in (
        ("title", page.title),
        ("byline", page.author),
        ("source", page.sitename),
    ):
        if value and value.strip():
            metadata[name] = " ".join(value.split())
    url = page.url or ""
    if url and http_url(url):
        metadata["url"] = url.strip()
    elif url:
        warnings.append(f"dropped URL {url[:80]!r}: only http(s) links are kept")
    try:
        found = htmldate.find_date(html, extensive_search=False, original_date=True)
    except Exception:  # a page htmldate cannot parse simply has no date
        found = None
    if found:
        metadata["published"] = dt.date.fromisoformat(found)
        metadata["date_origin"] = "page"  # Article.DateOrigin.PAGE: htmldate found it
    yield extracted_document(text, metadata, warnings, ref)


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
