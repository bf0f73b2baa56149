"""Exports: the results of the search on screen, in its order, with what an analyst needs."""

import csv
import datetime as dt
import io
import json

import pytest

from articles.models import Entity, Mention

pytestmark = pytest.mark.django_db


def streamed(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def ranked(make_article):
    weak = make_article(title="A note", body="summit once", published_on=dt.date(2024, 1, 1))
    strong = make_article(
        title="Summit summit",
        body="summit " * 20,
        published_on=dt.date(2020, 1, 1),
        topics=["energy"],
    )
    entity = Entity.objects.create(name="Jane Envoy", slug="jane-envoy", kind="person")
    Mention.objects.create(article=strong, entity=entity, count=2)
    return weak, strong


def test_exports_come_in_the_order_of_the_page(client, ranked):
    for sort in ["relevance", "date"]:
        page = [a.title for a in client.get("/", {"q": "summit", "sort": sort}).context["page"]]
        rows = json.loads(streamed(client.get("/export.json", {"q": "summit", "sort": sort})))
        assert [r["title"] for r in rows] == page
        assert [r["rank"] for r in rows] == [1, 2]
    assert page == ["A note", "Summit summit"]  # newest first


def test_exports_carry_entities_topics_with_scores_snippet_and_body(client, ranked):
    rows = json.loads(streamed(client.get("/export.json", {"q": "summit"})))
    strong = next(r for r in rows if r["title"] == "Summit summit")
    assert strong["entities"] == ["Jane Envoy"]
    assert strong["topics"] == {"energy": 1.0}
    assert strong["body"].startswith("summit summit")
    assert "summit" in strong["snippet"] and "\x02" not in strong["snippet"]
    text = streamed(client.get("/export.csv", {"q": "summit"}))
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["title"] == "Summit summit")
    assert row["topics"] == "energy:1.0" and row["entities"] == "Jane Envoy"


def test_no_export_links_on_an_empty_result(client, ranked):
    assert "Export these results" in client.get("/", {"q": "summit"}).content.decode()
    assert "Export these results" not in client.get("/", {"q": "absent"}).content.decode()
