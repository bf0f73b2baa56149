"""Cursor paging visits every result exactly once, at any depth, while articles are added."""

import datetime as dt

import pytest


def pages(client, path, params):
    url = f"/api/v1{path}"
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        data = response.json()
        yield data
        if not data["next"]:
            return
        response = client.get(data["next"])


@pytest.fixture
def archive(make_article):
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i % 9) for i in range(40)]
    made = [
        make_article(title=f"Summit talks {i}", body="Summit talks went on.", published_on=day)
        for i, day in enumerate(days)
    ]
    # Undated ones come last, in id order too.
    made += [make_article(title=f"Summit undated {i}", body="Summit.") for i in range(5)]
    return made


@pytest.mark.parametrize("params", [{"sort": "date"}, {"q": "summit", "sort": "date"}])
def test_date_pages_visit_every_article_once_while_articles_are_added(
    client, archive, make_article, params
):
    before = {a.slug for a in archive}
    seen = []
    for n, page in enumerate(pages(client, "/search", {**params, "limit": 7})):
        seen += [r["slug"] for r in page["results"]]
        # Added while paging: newer, older, undated and same-day articles.
        make_article(title=f"Summit new {n}", body="Summit.", published_on=dt.date(2025, 1, 1))
        make_article(title=f"Summit same day {n}", body="Summit.", published_on=dt.date(2024, 1, 5))
        make_article(title=f"Summit undated new {n}", body="Summit.")
    assert len(seen) == len(set(seen))
    assert before <= set(seen)


def test_date_pages_follow_the_page_order(client, archive):
    slugs = [
        r["slug"]
        for p in pages(client, "/search", {"sort": "date", "limit": 6})
        for r in p["results"]
    ]
    page = client.get("/", {"sort": "date"}).context["page"].paginator.object_list
    assert slugs == [a.slug for a in page[0 : len(slugs)]]


def test_relevance_pages_follow_the_ranking(client, archive):
    slugs = [
        r["slug"]
        for p in pages(client, "/search", {"q": "summit", "limit": 8})
        for r in p["results"]
    ]
    # Ranked as the page ranks (equal scores may come in either order on PostgreSQL).
    ranked = client.get("/", {"q": "summit"}).context["page"].paginator.object_list
    assert sorted(slugs) == sorted(a.slug for a in ranked[0 : len(slugs)])
    assert len(slugs) == len(set(slugs)) == len(archive)


def test_the_page_size_is_capped(client, archive, settings):
    settings.ARCHIVE_API_MAX_LIMIT = 10
    data = client.get("/api/v1/search", {"limit": 1000}).json()
    assert len(data["results"]) == 10


def test_entity_and_source_lists_page_by_cursor(client, seeded):
    slugs = [e["slug"] for p in pages(client, "/entities", {"limit": 3}) for e in p["results"]]
    whole = client.get("/api/v1/entities", {"limit": 1000}).json()["results"]
    assert slugs == [e["slug"] for e in whole]
    assert len(slugs) == len(set(slugs)) > 3
    source = seeded["001"].source.slug
    articles = [
        a["slug"]
        for p in pages(client, f"/sources/{source}/articles", {"limit": 1})
        for a in p["results"]
    ]
    assert len(articles) == len(set(articles)) == seeded["001"].source.articles.count()
