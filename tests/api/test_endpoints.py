"""Each endpoint against the page that shows the same thing, for the same request."""

import datetime as dt
import json

import pytest

from articles.models import Entity, Topic


def get(client, path, **params):
    response = client.get(f"/api/v1{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_finds_what_the_search_page_finds(client, seeded):
    page = client.get("/", {"q": "minister"}).context
    data = get(client, "/search", q="minister", limit=20)
    assert data["count"] == page["page"].paginator.count > 0
    assert [r["slug"] for r in data["results"]] == [a.slug for a in page["page"].object_list]
    assert data["sort"] == page["sort"]
    assert {f["label"]: f["count"] for f in data["facets"]["sources"]} == {
        f.label: f.count for f in page["facets"].sources
    }
    assert {f["label"]: f["count"] for f in data["facets"]["entities"]} == {
        f.label: f.count for f in page["facets"].entities
    }
    first = data["results"][0]
    assert first["url"].startswith("http://testserver/articles/")
    assert "<mark>" in (first["snippet"] or "")


def test_it_filters_as_the_page_filters(client, seeded):
    source = seeded["001"].source.slug
    page = client.get("/", {"source": source}).context
    data = get(client, "/search", source=source)
    assert data["count"] == page["page"].paginator.count
    assert {r["source"]["slug"] for r in data["results"]} == {source}
    assert get(client, "/search/count", source=source)["count"] == data["count"]


def test_it_counts_per_month_as_the_page_chart_does(client, make_article):
    for n, day in enumerate(["2024-01-03", "2024-01-29", "2024-03-04", "2024-03-05", None]):
        make_article(title=f"Talks {n}", body="The talks went on.", published_on=day)
        make_article(title=f"Other {n}", body="Nothing of note.", published_on=day)
    chart = client.get("/", {"q": "talks"}).context["volume_chart"]
    assert chart.unit == "month"
    data = get(client, "/search/timeline", q="talks", interval="month")
    bars = [(bar.value, bar.share) for bar in chart.panels[0].bars]
    mine = [(p["count"], p["share"]) for p in data["periods"]]
    assert [n for n, _ in mine] == [n for n, _ in bars]
    assert [round(s, 6) if s else s for _, s in mine] == [round(s, 6) if s else s for _, s in bars]
    dated = (
        get(client, "/search/count", q="talks")["count"]
        - get(client, "/search/count", q="talks", undated="true")["count"]
    )
    assert sum(n for n, _ in mine) == dated > 0
    weeks = get(client, "/search/timeline", q="talks", interval="week")["periods"]
    days = get(client, "/search/timeline", q="talks", interval="day")["periods"]
    assert sum(p["count"] for p in weeks) == sum(p["count"] for p in days) == dated
    assert all(dt.date.fromisoformat(p["period"]).weekday() == 0 for p in weeks)


def test_weeks_start_on_monday_and_months_on_the_first(client, make_article):
    # A Sunday, the Monday after it, and the last day of a month.
    for day in ["2024-01-07", "2024-01-08", "2024-01-31", "2024-02-01"]:
        make_article(title=f"Talks on {day}", body="The talks went on.", published_on=day)
    weeks = get(client, "/search/timeline", q="talks", interval="week")["periods"]
    assert [(p["period"], p["count"]) for p in weeks] == [
        ("2024-01-01", 1),
        ("2024-01-08", 1),
        ("2024-01-15", 0),
        ("2024-01-22", 0),
        ("2024-01-29", 2),
    ]
    months = get(client, "/search/timeline", q="talks", interval="month")["periods"]
    assert [(p["period"], p["count"], p["total"]) for p in months] == [
        ("2024-01-01", 3, 3),
        ("2024-02-01", 1, 1),
    ]


def test_it_shows_an_article_as_its_page_does(client, seeded):
    article = seeded["001"]
    page = client.get(article.get_absolute_url()).context
    data = get(client, f"/articles/{article.slug}")
    assert data == get(client, f"/articles/{article.pk}")
    assert data["body"] == article.body
    assert [m["entity"]["slug"] for m in data["entities"]] == [
        m.entity.slug for m in page["mentions"]
    ]
    assert [t["topic"]["slug"] for t in data["topic_scores"]] == [
        t.topic.slug for t in page["topic_scores"]
    ]
    assert [s["article"]["slug"] for s in data["similar"]] == [
        s.article.slug for s in page["similar"]
    ]
    assert data["story"] == (page["story"].pk if page["story"] else None)
    assert data["provenance"]["checksum"] == article.checksum
    assert len(data["quotes"]) == article.quotes.count()
    assert len(data["dated_mentions"]) == article.dated_mentions.count()


def test_an_unchanged_article_answers_304(client, seeded):
    url = f"/api/v1/articles/{seeded['001'].slug}"
    first = client.get(url)
    assert first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_it_shows_an_entity_as_its_page_does(client, seeded):
    entity = Entity.objects.order_by("-pk").filter(mentions__isnull=False).first()
    page = client.get(entity.get_absolute_url()).context
    data = get(client, f"/entities/{entity.slug}")
    assert data["other_names"] == page["also_written"]
    assert [(c["entity"]["slug"], c["shared"]) for c in data["co_occurring"]] == [
        (e.slug, e.shared) for e in page["co_occurring"]
    ]
    assert data["article_count"] == page["page"].paginator.count
    articles = get(client, f"/entities/{entity.slug}/articles", limit=100)["results"]
    assert {a["slug"] for a in articles} == {m.article.slug for m in page["page"].object_list}
    quotes = get(client, f"/entities/{entity.slug}/quotes", limit=100)["results"]
    assert [q["text"] for q in quotes] == [q.text for q in page["quotes"]][: len(quotes)]


def test_it_lists_entities_with_the_index_filters(client, seeded):
    page = client.get("/entities/", {"kind": "person"}).context
    data = get(client, "/entities", kind="person", limit=1000)
    assert {e["slug"] for e in data["results"]} == {
        e.slug for e in page["page"].paginator.object_list
    }
    assert all(e["kind"] == "person" for e in data["results"])
    assert {e["slug"]: e["article_count"] for e in data["results"]} == {
        e.slug: e.article_count for e in page["page"].paginator.object_list
    }


def test_it_shows_a_topic_timeline_as_its_page_does(client, seeded):
    topic = Topic.objects.filter(article_scores__isnull=False).first()
    page = client.get(f"{topic.get_absolute_url()}mentions/").context
    data = get(client, f"/topics/{topic.slug}")
    assert [(e["label"], e["sentence"]) for e in data["events"]] == [
        (e.label, e.sentence) for e in page["timeline"].events
    ]
    assert data["events_total"] == page["timeline"].events_total
    topics = get(client, "/topics")["results"]
    assert {t["slug"]: t["article_count"] for t in topics} == {
        t.slug: t.article_count for t in page_topics(client)
    }
    listed = get(client, f"/topics/{topic.slug}/articles", limit=100)["results"]
    timeline = page["timeline"]
    assert len(listed) == timeline.dated.count() + timeline.undated.count() > 0


def page_topics(client):
    return client.get("/topics/").context["topics"]


def test_it_lists_sources_as_their_page_does(client, seeded):
    page = client.get("/sources/").context["sources"]
    data = get(client, "/sources")["results"]
    assert [(s["slug"], s["article_count"]) for s in data] == [
        (s.slug, s.article_count) for s in page
    ]
    one = page[0]
    assert get(client, f"/sources/{one.slug}")["article_count"] == one.article_count
    articles = get(client, f"/sources/{one.slug}/articles", limit=100)["results"]
    detail = client.get(one.get_absolute_url()).context["page"]
    assert [a["slug"] for a in articles] == [a.slug for a in detail.object_list]


def test_it_compares_as_the_compare_page_does(client, seeded):
    a, b = seeded["001"], seeded["002"]
    page = client.get("/compare/", {"a": a.slug, "b": b.slug}).context["c"]
    data = get(client, "/compare", a=a.slug, b=b.slug)
    assert data["score"]["share"] == page.score.share
    assert (data["only_a"], data["only_b"]) == (page.only_a, page.only_b)
    assert len(data["rows"]) == len(page.rows)
    assert [e["slug"] for e in data["entities_both"]] == [e.slug for e in page.entities_both]


def test_it_streams_every_result_as_ndjson(client, seeded):
    response = client.get("/api/v1/search/export.ndjson", {"q": "the", "sort": "date"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == get(client, "/search/count", q="the")["count"]
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    from articles.models import Article

    for r in rows:
        a = Article.objects.get(slug=r["slug"])
        assert r["published_on"] == (a.published_on.isoformat() if a.published_on else None)
        assert r["title"] == a.title and r["body"] == a.body
        assert r["entities"] == sorted(
            {m.entity.name for m in a.mentions.select_related("entity")}, key=str.casefold
        )
        assert r["topics"] == {ts.topic.slug: round(ts.score, 4) for ts in a.topic_scores.all()}


def test_an_ndjson_stream_out_of_time_ends_with_a_notice(client, seeded, settings):
    settings.ARCHIVE_EXPORT_SECONDS = 0  # the first chunk already finds the time bound passed
    response = client.get("/api/v1/search/export.ndjson", {"q": "summit", "sort": "date"})
    rows = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert rows and "notice" in rows[-1]
    assert "ran out of time" in rows[-1]["notice"]
    assert [r for r in rows if "rank" in r] == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/search?source=no-such-source", 400),
        ("/search?cursor=%21%21not-a-cursor", 400),
        ("/search?date_from=yesterday", 422),
        ("/articles/no-such-article", 404),
        ("/entities/no-such-entity", 404),
        ("/compare?a=x&b=x", 400),
        ("/search?limit=0", 422),
    ],
)
def test_bad_requests_get_a_json_message(client, db, path, status):
    response = client.get(f"/api/v1{path}")
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


def test_cors_is_off(client, db):
    response = client.get("/api/v1/sources", headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in response


def test_every_search_endpoint_takes_every_filter_of_the_page(client, db):
    from articles.web.filters import ArticleFilter

    spec = client.get("/api/v1/openapi.json").json()["paths"]
    wanted = {"q", "names", *ArticleFilter.base_filters}
    for path in ("search", "search/count", "search/timeline", "search/export.ndjson"):
        names = {p["name"] for p in spec[f"/api/v1/{path}"]["get"]["parameters"]}
        assert wanted <= names, (path, wanted - names)


@pytest.mark.parametrize(
    "params",
    [
        {"undated": "true"},
        {"undated": "false"},
        {"undated": "0", "q": "talks"},
        {"date_from": "2024-01-04", "date_to": "2024-03-04"},
        {"q": "talks", "names": "off"},
    ],
)
def test_the_page_it_links_to_counts_the_same(client, make_article, params):
    for n, day in enumerate(["2024-01-03", "2024-02-29", "2024-03-04", None]):
        make_article(title=f"Talks {n}", body="The talks went on.", published_on=day)
    data = get(client, "/search/count", **params)
    page = client.get(data["url"]).context["page"].paginator.count
    assert data["count"] == page
    assert data["count"] == get(client, "/search", **params, facets="false")["count"]


@pytest.mark.parametrize("path", ["/search", "/sources/wire/articles"])
def test_a_longer_page_costs_no_more_queries(client, tantivy_index, make_article, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(12):
        make_article(title=f"Talks {n}", body="Talks.", published_on=f"2024-01-{n + 1:02d}")
    queries = []
    for limit in (2, 12):
        with CaptureQueriesContext(connection) as captured:
            data = get(client, path, q="talks", limit=limit)
        assert len(data["results"]) == limit
        queries.append(len(captured))
    assert queries[0] == queries[1]


def test_a_topic_gives_its_key_events_as_its_page_does(client, seeded, tmp_path):
    from articles.ingest.pipeline import ingest_file

    for name, published in [("a", "2024-07-09"), ("b", "2024-07-09"), ("c", "2024-07-10")]:
        path = tmp_path / f"{name}.txt"
        path.write_text(
            f"---\npublished: {published}\n---\nUkraine talks {name}\n\nModi and Putin "
            f"discussed the war in Ukraine in Moscow on July 8, 2024 ({name}).\n",
            encoding="utf-8",
        )
        ingest_file(path)
    page = client.get("/topics/ukraine/", {"events": "20", "order": "newest"}).context
    data = get(client, "/topics/ukraine", key_events=20)
    assert {e["date"] for e in data["key_events"]} == {
        e.day.isoformat() for e in page["timeline"].key_events
    }
    first = data["key_events"][0]
    assert first["date"] == "2024-07-08" and first["article_count"] == 3
    assert first["summary"] and first["summary"][0]["article"]["url"].startswith("http")
    assert first["url"].endswith("/topics/ukraine/#event-2024-07-08")
    assert get(client, "/topics/ukraine", key_events=0)["key_events"] == []
