"""An index behind the database (its writer held by a long rebuild, a write lost): searches
stay right and never fail, and no web request waits for the writer."""

import time

import pytest

from articles.models import Article
from articles.search import SearchQuery, search_for
from articles.search.tantivy import store as search_index
from tests.search.index_writer import writer_held


@pytest.fixture
def on_commit_writes(tantivy_index, monkeypatch):
    """The real on-commit index writes (the fixture's are immediate and wait for the writer),
    and no background retry unless a test asks for it."""
    monkeypatch.undo()
    monkeypatch.setattr(search_index, "RETRY_SECONDS", 0)
    return tantivy_index


def test_with_the_writer_held_an_edit_waits_for_nothing_and_searches_stay_right(
    on_commit_writes, make_article, client, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = make_article("Grain corridor", "Ships carried grain.")
        doomed = make_article("Grain deal", "Grain and more grain.")
        renamed = make_article("Old title", "Ports reopened.")
    with writer_held() as index:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            doomed.delete()
            renamed.title = "Fertiliser shipments"
            renamed.save()
        assert time.monotonic() - started < 1
        assert "queued" in caplog.text
        assert index.lagging()
        page = client.get("/", {"q": "grain", "sort": "date"})
        assert page.status_code == 200
        assert [a.pk for a in page.context["page"]] == [kept.pk]
        assert page.context["page"].paginator.count == 1
        assert client.get("/", {"q": "-zzzqqq"}).context["page"].paginator.count == 2
        assert client.get("/").context["page"].paginator.count == 2
        found = client.get("/", {"q": "fertiliser"}).context["page"]
        assert [a.pk for a in found] == [renamed.pk]
    # The next writer applies the queue.
    assert search_index.sync_ids([]) == 1  # the edited one; the deleted one is removed
    assert not index.lagging()
    assert not search_index.drift(index)
    assert search_for(Article.objects.all(), SearchQuery("fertiliser")).count() == 1


def test_ids_the_database_no_longer_has_are_skipped_counted_out_logged_and_repaired(
    tantivy_index, make_article, client, caplog, monkeypatch
):
    monkeypatch.setattr(search_index, "RETRY_SECONDS", 0)
    kept = make_article("Oil talks", "Oil prices.")
    lost = make_article("Oil deal", "Oil and oil.")
    Article.objects.filter(pk=lost.pk)._raw_delete(Article.objects.db)  # the index never hears
    for params in ({"q": "oil", "sort": "date"}, {"q": "oil"}, {"q": "-zzzqqq"}):
        page = client.get("/", params)
        assert page.status_code == 200
        assert [a.pk for a in page.context["page"]] == [kept.pk]
    assert f"the database does not have ({lost.pk})" in caplog.text
    index = search_index.current()
    assert index.pending_ids() == [lost.pk]
    # Until it is applied the database answers: the count is right again.
    assert client.get("/", {"q": "oil"}).context["page"].paginator.count == 1
    search_index.sync_ids([])
    assert search_index.drift(index).extra == []
    assert client.get("/", {"q": "oil"}).context["page"].paginator.count == 1


def test_a_page_that_finds_a_missing_id_counts_it_out(tantivy_index, make_article):
    from articles.search import Results

    make_article("Oil talks", "Oil prices.")
    lost = make_article("Oil deal", "Oil and oil.")
    Article.objects.filter(pk=lost.pk)._raw_delete(Article.objects.db)
    results = Results(search_for(Article.objects.all(), SearchQuery("oil")), "date")
    assert results.count() == 2  # what the index says
    assert len(results[0:20]) == 1
    assert results.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_queued_writes_are_applied_in_the_background_once_the_writer_is_free(
    on_commit_writes, make_article, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(search_index, "RETRY_SECONDS", 0.1)
    article = make_article("Grain corridor", "Ships carried grain.")
    with writer_held() as index:
        article.title = "Fertiliser corridor"
        article.save()  # autocommit: written (or queued) at once
        assert index.lagging()
    deadline = time.monotonic() + 10
    while (index.lagging() or search_index.drift(index)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not index.lagging()
    assert not search_index.drift(index)
