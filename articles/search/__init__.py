"""Full-text search: one interface, one search object per (filtered queryset, query).

    query = SearchQuery(request_text)
    search = search_for(filtered_queryset, query)    # count(), sample_ids(), page_ids()...
    results = Results(search, sort)                 # feed it to a Paginator

The view never knows which engine answers. See base.py for the interface, database/ for the
engines and the index each one keeps, tantivy/ for the search index beside the database,
query.py for the grammar, facets.py for the facet counts.
"""

import logging
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.base import SORTS, START, STOP, Search
from articles.search.database import database_search
from articles.search.filters import Filters
from articles.search.other_names import names_by_term
from articles.search.query import (
    MAX_QUERY_CHARS,
    ParsedQuery,
    Term,
    parse_query,
    tokenize,
    with_variants,
)
from articles.search.tantivy import store as search_index
from articles.search.tantivy.search import indexed_search

__all__ = [
    "MAX_QUERY_CHARS",
    "SORTS",
    "Results",
    "Search",
    "SearchQuery",
    "clean_query_text",
    "marked_paragraphs",
    "search_filter",
    "search_for",
]

logger = logging.getLogger(__name__)


def search_for(queryset, query, filters: Filters | None = None) -> Search:
    """The search of `queryset` for `query` (a SearchQuery): the database engine's, with the
    count, sample and ranking taken from the search index when there is one
    (settings.ARCHIVE_SEARCH_INDEX). `filters`, when given, are how `queryset` narrows all
    the articles, for the index to narrow its own query alike. While writes to the index wait
    for its writer (a long rebuild holds it), the index is behind the database: the database
    answers alone."""
    search = database_search(queryset, query)
    index = search_index.current()
    if index is None or index.lagging():
        return search
    return indexed_search(search, index, filters)


def clean_query_text(text: str) -> str:
    """The text that is searched: printable characters only, at most MAX_QUERY_CHARS.
    A longer query is cut, never dropped: dropping it would widen the search to everything."""
    # PostgreSQL refuses NUL in text, and no one searches for control characters.
    text = "".join(ch if ch.isprintable() else " " for ch in (text or "")[:MAX_QUERY_CHARS])
    return text.strip()


@dataclass(frozen=True)
class SearchQuery:
    """What a person typed, cleaned and parsed once, and what is searched for it: the same
    terms, each ORed with its spelling variants ("S400" / "S-400") and, once
    with_other_names() has looked them up, with the other names of the entities it names."""

    raw: str
    text: str = field(init=False)
    parsed: ParsedQuery = field(init=False)
    searched: ParsedQuery = field(init=False)
    # The names added to what was typed, in the order shown ("also searching: ...").
    also: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self):
        text = clean_query_text(self.raw)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "parsed", parse_query(text))
        object.__setattr__(self, "searched", with_variants(self.parsed))

    def with_other_names(self) -> "SearchQuery":
        """This query, also searching the other names of the entities its terms name."""
        terms = [t for group in self.parsed.include for t in group] + list(self.parsed.exclude)
        names = names_by_term(terms) if terms else {}
        if not names:
            return self
        widened = SearchQuery(self.raw)
        searched = with_variants(
            self.parsed, lambda term: [Term(tokenize(n), n) for n in names.get(term, ())]
        )
        also = tuple(dict.fromkeys(n for found in names.values() for n in found))
        object.__setattr__(widened, "searched", searched)
        object.__setattr__(widened, "also", also)
        return widened

    def __bool__(self) -> bool:
        return not self.parsed.is_empty

    @property
    def truncated(self) -> bool:
        return len(self.raw or "") > MAX_QUERY_CHARS


def search_filter(queryset, query: SearchQuery):
    """The rows of `queryset` that match `query`; all of them for an empty query."""
    return search_for(queryset, query).matches()


def render_marked(text: str) -> SafeString:
    """Escape a backend's marked text and turn its markers into <mark> elements."""
    out, inside = [], False
    for part in text.replace(STOP, START).split(START):
        if inside and part:
            out.append(f"<mark>{escape(part)}</mark>")
        else:
            out.append(escape(part))
        inside = not inside
    return mark_safe("".join(out))


def marked_paragraphs(article, query: SearchQuery) -> list[SafeString] | None:
    """The article's body paragraphs with the query's hits marked, or None when it has none.
    Only the start of a very long body is marked (base.HIGHLIGHT_CHARS)."""
    if not query:
        return None
    rows = type(article).objects.using(article._state.db or "default").filter(pk=article.pk)
    marked = search_for(rows, query).marked_body(article.pk)
    if not marked or START not in marked:
        return None
    return [render_marked(paragraph) for paragraph in marked.split("\n\n")]


class Results:
    """The results of one search as a lazy, sliceable sequence for django's Paginator.

    Only the requested slice is fetched, and titles/snippets are computed for that slice only.
    sort="relevance" ranks by the engine's score; sort="date" puts the newest first (always,
    when there is no query).
    """

    def __init__(self, search: Search, sort: str = "relevance", rows=None):
        self.search = search
        self.query = search.query
        self.sort = sort if search.query and sort in SORTS else "date"
        # What to load for the rows of a page (select_related, prefetches...).
        self.rows = rows if rows is not None else search.queryset.model.objects.all()
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.search.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    @property
    def estimated(self) -> bool:
        """Whether count() is an estimate (PostgreSQL, past postgres.COUNT_LIMIT matches)."""
        self.count()
        return self.search.estimated

    def page(self, offset: int, limit: int) -> list:
        """The articles from `offset`, in order, each with marked_title and snippet set."""
        if limit <= 0:
            return []
        ids = self.search.page_ids(offset, limit, self.sort)
        articles = self.rows.in_bulk(ids)
        gone = [pk for pk in ids if pk not in articles]
        if gone:
            # The search index holds articles the database no longer has (it lags behind a
            # delete): show the others, count without them, have the index repaired.
            logger.warning(
                "the search index returned %d article(s) the database does not have (%s); "
                "queued for re-indexing",
                len(gone),
                ", ".join(map(str, gone[:10])),
            )
            search_index.queue_repair(gone, self.search.alias)
            ids = [pk for pk in ids if pk in articles]
            if self._count is not None:
                self._count = max(len(ids) + offset, self._count - len(gone))
        highlights = self.search.highlights(ids)
        page = []
        for pk in ids:
            article = articles[pk]
            marked = highlights.get(pk)
            title = marked.title if marked else None
            snippet = marked.snippet if marked else None
            article.marked_title = render_marked(title) if title else None
            article.snippet = render_marked(snippet) if snippet else None
            page.append(article)
        return page

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("Results only supports slicing")
        offset = key.start or 0
        stop = key.stop if key.stop is not None else self.count()
        return self.page(offset, stop - offset)
