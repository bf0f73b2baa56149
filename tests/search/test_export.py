"""Exports: the results of the search on screen, in its order, with what an analyst needs."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core import signals
from django.db import close_old_connections

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


@pytest.fixture
def export_settings(settings, tmp_path):
    settings.ARCHIVE_EXPORT_LOCKS = tmp_path / "export-locks"
    settings.ARCHIVE_EXPORTS_PER_ADDRESS = 1
    settings.ARCHIVE_EXPORTS_AT_ONCE = 2
    return settings


def test_an_export_past_its_row_cap_says_so(client, make_article, export_settings):
    export_settings.ARCHIVE_EXPORT_MAX_ROWS = 2
    for n in range(3):
        make_article(title=f"Summit {n}", body="summit")
    response = client.get("/export.json", {"q": "summit"})
    assert response["X-Export-Complete"] == "no"
    *rows, notice = json.loads(streamed(response))
    assert [r["rank"] for r in rows] == [1, 2]
    assert notice == {
        "notice": "export incomplete: 2 of 3 matching articles, because an export holds at "
        "most 2 articles. Narrow the search (dates, source) and export each part."
    }
    lines = list(csv.reader(io.StringIO(streamed(client.get("/export.csv", {"q": "summit"})))))
    assert len(lines) == 1 + 2 + 1
    assert lines[-1][0].startswith("# export incomplete: 2 of 3 matching articles")


def test_an_export_out_of_time_stops_and_says_so(client, make_article, export_settings):
    export_settings.ARCHIVE_EXPORT_SECONDS = 0
    make_article(title="Summit", body="summit")
    (notice,) = json.loads(streamed(client.get("/export.json", {"q": "summit"})))
    assert notice["notice"].startswith("export incomplete: 0 of 1 matching articles")
    assert "ran out of time (0 s)" in notice["notice"]


def test_an_export_within_its_caps_has_no_notice(client, ranked, export_settings):
    response = client.get("/export.json", {"q": "summit"})
    assert "X-Export-Complete" not in response
    assert all("notice" not in row for row in json.loads(streamed(response)))


def test_exports_at_once_are_limited_per_address_and_in_all(client, ranked, export_settings):
    first = client.get("/export.csv", REMOTE_ADDR="10.0.0.1")  # streaming, not read yet
    assert first.status_code == 200
    again = client.get("/export.csv", REMOTE_ADDR="10.0.0.1")
    assert again.status_code == 429 and again["Retry-After"] == "60"
    other = client.get("/export.json", REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200
    third = client.get("/export.json", REMOTE_ADDR="10.0.0.3")
    assert third.status_code == 429  # two run, the most at once
    assert client.get("/", REMOTE_ADDR="10.0.0.3").status_code == 200  # searches are not held
    streamed(first)  # read to its end: its slot is free
    assert streamed(client.get("/export.csv", REMOTE_ADDR="10.0.0.1"))
    # A client that hangs up frees its slot too (the server closes the response; closing
    # it here must not close the test's database connection, as the test client ensures).
    signals.request_finished.disconnect(close_old_connections)
    try:
        other.close()
    finally:
        signals.request_finished.connect(close_old_connections)
    assert client.get("/export.json", REMOTE_ADDR="10.0.0.3").status_code == 200
