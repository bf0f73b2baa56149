from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Coverage"

    def ready(self):
        from articles import (
            checks,  # noqa: F401 - registers the system checks
            signals,  # noqa: F401 - keeps the search index up to date
        )

        connection_created.connect(_sqlite_functions, dispatch_uid="articles-sqlite-functions")


def _sqlite_functions(sender, connection, **kwargs):
    """SQLite's full-text triggers stem each article in its language through a function of
    ours, which every connection must know."""
    if connection.vendor == "sqlite":
        from articles.search.database import ddl

        ddl.register_sqlite_function(connection)
