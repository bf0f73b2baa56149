"""When the count of a search is an estimate, and that the page says so. Only PostgreSQL
estimates (past postgres.COUNT_LIMIT matches); SQLite counts inside FTS5, fast enough to
stay exact. The ranking is exact on both."""

import json

import pytest
from django.db import connection

from articles.search.database import postgres

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_alone(settings):
    """The estimate is the database engine's: the search index counts every match exactly."""
    settings.ARCHIVE_SEARCH_INDEX = "off"


@pytest.fixture
def twelve(make_article):
    for n in range(12):
        make_article(title=f"Summit {n}", body="summit " * (n + 1))
    make_article(title="Other", body="nothing here")


def test_below_the_limit_the_count_is_exact_everywhere(client, twelve):
    response = client.get("/", {"q": "summit"})
    assert response.context["page"].paginator.count == 12
    assert not response.context["estimated"]
    assert "about <strong>" not in response.content.decode()


def test_past_the_limit_postgresql_estimates_and_says_so(client, twelve, monkeypatch):
    exact = [a.title for a in client.get("/", {"q": "summit"}).context["page"].object_list]
    monkeypatch.setattr(postgres, "COUNT_LIMIT", 5)
    response = client.get("/", {"q": "summit"})
    html = response.content.decode()
    page = response.context["page"]
    if connection.vendor == "postgresql":
        assert response.context["estimated"]
        assert page.paginator.count > 5
        assert "about <strong>" in html
    else:
        assert not response.context["estimated"]
        assert page.paginator.count == 12
        assert "about <strong>" not in html
    # The ranking is exact either way (an estimate below the true count shortens only the
    # pages past it).
    shown = [a.title for a in page.object_list]
    assert len(shown) >= 6 and shown == exact[: len(shown)]


def test_an_export_holds_every_match_even_when_the_count_is_estimated(client, twelve, monkeypatch):
    monkeypatch.setattr(postgres, "COUNT_LIMIT", 5)
    response = client.get("/export.json", {"q": "summit"})
    rows = json.loads(b"".join(response.streaming_content))
    assert len(rows) == 12
