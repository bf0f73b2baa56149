from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Coverage"

    def ready(self):
        from articles import (
            checks,  # noqa: F401 - registers the system checks
            signals,  # noqa: F401 - keeps the search index up to date
        )
