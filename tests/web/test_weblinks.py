"""Only http(s) URLs are stored or linked (stored XSS through the URL)."""

import importlib

import pytest
from django.apps import apps

from articles.ingest.pipeline import ingest_file
from articles.models import Article
from articles.weblinks import http_url

HOSTILE = [
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "https://",
    "http://[::1",
    "ftp://example.com/file",
    "https://exa mple.com/",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_anything_but_an_http_url_is_refused(url):
    assert http_url(url) == ""


@pytest.mark.parametrize(
    "url", ["https://www.reuters.com/world/a-b?x=1#top", "HTTP://EXAMPLE.COM", "http://my_host/x"]
)
def test_http_urls_are_kept(url):
    assert http_url(f"  {url}\n") == url


def article_page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", HOSTILE[:4] + HOSTILE[6:7])
def test_ingest_drops_a_hostile_url_with_a_warning(client, tmp_path, url):
    path = tmp_path / "x.txt"
    path.write_text(f"---\ntitle: Talks\nurl: {url}\n---\nModi met Putin in Moscow.\n")
    result = ingest_file(path)
    assert result.status == "created"
    assert "dropped URL" in result.message and "only http(s) links" in result.message
    article = Article.objects.get(pk=result.article_id)
    assert article.url == ""
    assert "script:" not in article_page(client, article).lower()


@pytest.mark.django_db
def test_the_page_never_links_a_stored_hostile_url(client, make_article):
    article = make_article()
    for url in HOSTILE[:7]:
        Article.objects.filter(pk=article.pk).update(url=url)  # as an old row might hold
        html = article_page(client, article)
        assert "Original" not in html and "script:" not in html.lower() and "data:" not in html


@pytest.mark.django_db
def test_the_page_links_an_http_url(client, make_article):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(url="https://example.org/a?b=1&c=2")
    assert 'href="https://example.org/a?b=1&amp;c=2"' in article_page(client, article)


def admin_change(admin_client, article, url):
    data = {
        "title": article.title,
        "source": article.source_id,
        "byline": "",
        "url": url,
        "published_on": "",
        "date_origin": "unknown",
        "body": article.body,
        "raw_text": article.raw_text,
        "topic_scores-TOTAL_FORMS": "0",
        "topic_scores-INITIAL_FORMS": "0",
    }
    return admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)


@pytest.mark.django_db
def test_the_admin_saves_an_article_whose_url_was_dropped(admin_client, tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("---\nurl: javascript:alert(1)\n---\nTalks\n\nModi met Putin in Moscow.\n")
    article = Article.objects.get(pk=ingest_file(path).article_id)
    response = admin_change(admin_client, article, "")
    assert response.status_code == 302, response.context["adminform"].form.errors
    # An http(s) URL Django's URLValidator would refuse (underscore in the host) is fine too.
    assert admin_change(admin_client, article, "http://my_host/x").status_code == 302
    article.refresh_from_db()
    assert article.url == "http://my_host/x"


@pytest.mark.django_db
def test_the_admin_refuses_a_hostile_url_with_a_clear_message(admin_client, make_article):
    article = make_article()
    response = admin_change(admin_client, article, "JaVaScRiPt:alert(1)")
    assert response.status_code == 200
    assert "Enter an http:// or https:// link" in response.content.decode()
    article.refresh_from_db()
    assert article.url == ""


@pytest.mark.django_db
def test_the_migration_cleans_existing_rows_and_normalises_checksums(make_article):
    bad, good = make_article(), make_article()
    Article.objects.filter(pk=bad.pk).update(url="java\tscript:alert(1)")
    Article.objects.filter(pk=good.pk).update(url="https://example.org/", raw_text="Text\r\n\r\n")
    migration = importlib.import_module("articles.migrations.0008_article_url_http_only")
    migration.clean_urls_and_checksums(apps, schema_editor=None)
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.url == "" and good.url == "https://example.org/"
    assert good.checksum == migration.text_checksum("Text")
