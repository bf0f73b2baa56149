"""Full-text search: one interface, a backend per database engine.

    query = SearchQuery(request_text)
    matches = search_filter(Article.objects.all(), query)       # unranked, chainable
    results = RankedResults(filtered_queryset, query)            # feed it to a Paginator

The view never knows which engine answers. See backends.py for the engines, index.py for
the index each one keeps, query.py for the grammar.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search.backends import START, STOP, backend_for, every_nth
from articles.search.query import ParsedQuery, parse_query

MAX_QUERY_CHARS = 1000


def clean_query_text(text: str) -> str:
    # PostgreSQL refuses NUL in text, and no one searches for control characters.
    text = "".join(ch if ch.isprintable() else " " for ch in (text or ""))
    return text[:MAX_QUERY_CHARS].strip()


@dataclass(frozen=True)
class SearchQuery:
    """What a person typed, cleaned and parsed once."""

    raw: str
    text: str = field(init=False)
    parsed: ParsedQuery = field(init=False)

    def __post_init__(self):
        text = clean_query_text(self.raw)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "parsed", parse_query(text))

    def __bool__(self) -> bool:
        return not self.parsed.is_empty


def search_filter(queryset, query: SearchQuery):
    """The rows of `queryset` that match `query`; all of them for an empty query."""
    if not query:
        return queryset
    return backend_for(queryset.db).filter(queryset, query)


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
    """The article's body paragraphs with the query's hits marked, or None when it has none."""
    if not query:
        return None
    marked = backend_for(article._state.db or "default").marked_body(article.pk, query)
    if not marked or START not in marked:
        return None
    return [render_marked(paragraph) for paragraph in marked.split("\n\n")]


class RankedResults:
    """A lazy, sliceable sequence of matching articles for django's Paginator.

    Only the requested slice is fetched, and titles/snippets are computed for that slice only.
    sort="relevance" ranks by the engine's score; sort="date" puts the newest first.
    """

    def __init__(self, queryset, query: SearchQuery, sort: str = "relevance", rows=None):
        self.queryset = queryset
        # What to load for the rows of a page (select_related, prefetches...).
        self.rows = rows if rows is not None else queryset.model.objects.all()
        self.query = query
        self.sort = sort if query else "date"
        self.matches = search_filter(queryset, query)
        self.backend = backend_for(queryset.db)  # one per search: it may cache what it read
        self._count = None

    def count(self) -> int:
        if self._count is None:
            if self.query:
                self._count = self.backend.count(self.queryset, self.query)
            else:
                self._count = self.queryset.count()
        return self._count

    def sample_ids(self, step: int) -> list[int]:
        """Primary keys of about one match in `step`, for estimating facet counts."""
        if self.query:
            return self.backend.sample_ids(self.queryset, self.query, step)
        return every_nth(self.queryset, step)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            raise TypeError("RankedResults only supports slicing")
        offset = key.start or 0
        limit = (key.stop if key.stop is not None else self.count()) - offset
        if limit <= 0:
            return []
        backend = self.backend
        if self.sort == "relevance":
            ids = backend.ranked_ids(self.queryset, self.query, offset, limit)
        elif self.query:
            ids = backend.newest_ids(self.queryset, self.query, offset, limit)
        else:
            ordered = self.queryset.newest_first().values_list("pk", flat=True)
            ids = list(ordered[offset : offset + limit])
        articles = self.rows.in_bulk(ids)
        marked = backend.marked(ids, self.query) if self.query else {}
        page = []
        for pk in ids:
            article = articles[pk]
            title, snippet = marked.get(pk, (None, None))
            article.marked_title = render_marked(title) if title else None
            article.snippet = render_marked(snippet) if snippet else None
            page.append(article)
        return page
