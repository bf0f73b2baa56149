"""The search index beside the database (tantivy): it must find what the database finds,
order and sample as it does, stay in step with every write, and never be needed to serve."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from articles.ingest.pipeline import ingest_paths
from articles.ingest.reanalysis import reanalyze_articles
from articles.models import Article
from articles.search import SearchQuery, search_for
from articles.search.base import AllArticles
from articles.search.database import SEARCHES
from articles.search.tantivy import store as search_index
from articles.search.tantivy.search import IndexedAllArticles, IndexedSearch
from articles.web.charts import _per_month
from articles.web.filters import ArticleFilter

TEXTS = [
    ("Talks on the S-400 deal", "Officials talked about the S-400 missile system.", "2023-02-01"),
    ("Energy ministers meet", "Gas and oil supplies were discussed in Brussels.", "2023-02-14"),
    ("Trafficking ring broken", "Human trafficking across the border was stopped.", None),
    ("A quiet week", "Nothing about gas happened. The talks were postponed.", "2022-11-30"),
    ("Zelenskyy visits Kyiv", "President Zelenskyy met the delegation in Kyiv.", "2023-03-03"),
    ("Café diplomacy", "Diplomats met at a café; the S400 system came up again.", "2021-06-01"),
    ("Oil prices", "Oil, oil and more oil: the markets talk of nothing else.", "2023-02-20"),
    ("Border news", "Ukraine and the border guards; human rights groups spoke.", None),
]
QUERIES = [
    "talks",  # stemmed: talked, talk, talks
    "oil",
    "gas oil",
    '"human trafficking"',
    "gas OR trafficking",
    "border -trafficking",
    "-oil",
    "S400",
    "s-400",
    "cafe",
    "nothing",
    "absentword",
]


@pytest.fixture
def corpus(tantivy_index, make_article):
    articles = []
    for n, (title, body, day) in enumerate(TEXTS):
        published = dt.date.fromisoformat(day) if day else None
        topics = ("energy",) if "oil" in body.lower() or "gas" in body.lower() else ()
        source = "Wire" if n % 2 else "Daily"
        articles.append(make_article(title, body, source, published, topics))
    return articles


def database_search(queryset, query):
    return SEARCHES[connection.vendor](queryset, query)


def all_ids(search) -> list[int]:
    return search.page_ids(0, 1000, "relevance")


@pytest.mark.parametrize("text", QUERIES)
def test_the_index_finds_what_the_database_finds(corpus, text):
    query = SearchQuery(text)
    indexed = search_for(Article.objects.all(), query)
    assert isinstance(indexed, IndexedSearch)
    database = database_search(Article.objects.all(), query)
    expected = set(all_ids(database))
    assert indexed.count() == database.count() == len(expected)
    assert set(all_ids(indexed)) == expected
    assert set(indexed.page_ids(0, 1000, "date")) == expected


def test_a_title_hit_ranks_first(corpus):
    ranked = search_for(Article.objects.all(), SearchQuery("border")).page_ids(0, 10, "relevance")
    assert Article.objects.get(pk=ranked[0]).title == "Border news"


@pytest.mark.parametrize("text", ["talks", "oil", "-oil"])
def test_newest_first_is_the_databases_order_undated_last(corpus, text):
    query = SearchQuery(text)
    expected = database_search(Article.objects.all(), query).page_ids(0, 1000, "date")
    assert search_for(Article.objects.all(), query).page_ids(0, 1000, "date") == expected
    assert search_for(Article.objects.all(), query).page_ids(1, 2, "date") == expected[1:3]


@pytest.mark.parametrize(
    "params", ["topic=energy", "source=wire", "undated=on", "date_from=2023-01-01"]
)
@pytest.mark.parametrize("text", ["oil", "talks", "-gas", "border OR oil"])
def test_filters_narrow_the_indexed_search_as_they_narrow_the_database(corpus, params, text):
    filtered = ArticleFilter(QueryDict(params), queryset=Article.objects.all()).qs
    query = SearchQuery(text)
    indexed = search_for(filtered, query)
    database = database_search(filtered, query)
    assert isinstance(indexed, IndexedSearch)
    assert indexed.count() == database.count()
    assert set(all_ids(indexed)) == set(all_ids(database))
    assert indexed.page_ids(0, 100, "date") == database.page_ids(0, 100, "date")
    assert indexed.month_counts() == _per_month(database.matches(), "published_on")


def test_a_filter_that_leaves_nothing_finds_nothing(corpus):
    filtered = ArticleFilter(QueryDict("source=nowhere"), queryset=Article.objects.all()).qs
    search = search_for(filtered.filter(pk__in=[]), SearchQuery("oil"))
    assert (search.count(), search.page_ids(0, 20, "relevance"), search.sample_ids(1)) == (
        0,
        [],
        [],
    )


def test_samples_are_matches_about_one_in_step(corpus):
    search = search_for(Article.objects.all(), SearchQuery("-absentword"))
    everything = set(all_ids(search))
    assert search.sample_ids(1) == sorted(everything)
    half = search.sample_ids(2)
    assert set(half) <= everything and len(half) == len(everything) // 2
    assert search.sample_ids(2) == half  # the same sample every time


def test_month_counts_are_the_databases(corpus):
    query = SearchQuery("talks OR oil OR gas")
    expected = _per_month(database_search(Article.objects.all(), query).matches(), "published_on")
    assert search_for(Article.objects.all(), query).month_counts() == expected


def test_no_query_and_no_filter_counts_and_samples_from_the_index(corpus):
    search = search_for(Article.objects.all(), SearchQuery(""))
    assert isinstance(search, IndexedAllArticles)
    assert search.count() == len(TEXTS)
    assert search.page_ids(0, 3, "date") == AllArticles(Article.objects.all(), None).page_ids(
        0, 3, "date"
    )
    filtered = ArticleFilter(QueryDict("topic=energy"), queryset=Article.objects.all()).qs
    assert isinstance(search_for(filtered, SearchQuery("")), AllArticles)


def test_the_search_page_is_served_from_the_index(corpus, client):
    page = client.get("/", {"q": "oil", "topic": "energy"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 2
    assert "Oil prices" in page.content.decode()
    assert "<mark>" in page.content.decode()  # snippets: the database's highlighter
    assert page.context["volume_chart"].panels[0].total == 2


def test_what_an_editor_saves_or_deletes_is_indexed_when_it_commits(
    tantivy_index, make_article, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.undo()  # the real on-commit writes, not the fixture's immediate ones
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Grain corridor", "Ships carried grain.")
    assert search_for(Article.objects.all(), SearchQuery("grain")).count() == 1
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article.title = "Fertiliser corridor"
        article.body = "Ships carried fertiliser."
        article.save()
    assert len(callbacks) == 1
    assert search_for(Article.objects.all(), SearchQuery("grain")).count() == 0
    assert search_for(Article.objects.all(), SearchQuery("fertiliser")).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert search_for(Article.objects.all(), SearchQuery("fertiliser")).count() == 0


def test_an_ingest_and_a_reanalysis_write_the_index_once_per_chunk(
    db, tantivy_index, seed_copy, monkeypatch
):
    monkeypatch.undo()
    commits = []
    original = search_index.TextIndex.writer

    def counting_writer(self, wait=None):
        commits.append(1)
        return original(self, wait)

    monkeypatch.setattr(search_index.TextIndex, "writer", counting_writer)
    results = ingest_paths([seed_copy])
    assert {r.status for r in results} == {"created"}
    assert len(commits) == 1
    index = search_index.current()
    assert not search_index.drift(index)
    assert search_for(Article.objects.all(), SearchQuery("")).count() == len(results)
    reanalyze_articles(Article.objects.all())
    assert len(commits) == 2
    assert not search_index.drift(index)


def test_the_command_reports_drift_and_brings_the_index_up_to_date(corpus, settings):
    out = io.StringIO()
    call_command("search_index", "--check", stdout=out)
    assert "0 missing, 0 no longer in the database, 0 out of date" in out.getvalue()
    changed, gone = corpus[0], corpus[2]  # corpus[2] has no topic rows to leave behind
    # Changes the index does not hear of: an UPDATE and a DELETE without signals, a new row.
    Article.objects.filter(pk=changed.pk).update(title="Renamed")
    Article.objects.filter(pk=gone.pk)._raw_delete(Article.objects.db)
    text_index_off = settings.ARCHIVE_SEARCH_INDEX
    settings.ARCHIVE_SEARCH_INDEX = "off"
    Article.objects.create(
        source=changed.source,
        title="New",
        slug="new",
        body="Brand new.",
        raw_text="x",
        checksum="n",
    )
    settings.ARCHIVE_SEARCH_INDEX = text_index_off
    with pytest.raises(SystemExit) as exit_:
        call_command("search_index", "--check", stdout=(out := io.StringIO()))
    assert exit_.value.code == 1
    assert "1 missing, 1 no longer in the database, 1 out of date" in out.getvalue()
    call_command("search_index", "--sync", stdout=io.StringIO())
    call_command("search_index", "--check", stdout=io.StringIO())  # no exit: no drift
    assert search_for(Article.objects.all(), SearchQuery("brand")).count() == 1
    assert search_for(Article.objects.all(), SearchQuery("renamed")).count() == 1
    call_command("search_index", "--rebuild", stdout=(out := io.StringIO()))
    assert f"indexed {Article.objects.count()} articles" in out.getvalue()


def test_the_command_says_when_no_index_is_configured(settings):
    settings.ARCHIVE_SEARCH_INDEX = "off"
    with pytest.raises(Exception, match="ARCHIVE_SEARCH_INDEX"):
        call_command("search_index", "--check")


def test_without_a_built_index_searches_use_the_database(settings, tmp_path, make_article, client):
    settings.ARCHIVE_SEARCH_INDEX = str(tmp_path / "never-built")
    search_index.forget()
    make_article("Oil talks", "Oil.")
    assert not isinstance(search_for(Article.objects.all(), SearchQuery("oil")), IndexedSearch)
    assert client.get("/", {"q": "oil"}).context["page"].paginator.count == 1
    search_index.forget()


def test_an_index_that_cannot_be_read_falls_back_to_the_database(
    settings, tmp_path, make_article, client
):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "meta.json").write_text("not json")
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    make_article("Oil talks", "Oil.")
    assert client.get("/", {"q": "oil"}).context["page"].paginator.count == 1
    search_index.forget()


def test_a_busy_writer_is_waited_for_then_its_writes_queued_not_raised(corpus, monkeypatch, caplog):
    index = search_index.current()
    monkeypatch.setattr(search_index, "WRITER_WAIT_SECONDS", 0.3)
    monkeypatch.setattr(search_index, "RETRY_SECONDS", 0)
    held, release = threading.Event(), threading.Event()

    def hold():
        with index.writer():
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        assert search_index.sync_ids([corpus[0].pk]) == 0
    finally:
        release.set()
        thread.join()
    assert "1 article(s) queued" in caplog.text
    assert index.pending_ids() == [corpus[0].pk]
    assert search_index.sync_ids([]) == 1  # free again: the queue is applied


def test_an_index_failing_mid_search_falls_back_to_the_database(corpus, client, monkeypatch):
    import shutil

    from django.conf import settings

    shutil.rmtree(settings.ARCHIVE_SEARCH_INDEX)  # e.g. removed by hand under the server
    page = client.get("/", {"q": "oil"})
    assert (page.status_code, page.context["page"].paginator.count) == (200, 2)

    def broken(self):
        raise ValueError("damaged segment")

    monkeypatch.setattr(search_index.TextIndex, "searcher", broken)
    page = client.get("/", {"q": "oil", "sort": "date"})
    assert (page.status_code, page.context["page"].paginator.count) == (200, 2)
    assert "Oil prices" in page.content.decode()


@pytest.mark.parametrize(
    "text", ["talks", "oil", "gas OR trafficking", "border -trafficking", "s400"]
)
def test_the_first_pages_are_ranked_as_the_database_ranks(corpus, text):
    query = SearchQuery(text)
    database = database_search(Article.objects.all(), query)
    database.count()  # as the page does: PostgreSQL then ranks the known matches, ties by id
    expected = database.page_ids(0, 20, "relevance")
    assert search_for(Article.objects.all(), query).page_ids(0, 20, "relevance") == expected


@pytest.mark.parametrize("window", [1, 3])
def test_pages_past_the_reranked_window_hold_every_match_once(corpus, monkeypatch, window):
    from articles.search.tantivy import search as indexed

    monkeypatch.setattr(indexed, "RERANK_WINDOW", window)
    monkeypatch.setattr(indexed, "ALL_LIMIT", 1)  # else all matches are re-ranked
    query = SearchQuery("oil OR gas OR talks OR border OR trafficking OR kyiv")
    search = search_for(Article.objects.all(), query)
    pages = [search.page_ids(offset, 2, "relevance") for offset in range(0, 10, 2)]
    seen = [pk for page in pages for pk in page]
    assert sorted(seen) == sorted(all_ids(database_search(Article.objects.all(), query)))
    assert seen[:window] == database_search(Article.objects.all(), query).ranked_among(
        seen[:window]
    )
