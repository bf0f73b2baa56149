"""The API's conventions: conditional GETs on single objects, errors as JSON with a message,
no CORS unless configured, cursors that stay put while articles are added."""

import datetime as dt

import pytest
from django.utils.http import parse_http_date

from articles.models import Article, Entity, Source


def _entity_with_articles():
    return Entity.objects.filter(mentions__isnull=False).order_by("pk").first()


@pytest.mark.parametrize("what", ["article", "entity"])
def test_an_unchanged_object_answers_304_to_its_etag(client, seeded, what):
    url = (
        f"/api/v1/articles/{seeded['001'].slug}"
        if what == "article"
        else f"/api/v1/entities/{_entity_with_articles().slug}"
    )
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"') and etag.endswith('"')
    for sent in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        again = client.get(url, headers={"If-None-Match": sent})
        assert again.status_code == 304, sent
        assert again["ETag"] == etag and again.content == b""
    other = client.get(url, headers={"If-None-Match": '"other"'})
    assert other.status_code == 200 and other.content == first.content


def test_an_articles_etag_changes_with_what_is_derived_from_the_archive(client, seeded):
    article = seeded["001"]
    url = f"/api/v1/articles/{article.slug}"
    first = client.get(url)
    assert parse_http_date(first["Last-Modified"]) == int(article.updated_at.timestamp())
    # An editor renames an entity the article mentions: the article's own row is unchanged.
    mentioned = article.mentions.select_related("entity").first().entity
    Entity.objects.filter(pk=mentioned.pk).update(name=mentioned.name + " (renamed)")
    after = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    assert mentioned.name + " (renamed)" in after.content.decode()


def test_an_entitys_etag_changes_when_the_entity_does(client, seeded):
    entity = _entity_with_articles()
    url = f"/api/v1/entities/{entity.slug}"
    first = client.get(url)
    Entity.objects.filter(pk=entity.pk).update(kind="place" if entity.kind != "place" else "person")
    after = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/search?topic=no-such-topic", 400),
        ("/search?entity=bad%20address", 400),
        ("/search?sort=random", 422),
        ("/search/count?undated=perhaps", 422),
        ("/articles/no-such-article", 404),
        ("/articles/999999999", 404),
        ("/topics/no-such-topic", 404),
        ("/sources/no-such-source/articles", 404),
        ("/stories/999999", 404),
        ("/entities/no-such-entity/quotes?cursor=x", 404),
        ("/entities?cursor=%00", 400),
        ("/no-such-endpoint", 404),
        ("/articles/", 404),
        ("/../v2/search", 404),
    ],
)
def test_errors_are_json_with_a_message(client, db, path, status):
    response = client.get(f"/api/v1{path}")
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.strip()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_method_the_api_does_not_take_is_json_with_the_methods_it_does(client, db, method):
    response = getattr(client, method)("/api/v1/search")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "GET" in response["Allow"]
    assert "not allowed here" in response.json()["detail"]


def test_too_many_requests_is_json_with_a_message(client, db, settings):
    settings.ARCHIVE_API_ANON_RATE = "1/min"
    client.get("/api/v1/topics")
    response = client.get("/api/v1/topics")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] and int(response["Retry-After"]) > 0


def test_no_cross_origin_headers_unless_configured(client, db):
    origin = {"Origin": "https://elsewhere.example"}
    response = client.get("/api/v1/topics", headers=origin)
    assert response.status_code == 200
    preflight = client.options(
        "/api/v1/topics", headers={**origin, "Access-Control-Request-Method": "GET"}
    )
    for r in (response, preflight):
        assert not [h for h in r.headers if h.lower().startswith("access-control-")]


def test_entity_pages_visit_every_entity_once_while_entities_are_added(client, seeded):
    before = set(Entity.objects.values_list("slug", flat=True))
    seen, response, n = [], client.get("/api/v1/entities", {"limit": 3}), 0
    while True:
        data = response.json()
        seen += [e["slug"] for e in data["results"]]
        # Added while paging: names before and after the page's last one.
        n += 1
        Entity.objects.create(name=f"Aardvark {n}", slug=f"aardvark-{n}", kind="person")
        Entity.objects.create(name=f"Zebra {n}", slug=f"zebra-{n}", kind="place")
        if not data["next"]:
            break
        response = client.get(data["next"])
    assert len(seen) == len(set(seen))
    assert before <= set(seen)


def test_source_pages_visit_every_article_once_while_articles_are_added(client, make_article):
    for i in range(12):
        make_article(title=f"Wire {i}", published_on=dt.date(2024, 1, 1 + i % 4))
    source = Source.objects.get(name="Wire")
    before = set(Article.objects.values_list("slug", flat=True))
    seen, response, n = [], client.get(f"/api/v1/sources/{source.slug}/articles?limit=5"), 0
    while True:
        data = response.json()
        seen += [a["slug"] for a in data["results"]]
        n += 1
        make_article(title=f"Newer {n}", published_on=dt.date(2025, 1, 1))
        make_article(title=f"Same day {n}", published_on=dt.date(2024, 1, 2))
        make_article(title=f"Undated {n}")
        if not data["next"]:
            break
        response = client.get(data["next"])
    assert len(seen) == len(set(seen))
    assert before <= set(seen)
