"""A search answered by the search index (search_index.py) where the database is slow: the count,
the facet sample and the page of ids, ranked (BM25) or newest first. Everything that shows
text (marked titles, snippets, marked bodies) and the matching rows as a queryset still come
from the database engine's own search of the same query.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
from collections import Counter
from dataclasses import dataclass

import tantivy
from django.db import connections

from articles.search.base import RERANK_LIMIT, AllArticles, Search, fetch_queryset
from articles.search.filters import Filters
from articles.search.query import ParsedQuery, Term
from articles.search.tantivy import store as search_index
from articles.search.tantivy.store import TextIndex

logger = logging.getLogger(__name__)
Occur = tantivy.Occur
MAX_MONTHS = 100_000  # every month there is: the terms aggregation's bucket limit
# A filtered search leaving at most this many articles reads all its matches at once.
FEW = 200_000
# A search with at most this many matches reads them all at once (the same bound as
# PostgresSearch's RERANK_LIMIT).
ALL_LIMIT = RERANK_LIMIT
# The first results are the database's ranking of the index's best RERANK_WINDOW: the same
# top results as the database search (measured: see the README). The index ranks much as
# FTS5's bm25() does; RUM's distance also rewards words close together, so on PostgreSQL a
# query of several words needs a wider window (NEAR_WINDOW).
RERANK_WINDOW = 200
NEAR_WINDOW = 1000
# PostgreSQL: words searched for within NEAR positions of each other lift an article's
# score by NEAR_BOOST times a phrase's, so its ranking's favourites are among that window.
NEAR, NEAR_BOOST = 3, 5.0


def _fields(codes) -> list[str]:
    """The text fields a query looks in: the English one, and those of the stemmed languages
    `codes` (each with its own stems, see store.text_field)."""
    return [search_index.text_field(code) for code in (None, *codes)]


def compile_query(index: TextIndex, parsed: ParsedQuery, codes=()) -> tantivy.Query | None:
    """The tantivy query of a parsed query: an AND of OR-groups, minus the excluded terms,
    each term found in the title or the body, in English or in one of the languages `codes`
    (each language's field with that language's stems). None when nothing in it can match."""
    fields = _fields(codes)
    clauses = []
    for group in parsed.include:
        terms = [q for q in (_term_query(index, term, fields) for term in group) if q is not None]
        if not terms:
            return None  # a group none of whose terms can match: nothing matches
        clauses.append((Occur.Must, _any(terms)))
    excluded = [q for q in (_term_query(index, term, fields) for term in parsed.exclude) if q]
    if not clauses:
        clauses.append((Occur.Must, tantivy.Query.all_query()))
    clauses += [(Occur.MustNot, q) for q in excluded]
    return tantivy.Query.boolean_query(clauses)


def filter_clauses(index: TextIndex, filters: Filters) -> list[tantivy.Query] | None:
    """The clauses that narrow a query as `filters` do, each scoring nothing (a filter never
    changes the ranking); None when no article can pass them (a date range that ends before
    it starts)."""
    schema = index.schema
    clauses = []
    if filters.source is not None:
        clauses.append(tantivy.Query.term_query(schema, "source", filters.source))
    clauses += [tantivy.Query.term_query(schema, "topic", topic) for topic in filters.topics]
    clauses += [tantivy.Query.term_query(schema, "entity", e) for e in filters.entities]
    if filters.undated:
        clauses.append(tantivy.Query.term_query(schema, "day", search_index.UNDATED_DAY))
    if filters.date_from or filters.date_to:
        # Days from the first one there is: an undated article is in no range.
        low = search_index.day_key(filters.date_from) if filters.date_from else 1
        high = search_index.day_key(filters.date_to) if filters.date_to else None
        if high is not None and high < low:
            return None
        clauses.append(
            tantivy.Query.range_query(schema, "day", tantivy.FieldType.Integer, low, high)
        )
    if filters.language is not None:
        language = filters.language or search_index.UNKNOWN_LANGUAGE
        clauses.append(tantivy.Query.term_query(schema, "language", language))
    return [tantivy.Query.const_score_query(clause, 0.0) for clause in clauses]


def near_each_other(index: TextIndex, parsed: ParsedQuery, codes=()) -> list[tantivy.Query]:
    """A clause that matches where two or three of the single words searched for (each
    group of one word) stand within NEAR positions of each other; none for other queries."""
    near = []
    for field in _fields(codes):
        words = [
            tokens[0]
            for group in parsed.include
            if len(group) == 1
            and len(tokens := index.analyzers[field].analyze(" ".join(group[0].words))) == 1
        ]
        if not 2 <= len(words) <= 3:
            return []
        pairs = [(a, b) for a in words for b in words if a != b]
        near += [tantivy.Query.phrase_query(index.schema, field, list(p), NEAR) for p in pairs]
    return [tantivy.Query.boost_query(_any(near), NEAR_BOOST)]


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])


def _term_query(index: TextIndex, term: Term, fields=("text",)) -> tantivy.Query | None:
    """One term: a word, or words that must follow each other (in the title or the body), in
    any of `fields`, each read with its own analyzer."""
    queries = []
    for field in fields:
        analyze = index.analyzers[field].analyze
        words = [token for word in term.words for token in analyze(word)]
        if len(words) == 1:
            queries.append(tantivy.Query.term_query(index.schema, field, words[0]))
        elif words:
            queries.append(tantivy.Query.phrase_query(index.schema, field, words))
    return _any(queries) if queries else None


@dataclass
class FewMatches:
    """Every match of a search, best first, with the fast fields the page needs."""

    ids: list[int]
    values: dict[str, list]

    @classmethod
    def read(cls, searcher, query, limit: int) -> FewMatches:
        return cls.of(searcher, searcher.search(query, limit=limit, count=False).hits)

    @classmethod
    def of(cls, searcher, hits) -> FewMatches:
        addresses = [address for _, address in hits]
        values = {
            field: searcher.fast_field_values(field, addresses)
            for field in ("id", "newest", "shuffle", "month")
        }
        return cls(values["id"], values)

    def first_by(self, field: str, n: int, descending: bool = False) -> list[int]:
        order = sorted(
            range(len(self.ids)), key=lambda i: self.values[field][i], reverse=descending
        )
        return [self.ids[i] for i in order[:n]]


def or_database(method):
    """`method`, or the database search's own when the index fails (a folder removed under a
    running process, a damaged file): a search must never fail for want of its index."""

    @functools.wraps(method)
    def answer(self, *args):
        if not self.failed:
            try:
                return method(self, *args)
            except (ValueError, OSError):
                logger.exception("the search index failed; searching the database instead")
                self.failed = True
                search_index.forget()  # the next search opens it again
        return getattr(self.database, method.__name__)(*args)

    return answer


class IndexedSearch(Search):
    """`database` (the engine's search of the same queryset and query), with the count, the
    sample and the ranking taken from the search index. With `filters` (the narrowing of the
    queryset, as plain values), the index narrows its own query; without, a narrowed queryset
    is applied as the ids it leaves."""

    failed = False

    def __init__(self, database: Search, index: TextIndex, filters: Filters | None = None):
        super().__init__(database.queryset, database.query)
        self.database, self.index, self.filters = database, index, filters
        self._searcher: tantivy.Searcher | None = None
        self._query: tantivy.Query | None | bool = False
        self._count: int | None = None
        self._few: FewMatches | None = None
        self._ranked_window: tuple[list[int], list[int]] | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        """The stemmed languages the query is searched in (those of the archive's articles),
        as the database search found them."""
        return getattr(self.database, "languages", ())

    @property
    def rerank_window(self) -> int:
        several_words = len(self.query.searched.include) > 1
        if several_words and connections[self.alias].vendor == "postgresql":
            return NEAR_WINDOW
        return RERANK_WINDOW

    @property
    def searcher(self) -> tantivy.Searcher:
        if self._searcher is None:
            self._searcher = self.index.searcher()
        return self._searcher

    def tantivy_query(self) -> tantivy.Query | None:
        if self._query is False:
            query = self._text_query()
            if query is not None and self.filters is not None:
                query = self._narrowed(query)
            elif query is not None and self.queryset.query.has_filters():
                # A narrowing the index cannot apply (the API's cursor): the ids it leaves,
                # as one term-set clause.
                ids = [
                    row[0]
                    for row in fetch_queryset(
                        self.queryset.order_by().values_list("pk"), "filtered_ids"
                    )
                ]
                query = self._within(query, ids)
            self._query = query
        return self._query

    def _narrowed(self, query: tantivy.Query) -> tantivy.Query | None:
        clauses = filter_clauses(self.index, self.filters)
        if clauses is None:
            return None
        return tantivy.Query.boolean_query(
            [(Occur.Must, query), *((Occur.Must, clause) for clause in clauses)]
        )

    def _within(self, query: tantivy.Query, ids: list[int]) -> tantivy.Query | None:
        if not ids:
            return None
        query = tantivy.Query.boolean_query(
            [(Occur.Must, query), (Occur.Must, self.index.id_query(ids))]
        )
        if len(ids) <= FEW:
            # At most len(ids) matches: read them all once (each search of a term set of
            # thousands of ids costs ~1 us an id) and answer the rest from memory.
            self._few = FewMatches.read(self.searcher, query, limit=len(ids))
        return query

    def _text_query(self) -> tantivy.Query | None:
        return compile_query(self.index, self.query.searched, self.languages)

    def ranking_query(self) -> tantivy.Query | None:
        """The query that picks the candidates the database re-ranks: on PostgreSQL, whose
        ranking rewards words close together, with a clause that does too."""
        query = self.tantivy_query()
        if query is None or connections[self.alias].vendor != "postgresql":
            return query
        near = [
            (Occur.Should, q)
            for q in near_each_other(self.index, self.query.searched, self.languages)
        ]
        return tantivy.Query.boolean_query([(Occur.Must, query), *near]) if near else query

    @or_database
    def count(self) -> int:
        if self._count is None:
            query = self.tantivy_query()
            if self._few is not None:
                self._count = len(self._few.ids)
            elif query is None:
                self._count = 0
            else:
                # Counted with the first ALL_LIMIT matches: when that is all of them, the
                # sample, the pages and the chart need no other pass over the index.
                found = self.searcher.search(query, limit=ALL_LIMIT, count=True)
                self._count = found.count
                if found.count <= ALL_LIMIT:
                    self._few = FewMatches.of(self.searcher, found.hits)
        return self._count

    def _ids(self, hits) -> list[int]:
        return self.searcher.fast_field_values("id", [address for _, address in hits])

    @or_database
    def sample_ids(self, step: int) -> list[int]:
        """About one match in `step`: the first ones in a fixed pseudo-random order, which is
        a uniform sample (and the same one for the same matches)."""
        total = self.count()
        if not total:
            return []
        size = math.ceil(total / max(1, step))
        if self._few is not None:
            return sorted(self._few.first_by("shuffle", size))
        hits = self.searcher.search(
            self.tantivy_query(), limit=size, count=False, order_by_field="shuffle"
        ).hits
        return sorted(self._ids(hits))

    @or_database
    def page_ids(self, offset: int, limit: int, sort: str) -> list[int]:
        limit = min(limit, self.count() - offset)
        if limit <= 0:
            return []
        if sort == "date" or not self.query.searched.include:
            # Only exclusions: nothing to rank by, newest first (as the database does).
            return self._index_ids(offset, limit, "date")
        if offset >= self.rerank_window:
            return self._index_ids(offset, limit, "relevance")
        # The first pages: the database's own ranking of the index's best RERANK_WINDOW, so
        # the top of the list is the one the database ranks (see the README), then the
        # index's order after them.
        top, window = self._window()
        page = window[offset : offset + limit]
        if len(page) < limit:
            after = max(0, offset - len(window))
            page += self._index_ids(len(top) + after, limit - len(page), "relevance")
        return page

    def _window(self) -> tuple[list[int], list[int]]:
        if self._ranked_window is None:
            top = self._index_ids(0, self.rerank_window, "relevance")
            self._ranked_window = (top, self.database.ranked_among(top) if top else [])
        return self._ranked_window

    def _index_ids(self, offset: int, limit: int, sort: str) -> list[int]:
        if limit <= 0:
            return []
        if self._few is not None:
            if sort == "date":
                return self._few.first_by("newest", offset + limit, descending=True)[offset:]
            return self._few.ids[offset : offset + limit]
        if sort == "date":
            found = self.searcher.search(
                self.tantivy_query(),
                limit=limit,
                offset=offset,
                count=False,
                order_by_field="newest",
                order=tantivy.Order.Desc,
            )
        else:
            found = self.searcher.search(
                self.ranking_query(), limit=limit, offset=offset, count=False
            )
        return self._ids(found.hits)

    @or_database
    def month_counts(self) -> dict[dt.date, int]:
        query = self.tantivy_query()
        if query is None:
            return {}
        if self._few is not None:
            months = Counter(m for m in self._few.values["month"] if m is not None)
            return {search_index.month_of(key): n for key, n in months.items()}
        found = self.searcher.aggregate(
            query, {"months": {"terms": {"field": "month", "size": MAX_MONTHS}}}
        )
        return {
            search_index.month_of(int(bucket["key"])): bucket["doc_count"]
            for bucket in found["months"]["buckets"]
        }

    # The rest is the database's.

    def matches(self):
        return self.database.matches()

    def highlights(self, ids):
        return self.database.highlights(ids)

    def marked_body(self, article_id):
        return self.database.marked_body(article_id)

    def marked_range(self, article_id, start, stop):
        return self.database.marked_range(article_id, start, stop)


class IndexedAllArticles(IndexedSearch):
    """No query: every article, or those `filters` leave. The index counts and samples them
    (the database would read every row for either), and pages the filtered ones newest
    first."""

    def _text_query(self) -> tantivy.Query:
        return tantivy.Query.all_query()

    @or_database
    def page_ids(self, offset: int, limit: int, sort: str) -> list[int]:
        if self.filters:
            return super().page_ids(offset, limit, "date")
        return self.database.page_ids(offset, limit, "date")  # the date index: no sort


def indexed_search(database: Search, index: TextIndex, filters: Filters | None = None) -> Search:
    """The index's answer to `database`'s search; `filters` describe its queryset's narrowing
    (None: the index cannot apply it itself)."""
    if isinstance(database, AllArticles):
        if database.queryset.query.has_filters() and filters is None:
            return database
        return IndexedAllArticles(database, index, filters)
    return IndexedSearch(database, index, filters)
