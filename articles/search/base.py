"""The search interface: one search object per (filtered queryset, query).

    search = search_for(queryset, query)   # articles.search
    search.count()                         # how many match
    search.sample_ids(step)                # about one match in `step` (facets)
    search.page_ids(offset, limit, sort)   # one page of primary keys, best or newest first
    search.highlights(ids)                 # for those rows only: marked title and snippet
    search.marked_body(article_id)         # one article's body, hits marked

A search is bound to its inputs, so it may keep what it read (the matching ids) between
calls. `AllArticles` answers when there is no query; `PostgresSearch` and `SqliteSearch`
when there is one (search/database/); `IndexedSearch` wraps either with the search
index (search/tantivy/). Marked text wraps hits in START/STOP marker characters; the caller
escapes it and makes them <mark> elements.

Every statement starts with an SQL comment naming what it does (`/* search:count */`), so
that logs and the benchmark can tell the statements apart without parsing them.
"""

import json
import math
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Expression, F
from django.db.models.expressions import RawSQL

from articles.search.languages import LANGUAGES

START, STOP = "\x02", "\x03"
RERANK_LIMIT = 2000  # PostgreSQL: rank known matches directly up to this many
SAMPLE_SIZE = 1000  # facets: exact up to this many matches, else from about this many
# PostgreSQL: matches are counted exactly up to this many; past it, estimated (and the page
# says "about"). Elasticsearch stops counting at 10,000 by default too.
COUNT_LIMIT = 10_000
SAMPLE_ROWS = 3000  # PostgreSQL, past COUNT_LIMIT: rows read at most for the facet sample


def sample_step(total: int, size: int = SAMPLE_SIZE) -> int:
    """Every how many matches to take one for a sample of about `size`; 1 takes them all."""
    return max(1, math.ceil(total / size))


SNIPPET_WORDS = 32
# Highlighting reads at most this many characters of a body: an article with 200,000 hits
# must cost what a news article costs (FTS5's snippet() grows faster than linearly with the
# hits in one row; ts_headline on a 50 MB body takes seconds). News articles are far shorter.
HIGHLIGHT_CHARS = 100_000
# ts_headline options that mark every hit in the whole text (titles, article bodies).
HIGHLIGHT_ALL = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
SORTS = ("relevance", "date")


def labelled(label: str, sql: str) -> str:
    """`sql` with a leading comment naming it: what the benchmark and the logs group by."""
    return f"/* search:{label} */ {sql}"


@dataclass(frozen=True)
class Highlight:
    """One result's title with its hits marked, and a snippet of its body around them."""

    title: str | None
    snippet: str | None


def every_nth(queryset, step: int) -> list[int]:
    """Every `step`-th row of `queryset` by primary key: a cheap, repeatable, near-uniform
    sample."""
    sample = queryset.order_by().alias(_bucket=F("pk") % step).filter(_bucket=0)
    return [row[0] for row in fetch_queryset(sample.values_list("pk"), "sample_ids")]


def fetch_column(alias: str, label: str, sql: str, params) -> list:
    """The first column of every row, fetched at once (an ORM iterator fetches 100 rows at a
    time and builds each value in Python: 3x slower for 70,000 ids)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(labelled(label, sql), params)
        return [row[0] for row in cursor.fetchall()]


def fetch_queryset(queryset, label: str) -> list:
    """The rows of `queryset` (a values()/values_list() queryset) through fetch_rows, so that
    the statement carries its label; none when Django knows it is empty (an empty slice)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    return fetch_rows(queryset.db, label, sql, params)


def fetch_rows(alias: str, label: str, sql: str, params) -> list[tuple]:
    with connections[alias].cursor() as cursor:
        cursor.execute(labelled(label, sql), params)
        return cursor.fetchall()


def id_list(ids: list[int], alias: str) -> RawSQL:
    """`ids` as a subquery with one parameter: 2,000 ids as 2,000 parameters cost ~15 ms of
    Python per query."""
    if connections[alias].vendor == "postgresql":
        # An array literal as text: psycopg dumps a Python list element by element.
        return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, ids)) + "}"])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


def stemmed_languages(alias: str) -> tuple[str, ...]:
    """The languages of the archive's articles that are stemmed in their language
    (languages.LANGUAGES): those a query is stemmed in besides English. Read by skipping
    through the language index, one step per language: about as cheap as one lookup."""
    sql = (
        "WITH RECURSIVE present(code) AS ("
        "SELECT min(language) FROM articles_article UNION ALL "
        "SELECT (SELECT min(language) FROM articles_article WHERE language > present.code) "
        "FROM present WHERE present.code IS NOT NULL) "
        "SELECT code FROM present WHERE code IS NOT NULL"
    )
    return tuple(code for code in fetch_column(alias, "languages", sql, []) if code in LANGUAGES)


class OnSearchVector(Expression):
    """SQL over the article's search_vector column (which the model does not declare: the
    database derives it). The column is qualified with the alias the table has in the query
    being compiled, which is not its name inside a subquery ("U0")."""

    def __init__(self, template: str, params: list, output_field):
        super().__init__(output_field=output_field)
        self.template, self.params = template, params

    def as_sql(self, compiler, connection):
        column = f"{compiler.quote_name_unless_alias(compiler.query.base_table)}.search_vector"
        return self.template.format(column=column), list(self.params)


class Search:
    """One search over `queryset` (already narrowed by the filters) for `query`."""

    estimated = False  # whether count() is an estimate (and the facets from a sample)

    def __init__(self, queryset, query):
        self.queryset = queryset
        self.query = query
        self.alias = queryset.db
        self.table = queryset.model._meta.db_table

    def matches(self):
        """The matching rows, unranked: a queryset to chain on (exports, the admin)."""
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def sample_ids(self, step: int) -> list[int]:
        raise NotImplementedError

    def page_ids(self, offset: int, limit: int, sort: str) -> list[int]:
        raise NotImplementedError

    def ranked_among(self, ids: list[int]) -> list[int]:
        """Those of `ids` that match, best first by this engine's own ranking."""
        raise NotImplementedError

    def highlights(self, ids: list[int]) -> dict[int, Highlight]:
        return {}

    def marked_body(self, article_id: int) -> str | None:
        return None

    def marked_range(self, article_id: int, start: int, stop: int) -> str | None:
        """body[start:stop] of the article with the query's hits marked (bounded work: at
        most HIGHLIGHT_CHARS are read), or None when there is no query or no such article."""
        return None

    def month_counts(self) -> dict | None:
        """{first day of a month: matches published in it}, when this search can tell it
        faster than grouping matches() in the database; None otherwise."""
        return None

    def _newest_ids(self, rows, offset: int, limit: int) -> list[int]:
        rows = rows.newest_first().values_list("pk")[offset : offset + limit]
        return [row[0] for row in fetch_queryset(rows, "newest_ids")]


class AllArticles(Search):
    """No query: every article of the queryset, newest first."""

    def matches(self):
        return self.queryset

    def count(self) -> int:
        try:
            sql, params = self.queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            return 0
        return fetch_column(self.alias, "count", f"SELECT count(*) FROM ({sql}) AS m", params)[0]

    def sample_ids(self, step: int) -> list[int]:
        return every_nth(self.queryset, step)

    def page_ids(self, offset: int, limit: int, sort: str) -> list[int]:
        return self._newest_ids(self.queryset, offset, limit)
