"""The full-text index follows the article rows, and PostgreSQL ranks with RUM or GIN."""

import pytest
from django.db import connection

from articles.models import Article
from articles.search import Results, SearchQuery, search_for
from articles.search.database import ddl
from articles.search.database.postgres import PostgresSearch

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL index kinds"
)


def found(text: str) -> list[str]:
    return [a.title for a in Results(search_for(Article.objects.all(), SearchQuery(text)))[0:10]]


def test_the_index_follows_updates_and_deletes(make_article):
    article = make_article(title="Envoys meet", body="A quiet meeting.")
    assert found("envoys") == ["Envoys meet"]
    article.title = "Ministers meet"
    article.body = "A loud meeting about pipelines."
    article.save()
    assert found("envoys") == []
    assert found("pipelines") == ["Ministers meet"]
    article.delete()
    assert found("pipelines") == []


@pytest.fixture
def index_kind():
    """Rebuild the index as asked; DDL is transactional on PostgreSQL, so the test's
    rollback restores the original index."""

    def rebuild(prefer_rum: bool) -> str:
        PostgresSearch.forget_index_kind()
        return ddl.create_postgresql_index(connection, prefer_rum=prefer_rum)

    yield rebuild
    PostgresSearch.forget_index_kind()


def _rum_installable() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


@postgres_only
def test_migrations_pick_rum_when_the_extension_is_available(db):
    expected = "rum" if _rum_installable() else "gin"
    assert ddl.postgresql_index_kind(connection) == expected


@postgres_only
@pytest.mark.parametrize("prefer_rum", [True, False], ids=["rum", "gin"])
def test_ranking_is_the_same_with_either_index(make_article, index_kind, prefer_rum):
    if prefer_rum and not _rum_installable():
        pytest.skip("the rum extension is not installed on this PostgreSQL")
    kind = index_kind(prefer_rum)
    assert kind == ("rum" if prefer_rum else "gin")
    make_article(title="Pipeline deal signed", body="Ministers signed it.")
    make_article(title="Ministers meet", body="They discussed the pipeline at length.")
    make_article(title="Unrelated", body="Nothing to see.")
    assert found("pipeline") == ["Pipeline deal signed", "Ministers meet"]
    assert found("pipeline -deal") == ["Ministers meet"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_seqscan = off"
        )  # three rows: make the planner show its index
        cursor.execute(
            "EXPLAIN SELECT id FROM articles_article WHERE search_vector @@ "
            "to_tsquery('archive_english', 'pipeline')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert (ddl.RUM_INDEX if prefer_rum else ddl.GIN_INDEX) in plan


def test_migrations_leave_every_object_the_search_relies_on(db):
    """Objects made by raw SQL, which a later migration could drop without Django knowing."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')")
            names = {row[0] for row in cursor.fetchall()}
            expected = {f"{ddl.FTS_TABLE}_{s}" for s in ("ai", "ad", "au")}
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'articles_article'")
            names = {row[0] for row in cursor.fetchall()}
            expected = {ddl.RUM_INDEX if _rum_installable() else ddl.GIN_INDEX}
    assert expected | {ddl.NEWEST_INDEX} <= names
