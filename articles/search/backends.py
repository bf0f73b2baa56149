"""One search object per (filtered queryset, query), one implementation per database engine.

    search = search_for(queryset, query)
    search.count()                         # how many match
    search.sample_ids(step)                # about one match in `step` (facets)
    search.page_ids(offset, limit, sort)   # one page of primary keys, best or newest first
    search.highlights(ids)                 # for those rows only: marked title and snippet
    search.marked_body(article_id)         # one article's body, hits marked

A search is bound to its inputs, so it may keep what it read (the matching ids) between
calls. `AllArticles` answers when there is no query; `PostgresSearch` and `SqliteSearch`
when there is one. Marked text wraps hits in START/STOP marker characters; the caller
escapes it and makes them <mark> elements.

Every statement starts with an SQL comment naming what it does (`/* search:count */`), so
that logs and the benchmark can tell the statements apart without parsing them.
"""

import json
import math
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Expression, F, FloatField
from django.db.models.expressions import RawSQL

from articles.search import index
from articles.search.query import fts5_exclusion_expression, fts5_match_expression

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


def postgres_tsquery(parsed) -> tuple[str, list[str]]:
    """SQL for the tsquery of a parsed query, and its parameters.

    Each term goes through phraseto_tsquery with the text that was typed (PostgreSQL's own
    parser then tokenizes "U.S." or "S-400" as it did when indexing), and the terms are
    combined with && / || / !! in the structure of the parse, the same as on SQLite.
    """
    config = f"'{index.PG_CONFIG}'::regconfig"
    params: list[str] = []

    def term_sql(term) -> str:
        params.append(term.text or " ".join(term.words))
        return f"phraseto_tsquery({config}, %s)"

    parts = ["(" + " || ".join(term_sql(t) for t in group) + ")" for group in parsed.include]
    if parsed.exclude:
        parts.append("!!(" + " || ".join(term_sql(t) for t in parsed.exclude) + ")")
    return " && ".join(parts), params


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


class PostgresSearch(Search):
    def __init__(self, queryset, query):
        super().__init__(queryset, query)
        self.tsquery, self.tsquery_params = postgres_tsquery(query.searched)
        self._total: int | None = None
        self._ids: list[int] | None = None  # every match, when they are few
        self._sample: tuple[int, list[int]] | None = None  # (step, every step-th match)

    def matches(self):
        return self.queryset.filter(self._match_expression())

    def _match_expression(self) -> OnSearchVector:
        return OnSearchVector(
            f"{{column}} @@ ({self.tsquery})", self.tsquery_params, BooleanField()
        )

    def _summarise(self) -> None:
        """Count the matches and keep a sample of them, in one statement: every match when
        there are at most RERANK_LIMIT, else every step-th by primary key, about SAMPLE_SIZE
        of them (what the facets ask for); only the sample crosses to Python.

        Past COUNT_LIMIT matches the count is estimated (see _estimate): counting a word
        found in most of 100,000 articles reads its whole posting list (~40 ms), and that
        grows with the archive."""
        if self._total is not None:
            return
        try:
            sql, params = self.matches().order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:
            self._total, self._ids = 0, []
            return
        limit = COUNT_LIMIT
        summary = (
            f"WITH m(id) AS MATERIALIZED ({sql} LIMIT %s), n AS (SELECT count(*) AS total FROM m) "
            "SELECT total, ARRAY(SELECT id FROM m WHERE total <= %s "
            "OR id %% GREATEST(1, ceil(total / %s::float)::int) = 0) FROM n"
        )
        rows = fetch_rows(
            self.alias,
            "count_and_sample",
            summary,
            [*params, limit + 1, RERANK_LIMIT, SAMPLE_SIZE],
        )
        self._total, ids = rows[0]
        if self._total > limit:
            self._estimate(sql, params, limit)
        elif self._total <= RERANK_LIMIT:
            self._ids = ids
        else:
            self._sample = (sample_step(self._total), ids)

    def _estimate(self, sql: str, params, limit: int) -> None:
        """More than `limit` match: the planner's estimate of how many (from the column's
        statistics: within a few percent for a single common word), never below `limit` + 1,
        and a sample of the matches from a random SAMPLE_SIZE-sized share of the table's
        blocks (TABLESAMPLE SYSTEM), instead of reading every match."""
        plan = fetch_rows(self.alias, "estimate", f"EXPLAIN (FORMAT JSON) {sql}", params)[0][0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        self._total = max(limit + 1, int(plan[0]["Plan"]["Plan Rows"]))
        self.estimated = True
        table = connections[self.alias].ops.quote_name(self.table)
        # Enough blocks for about SAMPLE_SIZE matches, but never more than SAMPLE_ROWS rows
        # read: each is checked against the query without the index.
        rows = fetch_column(
            self.alias,
            "table_size",
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [self.table],
        )
        table_rows = max(1.0, float(rows[0]) if rows else 1.0)
        percent = min(100.0, 100.0 * SAMPLE_SIZE / self._total, 100.0 * SAMPLE_ROWS / table_rows)
        step = sample_step(self._total)
        if f"FROM {table} " not in sql:  # not the statement expected: sample the slow way
            self._sample = (step, every_nth(self.matches(), step))
            return
        sampled = sql.replace(
            f"FROM {table} ", f"FROM {table} TABLESAMPLE SYSTEM (%s) REPEATABLE (0) ", 1
        )
        ids = fetch_column(self.alias, "sample_ids", sampled, [percent, *params])
        self._sample = (step, ids)

    def count(self) -> int:
        self._summarise()
        return self._total

    def sample_ids(self, step: int) -> list[int]:
        self._summarise()
        if self._ids is not None:
            return sorted(self._ids)[::step]
        if self._sample and self._sample[0] == step:
            return self._sample[1]
        return every_nth(self.matches(), step)

    def page_ids(self, offset: int, limit: int, sort: str) -> list[int]:
        if sort == "date":
            return self._newest_ids(self.matches(), offset, limit)
        if self._ids is not None and len(self._ids) <= RERANK_LIMIT:
            # The matches are known and few: score just them, by primary key, rather than
            # walk the index again (a phrase of two common words costs ~50 ms there).
            return self._ranked(self._ids, offset, limit)
        rows = self.matches().order_by(*self._ordering()).values_list("pk")[offset : offset + limit]
        return [row[0] for row in fetch_queryset(rows, "ranked_ids")]

    def ranked_among(self, ids: list[int]) -> list[int]:
        return self._ranked(ids, 0, len(ids))

    def _ranked(self, ids: list[int], offset: int, limit: int) -> list[int]:
        rows = self.queryset.model.objects.filter(pk__in=id_list(ids, self.alias)).filter(
            self._match_expression()
        )
        # A few rows: ties broken by id, as on SQLite (equal distances are common: a rare
        # word found once in each of 80 articles).
        ordering = [*self._ordering(), F("pk").desc()]
        rows = rows.order_by(*ordering).values_list("pk")[offset : offset + limit]
        return [row[0] for row in fetch_queryset(rows, "ranked_ids")]

    def _ordering(self) -> list:
        tsquery, params = self.tsquery, self.tsquery_params
        if self._index_kind() == "rum":
            # RUM returns rows in distance order straight from the index: no need to rank
            # every match before taking the first page. Distance alone: a tie-breaker after
            # it would make PostgreSQL sort every match.
            return [OnSearchVector(f"{{column}} <=> ({tsquery})", params, FloatField()).asc()]
        rank = OnSearchVector(f"ts_rank_cd({{column}}, ({tsquery}))", params, FloatField())
        return [rank.desc(), F("pk").desc()]

    def highlights(self, ids: list[int]) -> dict[int, Highlight]:
        if not ids:
            return {}
        options = (
            f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords={SNIPPET_WORDS}, "
            'MinWords=12, FragmentDelimiter=" … "'
        )
        config = f"'{index.PG_CONFIG}'::regconfig"
        sql = (
            f"SELECT id, ts_headline({config}, title, q, %s), "
            f"ts_headline({config}, left(body, {HIGHLIGHT_CHARS}), q, %s) "
            f"FROM {self.table}, (SELECT {self.tsquery} AS q) AS query WHERE id = ANY(%s)"
        )
        rows = fetch_rows(
            self.alias, "highlights", sql, [HIGHLIGHT_ALL, options, *self.tsquery_params, ids]
        )
        return {pk: Highlight(title, snippet) for pk, title, snippet in rows}

    def marked_body(self, article_id: int) -> str | None:
        # The first HIGHLIGHT_CHARS are marked; the rest follows as it is.
        sql = (
            f"SELECT ts_headline('{index.PG_CONFIG}'::regconfig, left(body, {HIGHLIGHT_CHARS}),"
            f" ({self.tsquery}), %s) || substr(body, {HIGHLIGHT_CHARS + 1}) "
            f"FROM {self.table} WHERE id = %s"
        )
        rows = fetch_column(
            self.alias, "marked_body", sql, [*self.tsquery_params, HIGHLIGHT_ALL, article_id]
        )
        return rows[0] if rows else None

    def marked_range(self, article_id: int, start: int, stop: int) -> str | None:
        length = min(stop - start, HIGHLIGHT_CHARS)
        sql = (
            f"SELECT ts_headline('{index.PG_CONFIG}'::regconfig, substr(body, %s, %s),"
            f" ({self.tsquery}), %s) FROM {self.table} WHERE id = %s"
        )
        params = [start + 1, length, *self.tsquery_params, HIGHLIGHT_ALL, article_id]
        rows = fetch_column(self.alias, "marked_range", sql, params)
        return rows[0] if rows else None

    _index_kinds: dict[str, str | None] = {}

    def _index_kind(self) -> str | None:
        # Looked up once per process: the index only changes in a migration.
        if self.alias not in self._index_kinds:
            self._index_kinds[self.alias] = index.postgresql_index_kind(connections[self.alias])
        return self._index_kinds[self.alias]

    @classmethod
    def forget_index_kind(cls) -> None:
        cls._index_kinds.clear()


class SqliteSearch(Search):
    fts = index.FTS_TABLE
    # bm25 column weights: a hit in the title counts ten times a hit in the body. Spelled out
    # in ORDER BY rather than through the "rank" column: SQLite then ranks only the rows left
    # after the filters, and measured 40% faster on a common word even without filters.
    rank = f"bm25({index.FTS_TABLE}, 10.0, 1.0)"
    # A scratch FTS5 table (per connection, in memory) for highlighting the bounded start
    # of a body that is longer than HIGHLIGHT_CHARS.
    scratch = "temp.articles_highlight_fts"

    def __init__(self, queryset, query):
        super().__init__(queryset, query)
        positive = fts5_match_expression(query.searched)
        self.negative = fts5_exclusion_expression(query.searched)
        if positive and self.negative:
            self.expression = f"({positive}) NOT ({self.negative})"
        else:
            self.expression = positive
        self._ids: list[int] | None = None

    def _subquery(self, expression: str) -> RawSQL:
        return RawSQL(f"SELECT rowid FROM {self.fts} WHERE {self.fts} MATCH %s", [expression])

    def matches(self):
        if self.expression:
            return self.queryset.filter(pk__in=self._subquery(self.expression))
        # Only exclusions ("-ukraine"): every article that does not match them.
        return self.queryset.exclude(pk__in=self._subquery(self.negative))

    def _filters_sql(self, column: str) -> tuple[str, list]:
        """ " AND +column IN (<the queryset's ids>)", or nothing when it has no filters. The
        "+" keeps the constraint away from FTS5, which would otherwise run the whole MATCH
        once per filtered id (13 s instead of 30 ms at 100k articles)."""
        if not self.queryset.query.has_filters():
            return "", []
        try:
            inner = self.queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # filters Django knows match nothing
            return " AND 0", []
        return f" AND +{column} IN ({inner[0]})", list(inner[1])

    def _match_sql(self, select: str) -> tuple[str, list]:
        filters, params = self._filters_sql("rowid")
        sql = f"SELECT {select} FROM {self.fts} WHERE {self.fts} MATCH %s" + filters
        return sql, [self.expression, *params]

    def _matching_ids(self) -> list[int]:
        if self._ids is None:
            self._ids = fetch_column(self.alias, "matching_ids", *self._match_sql("rowid"))
        return self._ids

    def count(self) -> int:
        if not self.expression:
            return AllArticles(self.matches(), self.query).count()
        if self.queryset.query.has_filters():
            # Filtered: read the matches once for both the count and the facet sample.
            return len(self._matching_ids())
        # Counting inside FTS5 skips the article table: 3 ms instead of 55 ms for 71k matches.
        return fetch_column(self.alias, "count", *self._match_sql("count(*)"))[0]

    def sample_ids(self, step: int) -> list[int]:
        if not self.expression:
            return every_nth(self.matches(), step)
        if self.queryset.query.has_filters():
            return self._matching_ids()[::step]
        sql, params = self._match_sql("rowid")
        return fetch_column(self.alias, "sample_ids", sql + " AND rowid %% %s = 0", [*params, step])

    def page_ids(self, offset: int, limit: int, sort: str) -> list[int]:
        if not self.expression:
            return self._newest_ids(self.matches(), offset, limit)
        if sort == "date":
            # Walk the date index and keep the matches, instead of sorting every match:
            # SQLite's planner picks the sort by itself (11 ms instead of 136 ms for 71k).
            filters, params = self._filters_sql("id")
            sql = (
                f"SELECT id FROM {self.table} INDEXED BY {index.NEWEST_INDEX} "
                f"WHERE id IN (SELECT rowid FROM {self.fts} WHERE {self.fts} MATCH %s)"
                f"{filters} ORDER BY published_on DESC, id DESC LIMIT %s OFFSET %s"
            )
            return fetch_column(
                self.alias, "newest_ids", sql, [self.expression, *params, limit, offset]
            )
        sql, params = self._match_sql("rowid")
        sql += f" ORDER BY {self.rank}, rowid DESC LIMIT %s OFFSET %s"
        return fetch_column(self.alias, "ranked_ids", sql, [*params, limit, offset])

    def ranked_among(self, ids: list[int]) -> list[int]:
        if not self.expression:  # only exclusions: nothing to rank by
            return list(ids)
        sql = (
            f"SELECT rowid FROM {self.fts} WHERE {self.fts} MATCH %s "
            f"AND +rowid IN (SELECT value FROM json_each(%s)) ORDER BY {self.rank}, rowid DESC"
        )
        return fetch_column(self.alias, "ranked_ids", sql, [self.expression, json.dumps(ids)])

    def highlights(self, ids: list[int]) -> dict[int, Highlight]:
        if not ids or not self.expression:
            return {}
        # snippet() only for bodies of a bounded length (CASE evaluates it for those rows
        # only); the longer ones are highlighted from their start in the scratch table.
        sql = (
            f"SELECT f.rowid, highlight({self.fts}, 0, %s, %s), "
            f"CASE WHEN length(a.body) <= {HIGHLIGHT_CHARS} "
            f"THEN snippet({self.fts}, 1, %s, %s, ' … ', {SNIPPET_WORDS}) END, "
            f"length(a.body) > {HIGHLIGHT_CHARS} "
            f"FROM {self.fts} AS f JOIN {self.table} AS a ON a.id = f.rowid "
            f"WHERE {self.fts} MATCH %s AND f.rowid IN (SELECT value FROM json_each(%s))"
        )
        params = [START, STOP, START, STOP, self.expression, json.dumps(list(ids))]
        rows = fetch_rows(self.alias, "highlights", sql, params)
        found = {pk: Highlight(title, snippet) for pk, title, snippet, _ in rows}
        long_ids = [pk for pk, _, _, is_long in rows if is_long]
        if long_ids:
            marked = self._scratch_marked(long_ids, "snippet", SNIPPET_WORDS)
            for pk in long_ids:
                found[pk] = Highlight(found[pk].title, marked.get(pk))
        return found

    def marked_body(self, article_id: int) -> str | None:
        if not self.expression:
            return None
        sql = (
            f"SELECT length(body) > {HIGHLIGHT_CHARS}, "
            f"substr(body, {HIGHLIGHT_CHARS + 1}) FROM {self.table} WHERE id = %s"
        )
        rows = fetch_rows(self.alias, "body_length", sql, [article_id])
        if not rows:
            return None
        is_long, rest = rows[0]
        if is_long:
            marked = self._scratch_marked([article_id], "highlight")
            return marked[article_id] + rest if article_id in marked else None
        sql = (
            f"SELECT highlight({self.fts}, 1, %s, %s) FROM {self.fts} "
            f"WHERE {self.fts} MATCH %s AND rowid = %s"
        )
        rows = fetch_column(
            self.alias, "marked_body", sql, [START, STOP, self.expression, article_id]
        )
        return rows[0] if rows else None

    def marked_range(self, article_id: int, start: int, stop: int) -> str | None:
        if not self.expression:
            return None
        length = min(stop - start, HIGHLIGHT_CHARS)
        marked = self._scratch_marked([article_id], "highlight", start=start, length=length)
        if article_id in marked:
            return marked[article_id]
        # No hit in the range: the range as it is.
        sql = f"SELECT substr(body, %s, %s) FROM {self.table} WHERE id = %s"
        rows = fetch_column(self.alias, "marked_range", sql, [start + 1, length, article_id])
        return rows[0] if rows else None

    def _scratch_marked(
        self,
        ids: list[int],
        function: str,
        words: int = 0,
        start: int = 0,
        length: int | None = None,
    ) -> dict[int, str]:
        """body[start:start + length] of these articles (by default their first
        HIGHLIGHT_CHARS), marked by `function` (snippet or highlight) in a scratch FTS5 table
        that holds only those."""
        length = HIGHLIGHT_CHARS if length is None else length
        if function == "snippet":
            marker = f"snippet({self.scratch.split('.')[1]}, 1, %s, %s, ' … ', {words})"
        else:
            marker = f"highlight({self.scratch.split('.')[1]}, 1, %s, %s)"
        with connections[self.alias].cursor() as cursor:
            cursor.execute(
                labelled(
                    "scratch_table",
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.scratch} USING fts5(title, body, "
                    "tokenize='porter unicode61 remove_diacritics 2')",
                )
            )
            cursor.execute(labelled("scratch_fill", f"DELETE FROM {self.scratch}"))
            cursor.execute(
                labelled(
                    "scratch_fill",
                    f"INSERT INTO {self.scratch}(rowid, title, body) "
                    f"SELECT id, '', substr(body, %s, %s) FROM {self.table} "
                    "WHERE id IN (SELECT value FROM json_each(%s))",
                ),
                [start + 1, length, json.dumps(ids)],
            )
            cursor.execute(
                labelled(
                    "highlights",
                    f"SELECT rowid, {marker} FROM {self.scratch} "
                    f"WHERE {self.scratch.split('.')[1]} MATCH %s",
                ),
                [START, STOP, self.expression],
            )
            marked = dict(cursor.fetchall())
            cursor.execute(labelled("scratch_fill", f"DELETE FROM {self.scratch}"))
        return marked


SEARCHES = {"postgresql": PostgresSearch, "sqlite": SqliteSearch}


def search_for(queryset, query) -> Search:
    """The search of `queryset` for `query` (an articles.search.SearchQuery): the database
    engine's, with the count, sample and ranking taken from the search index when there is one
    (settings.ARCHIVE_SEARCH_INDEX)."""
    from articles.search import indexed, text_index

    if not query:
        search = AllArticles(queryset, query)
    else:
        vendor = connections[queryset.db].vendor
        try:
            search = SEARCHES[vendor](queryset, query)
        except KeyError:
            raise NotImplementedError(f"full-text search is not implemented for {vendor}") from None
    index = text_index.current()
    return search if index is None else indexed.indexed_search(search, index)
