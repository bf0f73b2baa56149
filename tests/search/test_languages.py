"""Articles' languages where a reader meets them: the search page's facet and filter (on the
database's full-text search and through the search index), the exports, the API, the
article page and an entity's page."""

import csv
import io
import json

import pytest
from django.core.cache import cache

from articles.models import Article, Entity, Mention

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "search index"])
def archive(request, make_article, settings):
    """Three articles about one summit: in Russian, in English, and of unknown language."""
    if request.param == "search index":
        request.getfixturevalue("tantivy_index")
    settings.ARCHIVE_API_ANON_RATE = "100000/min"
    cache.clear()
    made = {
        "ru": make_article(title="Summit in Moscow", body="summit talks in Moscow, in Russian"),
        "en": make_article(title="Summit in London", body="summit talks in London"),
        "": make_article(title="Summit notes", body="summit"),
    }
    origins = {"ru": "metadata", "en": "detected", "": "unknown"}
    for code, article in made.items():
        Article.objects.filter(pk=article.pk).update(language=code, language_origin=origins[code])
        article.refresh_from_db()
        article.save()  # through the model, so that the search index sees the row again
    return made


def titles(response) -> set[str]:
    assert response.status_code == 200
    return {a.title for a in response.context["page"].object_list}


def test_the_search_page_has_a_language_facet(client, archive):
    response = client.get("/", {"q": "summit"})
    facet = {f.label: (f.count, f.params) for f in response.context["facets"].languages}
    assert facet == {
        "Russian": (1, {"language": "ru"}),
        "English": (1, {"language": "en"}),
        "unknown": (1, {"language": "und"}),
    }
    html = response.content.decode()
    assert "<h3>Language</h3>" in html
    assert '<option value="ru">Russian</option>' in html


@pytest.mark.parametrize("q", ["summit", ""])
def test_the_search_page_filters_by_language(client, archive, q):
    assert titles(client.get("/", {"q": q, "language": "ru"})) == {"Summit in Moscow"}
    assert titles(client.get("/", {"q": q, "language": "und"})) == {"Summit notes"}
    response = client.get("/", {"q": q, "language": "en"})
    assert titles(response) == {"Summit in London"}
    chips = [(c.name, c.label) for c in response.context["chips"]]
    assert ("language", "English") in chips


@pytest.mark.parametrize("junk", ["klingon", "<script>", "e" * 300])
def test_an_unknown_language_is_said_and_not_a_500(client, archive, junk):
    response = client.get("/", {"q": "summit", "language": junk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "language: Select a valid choice" in html
    if junk == "<script>":
        assert "&lt;script&gt; is not one of the available choices" in html  # escaped


def test_exports_have_a_language_column(client, archive):
    response = client.get("/export.csv", {"q": "summit", "sort": "date"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {r["title"]: r["language"] for r in rows} == {
        "Summit in Moscow": "ru",
        "Summit in London": "en",
        "Summit notes": "",
    }
    response = client.get("/export.json", {"q": "summit", "language": "ru"})
    items = json.loads(b"".join(response.streaming_content))
    assert [(i["title"], i["language"]) for i in items] == [("Summit in Moscow", "ru")]


def test_the_api_gives_and_filters_by_language(client, archive):
    data = client.get("/api/v1/search", {"q": "summit", "language": "ru"}).json()
    assert [(r["title"], r["language"]) for r in data["results"]] == [("Summit in Moscow", "ru")]
    assert data["count"] == 1
    everything = client.get("/api/v1/search", {"q": "summit"}).json()
    facet = {f["label"]: f["count"] for f in everything["facets"]["languages"]}
    assert facet == {"Russian": 1, "English": 1, "unknown": 1}
    count = client.get("/api/v1/search/count", {"q": "summit", "language": "und"}).json()
    assert count["count"] == 1
    detail = client.get(f"/api/v1/articles/{archive['ru'].slug}").json()
    assert detail["language"] == "ru"
    assert detail["provenance"]["language_origin"] == "metadata"


def test_the_api_refuses_an_unknown_language(client, archive):
    response = client.get("/api/v1/search", {"q": "summit", "language": "xx"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("language: Select a valid choice")


def test_the_article_page_names_its_language(client, archive):
    html = client.get(archive["ru"].get_absolute_url()).content.decode()
    assert "<dt>Language</dt>" in html
    assert 'Russian <span class="origin">(from the file&#x27;s metadata)</span>' in html
    assert '<div class="body" lang="ru">' in html
    assert '<h1 lang="ru">' in html
    unknown = client.get(archive[""].get_absolute_url()).content.decode()
    assert '<div class="body">' in unknown
    assert "<dd>unknown</dd>" in unknown


def test_an_entity_page_gives_the_languages_of_its_coverage(client, archive):
    entity = Entity.objects.create(name="Summit Host", slug="summit-host", kind="person")
    for article in archive.values():
        Mention.objects.create(article=article, entity=entity, count=1)
    html = client.get(entity.get_absolute_url()).content.decode()
    for code, name in (("ru", "Russian"), ("en", "English"), ("und", "unknown")):
        assert f'?entity=summit-host&amp;language={code}">{name}</a> (1)' in html
