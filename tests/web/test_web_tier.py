"""Pages, headers, outages, health and deployment settings."""

import json
import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import override_settings

from articles.models import Article
from articles.web.article_body import PART_CHARS

pytestmark = pytest.mark.django_db


def page_urls(seeded) -> list[str]:
    article = seeded["001"]
    entity = article.mentions.first().entity
    return [
        "/",
        "/?q=modi",
        "/export.csv?q=modi",
        "/export.json",
        article.get_absolute_url(),
        "/topics/",
        "/topics/trafficking/",
        entity.get_absolute_url(),
        article.source.get_absolute_url(),
        "/healthz",
    ]


def test_head_is_answered_on_every_page(client, seeded):
    for url in page_urls(seeded):
        response = client.head(url)
        assert response.status_code == 200, url
        assert not response.getvalue(), url


def test_pages_carry_a_content_security_policy_and_a_permissions_policy(client, admin_client):
    for response in (client.get("/"), admin_client.get("/admin/articles/article/")):
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "camera=()" in response["Permissions-Policy"]


# --- the File row -------------------------------------------------------------------------------


def test_the_file_row_is_for_staff_only_and_hides_server_folders(
    client, admin_client, make_article, settings
):
    settings.ARCHIVE_SEEDS_DIR = "/srv/incoming"
    article = make_article()
    Article.objects.filter(pk=article.pk).update(file_name="/srv/incoming/2024/june/x.txt")
    other = make_article()
    Article.objects.filter(pk=other.pk).update(file_name="/home/ops/drop/x.txt")
    public = client.get(article.get_absolute_url()).content.decode()
    assert "x.txt" not in public and "/srv" not in public
    staff = admin_client.get(article.get_absolute_url()).content.decode()
    assert "<code>2024/june/x.txt</code>" in staff and "/srv" not in staff
    staff = admin_client.get(other.get_absolute_url()).content.decode()
    assert "<code>…/drop/x.txt</code>" in staff and "/home/ops" not in staff


# --- article pages that never send megabytes ---------------------------------------------


@pytest.fixture
def long_article(make_article):
    paragraph = "Diplomats met in Geneva to talk about trade and grain. " * 20
    body = "\n\n".join([paragraph] * 300 + ["The Beijing summit ended the talks."])
    assert len(body) > 5 * PART_CHARS
    return make_article(title="A long article", body=body)


def test_a_long_article_is_shown_in_parts(client, long_article):
    first = client.get(long_article.get_absolute_url())
    html = first.content.decode()
    assert len(first.content) < PART_CHARS * 1.5
    assert "Part 1 of" in html and "?part=2" in html
    assert "Beijing" not in html
    count = int(html.split("Part 1 of ")[1].split("<")[0])
    last = client.get(long_article.get_absolute_url(), {"part": count}).content.decode()
    assert "The Beijing summit ended the talks." in last
    for bad in ("0", "-3", "abc", "999999", "1e9"):
        response = client.get(long_article.get_absolute_url(), {"part": bad})
        assert response.status_code == 200


def test_hits_are_marked_in_the_shown_part(client, long_article):
    url = long_article.get_absolute_url()
    first = client.get(url, {"q": "beijing"}).content.decode()
    assert "<mark>" not in first and "Beijing" not in first
    count = int(first.split("Part 1 of ")[1].split("<")[0])
    last = client.get(url, {"q": "beijing", "part": count}).content.decode()
    assert '<mark id="first-hit">Beijing</mark> summit' in last  # the part's first hit
    part_two = client.get(url, {"q": "geneva", "part": 2}).content.decode()
    assert part_two.count("<mark>Geneva</mark>") > 10
    assert len(part_two) < PART_CHARS * 3  # the marks add some, never the whole body


def test_a_body_without_paragraph_breaks_is_cut_too(client, make_article):
    article = make_article(body="word " * 100_000)
    response = client.get(article.get_absolute_url())
    assert len(response.content) < PART_CHARS * 1.5


# --- database outage and /healthz ---------------------------------------------------------


def refuse_connection(execute, sql, params, many, context):
    # What Django raises when the server went away (psycopg or sqlite3 error, wrapped).
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def test_an_outage_gives_503_with_a_short_page_and_is_logged_once(client, seeded, caplog):
    url = seeded["001"].get_absolute_url()
    caplog.set_level(logging.INFO)
    with connection.execute_wrapper(refuse_connection):
        responses = [client.get(path) for path in ["/", "/?q=modi", url, "/topics/"] * 5]
    assert {r.status_code for r in responses} == {503}
    assert all(r["Retry-After"] == "30" for r in responses)
    assert all(len(r.content) < 1000 for r in responses)
    assert "temporarily unavailable" in responses[0].content.decode()
    outage_logs = [r for r in caplog.records if "database unreachable" in r.getMessage()]
    assert len(outage_logs) == 1 and outage_logs[0].exc_info is None
    assert not [r for r in caplog.records if r.name == "django.request"]  # no tracebacks
    assert client.get("/").status_code == 200
    assert [r for r in caplog.records if "database reachable again" in r.getMessage()]


def test_healthz_reports_database_reachability(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    with connection.execute_wrapper(refuse_connection):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


REQUESTS_IN_AN_OUTAGE = """
import django
django.setup()
from django.test import Client
client = Client()
for path in ["/healthz", "/", "/topics/", "/?q=modi", "/healthz"]:
    print(path, client.get(path).status_code)
"""


@pytest.mark.parametrize("engine", ["postgresql", "sqlite"])
def test_a_real_refused_connection_gives_503s_and_one_log_line(engine):
    """A process of its own whose database really cannot be reached: a closed port, or a
    SQLite file in a folder that does not exist."""
    url = {
        "postgresql": "postgres://postgres@127.0.0.1:1/archive",
        "sqlite": "sqlite:////nonexistent-folder/archive.sqlite3",
    }[engine]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env = {**clean, "DATABASE_URL": url, "DJANGO_SECRET_KEY": "k"}
    env |= {"DJANGO_ALLOWED_HOSTS": "testserver", "DJANGO_SETTINGS_MODULE": "archive.settings"}
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS_IN_AN_OUTAGE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["503"] * 5
    assert result.stderr.count("database unreachable") == 1, result.stderr
    assert "Traceback" not in result.stderr


# --- production settings -----------------------------------------------------------------------


def test_pages_render_with_debug_off_before_collectstatic(client, tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "archive.static_storage.ForgivingManifestStorage"},
    }
    with override_settings(DEBUG=False, STORAGES=storages, STATIC_ROOT=tmp_path):
        response = client.get("/")
    assert response.status_code == 200
    assert "/static/css/archive.css" in response.content.decode()


def test_with_a_manifest_the_static_storage_is_strict(tmp_path):
    # WhiteNoise probes names at start-up and relies on the ValueError for unknown ones.
    from archive.static_storage import ForgivingManifestStorage

    manifest = {"paths": {"css/archive.css": "css/archive.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = ForgivingManifestStorage(location=tmp_path)
    assert storage.stored_name("css/archive.css") == "css/archive.0123456789ab.css"
    with pytest.raises(ValueError):
        storage.stored_name("admin/js/jquery.js")


def manage(*args, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_HTTPS="1")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_settings_are_opt_in():
    result = manage("check", "--deploy")
    for warning in ("W004", "W008", "W012", "W016"):  # plain HTTP, as docker-compose serves
        assert warning in result.stderr
