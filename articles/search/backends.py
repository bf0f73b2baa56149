"""One full-text backend per database engine, behind the same methods.

- filter(queryset, query): the rows that match, unranked (for exports and chaining);
- count(...) and sample_ids(..., step): how many match, and every step-th (facets);
- ranked_ids(queryset, query, offset, limit): one page of primary keys, best first;
- newest_ids(...): one page of matches, newest first;
- marked(ids, query) / marked_body(id, query): for those rows only, title, snippet or body
  with hits wrapped in START/STOP marker characters (escaped, made <mark> by the caller).

A backend serves one search (articles.search.RankedResults) and may keep what it read.
"""

import json

from django.db import connections
from django.db.models import BooleanField, Expression, F, FloatField
from django.db.models.expressions import RawSQL

from articles.search import index
from articles.search.query import fts5_exclusion_expression, fts5_match_expression

START, STOP = "\x02", "\x03"
RERANK_LIMIT = 2000  # PostgreSQL: rank known matches directly up to this many
SNIPPET_WORDS = 32
# ts_headline options that mark every hit in the whole text (titles, article bodies).
HIGHLIGHT_ALL = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"


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
    return list(sample.values_list("pk", flat=True))


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


class Backend:
    """What both engines share: counting and sampling through the ORM."""

    def __init__(self, alias: str):
        self.alias = alias

    def filter(self, queryset, query):
        raise NotImplementedError

    def count(self, queryset, query) -> int:
        return self.filter(queryset, query).count()

    def sample_ids(self, queryset, query, step: int) -> list[int]:
        return every_nth(self.filter(queryset, query), step)

    def newest_ids(self, queryset, query, offset: int, limit: int) -> list[int]:
        rows = self.filter(queryset, query).newest_first().values_list("pk", flat=True)
        return list(rows[offset : offset + limit])

    _ids: list[int] | None = None

    def _fetch(self, sql: str, params) -> list:
        """The first column of every row, fetched at once (an ORM iterator fetches 100 rows
        at a time and builds each value in Python: 3x slower for 70,000 ids)."""
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def _remember_ids(self, fetch) -> list[int]:
        """The matching ids, fetched once: a backend serves one search (RankedResults), so
        the queryset and query do not change between calls."""
        if self._ids is None:
            self._ids = fetch()
        return self._ids


class PostgresBackend(Backend):
    def _matches(self, query):
        tsquery, params = postgres_tsquery(query.parsed)
        return OnSearchVector(f"{{column}} @@ ({tsquery})", params, BooleanField())

    def filter(self, queryset, query):
        return queryset.filter(self._matches(query))

    def _matching_ids(self, queryset, query) -> list[int]:
        # Count and facet sample from one pass over the index: two passes cost twice, and
        # each costs ~50 ms for a word in most articles (the index is read, rows are not).
        matches = self.filter(queryset, query).order_by().values("pk")
        return self._remember_ids(lambda: self._fetch(*matches.query.sql_with_params()))

    def count(self, queryset, query) -> int:
        return len(self._matching_ids(queryset, query))

    def sample_ids(self, queryset, query, step: int) -> list[int]:
        return self._matching_ids(queryset, query)[::step]

    def ranked_ids(self, queryset, query, offset: int, limit: int) -> list[int]:
        tsquery, params = postgres_tsquery(query.parsed)
        if self._index_kind() == "rum":
            # RUM returns rows in distance order straight from the index: no need to rank
            # every match before taking the first page. Distance alone: a tie-breaker after
            # it would make PostgreSQL sort every match.
            order = OnSearchVector(f"{{column}} <=> ({tsquery})", params, FloatField())
            ordering = [order.asc()]
        else:
            rank = OnSearchVector(f"ts_rank_cd({{column}}, ({tsquery}))", params, FloatField())
            ordering = [rank.desc(), F("pk").desc()]
        if self._ids is not None and len(self._ids) <= RERANK_LIMIT:
            # The matches are known and few: score just them, by primary key, rather than
            # walk the index again (a phrase of two common words costs ~50 ms there).
            rows = queryset.model.objects.filter(pk__in=id_list(self._ids, self.alias))
        else:
            rows = self.filter(queryset, query)
        rows = rows.order_by(*ordering).values_list("pk", flat=True)
        return list(rows[offset : offset + limit])

    def marked(self, ids, query) -> dict[int, tuple[str, str]]:
        if not ids:
            return {}
        options = (
            f"StartSel={START}, StopSel={STOP}, MaxFragments=2, MaxWords={SNIPPET_WORDS}, "
            'MinWords=12, FragmentDelimiter=" … "'
        )
        tsquery, params = postgres_tsquery(query.parsed)
        sql = (
            f"SELECT id, ts_headline('{index.PG_CONFIG}'::regconfig, title, q, %s), "
            f"ts_headline('{index.PG_CONFIG}'::regconfig, body, q, %s) "
            f"FROM articles_article, (SELECT {tsquery} AS q) AS query WHERE id = ANY(%s)"
        )
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, [HIGHLIGHT_ALL, options, *params, list(ids)])
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}

    def marked_body(self, article_id: int, query) -> str | None:
        tsquery, params = postgres_tsquery(query.parsed)
        sql = (
            f"SELECT ts_headline('{index.PG_CONFIG}'::regconfig, body, ({tsquery}), %s) "
            "FROM articles_article WHERE id = %s"
        )
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, [*params, HIGHLIGHT_ALL, article_id])
            row = cursor.fetchone()
        return row[0] if row else None

    _index_kinds: dict[str, str | None] = {}

    def _index_kind(self) -> str | None:
        # Looked up once per process: the index only changes in a migration.
        if self.alias not in self._index_kinds:
            self._index_kinds[self.alias] = index.postgresql_index_kind(connections[self.alias])
        return self._index_kinds[self.alias]

    @classmethod
    def forget_index_kind(cls) -> None:
        cls._index_kinds.clear()


class SqliteBackend(Backend):
    table = index.FTS_TABLE
    # bm25 column weights: a hit in the title counts ten times a hit in the body. Spelled out
    # in ORDER BY rather than through the "rank" column: SQLite then ranks only the rows left
    # after the filters, and measured 40% faster on a common word even without filters.
    rank = f"bm25({index.FTS_TABLE}, 10.0, 1.0)"

    def _subquery(self, expression: str) -> RawSQL:
        return RawSQL(f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", [expression])

    def _expression(self, query) -> str | None:
        positive = fts5_match_expression(query.parsed)
        negative = fts5_exclusion_expression(query.parsed)
        if positive and negative:
            return f"({positive}) NOT ({negative})"
        return positive

    def filter(self, queryset, query):
        expression = self._expression(query)
        if expression:
            return queryset.filter(pk__in=self._subquery(expression))
        # Only exclusions ("-ukraine"): every article that does not match them.
        negative = fts5_exclusion_expression(query.parsed)
        return queryset.exclude(pk__in=self._subquery(negative)) if negative else queryset

    @staticmethod
    def _filters_sql(queryset, column: str) -> tuple[str, list]:
        """ " AND +column IN (<the queryset's ids>)", or nothing when it has no filters. The
        "+" keeps the constraint away from FTS5, which would otherwise run the whole MATCH
        once per filtered id (13 s instead of 30 ms at 100k articles)."""
        if not queryset.query.has_filters():
            return "", []
        inner_sql, inner_params = queryset.order_by().values("pk").query.sql_with_params()
        return f" AND +{column} IN ({inner_sql})", list(inner_params)

    def _match_sql(self, queryset, expression: str, select: str) -> tuple[str, list]:
        filters, params = self._filters_sql(queryset, "rowid")
        sql = f"SELECT {select} FROM {self.table} WHERE {self.table} MATCH %s" + filters
        return sql, [expression, *params]

    def _matching_ids(self, queryset, expression: str) -> list[int]:
        return self._remember_ids(
            lambda: self._fetch(*self._match_sql(queryset, expression, "rowid"))
        )

    def count(self, queryset, query) -> int:
        expression = self._expression(query)
        if not expression:
            return super().count(queryset, query)
        if queryset.query.has_filters():
            # Filtered: read the matches once for both the count and the facet sample.
            return len(self._matching_ids(queryset, expression))
        # Counting inside FTS5 skips the article table: 3 ms instead of 55 ms for 71k matches.
        return self._fetch(*self._match_sql(queryset, expression, "count(*)"))[0]

    def sample_ids(self, queryset, query, step: int) -> list[int]:
        expression = self._expression(query)
        if not expression:
            return super().sample_ids(queryset, query, step)
        if queryset.query.has_filters():
            return self._matching_ids(queryset, expression)[::step]
        sql, params = self._match_sql(queryset, expression, "rowid")
        return self._fetch(sql + " AND rowid %% %s = 0", [*params, step])

    def ranked_ids(self, queryset, query, offset: int, limit: int) -> list[int]:
        expression = self._expression(query)
        if not expression:
            return self.newest_ids(queryset, query, offset, limit)
        sql, params = self._match_sql(queryset, expression, "rowid")
        sql += f" ORDER BY {self.rank}, rowid DESC LIMIT %s OFFSET %s"
        return self._fetch(sql, [*params, limit, offset])

    def newest_ids(self, queryset, query, offset: int, limit: int) -> list[int]:
        expression = self._expression(query)
        if not expression:
            return super().newest_ids(queryset, query, offset, limit)
        # Walk the date index and keep the matches, instead of sorting every match: SQLite's
        # planner picks the sort by itself (11 ms instead of 136 ms for 71k matches).
        filters, params = self._filters_sql(queryset, "id")
        sql = (
            f"SELECT id FROM articles_article INDEXED BY {index.NEWEST_INDEX} "
            f"WHERE id IN (SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s)"
            f"{filters} ORDER BY published_on DESC, id DESC LIMIT %s OFFSET %s"
        )
        return self._fetch(sql, [expression, *params, limit, offset])

    def marked(self, ids, query) -> dict[int, tuple[str, str]]:
        expression = self._expression(query)
        if not ids or not expression:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, highlight({self.table}, 0, %s, %s), "
            f"snippet({self.table}, 1, %s, %s, ' … ', {SNIPPET_WORDS}) "
            f"FROM {self.table} WHERE {self.table} MATCH %s AND rowid IN ({placeholders})"
        )
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, [START, STOP, START, STOP, expression, *ids])
            return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}

    def marked_body(self, article_id: int, query) -> str | None:
        expression = self._expression(query)
        if not expression:
            return None
        sql = (
            f"SELECT highlight({self.table}, 1, %s, %s) FROM {self.table} "
            f"WHERE {self.table} MATCH %s AND rowid = %s"
        )
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, [START, STOP, expression, article_id])
            row = cursor.fetchone()
        return row[0] if row else None


BACKENDS = {"postgresql": PostgresBackend, "sqlite": SqliteBackend}


def backend_for(alias: str):
    vendor = connections[alias].vendor
    try:
        return BACKENDS[vendor](alias)
    except KeyError:
        raise NotImplementedError(f"full-text search is not implemented for {vendor}") from None
