"""Highlighting reads a bounded start of an article, whatever the article holds: a file with
tens of thousands of hits must not make every search that finds it slow."""

import pytest

from articles.models import Article
from articles.search import SearchQuery, marked_paragraphs, search_filter
from articles.search import base as search_backends
from articles.search.database import postgres, sqlite

pytestmark = pytest.mark.django_db

PARAGRAPH = "Officials in Beijing said the Beijing talks went on. " * 20


@pytest.fixture
def huge_article(make_article):
    # ~40 hits per paragraph, 600 paragraphs: 24,000 hits in 630,000 characters.
    body = "\n\n".join([PARAGRAPH] * 600)
    assert len(body) > 5 * search_backends.HIGHLIGHT_CHARS
    return make_article(title="Beijing everywhere", body=body)


def test_the_results_page_shows_a_snippet_of_a_huge_article(client, huge_article, make_article):
    make_article(title="Short", body="A short note from Beijing.")
    response = client.get("/", {"q": "beijing"})
    assert response.status_code == 200
    rows = {a.title: a for a in response.context["page"].object_list}
    assert set(rows) == {"Beijing everywhere", "Short"}
    snippet = str(rows["Beijing everywhere"].snippet)
    assert "<mark>Beijing</mark>" in snippet
    assert len(snippet) < 2000
    assert "<mark>Beijing</mark>" in str(rows["Short"].snippet)


def test_only_the_bounded_start_of_a_huge_article_is_marked(huge_article):
    paragraphs = marked_paragraphs(huge_article, SearchQuery("beijing"))
    assert paragraphs is not None
    body = "".join(str(p) for p in paragraphs)
    prefix = huge_article.body[: search_backends.HIGHLIGHT_CHARS]
    # Every hit of the start is marked, none after it; the whole text is still there.
    assert body.count("<mark>") == prefix.count("Beijing")
    assert body.count("<mark>") < huge_article.body.count("Beijing")
    assert len(paragraphs) == huge_article.body.count("\n\n") + 1
    assert str(paragraphs[-1]) == PARAGRAPH


def test_the_bound_applies_to_where_a_hit_is(make_article, monkeypatch):
    for engine in (postgres, sqlite):
        monkeypatch.setattr(engine, "HIGHLIGHT_CHARS", 1000)
    article = make_article(title="Late hit", body="filler words. " * 200 + "\n\nA hit: corridor.")
    assert marked_paragraphs(article, SearchQuery("corridor")) is None
    early = make_article(title="Early hit", body="corridor first. " + "filler words. " * 200)
    paragraphs = marked_paragraphs(early, SearchQuery("corridor"))
    assert "<mark>corridor</mark>" in str(paragraphs[0])


def test_the_article_page_of_a_huge_article_answers(client, huge_article):
    response = client.get(huge_article.get_absolute_url(), {"q": "beijing"})
    assert response.status_code == 200
    assert "<mark>Beijing</mark>" in response.content.decode()


def test_a_search_finds_and_ranks_a_huge_article_among_others(huge_article, make_article):
    make_article(title="Other", body="Beijing once.")
    assert set(
        search_filter(Article.objects.all(), SearchQuery("beijing")).values_list("title", flat=True)
    ) == {
        "Beijing everywhere",
        "Other",
    }
