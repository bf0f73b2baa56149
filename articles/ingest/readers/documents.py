"""What every reader yields: a Document (text, metadata, checksum, import_ref), or a BadEntry
for one bad article inside a file of many; ReadError when a whole file is unusable."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.utils import dateparse

from articles.analysis.languages import normalise as normalise_language
from articles.weblinks import http_url


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
    dateline_year: int | None = None  # the run's year, for a dateline that gives none

    @property
    def published(self) -> dt.date | None:
        return self.metadata.get("published")


@dataclass(frozen=True)
class BadEntry:
    """One article inside a file of many that cannot be read; the others still are."""

    where: str  # "line 3", "item 2"
    reason: str
    import_ref: str = ""


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
    elif name == "language":
        set_language(metadata, warnings, value)
    else:
        metadata[name] = " ".join(value.split())


def set_language(metadata: dict, warnings: list[str], value: str) -> None:
    """Keep a language the file states ("en", "en-GB" -> "en"); anything else is a warning,
    and the language is then detected from the text."""
    code = normalise_language(value)
    if code:
        metadata["language"] = code
    else:
        warnings.append(
            f"ignored language {value[:40]!r}: not a known ISO 639-1 code (such as en or ru);"
            " detected from the text instead"
        )


def parse_date(value: str) -> dt.date | None:
    """A metadata date: ISO date or date-time (with or without a zone), else None."""
    value = value.strip()
    try:
        moment = dateparse.parse_datetime(value)
        return moment.date() if moment else dateparse.parse_date(value[:10])
    except ValueError:
        return None


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


def text_checksum(text: str) -> str:
    """SHA-256 of the text with its line ends and trailing blank lines normalised, so that
    the same text saved with CRLF, a BOM or an extra newline counts as the same text."""
    normal = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()
