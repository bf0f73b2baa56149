"""`search_index`: a clear error and a non-zero exit whenever it cannot do what it was asked,
and an index on a read-only mount still searched."""

import io
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from articles.search import SearchQuery, search_for
from articles.search.tantivy import store as search_index
from articles.search.tantivy.search import IndexedSearch
from tests.search.index_writer import writer_held


@pytest.fixture
def held_writer(tantivy_index, monkeypatch):
    monkeypatch.setattr(search_index, "WRITER_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(search_index, "RETRY_SECONDS", 0)
    with writer_held() as index:
        yield index


@pytest.mark.parametrize("action", ["--check", "--sync"])
def test_an_index_that_cannot_be_opened_is_a_clear_error(settings, tmp_path, db, action):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "meta.json").write_text("not json")
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    with pytest.raises(CommandError, match=f"the search index at {folder} cannot be opened: "):
        call_command("search_index", action, stdout=io.StringIO())
    search_index.forget()


def test_sync_with_the_writer_busy_fails_and_keeps_what_it_found(held_writer, make_article):
    article = make_article("Grain corridor", "Ships carried grain.")
    Article.objects.filter(pk=article.pk).update(title="Fertiliser corridor")
    with pytest.raises(CommandError, match="being written by another process"):
        call_command("search_index", "--sync", stdout=io.StringIO())
    assert held_writer.pending_ids() == [article.pk]


def test_rebuild_with_the_writer_busy_fails_clearly(held_writer):
    with pytest.raises(CommandError, match="being written by another process"):
        call_command("search_index", "--rebuild", stdout=io.StringIO())


def test_check_counts_queued_writes_as_drift(tantivy_index, make_article):
    article = make_article("Grain corridor", "Ships carried grain.")
    search_index.current().queue([article.pk])
    with pytest.raises(SystemExit) as exit_:
        call_command("search_index", "--check", stdout=(out := io.StringIO()))
    assert exit_.value.code == 1
    assert "0 missing, 0 no longer in the database, 0 out of date, 1 queued" in out.getvalue()
    call_command("search_index", "--sync", stdout=io.StringIO())
    call_command("search_index", "--check", stdout=io.StringIO())  # no drift, no exit


@pytest.fixture
def read_only_mount(tantivy_index, tmp_path):
    """The index folder mounted read-only elsewhere (as a web container would mount it)."""
    mount = tmp_path / "read-only"
    mount.mkdir()
    try:
        subprocess.run(["mount", "--bind", str(tantivy_index), str(mount)], check=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"a read-only bind mount needs mount privileges here: {exc}")
    yield mount
    search_index.forget()
    subprocess.run(["umount", "--lazy", str(mount)], check=True)


def test_an_index_on_a_read_only_mount_is_searched(read_only_mount, make_article, settings):
    writable = search_index.current()  # the folder an ingest writes
    make_article("Grain corridor", "Ships carried grain.")
    settings.ARCHIVE_SEARCH_INDEX = str(read_only_mount)
    search = search_for(Article.objects.all(), SearchQuery("grain"))
    assert isinstance(search, IndexedSearch)
    assert search.count() == 1
    index = search_index.current()
    assert index.read_only and index is not writable
    # What the writer commits later is read through the mount.
    article = make_article("Grain prices", "Grain rose.")
    with writable.writer() as writer:
        writable.replace(writer, search_index.rows(Article.objects.filter(pk=article.pk)))
    assert search_for(Article.objects.all(), SearchQuery("grain")).count() == 2
    assert search_index.current() is index
    with pytest.raises(CommandError, match="read-only mount"):
        call_command("search_index", "--sync", stdout=io.StringIO())
    mirror = index.mirror
    search_index.forget()
    shutil.rmtree(mirror, ignore_errors=True)
