"""A re-ingest repairs what an interrupted one left out of the search index, and an ingest
says when the index it is configured to write is not there."""

import io

import pytest
from django.core.management import call_command

from articles.ingest.pipeline import ingest_paths
from articles.models import Article
from articles.search import SearchQuery, search_for
from articles.search.tantivy import store as search_index
from articles.search.tantivy.search import IndexedAllArticles


def test_a_reingest_indexes_the_unchanged_articles_the_index_lacks(
    db, tantivy_index, seed_copy, monkeypatch
):
    monkeypatch.undo()  # the real deferred writes
    results = ingest_paths([seed_copy])
    index = search_index.current()
    lost = sorted(r.article_id for r in results)[:2]
    # What a run stopped between writing a chunk and indexing it leaves.
    with index.writer() as writer:
        for article_id in lost:
            writer.delete_documents_by_term("id", article_id)
    assert search_index.drift(index).missing == lost
    again = ingest_paths([seed_copy])
    assert {r.status for r in again} == {"unchanged"}
    assert not search_index.drift(index)
    title = Article.objects.get(pk=lost[0]).title.split()[0]
    assert lost[0] in search_for(Article.objects.all(), SearchQuery(title)).page_ids(0, 50, "date")


@pytest.mark.parametrize("folder_made", [False, True])
def test_the_first_ingest_builds_the_missing_index_then_writes_it(
    db, settings, tmp_path, seed_copy, make_article, folder_made
):
    folder = tmp_path / "index"
    if folder_made:
        folder.mkdir()  # a folder, but no index built in it
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    already = make_article("Harbour talks", "Before the index existed.")
    out = io.StringIO()
    call_command("ingest", str(seed_copy), "--jobs=1", stdout=out, stderr=io.StringIO())
    assert f"Building the search index in {folder}" in out.getvalue()
    assert "indexed 1 articles" in out.getvalue()  # what the database held before
    index = search_index.current()
    assert index is not None and not index.lagging()
    assert not search_index.drift(index)
    everything = search_for(Article.objects.all(), SearchQuery(""))
    assert isinstance(everything, IndexedAllArticles)
    assert already.pk in everything.page_ids(0, 50, "date")
    assert everything.count() == Article.objects.count() > 1
    search_index.forget()


def test_an_ingest_says_when_the_configured_index_cannot_be_built(
    db, settings, tmp_path, seed_copy
):
    (tmp_path / "a-file").write_text("not a folder")
    folder = tmp_path / "a-file" / "index"
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    out, err = io.StringIO(), io.StringIO()
    call_command("ingest", str(seed_copy), "--jobs=1", stdout=out, stderr=err)
    assert "the search index could not be built" in out.getvalue()
    assert "does not exist" in err.getvalue()
    assert "the search index is not written" in err.getvalue()
    assert search_for(Article.objects.all(), SearchQuery("")).count() == Article.objects.count()
    search_index.forget()
