"""The search page's filters applied by the search index itself: the same matches, counts,
order, chart and facets as the database's filtering, kept right by every curation that changes
an article's source, topics, entities, date or language, and checked by `search_index`."""

import datetime as dt
import io

import pytest
import tantivy
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from articles.curation import rescore_topics
from articles.merges import merge_entities
from articles.models import Article, ArticleTopic, Entity, Mention, Topic
from articles.search import SearchQuery, search_for
from articles.search.base import AllArticles
from articles.search.database import database_search
from articles.search.facets import facet_counts
from articles.search.tantivy import store as search_index
from articles.search.tantivy.search import IndexedSearch
from articles.web.charts import _per_month
from articles.web.filters import ArticleFilter
from articles.web.views import search_from_params

TEXTS = [
    # title, body, published, language, entities
    ("Talks on oil", "Officials talked about oil and gas.", "2023-02-01", "en", ["putin"]),
    ("Energy ministers meet", "Gas and oil supplies in Brussels.", "2023-02-14", "en", ["putin"]),
    ("Trafficking ring broken", "Human trafficking at the border.", None, "", ["modi"]),
    ("A quiet week", "Nothing about gas happened. Talks postponed.", "2022-11-30", "en", []),
    (
        "Oil in Kyiv",
        "Oil talks in Kyiv with Putin and Modi.",
        "2023-03-03",
        "en",
        ["putin", "modi"],
    ),
    ("Oil prices", "Oil, oil and more oil: talks of nothing else.", "2021-06-01", "fr", ["modi"]),
    ("Border news", "Border guards talk of oil smuggling.", None, "en", ["putin"]),
    ("Gas deal", "A gas deal at the border, oil to follow.", "2023-12-31", "", []),
]
FILTERS = [
    "source=wire",
    "topic=energy",
    "entity=putin",
    "entity=putin&entity=modi",
    "date_from=2023-01-01",
    "date_to=2022-12-31",
    "date_from=2023-01-01&date_to=2023-12-31",  # a year, as the year facet links it
    "undated=on",
    "language=en",
    "language=und",
    "topic=energy&source=daily&date_from=2023-01-01",
    "entity=modi&undated=on",
    "undated=on&date_from=2023-01-01",  # nothing is both
    "date_from=2024-01-01&date_to=2023-01-01",  # a range that ends before it starts
    "source=nowhere&topic=energy",  # an unknown source is no filter; the topic still is
]
QUERIES = ["oil", "talks OR border", "-gas", ""]


@pytest.fixture
def corpus(tantivy_index, make_article):
    entities = {
        slug: Entity.objects.create(name=slug.title(), slug=slug, kind=Entity.Kind.PERSON)
        for slug in ("putin", "modi")
    }
    articles = []
    for n, (title, body, day, language, named) in enumerate(TEXTS):
        published = dt.date.fromisoformat(day) if day else None
        topics = ("energy",) if "gas" in body.lower() else ()
        article = make_article(title, body, "Wire" if n % 2 else "Daily", published, topics)
        Article.objects.filter(pk=article.pk).update(language=language)
        article.save()  # as an editor would: the index reads the language
        for slug in named:
            Mention.objects.create(article=article, entity=entities[slug], count=1)
        articles.append(article)
    return articles


def by_the_database(params: str, text: str):
    filtered = ArticleFilter(QueryDict(params), queryset=Article.objects.all()).qs
    return database_search(filtered, SearchQuery(text))


def by_the_index(params: str, text: str):
    with CaptureQueriesContext(connection) as queries:
        search = search_from_params(QueryDict(f"{params}&q={text}"), rows=Article.objects.all())
        search = search.results.search
        search.count()
    # One index query: the filters' ids are never read from the database.
    assert not [q for q in queries if "search:filtered_ids" in q["sql"]]
    return search


def facets(search) -> tuple:
    found = facet_counts(search)
    return tuple(
        sorted((value.label, value.count) for value in values)
        for values in (found.sources, found.topics, found.entities, found.years, found.languages)
    )


@pytest.mark.parametrize("params", FILTERS)
def test_a_filtered_search_through_the_index_is_the_databases(corpus, params):
    for text in QUERIES:
        indexed, database = by_the_index(params, text), by_the_database(params, text)
        assert isinstance(indexed, IndexedSearch), text
        expected = database.page_ids(0, 100, "date")
        assert indexed.count() == database.count() == len(expected), text
        assert indexed.page_ids(0, 100, "date") == expected, text
        assert set(indexed.page_ids(0, 100, "relevance")) == set(expected), text
        assert sorted(indexed.sample_ids(1)) == sorted(expected), text
        assert indexed.month_counts() == _per_month(database.matches(), "published_on"), text
        assert facets(indexed) == facets(database), text


def test_the_filters_narrow_more_than_nothing(corpus):
    # The comparison above would pass with filters that always leave everything.
    counts = {params: by_the_index(params, "oil").count() for params in FILTERS}
    assert len(set(counts.values())) > 3
    assert counts["undated=on&date_from=2023-01-01"] == 0


def test_the_search_page_with_filters_is_served_from_the_index(corpus, client):
    page = client.get("/", {"q": "oil", "entity": ["putin", "modi"]})
    assert page.status_code == 200
    assert [a.title for a in page.context["page"]] == ["Oil in Kyiv"]
    page = client.get("/", {"topic": "energy", "date_from": "2023-01-01"})
    assert isinstance(page.context["page"].paginator.object_list.search, IndexedSearch)
    assert {a.title for a in page.context["page"]} == {
        "Talks on oil",
        "Energy ministers meet",
        "Gas deal",
    }


def test_a_narrowing_the_index_cannot_apply_is_applied_as_ids(corpus):
    # The API's cursor narrows the articles by more than the filters.
    after = search_from_params(QueryDict("q=oil&source=wire"), Article.objects.filter(pk__gt=0))
    assert after.results.search.filters is None
    assert after.results.count() == by_the_database("source=wire", "oil").count()
    no_query = search_for(Article.objects.filter(source__slug="wire"), SearchQuery(""))
    assert isinstance(no_query, AllArticles)


def entity_search(slug: str) -> set[str]:
    search = by_the_index(f"entity={slug}", "oil")
    return {a.title for a in Article.objects.filter(pk__in=search.page_ids(0, 100, "date"))}


def assert_no_drift():
    assert not search_index.drift(search_index.current())


def test_a_merge_is_searched_at_once(corpus):
    putin, modi = Entity.objects.get(slug="putin"), Entity.objects.get(slug="modi")
    merge_entities(putin, [modi])
    assert entity_search("putin") == {
        "Talks on oil",
        "Energy ministers meet",
        "Oil in Kyiv",
        "Oil prices",
        "Border news",
    }
    assert_no_drift()


def test_a_rescore_is_searched_at_once(corpus):
    energy = Topic.objects.get(slug="energy")
    energy.keywords, energy.threshold = "smuggling", 0.1
    energy.save()
    rescore_topics(Article.objects.all(), [energy])
    assert {s.article.title for s in energy.article_scores.all()} == {"Border news"}
    found = by_the_index("topic=energy", "oil")
    assert found.page_ids(0, 100, "date") == [corpus[6].pk]
    assert_no_drift()


def test_an_editors_change_of_source_and_date_is_searched_at_once(corpus, admin_client):
    article = corpus[6]  # "Border news", undated, from Daily
    response = admin_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        {
            "title": article.title,
            "source": corpus[1].source_id,  # Wire
            "byline": "",
            "url": "",
            "published_on": "2023-05-05",
            "date_origin": "unknown",
            "language": "en",
            "body": article.body,
            "raw_text": article.raw_text,
            "topic_scores-TOTAL_FORMS": "0",
            "topic_scores-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    found = by_the_index("source=wire&date_from=2023-05-01&date_to=2023-05-31", "oil")
    assert found.page_ids(0, 10, "date") == [article.pk]
    assert article.pk not in by_the_index("undated=on", "oil").page_ids(0, 10, "date")
    assert_no_drift()


def test_an_entity_or_mention_deleted_leaves_the_articles_filters_at_once(corpus, admin_client):
    modi = Entity.objects.get(slug="modi")
    mention = Mention.objects.get(entity=modi, article=corpus[4])
    response = admin_client.post(f"/admin/articles/mention/{mention.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert entity_search("modi") == {"Oil prices"}  # "Trafficking ring broken" has no oil
    modi.delete()
    assert_no_drift()


def test_check_finds_a_stale_filter_field_and_sync_repairs_it(corpus):
    energy, other = Topic.objects.get(slug="energy"), Topic.objects.exclude(slug="energy")[0]
    # A change the index does not hear of: an UPDATE without signals.
    ArticleTopic.objects.filter(article=corpus[0], topic=energy).update(topic=other)
    with pytest.raises(SystemExit) as exit_:
        call_command("search_index", "--check", stdout=(out := io.StringIO()))
    assert exit_.value.code == 1
    assert "0 out of date, 0 queued, 1 with other filter fields" in out.getvalue()
    call_command("search_index", "--sync", stdout=io.StringIO())
    call_command("search_index", "--check", stdout=io.StringIO())  # no exit: no drift
    assert corpus[0].pk not in by_the_index("topic=energy", "oil").page_ids(0, 10, "date")


def test_an_index_of_an_older_version_is_searched_around_then_rebuilt(corpus, settings, caplog):
    folder = search_index.configured_path()
    search_index.forget()
    for entry in folder.iterdir():
        if entry.is_file():
            entry.unlink()
    old_index = tantivy.Index(_older_schema(), path=str(folder))
    writer = old_index.writer()
    writer.add_document(tantivy.Document(id=corpus[0].pk))
    writer.commit()
    writer.wait_merging_threads()
    assert search_index.built_by_older_version(folder)
    search = search_from_params(QueryDict("q=oil&topic=energy")).results
    assert not isinstance(search.search, IndexedSearch)  # the database, which is right
    assert search.count() == by_the_database("topic=energy", "oil").count()
    assert "older version" in caplog.text
    with pytest.raises(Exception, match="older version"):
        call_command("search_index", "--check", stdout=io.StringIO())
    said = []
    assert search_index.build_missing(say=said.append) == len(corpus)
    assert "older version" in said[0]
    assert isinstance(by_the_index("topic=energy", "oil"), IndexedSearch)
    assert_no_drift()


def _older_schema():
    """The fields of the index before it held the filters."""
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("text", index_option="position")
    builder.add_integer_field("signature", fast=True)
    return builder.build()
