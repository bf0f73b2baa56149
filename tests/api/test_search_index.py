"""The API's search, count, timeline and NDJSON endpoints answer the same through the search
index (tantivy) as through the database alone."""

import datetime as dt
import json

import pytest

from articles.search import search_for
from articles.search.tantivy import store as search_index

QUERIES = [
    {"q": "talks"},
    {"q": "talks -sanctions"},
    {"q": "summit OR sanctions"},
    {"q": '"border talks"'},
    {"q": "talks", "date_from": "2024-02-01", "date_to": "2024-05-31"},
    {"q": "talks", "undated": "true"},
    {"q": "talks", "source": "wire"},
    {"q": "no-such-word-anywhere"},
]


@pytest.fixture
def archive(tantivy_index, make_article):
    texts = [
        "Border talks resumed.",
        "Talks on sanctions stalled.",
        "The summit ended early.",
        "Sanctions were widened.",
        "Talks, talks and more talks at the summit.",
    ]
    for n in range(30):
        make_article(
            title=f"Report {n}",
            body=texts[n % len(texts)],
            source=("Wire", "Herald", "Courier")[n % 3],
            published_on=None if n % 7 == 0 else dt.date(2024, 1 + n % 9, 1 + n % 27),
        )
    return tantivy_index


def every_page(client, path, params):
    response = client.get(f"/api/v1{path}", params)
    while True:
        assert response.status_code == 200, response.content
        data = response.json()
        yield data
        if not data["next"]:
            return
        response = client.get(data["next"])


def answers(client, params) -> dict:
    date_pages = list(every_page(client, "/search", {**params, "sort": "date", "limit": 4}))
    ranked = list(every_page(client, "/search", {**params, "limit": 5}))
    count = client.get("/api/v1/search/count", params).json()
    timeline = client.get("/api/v1/search/timeline", {**params, "interval": "week"}).json()
    lines = client.get("/api/v1/search/export.ndjson", {**params, "sort": "date"})
    rows = [json.loads(line) for line in b"".join(lines.streaming_content).splitlines()]
    return {
        "count": count["count"],
        "first_count": date_pages[0]["count"],
        "by_date": [r["slug"] for p in date_pages for r in p["results"]],
        # Equal scores may come in either order: the same articles, each once.
        "ranked": sorted(r["slug"] for p in ranked for r in p["results"]),
        "ranked_twice": len({r["slug"] for p in ranked for r in p["results"]})
        == sum(len(p["results"]) for p in ranked),
        "facets": ranked[0]["facets"],
        "timeline": timeline["periods"],
        "ndjson": rows,
    }


@pytest.mark.parametrize("params", QUERIES, ids=[str(q) for q in QUERIES])
def test_the_index_answers_as_the_database_does(client, archive, settings, params):
    index = search_index.current()
    assert index is not None and not index.lagging()
    through_index = answers(client, params)

    settings.ARCHIVE_SEARCH_INDEX = "off"
    search_index.forget()
    assert search_index.current() is None
    through_database = answers(client, params)

    assert through_index == through_database
    if params["q"] != "no-such-word-anywhere":
        assert through_index["count"] > 0 and through_index["ranked_twice"]


def test_the_index_is_what_answers(archive):
    from articles.models import Article
    from articles.search import SearchQuery

    search = search_for(Article.objects.all(), SearchQuery("talks"))
    assert type(search).__module__.startswith("articles.search.tantivy")
