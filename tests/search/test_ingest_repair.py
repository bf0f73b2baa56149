"""A re-ingest repairs what an interrupted one left out of the search index, and an ingest
says when the index it is configured to write is not there."""

import io

import pytest
from django.core.management import call_command

from articles.ingest.pipeline import ingest_paths
from articles.models import Article
from articles.search import SearchQuery, search_for
from articles.search.tantivy import store as search_index


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


@pytest.mark.parametrize("built", [False, True])
def test_an_ingest_says_when_the_configured_index_is_not_there(
    db, settings, tmp_path, seed_copy, built
):
    folder = tmp_path / "index"
    if built:
        folder.mkdir()  # a folder, but no index built in it
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    err = io.StringIO()
    call_command("ingest", str(seed_copy), "--jobs=1", stdout=io.StringIO(), stderr=err)
    expected = "no search index has been built in" if built else "which does not exist"
    assert expected in err.getvalue()
    assert "the search index is not written" in err.getvalue()
    search_index.forget()
