"""The reading pages, through the Django test client on the seeded archive."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from articles.models import Entity, Source, Topic

pytestmark = pytest.mark.django_db


def test_home_lists_the_newest_articles_with_source_date_and_topics(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for article in seeded.values():
        assert article.title in html or article.title.replace("’", "&#x27;") in html
    assert response.context["page"].paginator.count == 5
    assertInHTML("<strong>5</strong>", html)
    assert "Unattributed" in html
    assert "undated" in html
    assert 'href="/topics/trafficking/"' in html


def test_the_article_page_shows_provenance_body_entities_and_evidence(client, seeded):
    article = seeded["001"]
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jibran Munaf" in html  # as byline
    assert "date unknown" in html
    assert "Vinay Kwatra" in html
    kwatra = Entity.objects.get(name="Vinay Kwatra")
    assert f'href="{kwatra.get_absolute_url()}"' in html
    assert "Trafficking" in html
    assert "Human Trafficking Issue" in html  # an evidence sentence
    assert article.file_name not in html  # shown to staff only (tests/web/test_web_tier.py)


def test_a_derived_title_says_so(client, seeded):
    html = client.get(seeded["002"].get_absolute_url()).content.decode()
    assert "derived from the first sentence" in html


@pytest.mark.parametrize("slug", ["defense", "energy", "trafficking", "ukraine"])
def test_each_topic_page_lists_its_undated_articles_apart_by_score(client, seeded, slug):
    topic = Topic.objects.get(slug=slug)
    response = client.get(f"/topics/{slug}/")
    assert response.status_code == 200
    # The seeds carry no dates: every article is in the undated list, none in the dated one.
    assert list(response.context["page"].object_list) == []
    scores = [ts.score for ts in response.context["undated_page"].object_list]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) == topic.article_scores.count() > 0


def test_the_trafficking_page_shows_evidence_and_not_004(client, seeded):
    html = client.get("/topics/trafficking/").content.decode()
    assert "trafficking" in html.lower()
    assert seeded["004"].title not in html


def test_the_topic_list_counts_articles(client, seeded):
    response = client.get("/topics/")
    assert response.status_code == 200
    assert [t.slug for t in response.context["topics"]] == [
        "defense",
        "energy",
        "trafficking",
        "ukraine",
    ]


def test_an_entity_page_lists_its_articles(client, seeded):
    putin = Entity.objects.get(name="Vladimir Putin")
    response = client.get(putin.get_absolute_url())
    assert response.status_code == 200
    articles = {m.article.pk for m in response.context["page"].object_list}
    assert articles == set(putin.mentions.values_list("article", flat=True))
    assert len(articles) >= 4


def test_a_source_page_lists_its_articles(client, seeded):
    source = Source.objects.get(name="Unattributed")
    response = client.get(source.get_absolute_url())
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 5


@pytest.mark.parametrize(
    "url", ["/articles/nope/", "/topics/nope/", "/entities/nope/", "/sources/nope/"]
)
def test_unknown_slugs_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_text_from_the_files_is_escaped(client, make_article):
    article = make_article(title="<script>alert(1)</script> summit", body="<b>bold</b> & co")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html
    home = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in home


def test_pages_link_the_stylesheet(client, seeded):
    html = client.get(reverse("articles:search")).content.decode()
    assert "/static/css/archive.css" in html
    assert 'name="viewport"' in html
