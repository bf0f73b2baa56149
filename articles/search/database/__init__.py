"""The database's own full-text search, one module per engine; ddl.py creates the index each
one searches (FTS5 on SQLite, RUM or GIN on PostgreSQL)."""

from django.db import connections

from articles.search.base import AllArticles, Search
from articles.search.database.postgres import PostgresSearch
from articles.search.database.sqlite import SqliteSearch

SEARCHES = {"postgresql": PostgresSearch, "sqlite": SqliteSearch}


def database_search(queryset, query) -> Search:
    """The search of `queryset` for `query` by the database alone."""
    if not query:
        return AllArticles(queryset, query)
    vendor = connections[queryset.db].vendor
    try:
        return SEARCHES[vendor](queryset, query)
    except KeyError:
        raise NotImplementedError(f"full-text search is not implemented for {vendor}") from None
