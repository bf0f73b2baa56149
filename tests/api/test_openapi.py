"""The OpenAPI description is valid, and a property-based run over it (schemathesis) finds
no server error and no response that breaks the schema."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from archive.wsgi import application
from articles.api.endpoints import api

EXAMPLES = int(os.environ.get("ARCHIVE_API_FUZZ_EXAMPLES", "25"))


def test_the_description_is_openapi_3_1_and_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/search" in spec["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))


@pytest.fixture
def fuzz_archive(make_article):
    """A few articles (the endpoints on analysed seeds: test_endpoints.py), and the WSGI
    application called in this process without closing the test's database connection at
    the end of each request (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield [
        make_article(title=f"Talks {n}", body="Talks went on.", published_on=day)
        for n, day in enumerate(["2024-01-03", "2024-02-05", None])
    ]
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_request_breaks_the_api(case, fuzz_archive):
    response = case.call(app=application)
    assert response.status_code < 500, (case.path, case.query, response.text[:500])
    if response.status_code != 304:
        case.validate_response(response, checks=[response_schema_conformance])
