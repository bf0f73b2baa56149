"""The narrowing of a search as plain values, for the search index to apply itself.

The search page's filters (articles.web.filters.ArticleFilter) narrow a queryset for the
database; the same choices as `Filters` let the index narrow its own query by the fields it
keeps per article (source, topics, entities, day, language: see tantivy/store.schema), so
that a filtered search is one index query instead of the database's ids sent to the index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    """Articles of `source`, with every one of `topics`, mentioning every one of `entities`,
    published from `date_from` to `date_to` (both included; an undated article is in no
    range), undated only when `undated`, in `language` ("" the unknown) when it is set."""

    source: int | None = None
    topics: tuple[int, ...] = ()
    entities: tuple[int, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated: bool = False
    language: str | None = None

    def __bool__(self) -> bool:
        return (
            self.source is not None
            or bool(self.topics or self.entities or self.date_from or self.date_to)
            or self.undated
            or self.language is not None
        )
