"""Which database a request reads: the routing decisions, through the real middleware.

The real streaming replica (pg_basebackup, a second cluster) is exercised by
scripts/replica_check.py, which CI runs; these tests pin the rules without one.
"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from archive import db_routing
from articles.models import Article, Source

router = db_routing.PrimaryReplicaRouter()


@pytest.fixture
def replica(monkeypatch):
    """A configured replica that answers (or not: set `.up`)."""
    health = db_routing.ReplicaHealth(interval=0)
    health.up = True
    monkeypatch.setattr(db_routing, "replica_configured", lambda: True)
    monkeypatch.setattr(db_routing, "replica_health", health)
    monkeypatch.setattr(health, "is_up", lambda: health.up)
    return health


def serve(request, view):
    """Run `view` behind the middleware; return the response and the alias it read from."""
    seen = {}

    def recording_view(req):
        seen["read"] = view(req)
        return HttpResponse()

    response = db_routing.ReplicaRoutingMiddleware(recording_view)(request)
    return response, seen["read"]


def read_alias(request):
    return router.db_for_read(Article)


def test_it_reads_public_pages_from_the_replica(replica):
    response, alias = serve(RequestFactory().get("/"), read_alias)
    assert alias == "replica"
    assert db_routing.PIN_COOKIE not in response.cookies


def test_it_reads_head_requests_from_the_replica(replica):
    _, alias = serve(RequestFactory().head("/topics/"), read_alias)
    assert alias == "replica"


def test_it_keeps_the_admin_on_the_primary(replica):
    _, alias = serve(RequestFactory().get("/admin/articles/article/"), read_alias)
    assert alias == "default"


def test_it_keeps_posts_on_the_primary(replica):
    _, alias = serve(RequestFactory().post("/"), read_alias)
    assert alias == "default"


def test_it_reads_the_primary_after_the_request_wrote(replica):
    def write_then_read(request):
        router.db_for_write(Article)
        return router.db_for_read(Article)

    response, alias = serve(RequestFactory().get("/"), write_then_read)
    assert alias == "default"
    # ... and so does the same client for a few seconds: its next page shows its own write.
    assert response.cookies[db_routing.PIN_COOKIE]["max-age"] > 0
    pinned = RequestFactory().get("/")
    pinned.COOKIES[db_routing.PIN_COOKIE] = "1"
    assert serve(pinned, read_alias)[1] == "default"


def test_it_reads_the_primary_while_the_replica_is_down(replica):
    replica.up = False
    assert serve(RequestFactory().get("/"), read_alias)[1] == "default"


def test_it_reads_the_primary_outside_requests(replica):
    # Management commands (ingest, reanalyze) and the shell never see a request.
    assert router.db_for_read(Article) == "default"


def test_without_a_replica_everything_stays_on_the_primary():
    assert not db_routing.replica_configured()
    _, alias = serve(RequestFactory().get("/"), read_alias)
    assert alias == "default"


def test_it_migrates_only_the_primary():
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")


@pytest.mark.django_db
def test_pages_answer_with_the_router_installed(client, settings, replica, monkeypatch):
    # The test database stands in for both aliases (TEST MIRROR): the page must work through
    # the router whichever alias it picks.
    settings.DATABASE_ROUTERS = ["archive.db_routing.PrimaryReplicaRouter"]
    monkeypatch.setattr(db_routing, "REPLICA", "default")
    Source.objects.create(name="Wire", slug="wire")
    assert client.get("/sources/wire/").status_code == 200
