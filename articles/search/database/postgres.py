"""Search on PostgreSQL: a tsquery over the stored tsvector, ranked by RUM's distance (or
ts_rank_cd on the GIN fallback); counts and facets estimated past COUNT_LIMIT matches."""

import json

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, F, FloatField

from articles.search.base import (
    COUNT_LIMIT,
    HIGHLIGHT_ALL,
    HIGHLIGHT_CHARS,
    RERANK_LIMIT,
    SAMPLE_ROWS,
    SAMPLE_SIZE,
    SNIPPET_WORDS,
    START,
    STOP,
    Highlight,
    OnSearchVector,
    Search,
    every_nth,
    fetch_column,
    fetch_queryset,
    fetch_rows,
    id_list,
    sample_step,
    stemmed_languages,
)
from articles.search.database import ddl


def postgres_tsquery(parsed, codes=(), code=None, tagged=True) -> tuple[str, list[str]]:
    """SQL for the tsquery of a parsed query, and its parameters.

    Each term goes through phraseto_tsquery with the text that was typed (PostgreSQL's own
    parser then tokenizes "U.S." or "S-400" as it did when indexing), and the terms are
    combined with && / || / !! in the structure of the parse, the same as on SQLite.

    With `codes` (stemmed languages, see languages.py), each term is also searched in each of
    them, with that language's configuration and its lexemes tagged as the vector tags that
    language's rows. With `code`, the query in that language alone, untagged (for
    ts_headline, which parses the row's text with the language's configuration).
    """
    params: list[str] = []

    def in_language(term, language) -> str:
        params.append(term.text or " ".join(term.words))
        config = f"'{ddl.pg_config(language)}'::regconfig"
        if language is None or not tagged:
            return f"phraseto_tsquery({config}, %s)"
        return f"{ddl.PG_TAGGED_QUERY}(phraseto_tsquery({config}, %s), '{language}')"

    def term_sql(term) -> str:
        if code is not None:
            return in_language(term, code)
        return " || ".join(in_language(term, c) for c in (None, *codes))

    parts = ["(" + " || ".join(term_sql(t) for t in group) + ")" for group in parsed.include]
    if parsed.exclude:
        parts.append("!!(" + " || ".join(term_sql(t) for t in parsed.exclude) + ")")
    return " && ".join(parts), params


def headline_tsquery(parsed, codes) -> tuple[str, list[str]]:
    """SQL for the tsquery that marks hits in a row's text: the query in the row's language
    (the CASE reads the row's language column), to go with headline_config()."""
    english, params = postgres_tsquery(parsed)
    if not codes:
        return english, params
    cases, case_params = [], []
    for code in codes:
        sql, more = postgres_tsquery(parsed, code=code, tagged=False)
        cases.append(f"WHEN '{code}' THEN ({sql})")
        case_params += more
    return f"CASE language {' '.join(cases)} ELSE ({english}) END", [*case_params, *params]


def headline_config(codes) -> str:
    if not codes:
        return f"'{ddl.PG_CONFIG}'::regconfig"
    return f"{ddl.PG_LANGUAGE_CONFIG}(language)"


class PostgresSearch(Search):
    def __init__(self, queryset, query):
        super().__init__(queryset, query)
        self.languages = stemmed_languages(self.alias)
        self.tsquery, self.tsquery_params = postgres_tsquery(query.searched, self.languages)
        self.marking, self.marking_params = headline_tsquery(query.searched, self.languages)
        self.marking_config = headline_config(self.languages)
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
        config = self.marking_config
        # The query in each row's language (LATERAL: the CASE reads the row's language).
        sql = (
            f"SELECT id, ts_headline({config}, title, q, %s), "
            f"ts_headline({config}, left(body, {HIGHLIGHT_CHARS}), q, %s) "
            f"FROM {self.table}, LATERAL (SELECT {self.marking} AS q) AS query "
            "WHERE id = ANY(%s)"
        )
        rows = fetch_rows(
            self.alias, "highlights", sql, [HIGHLIGHT_ALL, options, *self.marking_params, ids]
        )
        return {pk: Highlight(title, snippet) for pk, title, snippet in rows}

    def marked_body(self, article_id: int) -> str | None:
        # The first HIGHLIGHT_CHARS are marked; the rest follows as it is.
        sql = (
            f"SELECT ts_headline({self.marking_config}, left(body, {HIGHLIGHT_CHARS}),"
            f" ({self.marking}), %s) || substr(body, {HIGHLIGHT_CHARS + 1}) "
            f"FROM {self.table} WHERE id = %s"
        )
        rows = fetch_column(
            self.alias, "marked_body", sql, [*self.marking_params, HIGHLIGHT_ALL, article_id]
        )
        return rows[0] if rows else None

    def marked_range(self, article_id: int, start: int, stop: int) -> str | None:
        length = min(stop - start, HIGHLIGHT_CHARS)
        sql = (
            f"SELECT ts_headline({self.marking_config}, substr(body, %s, %s),"
            f" ({self.marking}), %s) FROM {self.table} WHERE id = %s"
        )
        params = [start + 1, length, *self.marking_params, HIGHLIGHT_ALL, article_id]
        rows = fetch_column(self.alias, "marked_range", sql, params)
        return rows[0] if rows else None

    _index_kinds: dict[str, str | None] = {}

    def _index_kind(self) -> str | None:
        # Looked up once per process: the index only changes in a migration.
        if self.alias not in self._index_kinds:
            self._index_kinds[self.alias] = ddl.postgresql_index_kind(connections[self.alias])
        return self._index_kinds[self.alias]

    @classmethod
    def forget_index_kind(cls) -> None:
        cls._index_kinds.clear()
