"""Which file an article came from: never a server path, to anyone; staff see the path
within the folder ingested, with the line of a feed."""

import json

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from articles.ingest.pipeline import ingest_paths
from articles.models import Article

pytestmark = pytest.mark.django_db

BODY = "Diplomats met in Geneva on Tuesday to talk about grain tariffs and shipping lanes."


@pytest.fixture
def feed_article(tmp_path):
    folder = tmp_path / "incoming" / "wire"
    folder.mkdir(parents=True)
    lines = [
        json.dumps({"title": f"Grain talks {n}", "body": f"{BODY} Round {n}."}) for n in (1, 2)
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n")
    results = ingest_paths([folder])
    assert [r.status for r in results] == ["created", "created"], results
    article = Article.objects.get(title="Grain talks 2")
    assert article.file_name.startswith(str(tmp_path))  # what the row holds: a server path
    return article


@pytest.fixture
def staff_client(client):
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(editor)
    return client


def exported(client, fmt):
    response = client.get(f"/export.{fmt}", {"q": "grain"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_anonymous_export_shows_no_path(client, feed_article, tmp_path, fmt):
    text = exported(client, fmt)
    assert "Grain talks 2" in text
    assert str(tmp_path) not in text and "feed.jsonl" not in text


def test_a_staff_export_shows_the_path_within_the_folder_and_the_line(
    staff_client, feed_article, tmp_path
):
    rows = {row["title"]: row for row in json.loads(exported(staff_client, "json"))}
    assert rows["Grain talks 2"]["file_name"] == "wire/feed.jsonl#line-2"
    assert str(tmp_path) not in exported(staff_client, "csv")


def test_the_api_shows_no_server_path(staff_client, feed_article, tmp_path):
    anonymous = Client()
    detail = anonymous.get(f"/api/v1/articles/{feed_article.slug}")
    assert detail.status_code == 200
    assert str(tmp_path) not in detail.content.decode()
    assert detail.json()["provenance"]["file_name"] == ""
    stream = anonymous.get("/api/v1/search/export.ndjson", {"q": "grain"})
    assert str(tmp_path) not in b"".join(stream.streaming_content).decode()

    staff = staff_client.get(f"/api/v1/articles/{feed_article.slug}").json()
    assert staff["provenance"]["file_name"] == "wire/feed.jsonl#line-2"


def test_the_article_page_shows_staff_the_line_of_the_feed(staff_client, feed_article):
    public = Client().get(feed_article.get_absolute_url()).content.decode()
    assert "feed.jsonl" not in public
    page = staff_client.get(feed_article.get_absolute_url()).content.decode()
    assert "<code>wire/feed.jsonl#line-2</code>" in page


def test_the_admin_shows_the_file_without_server_folders(admin_client, feed_article, tmp_path):
    page = admin_client.get(f"/admin/articles/article/{feed_article.pk}/change/")
    html = page.content.decode()
    assert "wire/feed.jsonl#line-2" in html and str(tmp_path) not in html
