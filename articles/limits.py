"""The same limits on every database engine. SQLite stores an over-long value that PostgreSQL
refuses; ingest fits values to the model's max_length here, once, so both store the same."""

import re

from django.db import models

# PostgreSQL refuses a tsvector over 1 MB ("string is too long for tsvector").
SEARCH_VECTOR_LIMIT = 1_048_575
MAX_POSITION = 16_383  # PostgreSQL clamps word positions here...
MAX_POSITIONS = 256  # ...and keeps at most this many per word
# A language's tag on each lexeme of a non-English article (articles.search.languages:
# a two-letter code and a 3-byte character), and a byte to spare.
TAG_BYTES = 6
_WORDS = re.compile(r"\w+(?:[-'.]\w+)*")
_PARTS = re.compile(r"\w+")
_URLS = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}(/\S*)")


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
    """An upper estimate of the size of PostgreSQL's tsvector for `texts`, computed the same
    on every engine: per distinct word (and each part of a hyphenated or dotted word, and a
    URL and its path, which the parser indexes too) its bytes, a 7-byte entry and 2 bytes per
    position kept, and the tag a word of an article stemmed in its language carries
    (TAG_BYTES: the language may not be known yet). No stemming or stop words: real vectors
    are smaller (about 0.6 of this for English prose)."""
    positions: dict[str, set[int]] = {}
    position = 0
    for text in texts:
        text = text.lower()
        tokens = [token for match in _URLS.finditer(text) for token in match.group(0, 1)]
        for word in _WORDS.findall(text):
            tokens.append(word)
            if not word.isalnum():
                tokens.extend(_PARTS.findall(word))
        for token in tokens:
            position += 1
            kept = positions.setdefault(token, set())
            if len(kept) < MAX_POSITIONS:
                kept.add(min(position, MAX_POSITION))
    return sum(
        len(word.encode()) + 7 + TAG_BYTES + 2 * len(kept) for word, kept in positions.items()
    )
