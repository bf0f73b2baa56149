"""Links to the outside world. Only http(s) URLs are stored or linked: a `javascript:` or
`data:` URL from a file would run in the reader's browser (stored XSS)."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

SCHEMES = {"http", "https"}


def http_url(value: str | None) -> str:
    """`value` (stripped) if it is an http(s) URL with a host, else ""."""
    text = (value or "").strip()
    # Browsers ignore tabs, newlines and other controls inside a URL ("java\tscript:"), so
    # a URL containing any of them (or spaces) is never treated as a link.
    if not text or any(ch.isspace() or not ch.isprintable() for ch in text):
        return ""
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""
    if parts.scheme.lower() not in SCHEMES or not host:
        return ""
    return text


def validate_http_url(value: str) -> None:
    """Model/form validator: the same rule as ingest and the templates."""
    if value and not http_url(value):
        raise ValidationError(
            "Enter an http:// or https:// link (other kinds of link are not allowed).",
            code="invalid",
        )
