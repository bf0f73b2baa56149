"""The search index is on by default: kept beside the database, built by `migrate` when it is
missing, off when ARCHIVE_SEARCH_INDEX says "off", and never trusted while it is being built."""

import io

import pytest
from django.core.management import call_command
from django.db.utils import ConnectionHandler

from articles.models import Article
from articles.search import SearchQuery, search_for
from articles.search.tantivy import store as search_index
from articles.search.tantivy.search import IndexedSearch


def connection_to(engine: str, name: str):
    return ConnectionHandler({"default": {"ENGINE": engine, "NAME": name}})["default"]


def test_a_sqlite_archive_keeps_its_index_beside_the_database_file(tmp_path):
    database = tmp_path / "archive.sqlite3"
    connection = connection_to("django.db.backends.sqlite3", str(database))
    assert search_index.default_path(connection) == tmp_path / "archive.sqlite3.index"


def test_an_archive_on_a_server_keeps_its_index_in_the_data_folder(settings, tmp_path):
    settings.ARCHIVE_DATA_DIR = tmp_path / "data"
    connection = connection_to("django.db.backends.postgresql", "news")
    assert search_index.default_path(connection) == tmp_path / "data" / "news.index"


@pytest.mark.parametrize("name", [":memory:", "file:memorydb_default?mode=memory&cache=shared"])
def test_an_in_memory_database_has_no_default_index(name):
    assert search_index.default_path(connection_to("django.db.backends.sqlite3", name)) is None


def test_unset_means_beside_the_database_and_the_test_database_has_none(db, settings):
    settings.ARCHIVE_SEARCH_INDEX = ""
    # The tests' SQLite database is in memory: no folder is made for it. (On PostgreSQL the
    # test database's default folder is under ARCHIVE_DATA_DIR.)
    from django.db import connection

    assert search_index.configured_path() == search_index.default_path(connection)
    if connection.vendor == "sqlite":
        assert search_index.configured_path() is None


@pytest.mark.parametrize("value", ["off", "OFF", " off "])
def test_off_runs_on_the_database_alone(db, settings, tmp_path, value, make_article):
    settings.ARCHIVE_SEARCH_INDEX = value
    search_index.forget()
    assert search_index.configured_path() is None
    make_article("Harbour talks", "Talks at the harbour.")
    call_command("migrate", verbosity=1, stdout=(out := io.StringIO()))
    assert "search index" not in out.getvalue()
    search = search_for(Article.objects.all(), SearchQuery("harbour"))
    assert not isinstance(search, IndexedSearch) and search.count() == 1


def test_a_named_folder_is_used(settings, tmp_path):
    settings.ARCHIVE_SEARCH_INDEX = str(tmp_path / "elsewhere")
    assert search_index.configured_path() == tmp_path / "elsewhere"


def test_migrate_builds_the_missing_index_from_the_database(db, settings, tmp_path, make_article):
    folder = tmp_path / "archive.sqlite3.index"
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    article = make_article("Harbour talks", "Talks at the harbour.")
    call_command("migrate", verbosity=1, stdout=(out := io.StringIO()))
    assert f"Building the search index in {folder}" in out.getvalue()
    assert "indexed 1 articles" in out.getvalue()
    assert (folder / "meta.json").is_file() and not (folder / search_index.BUILDING).exists()
    search = search_for(Article.objects.all(), SearchQuery("harbour"))
    assert isinstance(search, IndexedSearch)
    assert search.page_ids(0, 10, "relevance") == [article.pk]
    # Built once: a second migrate leaves it as it is.
    call_command("migrate", verbosity=1, stdout=(again := io.StringIO()))
    assert "search index" not in again.getvalue()
    search_index.forget()


def test_migrate_with_verbosity_0_builds_it_silently(db, settings, tmp_path):
    folder = tmp_path / "index"
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    call_command("migrate", verbosity=0, stdout=(out := io.StringIO()))
    assert out.getvalue() == "" and search_index.TextIndex.exists_at(folder)
    search_index.forget()


def test_a_search_while_the_index_is_being_built_uses_the_database(
    db, settings, tmp_path, make_article, client
):
    folder = tmp_path / "index"
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    make_article("Harbour talks", "Talks at the harbour.")
    # What another process's build shows until it commits: an empty index, marked.
    folder.mkdir()
    (folder / search_index.BUILDING).touch()
    index = search_index.current(create=True)
    assert index.lagging()
    assert not isinstance(search_for(Article.objects.all(), SearchQuery("harbour")), IndexedSearch)
    page = client.get("/", {"q": "harbour"})
    assert (page.status_code, page.context["page"].paginator.count) == (200, 1)
    # A build cut short is done again by the next migrate, which lifts the mark.
    call_command("migrate", verbosity=0)
    assert not index.lagging()
    assert isinstance(search_for(Article.objects.all(), SearchQuery("harbour")), IndexedSearch)
    assert client.get("/", {"q": "harbour"}).context["page"].paginator.count == 1
    search_index.forget()


def test_migrate_goes_on_when_the_index_cannot_be_built(db, settings, tmp_path, client):
    (tmp_path / "a-file").write_text("not a folder")
    settings.ARCHIVE_SEARCH_INDEX = str(tmp_path / "a-file" / "index")
    search_index.forget()
    call_command("migrate", verbosity=1, stdout=(out := io.StringIO()))
    assert "the search index could not be built" in out.getvalue()
    assert search_index.current() is None
    assert client.get("/", {"q": "harbour"}).status_code == 200
    search_index.forget()
