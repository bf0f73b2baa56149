"""Web pages (.html, .htm): the main text and metadata by trafilatura, the date by htmldate,
the charset from the bytes or the page's <meta>."""

import codecs
import datetime as dt
import re
from pathlib import Path

from articles.ingest.readers.decoding import decode, read_bytes
from articles.ingest.readers.documents import (
    ReadError,
    extracted_document,
    set_language,
)
from articles.weblinks import http_url

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


# The page's declared language: <html lang="en-GB"> (or xml:lang), within its first 64 KB.
HTML_LANG = re.compile(
    r"""<html\b[^>]*?\s(?:xml:)?lang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I
)


def declared_language(html: str) -> str | None:
    match = HTML_LANG.search(html[:65536])
    if not match:
        return None
    return next((g for g in match.groups() if g is not None), "").strip() or None


# No real page needs this many attributes on one tag; the HTML parsers slow down
# quadratically on them, so a tag with more keeps only its name.
MAX_TAG_ATTRIBUTES = 1000

# Only tags this long can hold that many attributes: the cheap test runs first.
LONG_TAG = re.compile(rf"<([A-Za-z][\w:-]*)([^<>]{{{MAX_TAG_ATTRIBUTES * 2},}})>")

ATTRIBUTE = re.compile(r"""[\s/]+[^\s=/<>"']+""")


def strip_attribute_floods(html: str) -> tuple[str, list[str]]:
    stripped = 0

    def shorten(match: re.Match) -> str:
        nonlocal stripped
        if len(ATTRIBUTE.findall(match.group(2))) <= MAX_TAG_ATTRIBUTES:
            return match.group(0)
        stripped += 1
        return f"<{match.group(1)}>"

    html = LONG_TAG.sub(shorten, html)
    if not stripped:
        return html, []
    return html, [f"dropped the attributes of {stripped} tag(s) with over {MAX_TAG_ATTRIBUTES}"]


# trafilatura's time grows faster than the page's number of elements (200,000 paragraphs,
# 1.6 MB, took 26 s): a page with more elements than this, which no real article page has,
# is read by a plain walk of its text blocks instead (linear, under a second at 2 MB).
MAX_EXTRACTED_ELEMENTS = 30_000

OPENING_TAG = re.compile(r"<[A-Za-z]")
NOT_TEXT = "//script|//style|//noscript|//template|//nav|//header|//footer|//aside|//form"
TEXT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd")


def _plain_extraction(html: str) -> tuple[str, dict]:
    """The text of the page's paragraphs, headings and list items, one a line, and the
    metadata its <head> states (title, author, site name, canonical URL)."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except Exception as exc:  # lxml raises assorted errors on broken markup
        raise ReadError(f"cannot parse the page: {exc.__class__.__name__}") from exc

    def head(xpath: str) -> str:
        found = tree.xpath(xpath)
        return str(found[0]) if found else ""

    metadata = {
        "title": head("//meta[@property='og:title']/@content") or head("//title/text()"),
        "byline": head("//meta[@name='author']/@content"),
        "source": head("//meta[@property='og:site_name']/@content"),
        "url": (
            head("//link[@rel='canonical']/@href") or head("//meta[@property='og:url']/@content")
        ),
    }
    for element in tree.xpath(NOT_TEXT):
        element.drop_tree()
    # Outermost blocks only (a paragraph in a list item is read with its item), each element
    # visited once.
    blocks, stack = [], [tree]
    while stack:
        element = stack.pop()
        if element.tag in TEXT_BLOCKS:
            if line := " ".join(element.text_content().split()):
                blocks.append(line)
        else:
            stack.extend(reversed([child for child in element if isinstance(child.tag, str)]))
    text = "\n".join(blocks)
    if len(text.split()) < MIN_PAGE_WORDS:  # text in bare <div>s, say
        text = " ".join(tree.text_content().split())
    return text, metadata


def _extraction(html: str, warnings: list[str]) -> tuple[str, dict]:
    elements = len(OPENING_TAG.findall(html))
    if elements > MAX_EXTRACTED_ELEMENTS:
        warnings.append(
            f"a page of {elements:,} elements: its text blocks are read as they are, "
            "without telling the article from the rest of the page"
        )
        return _plain_extraction(html)
    import trafilatura  # imported here: only runs that read web pages pay for loading it

    try:
        page = trafilatura.bare_extraction(html, with_metadata=True, include_tables=False)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        raise ReadError(f"cannot parse the page: {exc.__class__.__name__}") from exc
    if not page:
        return "", {}
    metadata = {"title": page.title, "byline": page.author, "source": page.sitename}
    return page.text or "", metadata | {"url": page.url}


def read_html(path: Path, *, ref: str, max_bytes: int | None = None):
    """Reader for .html and .htm: the page's main text and metadata (title, author, site
    name, canonical URL) by trafilatura (a page of more than MAX_EXTRACTED_ELEMENTS by a plain
    walk of its text blocks), its publication date by htmldate, its language from <html lang>."""
    import htmldate  # imported here: only runs that read web pages pay for loading it

    html, warnings = decode_html(read_bytes(path, max_bytes))
    if "\x00" in html:
        html = html.replace("\x00", "")
    html, flooded = strip_attribute_floods(html)
    warnings.extend(flooded)
    text, found = _extraction(html, warnings)
    text = text.strip()
    if len(text.split()) < MIN_PAGE_WORDS:
        # trafilatura falls back to whatever text the page has (a menu, a login box).
        raise ReadError("no article text found in the page")
    metadata: dict = {}
    for name in ("title", "byline", "source"):
        value = found.get(name)
        if value and value.strip():
            metadata[name] = " ".join(value.split())
    url = found.get("url") or ""
    if url and http_url(url):
        metadata["url"] = url.strip()
    elif url:
        warnings.append(f"dropped URL {url[:80]!r}: only http(s) links are kept")
    declared = declared_language(html)
    if declared:
        set_language(metadata, warnings, declared)
    try:
        found = htmldate.find_date(html, extensive_search=False, original_date=True)
    except Exception:  # a page htmldate cannot parse simply has no date
        found = None
    if found:
        metadata["published"] = dt.date.fromisoformat(found)
        metadata["date_origin"] = "page"  # Article.DateOrigin.PAGE: htmldate found it
    yield extracted_document(text, metadata, warnings, ref)
