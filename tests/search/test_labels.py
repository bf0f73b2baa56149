"""Every statement the search module runs names itself, so that logs and the benchmark can
tell them apart without parsing SQL."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_alone(settings):
    """The statements named are the database engine's: the search index would answer some."""
    settings.ARCHIVE_SEARCH_INDEX = "off"


def labels(client, **params) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/", params).status_code == 200
    found = [re.match(r"/\* search:([a-z_]+) \*/", q["sql"]) for q in queries.captured_queries]
    return [m.group(1) for m in found if m]


def test_a_search_labels_its_count_page_highlights_and_facets(client, seeded):
    found = labels(client, q="Moscow")
    for label in ["ranked_ids", "highlights", "facet_sources_years", "facet_topics"]:
        assert label in found
    assert {"count", "count_and_sample"} & set(found)


def test_the_front_page_labels_its_statements_too(client, seeded):
    assert {"count", "newest_ids", "sample_ids", "facet_entities"} <= set(labels(client))
