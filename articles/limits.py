"""The same limits on every database engine. SQLite stores an over-long value that PostgreSQL
refuses; ingest fits values to the model's max_length here, once, so both store the same."""

import re

from django.db import models

# PostgreSQL refuses a tsvector over 1 MB ("string is too long for tsvector"). Kept a little
# below, because the estimate below can only approximate PostgreSQL's own parser.
SEARCH_VECTOR_LIMIT = 1_000_000
_WORDS = re.compile(r"\w+(?:[-'.]\w+)*")
_PARTS = re.compile(r"\w+")


class TooLong(ValueError):
    """A value that cannot be shortened without changing what it means (a path, a URL)."""


def max_length(model: type[models.Model], field: str) -> int:
    return model._meta.get_field(field).max_length


def clipped(model: type[models.Model], field: str, value: str) -> str:
    """`value` cut to the field's max_length, ending with "…" when it was cut."""
    limit = max_length(model, field)
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


def fit_to_fields(instance: models.Model) -> None:
    """Cut every text field of `instance` to its max_length, before saving it."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField) and field.max_length:
            value = getattr(instance, field.attname)
            if isinstance(value, str) and len(value) > field.max_length:
                setattr(instance, field.attname, clipped(type(instance), field.name, value))


def check_fits(model: type[models.Model], field: str, value: str, what: str) -> None:
    limit = max_length(model, field)
    if len(value) > limit:
        raise TooLong(f"{what} is longer than {limit:,} characters ({len(value):,})")


def search_vector_bytes(*texts: str) -> int:
    """An upper estimate of the size of PostgreSQL's tsvector for `texts`: per distinct word
    (and each part of a hyphenated or dotted word, which the parser indexes too) its bytes,
    an entry header and up to 256 two-byte positions."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in _WORDS.findall(text.lower()):
            counts[word] = counts.get(word, 0) + 1
            if not word.isalnum():
                for part in _PARTS.findall(word):
                    counts[part] = counts.get(part, 0) + 1
    return sum(len(w.encode()) + 8 + 2 * min(n, 256) for w, n in counts.items())
