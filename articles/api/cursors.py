"""Keyset cursors: a page ends at a row, and the next page starts after that row's sort key.

Unlike an offset, a key does not move when rows are added before it, so paging through a
list visits each row that was there when paging began exactly once, at any depth, and every
page costs what the first one costs (the database seeks to the key in the index).

A cursor is the last row's key as URL-safe base64 JSON: opaque to clients, checked on the
way back in (BadCursor, answered as 400)."""

import base64
import binascii
import datetime as dt
import json

from django.db.models import Q


class BadCursor(ValueError):
    pass


def encode(key: list) -> str:
    raw = json.dumps(key, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, kinds: tuple[type, ...]) -> list:
    """The key in `cursor`, whose items must be of `kinds` in order (None allowed where a
    column may be null; dates travel as ISO text)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor("This cursor is not one this API gave out.") from None
    if not isinstance(key, list) or len(key) != len(kinds):
        raise BadCursor("This cursor is not one this API gave out.")
    values = []
    for value, kind in zip(key, kinds, strict=True):
        if value is None:
            values.append(None)
        elif kind is dt.date and isinstance(value, str):
            try:
                values.append(dt.date.fromisoformat(value))
            except ValueError:
                raise BadCursor("This cursor's date is not a date.") from None
        elif isinstance(value, kind) and not isinstance(value, bool):
            values.append(value)
        else:
            raise BadCursor("This cursor is not one this API gave out.")
    return values


# Newest first: published_on descending with undated rows last, then id descending (the
# order of Article.objects.newest_first() and of every engine's "date" sort).
NEWEST_KINDS = (dt.date, int)


def newest_key(published_on: dt.date | None, pk: int) -> list:
    return [published_on.isoformat() if published_on else None, pk]


def after_newest(published_on: dt.date | None, pk: int, prefix: str = "") -> Q:
    """The rows after (published_on, pk) in newest-first order; `prefix` reaches the article
    through a relation ("article__")."""
    date, ident = f"{prefix}published_on", f"{prefix}id" if prefix else "pk"
    if published_on is None:
        return Q(**{f"{date}__isnull": True, f"{ident}__lt": pk})
    return (
        Q(**{f"{date}__lt": published_on})
        | Q(**{date: published_on, f"{ident}__lt": pk})
        | Q(**{f"{date}__isnull": True})
    )


# By name: name ascending, then id ascending (entities, sources, topics).
NAME_KINDS = (str, int)


def after_name(name: str, pk: int) -> Q:
    return Q(name__gt=name) | Q(name=name, pk__gt=pk)
